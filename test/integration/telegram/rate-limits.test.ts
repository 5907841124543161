// Telegram answers 429 with retry_after when the bot goes too fast, and 403 when a user has
// blocked the bot: the first is waited out without losing a message, the second is final.
import { describe, expect, it } from 'vitest';
import { said, sentTexts, telegramDriverForTests, type TelegramDriver, type TgUser } from '../../support/telegram-driver';

const GINA: TgUser = { id: 7007, first_name: 'Gina' };
const HANK: TgUser = { id: 7008, first_name: 'Hank' };
const IVY: TgUser = { id: 7009, first_name: 'Ivy' };

describe('Telegram saying "slow down" or "blocked"', () => {
  let tg: TelegramDriver;
  telegramDriverForTests((driver) => (tg = driver));

  const unreachableSince = async (user: TgUser) =>
    (await tg.demo.knex('channel_identities').where({ channel: 'telegram', chat_id: String(user.id) }).first('unreachable_since'))?.unreachable_since as Date | null | undefined;

  it('waits out a 429 in the middle of a reply and delivers every message, in order', async () => {
    const gina = tg.chat(GINA);
    await gina.send('/start');
    await gina.send('demo');
    tg.fake.failNext('sendMessage', 429, { skip: 1 }); // the 2nd message of the login's reply
    const sleepsBefore = tg.sleeps.length;
    const calls = await gina.send('demo-pass-1');

    const sends = calls.filter((c) => c.method === 'sendMessage');
    expect(sends.map((c) => c.status)).toEqual([200, 429, 200, 200]);
    expect(sends[2]?.body.text).toBe(sends[1]?.body.text);
    expect(tg.sleeps.slice(sleepsBefore)).toEqual([1000]);
    // The retry came after the wait (the driver sleeps a tenth of what is asked).
    expect(sends[2]!.at - sends[1]!.at).toBeGreaterThanOrEqual(90);
    const texts = sentTexts(calls);
    expect(texts).toHaveLength(3);
    expect(texts[0]).toMatch(/deleted your message with the password/);
    expect(texts[1]).toMatch(/Welcome, Dana Demo/);
    expect(texts[2]).toMatch(/Main menu/);
    expect(gina.messages().slice(-3).map((m) => m.text)).toEqual(texts);
  });

  it('waits out 429s on an edit as well', async () => {
    const gina = tg.chat(GINA);
    const menu = gina.lastWithKeyboard();
    tg.fake.failNext('editMessageText', 429, { times: 2 });
    const calls = await gina.press('Buy');
    expect(calls.filter((c) => c.method === 'editMessageText').map((c) => c.status)).toEqual([429, 429, 200]);
    expect(tg.fake.messages.find((m) => m.messageId === menu.messageId)?.text).toMatch(/What would you like to buy/);
    expect(calls.filter((c) => c.method === 'sendMessage')).toEqual([]);
  });

  it('tries a reply again after a 500 or a 502 (a Bot API hiccup) instead of losing it', async () => {
    const gina = tg.chat(GINA);
    tg.fake.failNext('sendMessage', 500);
    tg.fake.failNext('sendMessage', 502);
    const sleepsBefore = tg.sleeps.length;
    const calls = await gina.send('/help');
    expect(calls.filter((c) => c.method === 'sendMessage').map((c) => c.status)).toEqual([500, 502, 200]);
    expect(tg.sleeps.slice(sleepsBefore)).toEqual([1000, 2000]);
    expect(sentTexts(calls)).toHaveLength(1);
  });

  it('marks a chat that blocked the bot unreachable and stops sending to it, without throwing', async () => {
    const hank = tg.chat(HANK);
    await hank.login();
    expect(await unreachableSince(HANK)).toBeNull();
    tg.fake.block(HANK.id);
    const calls = await hank.send('/cancel'); // "Cancelled." and the menu
    expect(calls.filter((c) => c.method === 'sendMessage').map((c) => c.status)).toEqual([403]);
    expect(await unreachableSince(HANK)).toBeInstanceOf(Date);
    expect(tg.errors).toEqual([]);
    // Other chats are not affected.
    const other = await tg.chat(IVY).send('/start');
    expect(other.filter((c) => c.method === 'sendMessage' && c.status === 200).length).toBeGreaterThan(0);
    expect(await unreachableSince(IVY)).toBeUndefined();
  });

  it('marks a chat unreachable when a press cannot be answered because the bot was blocked', async () => {
    const ivy = tg.chat(IVY);
    await ivy.send('demo');
    await ivy.send('demo-pass-1');
    tg.fake.block(IVY.id);
    const calls = await ivy.press('Buy');
    expect(calls.filter((c) => c.method === 'editMessageText').map((c) => c.status)).toEqual([403]);
    expect(calls.filter((c) => c.method === 'sendMessage')).toEqual([]);
    expect(await unreachableSince(IVY)).toBeInstanceOf(Date);
    expect(tg.errors).toEqual([]);
  });

  it('counts a chat that writes again as reachable again', async () => {
    const hank = tg.chat(HANK);
    tg.fake.unblock(HANK.id);
    const calls = await hank.send('/menu');
    expect(said(calls)).toMatch(/Main menu/);
    expect(await unreachableSince(HANK)).toBeNull();
  });
});
