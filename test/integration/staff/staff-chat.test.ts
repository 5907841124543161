// The distributor's staff in the JSONL console: logging in at the same prompt as resellers
// (lockout, audit log), their own menu, refused anything a reseller does; finding an order, a
// license or a reseller by any identifier; acting on them with a reason the audit log keeps;
// the list of what waits for staff. Resellers (an owner, a sales user) reach none of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleSession } from '../../support/console-driver';
import { addToCart, labels, lastText, newLicenseSummary, placeOfflineOrder, textOf, type Chat, type Demo } from '../../support/console-flows';
import { demoStore } from '../../support/demo-store';
import { money } from '../../../src/conversation/i18n/common.en';

let demo: Demo;
let staff: Chat;
let reseller: Chat;

/** The audit log's entries with `action`, oldest first. */
async function audited(action: string): Promise<Array<{ actor: string; subject: string | null; details: Record<string, unknown> }>> {
  return demo.knex('audit_log').where({ action }).orderBy('id').select('actor', 'subject', 'details');
}

/** An order placed by the demo owner, paid by bank transfer: its number and reference. */
async function placeOrder(coupon: string | null = null): Promise<{ number: number; reference: string; totalCents: number; id: string }> {
  await newLicenseSummary(reseller, { edition: 'Professional', sc: 8, quantity: 1, years: 1 });
  await addToCart(reseller);
  const placed = await placeOfflineOrder(reseller, coupon);
  const number = Number(/Order (\d+) is placed/.exec(textOf(placed))?.[1]);
  const row = await demo.knex('orders').where({ number }).first();
  return { number, reference: String(row.payment_reference), totalCents: Number(row.total_cents), id: String(row.id) };
}

/** Finds `query` at the staff menu and opens the first thing found. */
async function openFirst(query: string) {
  await staff.send('/menu');
  const found = await staff.send(query);
  expect(lastText(found)).toMatch(/^Found for /);
  return staff.press('Open 1');
}

beforeAll(async () => {
  demo = await demoStore();
  reseller = await consoleSession({ demo, key: { chatId: 'owner', userId: 'owner' } });
  await reseller.login('demo');
  staff = await consoleSession({ demo, key: { chatId: 'staff', userId: 'staff' } });
});

afterAll(async () => {
  await staff?.close();
  await reseller?.close();
  await demo?.drop();
});

describe('staff log in', () => {
  it('a wrong password is refused as for resellers, and the attempt is in the audit log', async () => {
    await staff.send('staff1');
    const refused = await staff.send('not-the-password');
    expect(textOf(refused)).toContain('That username and password do not match');
    expect(await audited('staff.login_failed')).toEqual([expect.objectContaining({ actor: 'system', details: expect.objectContaining({ channel: 'console', failedAttempts: 1 }) })]);
  });

  it('staff1 logs in at the same prompt and gets the staff menu; the login is in the audit log and the session says staff', async () => {
    await staff.send('staff1');
    const menu = await staff.send('staff-pass-1');
    expect(textOf(menu)).toContain('Welcome, Sam Staff (staff).');
    expect(lastText(menu)).toMatch(/^Staff menu — Sam Staff \(staff\)/);
    expect(labels(menu)).toEqual(['Find', 'Needs attention', 'Log out']);
    const [login] = await audited('staff.login');
    expect(login).toMatchObject({ subject: expect.stringMatching(/^staff:/), details: { channel: 'console', role: 'staff' } });
    const saved = await demo.knex('conversations').where({ chat_id: 'staff' }).first('state');
    expect(saved.state.session).toMatchObject({ account: 'staff', name: 'Sam Staff', staffRole: 'staff' });
    // The failed attempt before is forgotten by a good one.
    expect(await demo.knex('staff_users').where({ username: 'staff1' }).first('failed_attempts')).toEqual({ failed_attempts: 0 });
  });

  it('the home page (Slack\'s App Home) of a member of staff shows what waits for staff, with a button to the chat', async () => {
    const home = await staff.engine.home(staff.key);
    expect(home.kind).toBe('member');
    const text = home.kind === 'member' ? home.sections.map((s) => s.text).join('\n') : '';
    expect(text).toMatch(/^Sam Staff — staff/);
    expect(text).toContain('Nothing waits for staff.');
  });

  it('a member of staff places no reseller order: the cart, buying and renewing are refused clearly', async () => {
    for (const text of ['/cart', 'buy 2 pro 16', 'renew 7Q2M-4K8P-ZX3N-1A9B for 2 years', 'my licenses']) {
      const answer = await staff.send(text);
      expect(textOf(answer), text).toContain('Staff accounts place no reseller orders');
      expect(lastText(answer)).toMatch(/^Staff menu/);
    }
    expect(await demo.knex('cart_lines').count('* as n').first()).toEqual({ n: 0 });
  });
});

