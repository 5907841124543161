// A member of staff in Telegram: logs in privately (the password deleted from the chat), finds an
// order by its number and confirms its bank transfer with a reason; the order is paid and the
// audit log says who and why. An owner and a sales user in Telegram get nothing of the staff flow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../../src/conversation/wording';
import { invoicePdfFor } from '../../../src/infra/invoices/invoice-pdf';
import { silentLogger } from '../../../src/infra/log';
import { outboxStore } from '../../../src/infra/store/outbox';
import { notificationProcessor } from '../../../src/jobs/notifications';
import { placeWaitingOrder, type WaitingOrder } from '../../support/console-flows';
import { ALICE, BOB, said, telegramDriver, type TelegramDriver, type TgUser } from '../../support/telegram-driver';

const STAFF: TgUser = { id: 7100, first_name: 'Sam' };

describe('staff in Telegram', () => {
  let tg: TelegramDriver;
  let order: WaitingOrder;

  beforeAll(async () => {
    tg = await telegramDriver();
    // An order waiting for its bank transfer, placed by the demo owner in the console.
    order = await placeWaitingOrder(tg.demo, { edition: 'Startup', sc: 4 });
  });

  afterAll(async () => {
    await tg?.close();
    await tg?.demo.drop();
  });

  it('an owner and a sales user pressing a staff button, or typing an order number, reach nothing of it', async () => {
    for (const [user, username] of [[ALICE, 'demo'], [BOB, 'sales1']] as const) {
      const chat = tg.chat(user);
      await chat.login(username, `${username === 'demo' ? 'demo' : 'sales'}-pass-1`);
      const menu = chat.lastWithKeyboard();
      const nonce = (menu.markup?.inline_keyboard.flat()[0]?.callback_data ?? '').split(':')[0];
      const forged = await chat.pressData(`${nonce}:staff.attention`, menu.messageId);
      expect(said(forged)).not.toMatch(/Waiting for staff|Staff menu/);
      expect(said(await chat.send(String(order.number)))).not.toMatch(/Found for|Confirm payment/);
    }
    expect(await tg.demo.knex('audit_log').where('action', 'like', 'staff.%').count('* as n').first()).toEqual({ n: 0 });
  });

  it('staff1 logs in privately, finds the order and confirms its transfer with a reason; the audit log keeps it', async () => {
    const sam = tg.chat(STAFF);
    const login = await sam.login('staff1', 'staff-pass-1');
    expect(login.filter((c) => c.method === 'deleteMessage')).toHaveLength(1);
    expect(said(login)).toContain('Welcome, Sam Staff (staff).');
    expect(sam.labels()).toEqual(['Find', 'Needs attention (1)', 'Log out']);

    expect(said(await sam.send(String(order.number)))).toContain(`Order ${order.number}`);
    await sam.press('Open 1');
    await sam.press('Confirm payment');
    await sam.send(`BANK-TG-1 ${(order.totalCents / 100).toFixed(2)}`);
    const done = await sam.send('on the statement of today');
    expect(said(done)).toContain(`Payment of order ${order.number} confirmed: the order is fulfilled.`);

    expect(await tg.demo.knex('orders').where({ id: order.id }).first('status')).toEqual({ status: 'fulfilled' });
    const entry = await tg.demo.knex('audit_log').where({ action: 'staff.payment_confirmed' }).first('actor', 'subject', 'details');
    expect(entry).toMatchObject({ subject: `order:${order.id}`, details: { by: 'Sam Staff', reason: 'on the statement of today', bankReference: 'BANK-TG-1', before: { status: 'awaiting_payment' }, after: { status: 'fulfilled' } } });
    const logins = await tg.demo.knex('audit_log').where({ action: 'staff.login' }).select('details');
    expect(logins).toEqual([{ details: { channel: 'telegram', role: 'staff' } }]);
  });

  it('Resend invoice sends the invoice\'s PDF again to the owner\'s Telegram chat the order came from', async () => {
    const alice = tg.chat(ALICE);
    await alice.send('buy 1 startup 4 for 1 year');
    await alice.press('Skip');
    await alice.press(t.quote.addToCart);
    await alice.send('/cart');
    await alice.press(t.cart.proceed);
    await alice.press('Skip');
    const number = Number(/Order (\d+) is placed/.exec(said(await alice.press('Bank transfer (offline)')))?.[1]);
    const invoice = await tg.demo.knex('invoices as i').join('orders as o', 'o.id', 'i.order_id').where('o.number', number).first('i.number');

    const sam = tg.chat(STAFF);
    await sam.send(String(number));
    await sam.press('Open 1');
    await sam.press('Resend invoice');
    expect(said(await sam.send('the owner asked for it again'))).toContain(`Invoice ${invoice.number} of order ${number} is sent to the reseller's user again.`);

    const deliver = notificationProcessor({ outbox: outboxStore(tg.demo.knex), notifiers: { telegram: tg.bot }, sandbox: true, invoicePdf: invoicePdfFor(tg.demo.knex, { sandbox: true }), log: silentLogger });
    const pending = (await tg.demo.knex('outbox').where({ kind: 'invoice_resent' }).pluck('id')).map(Number);
    expect(pending).toHaveLength(1);
    const from = tg.fake.calls.length;
    expect(await deliver({ data: { outboxId: pending[0] }, id: 'resend', moveToDelayed: async () => undefined })).toBe('delivered');
    const sent = tg.fake.calls.slice(from);
    expect(sent.map((c) => c.method)).toEqual(['sendMessage', 'sendDocument']);
    expect(sent.map((c) => String((c.body as { chat_id: unknown }).chat_id))).toEqual([String(ALICE.id), String(ALICE.id)]);
    expect(String((sent[0]?.body as { text: string }).text)).toContain(`here is the invoice ${invoice.number} of order ${number}`);
  });
});
