// The distributor's staff in Telegram: recognised in the staff chat (STAFF_CHAT) once logged in
// privately, and sent to a private chat from any other group; each staff action run once
// through Telegram, with its effect and its audit entry; a reseller's forged staff button refused.
import { beforeAll, describe, expect, it } from 'vitest';
import { money } from '../../../src/conversation/i18n/common.en';
import { placeWaitingOrder, type WaitingOrder } from '../../support/console-flows';
import { ALICE, GROUP, said, telegramDriverForTests, type TelegramDriver, type TgChat, type TgUser } from '../../support/telegram-driver';

const SAM: TgUser = { id: 7100, first_name: 'Sam' };
const STAFF_GROUP: TgChat = { id: -100777, type: 'group' };

let tg: TelegramDriver;
telegramDriverForTests((driver) => {
  tg = driver;
}, { staffChat: STAFF_GROUP });

describe('staff in group chats', () => {
  it('a member of staff not logged in is told, in any group, to log in privately; no password is asked there', async () => {
    const samInGroup = tg.chat(SAM, STAFF_GROUP);
    const first = await samInGroup.send('/start');
    expect(said(first)).toMatch(/only ask for passwords in a private chat/);
    expect(said(await samInGroup.send('staff1'))).not.toMatch(/password for/i);
    expect(await tg.demo.knex('staff_sessions').count('* as n').first()).toEqual({ n: 0 });
  });

  it('logged in privately, staff are recognised in the staff chat: the staff menu there, the login in the audit log', async () => {
    const sam = tg.chat(SAM);
    expect(said(await sam.login('staff1', 'staff-pass-1'))).toContain('Welcome, Sam Staff (staff).');
    const samInStaffChat = tg.chat(SAM, STAFF_GROUP);
    const menu = await samInStaffChat.send('/menu');
    expect(said(menu)).toContain('Welcome, Sam Staff (staff).');
    expect(said(menu)).toMatch(/Staff menu — Sam Staff \(staff\)/);
    expect(menu.filter((c) => c.method === 'sendMessage').every((c) => c.body.chat_id === STAFF_GROUP.id)).toBe(true);
    expect(samInStaffChat.labels()).toEqual(['Find', 'Needs attention', 'Log out']);
    // Its buttons work there, as in the private chat.
    expect(said(await samInStaffChat.press(/^Needs attention/))).toContain('Nothing waits for staff.');
    const logins = await tg.demo.knex('audit_log').where({ action: 'staff.login' }).orderBy('id').select('details');
    expect(logins).toEqual([{ details: { channel: 'telegram', role: 'staff' } }, { details: { channel: 'telegram', role: 'staff', recognisedIn: 'staff_chat' } }]);
    expect(await tg.demo.knex('staff_sessions').where({ chat_id: String(STAFF_GROUP.id) }).count('* as n').first()).toEqual({ n: 1 });
  });

  it('in any other group a member of staff is told, in one sentence, to use the private chat or the staff chat; nothing of the staff desk is shown', async () => {
    const samInGroup = tg.chat(SAM, GROUP);
    for (const text of ['/menu', 'TCX-000001']) {
      const answer = said(await samInGroup.send(text));
      expect(answer).toContain('You are logged in as staff in your private chat with me.');
      expect(answer).toContain('use it in our private chat or in the staff chat.');
      expect(answer).not.toMatch(/Staff menu|Found for|Waiting for staff/);
    }
    expect(await tg.demo.knex('staff_sessions').where({ chat_id: String(GROUP.id) }).count('* as n').first()).toEqual({ n: 0 });
  });

  it('a reseller user in the staff chat gets nothing of the staff desk', async () => {
    const alice = tg.chat(ALICE);
    await alice.login('demo', 'demo-pass-1');
    const aliceInStaffChat = tg.chat(ALICE, STAFF_GROUP);
    const menu = said(await aliceInStaffChat.send('/menu'));
    expect(menu).toMatch(/Main menu/);
    expect(menu).not.toMatch(/Staff menu/);
  });

  it('logging out privately ends the staff session in the staff chat too', async () => {
    const sam = tg.chat(SAM);
    await sam.send('/menu');
    expect(said(await sam.press('Log out'))).toContain('You are logged out.');
    const samInStaffChat = tg.chat(SAM, STAFF_GROUP);
    const after = said(await samInStaffChat.send('/menu'));
    expect(after).not.toMatch(/Staff menu/);
    expect(await tg.demo.knex('staff_sessions').count('* as n').first()).toEqual({ n: 0 });
  });
});

