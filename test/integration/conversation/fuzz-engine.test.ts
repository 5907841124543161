// Fuzzing the whole conversation on a real database: a logged-in user's chat takes generated
// input lines through the JSONL console, most of them presses of the buttons just shown (so the
// walk reaches carts, checkouts and orders), the rest forged, stale and foreign button ids,
// texts of every kind and lines that are not JSON. The engine never fails (the console driver
// throws an engine error at the next read), no answer is "something went wrong", every line
// but a blank one gets a message, and the conversation still answers /menu at the end.
import { describe, expect, it } from 'vitest';
import { consoleSession, type OutMessage } from '../../support/console-driver';
import { fuzzText } from '../../support/fuzz';
import { savedState } from '../../support/console-flows';

const INPUTS_PER_USER = 600;
const SOMETHING_WENT_WRONG = /something went wrong/i;

describe('fuzzing the engine on the demo database', () => {
  it.each([['demo', 1], ['sales1', 2], ['support1', 3]] as const)('as %s: %i — generated lines, each answered, never "something went wrong"', async (username, seed) => {
    const chat = await consoleSession({ key: { chatId: `fuzz-${username}`, userId: `fuzz-${username}` } });
    try {
      await chat.login(username);
      const { pick, int, text } = fuzzText(seed, 6_000);
      let shown: OutMessage[] = chat.transcript;
      const visited = new Set<string>();
      for (let n = 0; n < INPUTS_PER_USER; n++) {
        const buttons = (chat.transcript.length > 0 ? chat.lastWithButtons().buttons.flat() : []).flatMap((b) => (b.id ? [{ id: b.id, label: b.label }] : []));
        const offered = buttons.map((b) => b.id);
        // Mostly onwards: a button that leads on rather than back, so the walk reaches carts and orders.
        const onwards = buttons.filter((b) => !/back|menu|cancel|log out|help/i.test(b.label)).map((b) => b.id);
        const roll = int(10);
        let line: string;
        if (roll < 7 && offered.length > 0) line = JSON.stringify({ type: 'press', id: pick(int(5) > 0 && onwards.length > 0 ? onwards : offered) });
        else if (roll < 8) line = JSON.stringify({ type: 'press', id: int(2) ? `${int(40).toString(36)}:${pick(offered.map((id) => id.split(':').pop() ?? id).concat('nav.menu'))}` : text().slice(0, 64) });
        else if (roll < 9) line = pick(['', '{', 'null', '[]', '{"type":"press"}', '{"type":"text","text":42}', JSON.stringify({ type: 'typo', text: 'menu' })]);
        else line = JSON.stringify({ type: 'text', text: text() });
        const at = (await savedState(chat.demo, chat.key)).step.name;
        visited.add(at);
        // Logged out by the walk ("log out" typed or pressed): mostly logged in again, to go on.
        if (at === 'login_username' && int(4) > 0) {
          await chat.login(username);
          continue;
        }
        shown = await chat.raw(line).catch((error: unknown) => {
          throw new Error(`line ${n}: ${line.slice(0, 300)} failed: ${String(error)}`);
        });
        // Every line is answered, a blank one too (it is no JSON): nothing is passed over in silence.
        expect(shown.length, `line ${n}: ${line.slice(0, 120)} got no answer`).toBeGreaterThan(0);
        for (const message of shown) {
          expect(message.text.trim(), `line ${n}: ${line.slice(0, 120)}`).not.toBe('');
          expect(message.text, `line ${n}: ${line.slice(0, 120)}`).not.toMatch(SOMETHING_WENT_WRONG);
        }
      }
      // The walk went somewhere: past the login into the flows (the seeds reach carts, checkouts, invoices).
      expect(visited.size, [...visited].join(' ')).toBeGreaterThanOrEqual(5);
      // Still a conversation: /menu shows the menu, or asks for the username when the walk logged out.
      const menu = await chat.send('/menu');
      expect(menu.map((m) => m.text).join('\n')).toMatch(/What would you like to do|What is your username\?/);
    } finally {
      await chat.close();
      await chat.demo.drop();
    }
  });
});
