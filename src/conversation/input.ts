/** What a user did: typed text, or pressed a button whose id we sent. */
export type Input = { kind: 'text'; text: string } | { kind: 'press'; id: string };

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