describe('each staff action through Telegram', () => {
  const sam = () => tg.chat(SAM);
  let staffId: string;
  /** Orders placed by the demo owner in the console, waiting for their bank transfer. */
  const orders: Record<'paid' | 'cancelled' | 'kept', WaitingOrder> = {} as never;

  /** The newest audit entry of `action`. */
  const audited = (action: string) => tg.demo.knex('audit_log').where({ action }).orderBy('id', 'desc').first('actor', 'subject', 'details');

  /** Finds `query` from the staff menu and opens the first thing found. */
  async function open(query: string) {
    await sam().send('/menu');
    expect(said(await sam().send(query))).toContain(`Found for "${query}"`);
    return said(await sam().press('Open 1'));
  }

  /** Presses `verb` on the card shown, types its input (if it takes one) and the reason; what the bot said. */
  async function act(verb: string | RegExp, reason: string, input?: string) {
    await sam().press(verb);
    if (input !== undefined) expect(said(await sam().send(input))).toMatch(/why\?/);
    return said(await sam().send(reason));
  }

  beforeAll(async () => {
    for (const name of ['paid', 'cancelled', 'kept'] as const) orders[name] = await placeWaitingOrder(tg.demo, { edition: 'Professional', sc: 8 });
    expect(said(await sam().login('staff1', 'staff-pass-1'))).toContain('Welcome, Sam Staff (staff).');
    staffId = String((await tg.demo.knex('staff_users').where({ username: 'staff1' }).first('id')).id);
  });

  it('a reseller user pressing forged staff buttons is refused: nothing changes, nothing is audited', async () => {
    const alice = tg.chat(ALICE);
    await alice.send('/menu');
    const before = await tg.demo.knex('audit_log').where('action', 'like', 'staff.%').whereNot('action', 'like', 'staff.log%').count('* as n').first();
    for (const forged of ['staff.attention', 'staff.confirm', 'staff.cancel', 'staff.open.0', 'staff.item.0', 'staff.refund_pay.0']) {
      // Stamped with the nonce of the menu she has now, as a real button of it would be.
      const menu = alice.lastWithKeyboard();
      const nonce = (menu.markup?.inline_keyboard.flat()[0]?.callback_data ?? '').split(':')[0];
      expect(alice.buttonData('Buy', menu)).toBe(`${nonce}:menu.buy`);
      const answer = said(await alice.pressData(`${nonce}:${forged}`, menu.messageId));
      expect(answer, forged).toContain('was not used');
      expect(answer, forged).toMatch(/Main menu/);
      expect(answer, forged).not.toMatch(/Waiting for staff|Staff menu|Confirm payment|why\?/);
    }
    expect(await tg.demo.knex('orders').whereIn('id', Object.values(orders).map((o) => o.id)).pluck('status')).toEqual(['awaiting_payment', 'awaiting_payment', 'awaiting_payment']);
    expect(await tg.demo.knex('audit_log').where('action', 'like', 'staff.%').whereNot('action', 'like', 'staff.log%').count('* as n').first()).toEqual(before);
  });

  it('finds an order by its payment reference and opens its card with the actions that fit it', async () => {
    const card = await open(orders.paid.reference);
    expect(card).toContain(`Order ${orders.paid.number} (${orders.paid.reference}): awaiting payment`);
    expect(sam().labels()).toEqual(expect.arrayContaining(['Confirm payment', 'Cancel order', 'Resend invoice', 'Add a note']));
  });

  it('Confirm payment with less than the total records a part payment; the rest pays and fulfils the order', async () => {
    const { id, number, totalCents } = orders.paid;
    const part = Math.floor(totalCents / 2);
    const partly = await act('Confirm payment', 'first transfer', `TG-PART-1 ${(part / 100).toFixed(2)}`);
    expect(partly).toContain(`Part payment for order ${number} recorded: ${money(part, 'EUR')} received so far, ${money(totalCents - part, 'EUR')} still due.`);
    expect(partly).toContain(`Received in part: ${money(part, 'EUR')}; still due: ${money(totalCents - part, 'EUR')}`);
    expect(await tg.demo.knex('payments').where({ order_id: id }).select('provider_ref', 'status')).toEqual([{ provider_ref: 'TG-PART-1', status: 'partial' }]);
    expect(await audited('staff.payment_partial')).toMatchObject({ actor: `staff:${staffId}`, subject: `order:${id}`, details: { reason: 'first transfer', amountCents: part, after: { receivedCents: part, dueCents: totalCents - part } } });

    const paid = await act('Confirm payment', 'second transfer', `TG-PART-2 ${((totalCents - part) / 100).toFixed(2)}`);
    expect(paid).toContain(`Payment of order ${number} confirmed: the order is fulfilled.`);
    expect(await tg.demo.knex('orders').where({ id }).first('status')).toEqual({ status: 'fulfilled' });
    expect(await tg.demo.knex('license_events').where({ order_id: id }).pluck('kind')).toEqual(['issued']);
    expect(await audited('staff.payment_confirmed')).toMatchObject({ actor: `staff:${staffId}`, subject: `order:${id}`, details: { reason: 'second transfer', before: { status: 'awaiting_payment' }, after: { status: 'fulfilled' } } });
  });

  it('Record refund refunds the paid order and issues its credit note', async () => {
    const { id, number } = orders.paid;
    await open(orders.paid.reference);
    const done = await act('Record refund', 'returned the money');
    expect(done).toMatch(new RegExp(`Refund of order ${number} recorded: credit note CN-2026-\\d{6} issued`));
    expect(await tg.demo.knex('orders').where({ id }).first('status')).toEqual({ status: 'refunded' });
    expect(await tg.demo.knex('credit_notes').where({ order_id: id, reason: 'refund' }).count('* as n').first()).toEqual({ n: 1 });
    expect(await audited('staff.refund_recorded')).toMatchObject({ actor: `staff:${staffId}`, subject: `order:${id}`, details: { reason: 'returned the money', before: { status: 'fulfilled' }, after: { status: 'refunded' } } });
  });

  it('Cancel order cancels an unpaid order and its invoice', async () => {
    const { id, number } = orders.cancelled;
    await open(String(number));
    const done = await act('Cancel order', 'ordered twice');
    expect(done).toContain(`Order ${number} cancelled`);
    expect(await tg.demo.knex('orders').where({ id }).first('status')).toEqual({ status: 'cancelled' });
    expect(await audited('staff.order_cancelled')).toMatchObject({ actor: `staff:${staffId}`, subject: `order:${id}`, details: { reason: 'ordered twice', after: { status: 'cancelled' } } });
  });

  it('Payment refunded records that a payment kept for staff was sent back', async () => {
    const { id, number, totalCents } = orders.kept;
    const { settlePayment } = await import('../../../src/domain/use-cases/settle-payment');
    const kept = await tg.demo.store.transaction((repos) => settlePayment(repos, tg.demo.provider, {
      orderId: id, method: 'offline', providerRef: 'TG-OVER-1', confirmedBy: 'staff:ops', at: new Date('2026-11-26T10:00:00Z'), today: '2026-11-26',
      payment: { outcome: 'completed', providerStatus: 'confirmed_by_staff', amountCents: totalCents + 100, currency: 'EUR' },
    }));
    expect(kept.kind).toBe('kept_for_staff');
    await open(String(number));
    const done = await act('Payment refunded: TG-OVER-1', 'sent back by the bank');
    expect(done).toContain(`Payment TG-OVER-1 of order ${number} recorded as refunded.`);
    expect(await tg.demo.knex('payments').where({ provider_ref: 'TG-OVER-1' }).first('status')).toEqual({ status: 'refunded_by_staff' });
    expect(await audited('staff.payment_refunded')).toMatchObject({ actor: `staff:${staffId}`, subject: `order:${id}`, details: { reason: 'sent back by the bank', before: { status: 'amount_mismatch' }, after: { status: 'refunded_by_staff' } } });
  });

  it('Resend invoice queues the invoice again to the user who ordered', async () => {
    const { id, number } = orders.kept;
    await open(String(number));
    const done = await act('Resend invoice', 'lost it');
    expect(done).toMatch(new RegExp(`Invoice INV-2026-\\d{6} of order ${number} is sent to the reseller's user again.`));
    expect(await tg.demo.knex('outbox').where({ order_id: id, kind: 'invoice_resent' }).count('* as n').first()).toEqual({ n: 1 });
    expect(await audited('staff.invoice_resent')).toMatchObject({ actor: `staff:${staffId}`, subject: `order:${id}`, details: { reason: 'lost it' } });
  });

  it('Move license, Correct license and Add a note on a license found by its key', async () => {
    const license = await tg.demo.knex('licenses as l').join('license_events as e', 'e.license_id', 'l.id').where('e.order_id', orders.paid.id).first('l.id', 'l.license_key', 'l.expires_on');
    expect(await open(String(license.license_key))).toContain(`License ${license.license_key}`);

    expect(await act('Move license', 'the reseller asked', 'Telegram Dental')).toContain(`License ${license.license_key} moved to Telegram Dental.`);
    const moved = await tg.demo.knex('licenses as l').join('end_customers as c', 'c.id', 'l.end_customer_id').where('l.id', license.id).first('c.company');
    expect(moved).toEqual({ company: 'Telegram Dental' });
    expect(await audited('staff.license_moved')).toMatchObject({ actor: `staff:${staffId}`, subject: `license:${license.id}`, details: { reason: 'the reseller asked', key: license.license_key, before: { customerId: null } } });

    expect(await act('Correct license', '3CX shows this date', 'expiry 2031-01-31')).toContain(`License ${license.license_key}: expiresOn corrected from ${String(license.expires_on)} to 2031-01-31.`);
    expect(await tg.demo.knex('licenses').where({ id: license.id }).first('expires_on')).toEqual({ expires_on: '2031-01-31' });
    expect(await audited('staff.license_corrected')).toMatchObject({ actor: `staff:${staffId}`, subject: `license:${license.id}`, details: { before: { expiresOn: String(license.expires_on) }, after: { expiresOn: '2031-01-31' } } });

    const noted = await act('Add a note', 'called the reseller');
    expect(noted).toContain('Note added.');
    expect(noted).toMatch(/note by Sam Staff \(staff1\): "called the reseller"/);
    expect(await audited('staff.note')).toMatchObject({ actor: `staff:${staffId}`, subject: `license:${license.id}`, details: { reason: 'called the reseller' } });
  });
});
