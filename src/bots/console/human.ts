import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ConversationEngine, ConversationKey } from '../../conversation/engine';
import type { Input } from '../../conversation/input';
import { navigationVerb, type NavVerb } from '../../conversation/buttons';
import type { Button, Reply } from '../../conversation/reply';
import { t } from '../../conversation/wording';
import { withSavedDocument, type SaveDocument } from './documents';
import type { NotificationFeed } from './jsonl';

/** Keys of the navigation buttons: letters, so that they never collide with a number typed as a value. */
const NAV_KEYS: Readonly<Record<NavVerb, string>> = { back: 'b', cancel: 'c', menu: 'm' };

/** The key that chooses `button` when `n` buttons before it had numbers. */
function keyOf(button: Button, n: number): string {
  const nav = 'id' in button ? navigationVerb(button.id) : undefined;
  return nav ? NAV_KEYS[nav] : String(n + 1);
}

/**
 * The console's human mode: messages as text, buttons as numbered choices, navigation
 * (Back, Cancel, Main menu) as letters. Typing a button's key presses it; anything else is
 * sent as text. A secret prompt (the password) is read without echo.
 */
export async function runHumanConsole(engine: ConversationEngine, key: ConversationKey, io: { input: Readable & { isTTY?: boolean }; output: Writable; notifications?: NotificationFeed; documents?: SaveDocument }): Promise<void> {
  const saved = (replies: Reply[]) => Promise.all(replies.map((r) => withSavedDocument(r, io.documents, t.savedAs)));
  let muted = false;
  const rl = createInterface({ input: io.input, output: io.output, terminal: Boolean(io.input.isTTY) });
  // Listening from the start: lines typed (or piped) before the greeting is shown are not lost.
  const lines = rl[Symbol.asyncIterator]();
  // While muted, what the user types is not echoed (readline writes the echo through here).
  const internals = rl as unknown as { _writeToOutput?: (s: string) => void };
  const original = internals._writeToOutput?.bind(rl);
  if (original) {
    internals._writeToOutput = (s: string) => {
      if (!muted || s.includes('\n')) original(muted ? '\n' : s);
    };
  }
  let choices = new Map<string, Button>();
  /** Gives the buttons their keys, numbers continuing after `numbered`; prints one line per row. */
  const list = (rows: Button[][], numbered: number): number => {
    let n = numbered;
    for (const row of rows) {
      print(row.map((b) => {
        const key = keyOf(b, n);
        if (key === String(n + 1)) n++;
        choices.set(key, b);
        return `[${key}] ${b.label}${'url' in b ? ` (${b.url})` : ''}`;
      }).join('   '));
    }
    return n;
  };
  let numbered = 0;
  const print = (text: string) => io.output.write(text + '\n');

  const show = (replies: Reply[]) => {
    for (const reply of replies) {
      print('');
      print(reply.text);
      if (reply.buttons.flat().length > 0) {
        choices = new Map();
        numbered = list(reply.buttons, 0);
      }
      muted = reply.secret;
    }
    rl.setPrompt(muted ? '(hidden) > ' : '> ');
    rl.prompt();
  };

  show(await saved(await engine.resume(key)));
  // A notification is printed without disturbing the prompt: a password prompt stays hidden,
  // and its buttons are numbered after the current ones.
  const notify = (replies: Reply[]) => {
    for (const reply of replies) {
      print('');
      print(reply.text);
      numbered = list([reply.buttons.flat()].filter((r) => r.length > 0), numbered);
    }
    rl.prompt();
  };
  const detach = io.notifications?.attach(key.chatId, (replies) => void saved(replies).then(notify));
  for await (const line of { [Symbol.asyncIterator]: () => lines }) {
    const text = line.trim();
    const wasSecret = muted;
    muted = false;
    let input: Input = { kind: 'text', text: line };
    // A key presses its button, except where the buttons are numbers themselves (a quantity
    // or a count of years): there a number is the answer, up to 50 and not only 1 to 5.
    const numericChoices = [...choices.values()].some((b) => /^\d+$/.test(b.label));
    const chosen = wasSecret || (numericChoices && /^\d+$/.test(text)) ? undefined : choices.get(text.toLowerCase());
    if (chosen && 'url' in chosen) {
      print(`Open this address in your browser: ${chosen.url}`);
      rl.prompt();
      continue;
    }
    if (chosen) input = { kind: 'press', id: chosen.id };
    show(await saved(await engine.handle(key, input)));
  }
  detach?.();
  print('');
}
