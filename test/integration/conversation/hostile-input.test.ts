// Text nobody types (control characters, a NUL byte) and text far too long, at the prompts that
// keep what is typed: each gets a clear answer, and nothing reaches the database.
import { describe, expect, it } from 'vitest';
import { labels, lastText, loggedInChatForTests, newLicenseSummary, toCouponStep, addToCart, type Chat } from '../../support/console-flows';
import { consoleSession } from '../../support/console-driver';

const CONTROL = 'That message has characters I cannot take (control characters or half of an emoji). Please type it again without them.';

describe('hostile text', () => {
  let chat: Chat;
  loggedInChatForTests('demo', (c) => (chat = c));

  it('a NUL byte or an escape character in a username is refused before it is a username', async () => {
    const fresh = await consoleSession({ demo: chat.demo, key: { chatId: 'nul-chat', userId: 'nul-user' } });
    try {
      for (const text of ['de\u0000mo', '\u001b[31mdemo', 'demo\u0007', 'de\ud83dmo', '\udc00demo']) {
        const answer = await fresh.send(text);
        expect(answer[0]?.text).toBe(CONTROL);
        expect(lastText(answer)).toBe('What is your username?');
      }
      expect(textOfRows(await chat.demo.knex('audit_log').select('details'))).not.toMatch(/\\u0000/);
    } finally {
      await fresh.close();
    }
  });

  it('a control character in a coupon code or a new end customer\'s name is refused, and the step stays', async () => {
    await newLicenseSummary(chat, { edition: 'Professional', sc: 16, quantity: 1, years: 1 });
    await addToCart(chat);
    await toCouponStep(chat);
    const coupon = await chat.send('WELCOME\u000010');
    expect(coupon[0]?.text).toBe(CONTROL);
    expect(lastText(coupon)).toMatch(/coupon code/);

    await chat.send('/menu');
    await chat.press('Buy');
    await chat.press('New license');
    await chat.press('Startup');
    await chat.press('4 SC');
    await chat.press('1');
    await chat.press('1');
    await chat.press('+ New customer');
    const name = await chat.send('Evil\u0000 Corp');
    expect(name[0]?.text).toBe(CONTROL);
    expect(await chat.demo.knex('end_customers').whereRaw(`company like ?`, ['Evil%'])).toEqual([]);
  });

  it('a text of 4,000 characters is answered like any text that does not fit; one of 100,000 is too long; the conversation goes on', async () => {
    await chat.send('/menu');
    const long = await chat.send('x'.repeat(4_000));
    expect(long[0]?.text).toMatch(/^Sorry, I did not understand that\./);
    const huge = await chat.send('x'.repeat(100_000));
    expect(huge[0]?.text).toBe('That message is too long (100000 characters); a message may have up to 4096. Nothing was done with it.');
    expect(labels(await chat.send('/menu'))).toContain('Buy');
  });
});

function textOfRows(rows: unknown[]): string {
  return JSON.stringify(rows);
}
