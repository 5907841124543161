// Telegram delivers updates at least once and concurrently, and users press old buttons and
// press buttons twice: each of these must act once, or not at all.
import { describe, expect, it } from 'vitest';
import { telegramInputId } from '../../../src/bots/telegram/telegram-bot';
import { t } from '../../../src/conversation/wording';
import { ALICE, BOB, said, sentTexts, telegramDriverForTests, type TelegramDriver, type TgUser } from '../../support/telegram-driver';

const CAROL: TgUser = { id: 7003, first_name: 'Carol' };
const DAVE: TgUser = { id: 7004, first_name: 'Dave' };

describe('updates that come late, twice or together', () => {
  let tg: TelegramDriver;
  telegramDriverForTests((driver) => (tg = driver));

  async function conversationOf(user: TgUser) {
    const row = await tg.demo.knex('conversations').where({ channel: 'telegram', chat_id: String(user.id), external_user_id: String(user.id) }).first('state');
    return row.state as { step: { name: string }; session: unknown };
  }

  it('acts on nothing when a press carries data no button of the bot ever had (forged), and says it does not know that button', async () => {
    const erin = tg.chat({ id: 7005, first_name: 'Erin' });
    await erin.login();
    await erin.press('Buy');
    const buy = erin.lastWithKeyboard();
    const forged = await erin.pressData('logout!', buy.messageId);
    expect(forged.filter((c) => c.method === 'answerCallbackQuery')).toHaveLength(1);
    expect(said(forged)).toContain(t.unknownButton);
    expect(said(forged)).not.toMatch(/older message/);
    expect(said(forged)).toMatch(/What would you like to buy/);
    const state = await tg.demo.knex('conversations').where({ channel: 'telegram', chat_id: '7005', external_user_id: '7005' }).first('state');
    expect(state.state.step.name).toBe('buy');
  });

  it('acts on nothing when a button of an older message is pressed, and says the menu is out of date', async () => {
    const alice = tg.chat(ALICE);
    await alice.login();
    const menu = alice.lastWithKeyboard();
    const logOut = alice.buttonData('Log out');
    await alice.press('Buy'); // the menu message becomes the Buy message
    const stale = await alice.pressData(logOut, menu.messageId);
    expect(stale.filter((c) => c.method === 'answerCallbackQuery')).toHaveLength(1);
    expect(said(stale)).toMatch(/older message/);
    expect(said(stale)).toMatch(/What would you like to buy/);
    expect(said(stale)).not.toMatch(/logged out/i);
    const state = await conversationOf(ALICE);
    expect(state.step.name).toBe('buy');
    expect(state.session).not.toBeNull();
  });

  it('adds one cart line however often "Add to cart" is pressed', async () => {
    const bob = tg.chat(BOB);
    await bob.login();
    await bob.press('Buy');
    await bob.press('New license');
    await bob.press('Startup');
    await bob.press('4 SC');
    await bob.press('1');
    await bob.press('1');
    await bob.press('Skip');
    const summary = bob.lastWithKeyboard();
    const add = bob.buttonData('Add to cart');
    const first = await bob.pressData(add, summary.messageId);
    expect(said(first)).toMatch(/cart has 1 line/);
    const second = await bob.pressData(add, summary.messageId);
    expect(second.filter((c) => c.method === 'answerCallbackQuery')).toHaveLength(1);
    expect(said(second)).toMatch(/older message/);
    expect(said(second)).not.toMatch(/cart has 2 lines/);
    expect(await tg.demo.knex('cart_lines')).toHaveLength(1);
  });

  it('places one order however often the payment button is pressed, even twice at once', async () => {
    const bob = tg.chat(BOB);
    await bob.press('View cart');
    await bob.press('Proceed to checkout');
    await bob.press('Skip');
    const review = bob.lastWithKeyboard();
    const pay = bob.buttonData('Bank transfer (offline)');
    const [a, b] = await Promise.all([bob.pressData(pay, review.messageId), bob.pressData(pay, review.messageId)]);
    const third = await bob.pressData(pay, review.messageId);
    expect(said([...a, ...b])).toMatch(/Order \d+ is placed/);
    // A later press acts on nothing: it says so and shows the placed order again.
    expect(said(third)).toMatch(/older message/);
    expect(await tg.demo.knex('orders')).toHaveLength(1);
  });

  it('handles an update delivered twice (the same update_id) once', async () => {
    const alice = tg.chat(ALICE);
    const update = tg.textUpdate('/cart', ALICE);
    const first = await tg.deliver(update);
    expect(sentTexts(first).join('\n')).toMatch(/cart/i);
    const again = await tg.deliver(update);
    expect(again.filter((c) => c.method !== 'getUpdates')).toEqual([]);

    const message = alice.lastWithKeyboard();
    const press = tg.pressUpdate(alice.buttonData('Main menu'), message.messageId, ALICE);
    const pressed = await tg.deliver(press);
    expect(pressed.filter((c) => c.method === 'editMessageText' || c.method === 'sendMessage')).toHaveLength(1);
    const pressedAgain = await tg.deliver(press);
    expect(pressedAgain.filter((c) => ['sendMessage', 'editMessageText', 'editMessageReplyMarkup'].includes(c.method))).toEqual([]);
    const processed = await tg.demo.knex('processed_inputs').where({ channel: 'telegram' }).whereIn('input_id', [telegramInputId(update), telegramInputId(press)]);
    expect(processed).toHaveLength(2);
  });

  it('answers a new message that comes with an update_id handled before (a Bot API server or emulator started afresh counts from 1 again)', async () => {
    const erin: TgUser = { id: 7020, first_name: 'Erin' };
    const chat = tg.chat(erin);
    await chat.login();
    const first = tg.textUpdate('/help', erin);
    expect(sentTexts(await tg.deliver(first)).join('\n')).toMatch(/I help you order/);
    const reused = tg.textUpdate('/cart', erin, { id: erin.id, type: 'private' }, first.update_id);
    expect(sentTexts(await tg.deliver(reused)).join('\n')).toMatch(/cart/i);
    const message = chat.lastWithKeyboard();
    const press = tg.pressUpdate(chat.buttonData('Main menu'), message.messageId, erin, first.update_id);
    const pressed = await tg.deliver(press);
    expect(pressed.filter((c) => c.method === 'editMessageText' || c.method === 'sendMessage')).toHaveLength(1);
  });

  it('handles two updates of one chat that arrive at the same moment one after the other, without interleaving their replies', async () => {
    const carol = tg.chat(CAROL);
    await carol.login();
    tg.fake.setLatency(25); // a real network's delay: replies that could interleave would
    try {
      const before = tg.fake.calls.length;
      await Promise.all([carol.send('/cancel'), carol.send('hello there')]);
      const texts = sentTexts(tg.fake.calls.slice(before));
      expect(texts).toHaveLength(4);
      const cancelled = texts.indexOf('Cancelled.');
      const sorry = texts.findIndex((t) => /did not understand/.test(t));
      expect.soft([cancelled, sorry].sort(), texts.map((t) => t.split('\n')[0]).join(' | ')).toEqual([0, 2]);
      // Each reply is followed by its own menu.
      expect.soft(texts[cancelled + 1]).toMatch(/Main menu/);
      expect.soft(texts[sorry + 1]).toMatch(/Main menu/);
    } finally {
      tg.fake.setLatency(0);
    }
    // The buttons shown last are the current ones.
    const buy = await carol.press('Buy');
    expect(said(buy)).toMatch(/What would you like to buy/);
  });

  it('loses no update of one chat when several arrive at once', async () => {
    const dave = tg.chat(DAVE);
    await dave.login();
    const updates = ['/help', '/cart', '/menu', '/help', '/cart'].map((text) => tg.textUpdate(text, DAVE));
    await Promise.all(updates.map((u) => tg.deliver(u)));
    const processed = await tg.demo.knex('processed_inputs').where({ channel: 'telegram' }).whereIn('input_id', updates.map(telegramInputId));
    expect(processed).toHaveLength(5);
    const version = await tg.demo.knex('conversations').where({ channel: 'telegram', chat_id: String(DAVE.id) }).first('version');
    // /start, username, password and the five above.
    expect(version.version).toBe(8);
  });
});
