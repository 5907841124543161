import { describe, expect, it } from 'vitest';
import { ALICE, BOB, GROUP, said, sentTexts, telegramDriverForTests, type TelegramDriver, type TgUser } from '../../support/telegram-driver';

const CAROL: TgUser = { id: 7003, first_name: 'Carol' };
const JUDY: TgUser = { id: 7010, first_name: 'Judy' };

describe('logging in through Telegram', () => {
  let tg: TelegramDriver;
  telegramDriverForTests((driver) => (tg = driver));

  it('deletes the message with the password right after the login and says so', async () => {
    const alice = tg.chat(ALICE);
    await alice.send('/start');
    const prompt = await alice.send('demo');
    expect(said(prompt)).toMatch(/your password\?/i);

    const update = tg.textUpdate('demo-pass-1', ALICE);
    const calls = await tg.deliver(update);
    const deletions = calls.filter((c) => c.method === 'deleteMessage');
    expect(deletions.map((c) => c.body)).toEqual([{ chat_id: ALICE.id, message_id: update.message.message_id }]);
    // Deleted before anything is said, and the first thing said is that it was deleted.
    expect(calls.findIndex((c) => c.method === 'deleteMessage')).toBeLessThan(calls.findIndex((c) => c.method === 'sendMessage'));
    const texts = sentTexts(calls);
    expect(texts[0]).toMatch(/deleted your message with the password/i);
    expect(texts.join('\n')).toContain('Dana Demo');
    expect(texts.join('\n')).not.toContain('demo-pass-1');
    expect(alice.labels()).toContain('Buy');
  });

  it('greets a new user\'s first message ("hi") and asks for the username: "hi" is not a username, and the next message is not a password', async () => {
    const judy = tg.chat({ id: 7011, first_name: 'Judith' });
    const greeted = sentTexts(await judy.send('hi'));
    expect(greeted.join('\n')).toMatch(/Please log in\.[\s\S]*What is your username\?/);
    expect(greeted.join('\n')).not.toMatch(/password/i);
    const prompt = await judy.send('demo');
    expect(said(prompt)).toMatch(/your password\?/i);
    expect(prompt.filter((c) => c.method === 'deleteMessage')).toHaveLength(0);
  });

  it('deletes nothing for an ordinary message', async () => {
    const alice = tg.chat(ALICE);
    const calls = await alice.send('/help');
    expect(calls.filter((c) => c.method === 'deleteMessage')).toHaveLength(0);
  });

  it('answers the first message of a user in a group by telling them to message the bot privately, not by asking who they are', async () => {
    const carolInGroup = tg.chat(CAROL, GROUP);
    const first = await carolInGroup.send('/start');
    expect(said(first)).toMatch(/private/i);
    expect(said(first)).not.toMatch(/password for|what is your username/i);
  });

  it('never asks for a password in a group, whatever a user who is not logged in types there', async () => {
    const bobInGroup = tg.chat(BOB, GROUP);
    await bobInGroup.send('/start');
    const typed = await bobInGroup.send('demo');
    expect(said(typed)).toMatch(/private message/i);
    const again = await bobInGroup.send('demo-pass-1');
    expect(said(again)).toMatch(/private message/i);
    const menu = await bobInGroup.send('/menu');
    expect(said(menu)).toMatch(/private message/i);
    const everything = tg.messagesIn(GROUP.id).map((m) => m.text).join('\n');
    expect(everything).not.toMatch(/password for/i);
    expect(everything).not.toContain('Dana Demo');
    expect(await tg.demo.knex('channel_identities').where({ channel: 'telegram', external_user_id: String(BOB.id) })).toHaveLength(0);
  });

  it('recognises in a group a user who logged in privately', async () => {
    const bob = tg.chat(BOB);
    const login = await bob.login('demo', 'demo-pass-1');
    expect(said(login)).toContain('Dana Demo');

    const bobInGroup = tg.chat(BOB, GROUP);
    const menu = await bobInGroup.send('/menu');
    expect(said(menu)).toMatch(/Main menu/);
    expect(bobInGroup.labels()).toEqual(['Dashboard', 'Buy', 'Cart', 'My licenses', 'Customers', 'Orders', 'Invoices', 'Team', 'Help', 'Log out']);
    expect(menu.filter((c) => c.method === 'sendMessage').every((c) => c.body.chat_id === GROUP.id)).toBe(true);

    // Its buttons work there too.
    const buy = await bobInGroup.press('Buy');
    expect(said(buy)).toMatch(/What would you like to buy/);
  });

  it('recognises a user who logged in privately even when /start is their first message in the group', async () => {
    const judy = tg.chat(JUDY);
    await judy.login('demo', 'demo-pass-1');
    const judyInGroup = tg.chat(JUDY, GROUP);
    const first = await judyInGroup.send('/start');
    expect(said(first)).toMatch(/Main menu/);
    expect(said(first)).not.toMatch(/what is your username/i);
  });

  it('does not let another group member use those buttons', async () => {
    const aliceInGroup = tg.chat(ALICE, GROUP);
    // Bob's Buy menu, wherever it is among the group's messages.
    const bobsMessage = [...tg.messagesIn(GROUP.id)].reverse().find((m) => m.markup?.inline_keyboard.flat().some((b) => b.text === 'New license'));
    if (!bobsMessage) throw new Error("Bob's Buy menu is not in the group");
    const before = { text: bobsMessage.text, markup: structuredClone(bobsMessage.markup) };
    const calls = await aliceInGroup.pressData(tg.chat(BOB, GROUP).buttonData('New license', bobsMessage), bobsMessage.messageId);
    expect(said(calls)).not.toMatch(/which edition/i);
    // Bob's menu stays as it was: Alice's answer comes as a message of its own.
    expect(tg.fake.messages.find((m) => m.messageId === bobsMessage.messageId)).toMatchObject({ ...before, deleted: false });
    expect(await tg.demo.knex('conversations').where({ channel: 'telegram', chat_id: String(GROUP.id), external_user_id: String(BOB.id) }).first()).toMatchObject({ state: { step: { name: 'buy' } } });
  });
});