describe('a reseller reaches no staff flow', () => {
  it('an owner and a sales user typing a staff name or pressing a forged staff button get nothing of it', async () => {
    for (const username of ['demo', 'sales1']) {
      const chat = await consoleSession({ demo, key: { chatId: `r-${username}`, userId: `r-${username}` } });
      try {
        await chat.login(username);
        const forged = await chat.pressId(`${(await savedNonce(`r-${username}`)).toString(36)}:staff.attention`);
        expect(textOf(forged)).not.toMatch(/Waiting for staff|Staff menu/);
        const typed = await chat.send('TCX-000001');
        expect(textOf(typed)).not.toMatch(/Found for/);
      } finally {
        await chat.close();
      }
    }
  });
});

async function savedNonce(chatId: string): Promise<number> {
  const row = await demo.knex('conversations').where({ chat_id: chatId }).first('state');
  return row.state.nonce;
}

describe('find and act', () => {
  let order: Awaited<ReturnType<typeof placeOrder>>;

  beforeAll(async () => {
    order = await placeOrder('WELCOME10');
  });

  it('finds an order by its payment reference and shows its card with the actions that fit it', async () => {
    const card = await openFirst(order.reference);
    expect(lastText(card)).toContain(`Order ${order.number} (${order.reference}): awaiting payment`);
    expect(lastText(card)).toContain('Dana Demo');
    expect(lastText(card)).toMatch(/Invoices and credit notes: INV-2026-\d{6}/);
    expect(labels(card)).toEqual(expect.arrayContaining(['Confirm payment', 'Cancel order', 'Resend invoice', 'Add a note']));
  });

  it('finds a reseller by part of its name, a user by username, an invoice by number', async () => {
    expect(lastText(await openFirst('acme tel'))).toMatch(/^Reseller Acme Telecom/);
    await staff.send('/menu');
    expect(lastText(await staff.send('sales1'))).toMatch(/User sales1 .* of Acme Telecom/);
    await staff.send('/menu');
    expect(lastText(await staff.send('INV-2026'))).toMatch(/Invoice INV-2026-\d{6}, Acme Telecom/);
  });

  it('a confirmation of more than the total is refused and changes nothing', async () => {
    await openFirst(order.reference);
    await staff.press('Confirm payment');
    await staff.send(`NL-TRX-1 ${((order.totalCents + 1) / 100).toFixed(2)}`);
    const refused = await staff.send('transfer arrived');
    expect(textOf(refused)).toContain(`is more than the ${money(order.totalCents, 'EUR')} the order still owes`);
    expect(await demo.knex('payments').where({ order_id: order.id }).count('* as n').first()).toEqual({ n: 0 });
    expect(await demo.knex('orders').where({ id: order.id }).first('status')).toEqual({ status: 'awaiting_payment' });
  });

  it('confirming the transfer with the right amount pays and fulfils the order; the audit log keeps who, why, before and after', async () => {
    await openFirst(order.reference);
    await staff.press('Confirm payment');
    const amount = (order.totalCents / 100).toFixed(2);
    const why = await staff.send(`NL-TRX-88123 ${amount}`);
    expect(lastText(why)).toMatch(/Confirm payment: why\?/);
    const done = await staff.send('seen on the bank statement');
    expect(textOf(done)).toContain(`Payment of order ${order.number} confirmed: the order is fulfilled.`);
    expect(await demo.knex('orders').where({ id: order.id }).first('status')).toEqual({ status: 'fulfilled' });
    const [entry] = await audited('staff.payment_confirmed');
    expect(entry).toMatchObject({
      actor: expect.stringMatching(/^staff:/), subject: `order:${order.id}`,
      details: { by: 'Sam Staff', reason: 'seen on the bank statement', bankReference: 'NL-TRX-88123', amountCents: order.totalCents, before: { status: 'awaiting_payment' }, after: { status: 'fulfilled' } },
    });
    // The card now offers what fits a paid order, and shows the action with its reason.
    expect(labels(done)).toEqual(expect.arrayContaining(['Record refund', 'Resend invoice']));
    expect(labels(done)).not.toContain('Confirm payment');
    expect(lastText(done)).toContain('payment_confirmed by Sam Staff (staff1): "seen on the bank statement"');
  });

  it('the confirm button of an older message does nothing but say why', async () => {
    const before = await demo.knex('payments').where({ order_id: order.id }).count('* as n').first();
    const stale = staff.transcript.flatMap((m) => m.buttons.flat()).find((b) => b.label === 'Confirm payment');
    const answer = await staff.pressId(stale?.id as string);
    expect(textOf(answer)).toContain('That button belongs to an older message');
    expect(await demo.knex('payments').where({ order_id: order.id }).count('* as n').first()).toEqual(before);
  });

  it('recording a refund issues its credit note and tells the reseller', async () => {
    await openFirst(order.reference);
    await staff.press('Record refund');
    const done = await staff.send('customer withdrew');
    expect(textOf(done)).toMatch(new RegExp(`Refund of order ${order.number} recorded: credit note CN-2026-\\d{6} issued`));
    expect(await demo.knex('orders').where({ id: order.id }).first('status')).toEqual({ status: 'refunded' });
    expect(await demo.knex('credit_notes').where({ order_id: order.id, reason: 'refund' }).count('* as n').first()).toEqual({ n: 1 });
    expect(await audited('staff.refund_recorded')).toEqual([expect.objectContaining({ details: expect.objectContaining({ reason: 'customer withdrew', before: { status: 'fulfilled' } }) })]);
  });

  it('cancelling an unpaid order releases its coupon and cancels its invoice', async () => {
    const unpaid = await placeOrder('FIXED50');
    await openFirst(String(unpaid.number));
    await staff.press('Cancel order');
    const done = await staff.send('ordered twice by mistake');
    expect(textOf(done)).toMatch(new RegExp(`Order ${unpaid.number} cancelled; its coupon is released and its invoice cancelled by credit note CN-2026-\\d{6}`));
    const redemption = await demo.knex('coupon_redemptions').where({ order_id: unpaid.id }).first('status');
    expect(redemption).toEqual({ status: 'released' });
    expect(await audited('staff.order_cancelled')).toEqual([expect.objectContaining({ subject: `order:${unpaid.id}`, details: expect.objectContaining({ reason: 'ordered twice by mistake' }) })]);
  });

  it('a license is found by part of its key, corrected, moved to another end customer, and noted; each in its history', async () => {
    const license = await demo.knex('licenses').orderBy('license_key').first('id', 'license_key', 'type', 'expires_on', 'maintenance_until');
    const card = await openFirst(String(license.license_key).slice(5, 14).toLowerCase());
    expect(lastText(card)).toContain(`License ${license.license_key}`);
    await staff.press('Correct license');
    await staff.send(license.type === 'annual' ? 'expiry 2031-01-31' : 'maintenance 2031-01-31');
    const corrected = await staff.send('3CX portal shows this date');
    expect(textOf(corrected)).toContain(`License ${license.license_key}: ${license.type === 'annual' ? 'expiresOn' : 'maintenanceUntil'} corrected`);
    await staff.press('Move license');
    await staff.send('Harbor Dental Group');
    const moved = await staff.send('the reseller says so');
    expect(textOf(moved)).toContain(`License ${license.license_key} moved to Harbor Dental Group.`);
    await staff.press('Add a note');
    const noted = await staff.send('called the reseller about the date');
    expect(textOf(noted)).toContain('Note added.');
    expect(lastText(noted)).toContain('called the reseller about the date');
    const row = await demo.knex('licenses as l').join('end_customers as c', 'c.id', 'l.end_customer_id').where('l.id', license.id).first('c.company', 'l.expires_on', 'l.maintenance_until');
    expect(row.company).toBe('Harbor Dental Group');
    expect(license.type === 'annual' ? row.expires_on : row.maintenance_until).toBe('2031-01-31');
    expect((await audited('staff.license_corrected'))[0]?.details).toMatchObject({ reason: '3CX portal shows this date', after: expect.any(Object), before: expect.any(Object) });
  });
});

