// Messages that are not text (a photo, a sticker, a file, a voice message, a location) sent
// to the Telegram bot: in a private chat each is told that only text and buttons are read,
// with the current step again, once however often Telegram delivers it; in a group only when
// it is addressed to the bot.
import { describe, expect, it } from 'vitest';
import type { Update } from 'telegraf/types';
import { t } from '../../../src/conversation/wording';
import { BOT_USER } from '../../support/fake-telegram';
import { GROUP, said, telegramDriverForTests, type TelegramDriver, type TgChat, type TgUser } from '../../support/telegram-driver';

const GRACE: TgUser = { id: 7101, first_name: 'Grace' };
const HEIDI: TgUser = { id: 7102, first_name: 'Heidi' };
const IVAN: TgUser = { id: 7103, first_name: 'Ivan' };

const CONTENT = {
  photo: { photo: [{ file_id: 'p1', file_unique_id: 'u1', width: 90, height: 90 }], caption: 'our logo' },
  sticker: { sticker: { file_id: 's1', file_unique_id: 'u2', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } },
  file: { document: { file_id: 'd1', file_unique_id: 'u3', file_name: 'prices.csv', mime_type: 'text/csv' } },
  voice: { voice: { file_id: 'v1', file_unique_id: 'u4', duration: 3 } },
  location: { location: { latitude: 52.37, longitude: 4.9 } },
};

describe('messages that are not text, sent to the Telegram bot', () => {
  let tg: TelegramDriver;
  telegramDriverForTests((driver) => (tg = driver));

  /** A message of `user` in `chat` with `content` instead of text. */
  function nonText(content: object, user: TgUser, chat?: TgChat, extra: object = {}): Update {
    const { update_id, message } = tg.textUpdate('unused', user, chat);
    const { text: _text, entities: _entities, ...rest } = message as typeof message & { text: string; entities?: unknown };
    return { update_id, message: { ...rest, ...content, ...extra } } as unknown as Update;
  }
  const conversationOf = (user: TgUser, chat: TgChat = { id: user.id, type: 'private' }) =>
    tg.demo.knex('conversations').where({ channel: 'telegram', chat_id: String(chat.id), external_user_id: String(user.id) }).first('state', 'version') as Promise<{ state: { step: { name: string }; session: unknown }; version: number } | undefined>;

  it('in a private chat, answers each that only text and buttons are read, shows the current step again and changes nothing else', async () => {
    const grace = tg.chat(GRACE);
    await grace.login();
    await grace.press('Buy');
    const before = await conversationOf(GRACE);
    for (const [what, content] of Object.entries(CONTENT)) {
      const calls = await tg.deliver(nonText(content, GRACE));
      const texts = calls.filter((c) => c.method === 'sendMessage').map((c) => String(c.body.text));
      expect(texts, what).toEqual([t.textAndButtonsOnly, t.menu.buyTitle]);
      expect(calls.filter((c) => c.method === 'deleteMessage'), what).toEqual([]);
    }
    const after = await conversationOf(GRACE);
    expect(after?.state.step).toEqual(before?.state.step);
    expect(after?.state.session).toEqual(before?.state.session);
    // The buttons shown again work.
    expect(said(await grace.press('New license'))).toMatch(/edition/i);
  });

  it('answers one delivered twice (a webhook retried) once', async () => {
    const grace = tg.chat(GRACE);
    await grace.send('/menu');
    const update = nonText(CONTENT.photo, GRACE);
    const first = await tg.deliver(update);
    expect(said(first)).toContain(t.textAndButtonsOnly);
    const version = (await conversationOf(GRACE))?.version;
    const again = await tg.deliver(update);
    expect(again.filter((c) => c.method === 'sendMessage')).toEqual([]);
    expect((await conversationOf(GRACE))?.version).toBe(version);
  });

  it('at the password prompt, takes a photo for no password and deletes nothing', async () => {
    const heidi = tg.chat(HEIDI);
    await heidi.send('/start');
    await heidi.send('demo');
    const calls = await tg.deliver(nonText(CONTENT.photo, HEIDI));
    expect(said(calls)).toContain(t.textAndButtonsOnly);
    expect(said(calls)).toMatch(/your password\?/i);
    expect(calls.filter((c) => c.method === 'deleteMessage')).toEqual([]);
    expect(said(await heidi.send('demo-pass-1'))).toContain('Dana Demo');
  });

  it('in a group, answers none that is not addressed to the bot, and one that replies to the bot or mentions it', async () => {
    const ivan = tg.chat(IVAN);
    await ivan.login();
    const ivanInGroup = tg.chat(IVAN, GROUP);
    await ivanInGroup.send('/menu');
    const before = await conversationOf(IVAN, GROUP);
    for (const content of Object.values(CONTENT)) expect(await tg.deliver(nonText(content, IVAN, GROUP))).toEqual([]);
    // A member joining is a message too (a service message), answered nowhere.
    expect(await tg.deliver(nonText({ new_chat_members: [{ id: 7104, is_bot: false, first_name: 'Judy' }] }, IVAN, GROUP))).toEqual([]);
    expect(await conversationOf(IVAN, GROUP)).toEqual(before);

    const menu = ivanInGroup.lastWithKeyboard();
    const reply = { reply_to_message: { message_id: menu.messageId, date: 0, chat: { id: GROUP.id, type: 'group', title: 'Resellers' }, from: { ...BOT_USER }, text: menu.text } };
    const replied = await tg.deliver(nonText(CONTENT.sticker, IVAN, GROUP, reply));
    expect(replied.filter((c) => c.method === 'sendMessage').map((c) => String(c.body.text))).toEqual([t.textAndButtonsOnly, t.menu.title]);
    const mention = `@${BOT_USER.username}`;
    const mentioned = await tg.deliver(nonText({ ...CONTENT.photo, caption: `${mention} here`, caption_entities: [{ type: 'mention', offset: 0, length: mention.length }] }, IVAN, GROUP));
    expect(said(mentioned)).toContain(t.textAndButtonsOnly);
  });
});
