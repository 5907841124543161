// How a one-time code is handed over, in the same words from the CLI and the chat.

/** The code, until when it works, the t.me link when the Telegram bot's username is known, and how to use it. */
export function invitationLines(user: { username: string; name: string; role: string }, code: string, expiresAt: Date, telegramBot: string | null): string[] {
  return [
    `one-time code for ${user.username} (${user.name}, ${user.role}), valid until ${expiresAt.toISOString()}: ${code}`,
    ...(telegramBot ? [`Telegram: https://t.me/${telegramBot}?start=${code}`] : []),
    'sent to the bot (Telegram, Slack or the console) at the username prompt, it links that chat account and asks for a password',
  ];
}
