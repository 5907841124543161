/**
 * What a user did: typed text, pressed a button whose id we sent, gave a password in a
 * private form (Slack) that is only ever a password, or sent something the assistant cannot
 * read (a photo, a sticker, a file, a voice message, a location): it is told so.
 */
export type Input = { kind: 'text'; text: string } | { kind: 'press'; id: string } | { kind: 'secret'; text: string } | { kind: 'unreadable' };

/** The commands that work from any step, typed with or without the slash. */
export const GLOBAL_COMMANDS = ['start', 'menu', 'cart', 'help', 'cancel', 'back'] as const;
export type GlobalCommand = (typeof GLOBAL_COMMANDS)[number];

/**
 * The global command a text stands for: `/menu`, `menu`, `Menu` or `/menu@SomeBot` all mean
 * the menu; anything else is not a command.
 */
export function globalCommandOf(text: string): GlobalCommand | undefined {
  const word = text.trim().toLowerCase().replace(/^\//, '').replace(/@\w+$/, '');
  return (GLOBAL_COMMANDS as readonly string[]).includes(word) ? (word as GlobalCommand) : undefined;
}

/**
 * Whether a text holds characters nobody types and nothing downstream (PostgreSQL text and
 * JSON, PDFs) takes: control characters (NUL, escape, …) other than tab and line breaks, and
 * half of an emoji (a lone UTF-16 surrogate, which a JSON line can carry as `\ud83d`).
 */
export function hasUnusableCharacters(text: string): boolean {
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\p{Surrogate}/u.test(text);
}

/** The longest text a message may have (Telegram's own limit); a longer one is refused whole. */
export const MAX_INPUT_LENGTH = 4096;