describe('more actions', () => {
  it('Resend invoice queues the invoice again to the user who ordered, once per press', async () => {
    const order = await placeOrder();
    await openFirst(order.reference);
    await staff.press('Resend invoice');
    const done = await staff.send('reseller lost the email');
    expect(textOf(done)).toMatch(new RegExp(`Invoice INV-2026-\\d{6} of order ${order.number} is sent to the reseller's user again.`));
    const messages = await demo.knex('outbox').where({ order_id: order.id, kind: 'invoice_resent' }).select('channel', 'chat_id', 'payload');
    expect(messages).toEqual([{ channel: 'console', chat_id: 'owner', payload: { invoiceNumber: expect.stringMatching(/^INV-2026-/) } }]);
    expect(await audited('staff.invoice_resent')).toEqual([expect.objectContaining({ subject: `order:${order.id}`, details: expect.objectContaining({ reason: 'reseller lost the email' }) })]);
  });

  it('a payment kept for staff (a wrong amount) is in Needs attention; Payment refunded records it and it leaves the list', async () => {
    const order = await placeOrder();
    const { settlePayment } = await import('../../../src/domain/use-cases/settle-payment');
    const kept = await demo.store.transaction((repos) => settlePayment(repos, demo.provider, {
      orderId: order.id, method: 'offline', providerRef: 'BANK-WRONG-1', confirmedBy: 'staff:ops', at: new Date('2026-11-26T10:00:00Z'), today: '2026-11-26',
      payment: { outcome: 'completed', providerStatus: 'confirmed_by_staff', amountCents: order.totalCents + 100, currency: 'EUR' },
    }));
    expect(kept.kind).toBe('kept_for_staff');
    await staff.send('/menu');
    const list = await staff.press(/^Needs attention/);
    expect(lastText(list)).toMatch(new RegExp(`Order ${order.number}, .*: offline payment BANK-WRONG-1 of .* is amount mismatch: refund it`));
    await staff.press(`Payment refunded ${order.number}`);
    const done = await staff.send('sent back to the reseller');
    expect(textOf(done)).toContain(`Payment BANK-WRONG-1 of order ${order.number} recorded as refunded.`);
    expect(await demo.knex('payments').where({ provider_ref: 'BANK-WRONG-1' }).first('status')).toEqual({ status: 'refunded_by_staff' });
    await staff.send('/menu');
    expect(lastText(await staff.press(/^Needs attention/))).not.toContain('BANK-WRONG-1');
    expect(await audited('staff.payment_refunded')).toEqual([expect.objectContaining({ details: expect.objectContaining({ before: { status: 'amount_mismatch' }, after: { status: 'refunded_by_staff' } }) })]);
  });

  it('a lower amount is recorded as a part payment: on the card and in Needs attention with what is still due; the rest pays and fulfils the order once', async () => {
    const order = await placeOrder();
    const part = Math.floor(order.totalCents / 2);
    const due = order.totalCents - part;
    await openFirst(order.reference);
    await staff.press('Confirm payment');
    await staff.send(`NL-PART-1 ${(part / 100).toFixed(2)}`);
    const done = await staff.send('first half arrived');
    expect(textOf(done)).toContain(`Part payment for order ${order.number} recorded: ${money(part, 'EUR')} received so far, ${money(due, 'EUR')} still due.`);
    expect(lastText(done)).toContain(`Order ${order.number} (${order.reference}): awaiting payment`);
    expect(lastText(done)).toContain(`offline NL-PART-1 ${money(part, 'EUR')} part payment`);
    expect(lastText(done)).toContain(`Received in part: ${money(part, 'EUR')}; still due: ${money(due, 'EUR')}`);
    expect(lastText(done)).toContain('payment_partial by Sam Staff (staff1): "first half arrived"');
    // The card's history names people, not ids.
    expect(lastText(done)).toMatch(/order\.placed by demo \(Acme Telecom/);
    expect(lastText(done)).not.toMatch(/(user|staff):[0-9a-f-]{36}/);
    expect(labels(done)).toEqual(expect.arrayContaining(['Confirm payment', 'Cancel order']));
    expect(await demo.knex('orders').where({ id: order.id }).first('status')).toEqual({ status: 'awaiting_payment' });
    expect(await demo.knex('payments').where({ order_id: order.id }).select('provider_ref', 'status', 'amount_cents')).toEqual([{ provider_ref: 'NL-PART-1', status: 'partial', amount_cents: part }]);
    expect((await audited('staff.payment_partial')).filter((a) => a.subject === `order:${order.id}`)).toEqual([expect.objectContaining({
      details: expect.objectContaining({ reason: 'first half arrived', bankReference: 'NL-PART-1', amountCents: part, before: { status: 'awaiting_payment', receivedCents: 0, dueCents: order.totalCents }, after: { status: 'awaiting_payment', receivedCents: part, dueCents: due } }),
    })]);
    expect(await demo.knex('outbox').where({ order_id: order.id, kind: 'payment_part_received' }).select('payload')).toEqual([{ payload: { providerRef: 'NL-PART-1', receivedCents: part, dueCents: due } }]);

    await staff.send('/menu');
    const list = await staff.press(/^Needs attention/);
    expect(lastText(list)).toContain(`Order ${order.number}, Acme Telecom B.V., ${money(order.totalCents, 'EUR')}: bank transfer waiting for less than an hour (${money(part, 'EUR')} received in part, ${money(due, 'EUR')} still due)`);
    // Confirmed from the list: the prompt asks for what is still due; more than that is refused.
    const prompt = await staff.press(`Confirm payment ${order.number}`);
    expect(lastText(prompt)).toContain(`of which ${money(due, 'EUR')} is still due`);
    await staff.send(`NL-PART-2 ${((due + 1) / 100).toFixed(2)}`);
    expect(textOf(await staff.send('the rest'))).toContain(`is more than the ${money(due, 'EUR')} the order still owes`);
    await staff.send('/menu');
    await staff.press(/^Needs attention/);
    await staff.press(`Confirm payment ${order.number}`);
    await staff.send(`NL-PART-2 ${(due / 100).toFixed(2)}`);
    const paid = await staff.send('the rest arrived');
    expect(textOf(paid)).toContain(`Payment of order ${order.number} confirmed: the order is fulfilled.`);
    expect(await demo.knex('orders').where({ id: order.id }).first('status')).toEqual({ status: 'fulfilled' });
    expect(await demo.knex('license_events').where({ order_id: order.id }).select('kind')).toEqual([{ kind: 'issued' }]);
    expect(await demo.knex('invoices').where({ order_id: order.id }).select('status', 'total_cents')).toEqual([{ status: 'paid', total_cents: order.totalCents }]);
    expect(await demo.knex('outbox').where({ order_id: order.id, kind: 'order_fulfilled' }).whereRaw("coalesce(payload->>'forStaff', 'false') <> 'true'").count('* as n').first()).toEqual({ n: 1 });
    expect((await audited('staff.payment_confirmed')).filter((a) => a.subject === `order:${order.id}`)).toEqual([expect.objectContaining({ details: expect.objectContaining({ amountCents: due, receivedInPartsCents: part, after: { status: 'fulfilled' } }) })]);
  });

  it('a license moves to another reseller by partner id; its end customer is cleared', async () => {
    const license = await demo.knex('licenses as l').join('resellers as r', 'r.id', 'l.reseller_id').where('r.company', 'like', 'Acme%').orderBy('l.license_key', 'desc').first('l.id', 'l.license_key');
    const bright = await demo.knex('resellers').where('company', 'like', 'Bright%').first('id', 'partner_id', 'company');
    await openFirst(String(license.license_key));
    await staff.press('Move license');
    await staff.send(`reseller ${bright.partner_id}`);
    const moved = await staff.send('sold the customer to Bright');
    expect(textOf(moved)).toContain(`License ${license.license_key} moved to ${bright.company}.`);
    expect(await demo.knex('licenses').where({ id: license.id }).first('reseller_id', 'end_customer_id')).toEqual({ reseller_id: bright.id, end_customer_id: null });
  });

  it('a reseller session can run no staff command, even one forged into the interpreter', async () => {
    const { interpret } = await import('../../../src/conversation/interpreter');
    const saved = await demo.knex('conversations').where({ chat_id: 'owner' }).first('state');
    const order = await demo.knex('orders').where({ status: 'awaiting_payment' }).first('id');
    const before = await demo.knex('audit_log').where('action', 'like', 'staff.%').count('* as n').first();
    const answer = await demo.store.transaction((repos) => interpret(
      { kind: 'staff_act', action: { kind: 'cancel_order', orderId: String(order.id) }, reason: 'forged', target: { kind: 'order', id: String(order.id) } },
      saved.state, repos,
      { licenses: demo.provider, hasher: { hash: async () => '', verify: async () => false, dummyHash: '' }, now: new Date(), today: '2026-11-26', timeZone: 'UTC', paymentMethods: ['offline'], channel: 'console', chatId: 'owner', externalUserId: 'owner', afterCommit: () => undefined },
    ));
    expect(answer).toEqual({ kind: 'not_allowed' });
    expect(await demo.knex('orders').where({ id: order.id }).first('status')).toEqual({ status: 'awaiting_payment' });
    expect(await demo.knex('audit_log').where('action', 'like', 'staff.%').count('* as n').first()).toEqual(before);
  });

  it('five wrong passwords lock a staff account for 15 minutes, as a reseller\'s; the lock is in the audit log', async () => {
    const chat = await consoleSession({ demo, key: { chatId: 'admin', userId: 'admin' } });
    try {
      for (let i = 0; i < 5; i++) {
        await chat.send('admin1');
        await chat.send('wrong');
      }
      await chat.send('admin1');
      const locked = await chat.send('admin-pass-1');
      expect(textOf(locked)).toContain('Too many failed attempts: this user is locked until 10:15 UTC.');
      expect(await audited('staff.locked')).toHaveLength(1);
    } finally {
      await chat.close();
    }
  });
});

describe('needs attention', () => {
  it('lists bank transfers waiting, with Confirm and Cancel on each', async () => {
    const waiting = await placeOrder();
    await staff.send('/menu');
    const list = await staff.press(/^Needs attention/);
    expect(lastText(list)).toContain(`Order ${waiting.number}, Acme Telecom`);
    expect(lastText(list)).toContain('bank transfer waiting for less than an hour');
    expect(labels(list)).toEqual(expect.arrayContaining([`Confirm payment ${waiting.number}`, `Cancel order ${waiting.number}`, `Open ${waiting.number}`]));
    await staff.press(`Cancel order ${waiting.number}`);
    const done = await staff.send('duplicate');
    expect(textOf(done)).toContain(`Order ${waiting.number} cancelled`);
  });

  it('an order fulfilled with a line not applied waits for staff until they add a note about it', async () => {
    const order = await placeOrder();
    await openFirst(order.reference);
    await staff.press('Confirm payment');
    await staff.send(`NL-TRX-LINES ${(order.totalCents / 100).toFixed(2)}`);
    await staff.send('arrived');
    // What the fulfilment writes when 3CX refused a line (see fulfilOrder).
    await demo.knex('audit_log').insert({ actor: 'fulfilment', action: 'order.fulfilment_problem', subject: `order:${order.id}`, details: { problems: [{ line: 'l1', key: null, reason: 'provider_refused', code: 'UpgradeIsNotAvailable' }] } });
    await staff.send('/menu');
    const list = await staff.press(/^Needs attention/);
    expect(lastText(list)).toContain(`Order ${order.number}, Acme Telecom B.V., ${money(order.totalCents, 'EUR')}: 1 line not applied`);
    await staff.press(`Add a note ${order.number}`);
    await staff.send('told the reseller; 3CX support case 4711');
    await staff.send('/menu');
    expect(lastText(await staff.press(/^Needs attention/))).not.toContain(`Order ${order.number},`);
  });

  it('logging out ends the staff session', async () => {
    await staff.send('/menu');
    const out = await staff.press('Log out');
    expect(textOf(out)).toContain('You are logged out.');
    expect(await demo.knex('staff_sessions').where({ chat_id: 'staff' }).count('* as n').first()).toEqual({ n: 0 });
    expect(await audited('staff.logout')).toHaveLength(1);
    expect((await staff.engine.home(staff.key)).kind).toBe('guest');
  });
});
