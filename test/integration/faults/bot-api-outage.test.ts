// Fault: the Bot API answers 429 and then 5xx to every message for a while (a minute in
// production; here the outage lasts for a number of refused calls, two per message of each
// kind, which the product's own retry_after waits and backoff take a few seconds to go through)
// while paid orders' messages are being delivered to Telegram chats. In the end
// every order is fulfilled once and every message is delivered once: one successful
// sendMessage per order, none twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramBot, type TelegramBot } from '../../../src/bots/telegram/telegram-bot';
import { silentLogger } from '../../../src/infra/log';
import { BOT_USER, startFakeTelegram } from '../../support/fake-telegram';
import { confirmAll, fulfilledOnce } from '../../support/faults';
import { paymentsHarness, type PaymentsHarness, type PlacedOrder } from '../../support/payments-harness';

const ORDERS = 6;
const FIRST_CHAT = 880_001;

describe('the Bot API answering 429 and 5xx for a while', () => {
  let fake: Awaited<ReturnType<typeof startFakeTelegram>>;
  let bot: TelegramBot;
  let h: PaymentsHarness;

  beforeAll(async () => {
    fake = await startFakeTelegram();
    // The engine is not used for deliveries; the bot needs one all the same.
    const deliveries: { bot?: TelegramBot } = {};
    h = await paymentsHarness({
      backend: 'redis',
      notifiers: { telegram: { deliver: (chatId, replies, attachment) => deliveries.bot!.deliver(chatId, replies, attachment) } },
    });
    bot = createTelegramBot({ token: '4242:outage-test', apiRoot: fake.url, engine: h.chat.engine, log: silentLogger, onBlocked: async () => undefined, botInfo: { ...BOT_USER } });
    deliveries.bot = bot;
    await h.login();
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    await bot?.stop();
    await fake?.close();
  });

  it('fulfils every order once and delivers every message once, after the outage', async () => {
    const orders: PlacedOrder[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const order = await h.placeOrder({ method: 'offline' });
      // Each order as if placed from a Telegram chat of its own (its messages go there).
      await h.demo.knex('orders').where({ id: order.id }).update({ channel: 'telegram', chat_id: String(FIRST_CHAT + i) });
      orders.push(order);
    }

    // The next 12 messages are refused with 429 (retry after 1 s), the 12 after them with 502.
    fake.failNext('sendMessage', 429, { times: 2 * ORDERS });
    fake.failNext('sendMessage', 502, { times: 2 * ORDERS });
    await confirmAll(h, orders);
    await fulfilledOnce(h, orders, 90_000);
    // The whole outage was gone through: every refusal answered, then one success per message.
    const statuses = fake.callsOf('sendMessage').map((c) => c.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2 * ORDERS);
    expect(statuses.filter((s) => s === 502)).toHaveLength(2 * ORDERS);
    expect(statuses.filter((s) => s === 200)).toHaveLength(ORDERS);

    // One delivered message per chat, naming its order; nothing sent twice.
    for (const [i, order] of orders.entries()) {
      const sent = fake.callsOf('sendMessage').filter((c) => c.status === 200 && Number(c.body.chat_id) === FIRST_CHAT + i);
      expect(sent.map((c) => String(c.body.text).match(/Payment received for order (\d+)/)?.[1])).toEqual([String(order.number)]);
    }
  }, 120_000);
});
