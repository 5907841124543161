import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ConversationEngine, ConversationKey } from '../../conversation/engine';
import type { Input } from '../../conversation/input';
import type { Button, Reply } from '../../conversation/reply';
import type { NotificationFeed } from './jsonl';

/**
 * The console's human mode: messages as text, buttons as numbered choices. Typing a number
 * presses that button of the latest message; anything else is sent as text. A secret
 * prompt (the password) is read without echo.
 */
export async function runHumanConsole(engine: ConversationEngine, key: ConversationKey, io: { input: Readable & { isTTY?: boolean }; output: Writable; notifications?: NotificationFeed }): Promise<void> {
  let muted = false;
  const rl = createInterface({ input: io.input, output: io.output, terminal: Boolean(io.input.isTTY) });
  // While muted, what the user types is not echoed (readline writes the echo through here).
  const internals = rl as unknown as { _writeToOutput?: (s: string) => void };
  const original = internals._writeToOutput?.bind(rl);
  if (original) {
    internals._writeToOutput = (s: string) => {
      if (!muted || s.includes('\n')) original(muted ? '\n' : s);
    };
  }
  let choices: Button[] = [];
  const print = (text: string) => io.output.write(text + '\n');

  const show = (replies: Reply[]) => {
    for (const reply of replies) {
      print('');
      print(reply.text);
      const flat = reply.buttons.flat();
      if (flat.length > 0) {
        choices = flat;
        let n = 0;
        for (const row of reply.buttons) print(row.map((b) => `[${++n}] ${b.label}${'url' in b ? ` (${b.url})` : ''}`).join('   '));
      }
      muted = reply.secret;
    }
    rl.setPrompt(muted ? '(hidden) > ' : '> ');
    rl.prompt();
  };

  show(await engine.resume(key));
  // A notification is printed without disturbing the prompt: a password prompt stays hidden,
  // and its buttons are numbered after the current ones.
  const notify = (replies: Reply[]) => {
    for (const reply of replies) {
      print('');
      print(reply.text);
      const flat = reply.buttons.flat();
      const first = choices.length;
      choices = [...choices, ...flat];
      if (flat.length > 0) print(flat.map((b, i) => `[${first + i + 1}] ${b.label}`).join('   '));
    }
    rl.prompt();
  };
  const detach = io.notifications?.attach(key.chatId, notify);
  for await (const line of rl) {
    const text = line.trim();
    const wasSecret = muted;
    muted = false;
    let input: Input = { kind: 'text', text: line };
    // A number presses that button, except where the buttons are numbers themselves (a
    // quantity or a count of years): there the number is the answer.
    const numericChoices = choices.some((b) => /^\d+$/.test(b.label));
    if (!wasSecret && /^\d+$/.test(text) && !numericChoices) {
      const chosen = choices[Number(text) - 1];
      if (chosen && 'url' in chosen) {
        print(`Open this address in your browser: ${chosen.url}`);
        rl.prompt();
        continue;
      }
      if (chosen) input = { kind: 'press', id: chosen.id };
    }
    show(await engine.handle(key, input));
  }
  detach?.();
  print('');
}
