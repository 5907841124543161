/**
 * What a user did: typed text, pressed a button whose id we sent, or gave a password in a
 * private form (Slack) that is only ever a password.
 */
export type Input = { kind: 'text'; text: string } | { kind: 'press'; id: string } | { kind: 'secret'; text: string };

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
