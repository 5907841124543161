// The fake Bot API server answers the real telegraf client as Telegram would.
import { Telegram } from 'telegraf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram } from '../../support/fake-telegram';

describe('the fake Telegram Bot API server', () => {
  let fake: FakeTelegram;
  let api: Telegram;
  beforeAll(async () => {
    fake = await startFakeTelegram();
    api = new Telegram('123456:TEST-token', { apiRoot: fake.url });
  });
  afterAll(() => fake.close());

  it('sends, edits and deletes messages with increasing ids', async () => {
    const first = await api.sendMessage(42, 'one', { reply_markup: { inline_keyboard: [[{ text: 'Go', callback_data: '1:go' }]] } });
    const second = await api.sendMessage(42, 'two');
    expect(second.message_id).toBe(first.message_id + 1);
    expect(first.chat.id).toBe(42);
    await api.editMessageText(42, first.message_id, undefined, 'one, edited');
    await expect(api.editMessageText(42, first.message_id, undefined, 'one, edited')).rejects.toMatchObject({ response: { error_code: 400, description: expect.stringMatching(/not modified/) } });
    await api.deleteMessage(42, second.message_id);
    expect(fake.messages.filter((m) => !m.deleted).map((m) => [m.text, m.markup])).toEqual([['one, edited', undefined]]);
  });

  it('uploads a document as multipart form data', async () => {
    const message = await api.sendDocument(42, { source: Buffer.from('%PDF-1.7 invoice'), filename: 'invoice-2026-0001.pdf' }, { caption: 'Invoice 2026-0001' });
    expect(message.document.file_name).toBe('invoice-2026-0001.pdf');
    const call = fake.callsOf('sendDocument').at(-1);
    expect(call?.body).toMatchObject({ chat_id: '42', caption: 'Invoice 2026-0001', document: { filename: 'invoice-2026-0001.pdf', size: 16 } });
  });

  it('fails calls when told to, with Telegram\'s answers', async () => {
    fake.failNext('sendMessage', 429, { skip: 1 });
    await api.sendMessage(42, 'let through');
    await expect(api.sendMessage(42, 'too fast')).rejects.toMatchObject({ code: 429, parameters: { retry_after: 1 } });
    await api.sendMessage(42, 'fine again');
    fake.block(43);
    await expect(api.sendMessage(43, 'hello')).rejects.toMatchObject({ code: 403, description: 'Forbidden: bot was blocked by the user' });
    expect(fake.callsOf('sendMessage').slice(-4).map((c) => c.status)).toEqual([200, 429, 200, 403]);
  });

  it('serves queued updates to getUpdates and answers [] after a short wait otherwise', async () => {
    const started = Date.now();
    expect(await api.callApi('getUpdates', { offset: 0, timeout: 50 })).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    const waiting = api.callApi('getUpdates', { offset: 0, timeout: 50 });
    fake.queueUpdate({ update_id: 5 });
    expect(await waiting).toEqual([{ update_id: 5 }]);
    expect(await api.callApi('getUpdates', { offset: 6, timeout: 50 })).toEqual([]);
    expect(fake.pendingUpdates()).toEqual([]);
  });
});
