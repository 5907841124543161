// A fulfilled order's message and its invoice PDF on Telegram: "Payment received" goes out on
// its own, without waiting for the PDF to be drawn; the PDF follows in a message of its own,
// never before the order's message, and once.
import { DelayedError } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settlePayment } from '../../../src/domain/use-cases/settle-payment';
import { invoicePdfFor } from '../../../src/infra/invoices/invoice-pdf';
import { silentLogger } from '../../../src/infra/log';
import { outboxStore } from '../../../src/infra/store/outbox';
import { notificationProcessor } from '../../../src/jobs/notifications';
import { placeWaitingOrder, type WaitingOrder } from '../../support/console-flows';
import { createTelegramBot } from '../../../src/bots/telegram/telegram-bot';
import { BOT_USER } from '../../support/fake-telegram';
import { ALICE, TEST_TOKEN, telegramDriver, type TelegramDriver } from '../../support/telegram-driver';

describe('a fulfilled order on Telegram', () => {
  let tg: TelegramDriver;
  let order: WaitingOrder;

  beforeAll(async () => {
    tg = await telegramDriver();
    // An order waiting for its bank transfer, placed in the console and moved to Alice's Telegram chat.
    order = await placeWaitingOrder(tg.demo, { edition: 'Startup', sc: 4 });
    await tg.demo.knex('orders').where({ id: order.id }).update({ channel: 'telegram', chat_id: String(ALICE.id) });
  });

  afterAll(async () => {
    await tg?.close();
    await tg?.demo.drop();
  });

  /** One run of the notifications job for an outbox message: its answer, or when it asked to run again. */
  async function runJob(outboxId: number): Promise<{ answer: string } | { delayedUntil: number }> {
    const deliver = notificationProcessor({ outbox: outboxStore(tg.demo.knex), notifiers: { telegram: tg.bot }, sandbox: true, invoicePdf: invoicePdfFor(tg.demo.knex, { sandbox: true }), log: silentLogger });
    let delayedUntil = 0;
    try {
      return { answer: await deliver({ data: { outboxId }, id: `outbox-${outboxId}`, moveToDelayed: async (timestamp) => void (delayedUntil = timestamp) }) };
    } catch (error) {
      if (error instanceof DelayedError && delayedUntil > 0) return { delayedUntil };
      throw error;
    }
  }

  /** Runs the job as the queue would: again at the time it asked for, until it answers. */
  async function runUntilAnswered(outboxId: number): Promise<string> {
    for (let run = 0; run < 10; run++) {
      const outcome = await runJob(outboxId);
      if ('answer' in outcome) return outcome.answer;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, outcome.delayedUntil - Date.now())));
    }
    throw new Error(`outbox message ${outboxId} was still waiting after 10 runs`);
  }

  it('sends "Payment received" alone, then the invoice PDF in a message of its own, once', async () => {
    const settled = await tg.demo.store.transaction((repos) =>
      settlePayment(repos, tg.demo.provider, {
        orderId: order.id, method: 'offline', providerRef: 'BANK-DOC-1', confirmedBy: 'staff:test', at: new Date('2026-11-26T10:00:00Z'), today: '2026-11-26',
        payment: { outcome: 'completed', providerStatus: 'confirmed_by_staff', amountCents: order.totalCents, currency: 'EUR' },
      }),
    );
    expect(settled.kind).toBe('fulfilled');
    const messages = await tg.demo.knex('outbox').where({ order_id: order.id }).orderBy('id').select('id', 'kind');
    expect(messages.map((m) => m.kind)).toEqual(['order_fulfilled', 'invoice_document']);
    const [text, document] = messages.map((m) => Number(m.id));

    // The PDF's job running first waits for the order's message.
    const from = tg.fake.calls.length;
    const early = await runJob(document!);
    expect(early).toEqual({ delayedUntil: expect.any(Number) });
    expect(tg.fake.calls.slice(from)).toEqual([]);

    expect(await runJob(text!)).toEqual({ answer: 'delivered' });
    const sent = tg.fake.calls.slice(from);
    expect(sent.map((c) => c.method)).toEqual(['sendMessage']);
    expect(String((sent[0]?.body as { text: string }).text)).toMatch(new RegExp(`^Payment received for order ${order.number} `));

    expect(await runUntilAnswered(document!)).toBe('delivered');
    const documents = tg.fake.calls.slice(from).filter((c) => c.method === 'sendDocument');
    expect(documents).toHaveLength(1);
    const invoice = await tg.demo.knex('invoices').where({ order_id: order.id }).first('number');
    expect(documents[0]?.body).toMatchObject({ chat_id: String(ALICE.id), document: { filename: `${invoice.number}.pdf` } });

    // Queued again (the maintenance sweep does that for messages it thinks lost): nothing is sent twice.
    expect(await runJob(document!)).toEqual({ answer: 'already settled' });
    expect(await runJob(text!)).toEqual({ answer: 'already settled' });
    expect(tg.fake.calls.slice(from).filter((c) => c.status === 200 && (c.method === 'sendMessage' || c.method === 'sendDocument'))).toHaveLength(2);
  });

  it('the PDF waits for the user\'s message about the order, not for staff\'s copy of it given up first', async () => {
    const other = await placeWaitingOrder(tg.demo, { edition: 'Startup', sc: 4 });
    const row = (dedupeKey: string, chatId: string | null) => ({ kind: 'order_fulfilled', dedupe_key: dedupeKey, order_id: other.id, channel: chatId ? 'telegram' : null, chat_id: chatId, payload: {} });
    await tg.demo.knex('outbox').insert([
      { ...row(`staff:order_fulfilled:${other.id}`, null), given_up_at: tg.demo.knex.fn.now() },
      row(`order_fulfilled:${other.id}`, String(ALICE.id)),
    ]);
    const outbox = outboxStore(tg.demo.knex);
    expect(await outbox.settled(other.id, 'order_fulfilled')).toBe(false);
    await tg.demo.knex('outbox').where({ dedupe_key: `order_fulfilled:${other.id}` }).update({ delivered_at: tg.demo.knex.fn.now() });
    expect(await outbox.settled(other.id, 'order_fulfilled')).toBe(true);
  });

  it('a file on its own waits while the bot is busy with messages (no spare turn), without sending anything; a message does not', async () => {
    let spare = false;
    const taken: string[] = [];
    const bot = createTelegramBot({
      token: TEST_TOKEN, apiRoot: tg.fake.url, engine: {} as never, log: silentLogger, onBlocked: async () => undefined, botInfo: { ...BOT_USER },
      pace: { take: async () => void taken.push('take'), spare: async () => (taken.push('spare'), spare) },
    });
    try {
      const file = { filename: 'INV-TEST.pdf', content: Buffer.from('%PDF-1.4 test') };
      const from = tg.fake.calls.length;
      expect(await bot.deliver('880100', [], file)).toEqual({ kind: 'retry', afterMs: 1_000, reason: 'a file waits while messages go' });
      expect(tg.fake.calls.slice(from)).toEqual([]);
      spare = true;
      expect(await bot.deliver('880100', [], file)).toEqual({ kind: 'delivered' });
      expect(tg.fake.calls.slice(from).map((c) => c.method)).toEqual(['sendDocument']);
      // A message (to another chat) takes its turn, whatever the spare turns.
      spare = false;
      expect(await bot.deliver('880101', [{ text: 'Payment received for order 1.', buttons: [], secret: false }])).toEqual({ kind: 'delivered' });
      expect(taken).toEqual(['spare', 'spare', 'take']);
    } finally {
      await bot.stop();
    }
  });
});
