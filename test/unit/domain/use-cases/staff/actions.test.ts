// Staff actions against the in-memory store: each checks what it acts on first (the order's
// method, status, amount, the transfer's reference; the license's type and edition) and changes
// nothing when it does not fit; what it does is in the audit log with the reason.
import { describe, expect, it } from 'vitest';
import { actAsStaff, type StaffAction } from '../../../../../src/domain/use-cases/staff/actions';
import { NOW, TODAY, anAnnualLicense, aPerpetualLicense, testUuid } from '../../../../fakes/mother';
import { aWorldWithUsers, expectKind, newLicense } from '../world';
import { checkoutTotals } from '../../../../../src/domain/use-cases/checkout';
import { viewCart } from '../../../../../src/domain/use-cases/cart';
import { paymentReference } from '../../../../../src/domain/orders/payment-reference';

const annual = anAnnualLicense({ edition: 'professional', sc: 16, expiresOn: '2027-06-14' });
const perpetual = aPerpetualLicense({ edition: 'enterprise', sc: 32, maintenanceUntil: '2027-03-01' });
const ACTOR = { id: testUuid(950), name: 'Sam Staff' };

function setUp() {
  const world = aWorldWithUsers({ licenses: [annual, perpetual] });
  async function order() {
    expectKind(await world.add(world.owner, newLicense()), 'added');
    const totals = await world.run(async (repos) => checkoutTotals((await viewCart(repos, { user: world.owner, reseller: world.reseller })).lines, world.reseller, null));
    return expectKind(await world.place(world.owner, { confirmedTotalCents: totals.totalCents }), 'placed').order;
  }
  const act = (action: StaffAction, reason = 'a reason') => world.run((repos) => actAsStaff(repos, action, { actor: ACTOR, reason, at: NOW, today: TODAY, licenses: world.provider }));
  const staffAudit = () => world.store.state.audit.filter((a) => a.action.startsWith('staff.'));
  return { world, order, act, staffAudit };
}

describe('actAsStaff', () => {
  it('does nothing without a reason', async () => {
    const { order, act, staffAudit } = setUp();
    const o = await order();
    expect(await act({ kind: 'cancel_order', orderId: o.id }, '   ')).toEqual({ kind: 'refused', why: { kind: 'reason_missing' } });
    expect(staffAudit()).toEqual([]);
  });

  it('confirms a transfer only up to its total, with a reference of its own and one not recorded before', async () => {
    const { world, order, act, staffAudit } = setUp();
    const o = await order();
    const confirm = (bankReference: string, amountCents = o.totalCents) => act({ kind: 'confirm_payment', orderId: o.id, bankReference, amountCents });
    expect(await confirm('BANK-1', o.totalCents + 1)).toEqual({ kind: 'refused', why: { kind: 'amount_differs', expectedCents: o.totalCents, givenCents: o.totalCents + 1, currency: 'EUR' } });
    expect(await confirm('BANK-1', 0)).toEqual({ kind: 'refused', why: { kind: 'amount_differs', expectedCents: o.totalCents, givenCents: 0, currency: 'EUR' } });
    expect(await confirm(`transfer ${paymentReference(999)} from Acme`)).toEqual({ kind: 'refused', why: { kind: 'reference_of_another_order', orderNumber: 999 } });
    expect(world.store.state.payments).toEqual([]);
    const done = expectKind(await confirm(`transfer ${o.paymentReference}`), 'done');
    expect(done.summary).toEqual({ order: o.number, status: 'fulfilled' });
    expect(staffAudit()).toEqual([expect.objectContaining({ actor: `staff:${ACTOR.id}`, action: 'staff.payment_confirmed', subject: `order:${o.id}`, details: expect.objectContaining({ reason: 'a reason', before: { status: 'awaiting_payment' }, after: { status: 'fulfilled' } }) })]);
    // Pressed again (late, from another chat): nothing more, and why.
    expect(await confirm('BANK-2')).toEqual({ kind: 'refused', why: { kind: 'order_status', status: 'fulfilled' } });
  });

  it('keeps a lower amount as a part payment; the rest completes the order, fulfilled once', async () => {
    const { world, order, act, staffAudit } = setUp();
    const o = await order();
    const confirm = (bankReference: string, amountCents: number) => act({ kind: 'confirm_payment', orderId: o.id, bankReference, amountCents });
    const first = 12_345;
    const part = expectKind(await confirm('BANK-P1', first), 'done');
    expect(part.summary).toEqual({ order: o.number, status: 'awaiting_payment', receivedCents: first, dueCents: o.totalCents - first, currency: 'EUR' });
    expect(world.store.state.orders.find((r) => r.id === o.id)).toMatchObject({ status: 'awaiting_payment' });
    expect(world.store.state.payments.map((p) => [p.providerRef, p.status, p.amountCents])).toEqual([['BANK-P1', 'partial', first]]);
    expect(world.store.state.outbox.filter((m) => m.kind === 'payment_part_received').map((m) => m.payload)).toEqual([{ providerRef: 'BANK-P1', receivedCents: first, dueCents: o.totalCents - first }]);
    expect(staffAudit()).toEqual([expect.objectContaining({ action: 'staff.payment_partial', subject: `order:${o.id}`, details: expect.objectContaining({
      bankReference: 'BANK-P1', amountCents: first, before: { status: 'awaiting_payment', receivedCents: 0, dueCents: o.totalCents }, after: { status: 'awaiting_payment', receivedCents: first, dueCents: o.totalCents - first },
    }) })]);
    // More than the rest is refused; the same bank reference again too.
    expect(await confirm('BANK-P2', o.totalCents - first + 1)).toMatchObject({ kind: 'refused', why: { kind: 'amount_differs', expectedCents: o.totalCents - first } });
    expect(await confirm('BANK-P1', 100)).toEqual({ kind: 'refused', why: { kind: 'reference_used' } });
    const rest = expectKind(await confirm('BANK-P2', o.totalCents - first), 'done');
    expect(rest.summary).toEqual({ order: o.number, status: 'fulfilled' });
    expect(world.store.state.payments.map((p) => [p.providerRef, p.status])).toEqual([['BANK-P1', 'partial'], ['BANK-P2', 'completed']]);
    expect(world.store.state.invoices.filter((i) => i.orderId === o.id)).toHaveLength(1);
    expect(world.store.state.outbox.filter((m) => m.kind === 'order_fulfilled')).toHaveLength(1);
    expect(staffAudit().map((a) => a.action)).toEqual(['staff.payment_partial', 'staff.payment_confirmed']);
    expect(await confirm('BANK-P3', 1)).toEqual({ kind: 'refused', why: { kind: 'order_status', status: 'fulfilled' } });
  });

  it('a part payment of an order cancelled before the rest came is kept for a refund', async () => {
    const { world, order, act } = setUp();
    const o = await order();
    expectKind(await act({ kind: 'confirm_payment', orderId: o.id, bankReference: 'BANK-C1', amountCents: 5_000 }), 'done');
    expect(await act({ kind: 'refund_payment', orderId: o.id, providerRef: 'BANK-C1' })).toEqual({ kind: 'refused', why: { kind: 'payment_not_kept', status: 'partial' } });
    expectKind(await act({ kind: 'cancel_order', orderId: o.id }), 'done');
    expectKind(await act({ kind: 'refund_payment', orderId: o.id, providerRef: 'BANK-C1' }), 'done');
    expect(world.store.state.payments.map((p) => [p.providerRef, p.status])).toEqual([['BANK-C1', 'refunded_by_staff']]);
  });

  it('a bank reference already recorded for a payment is refused', async () => {
    const { order, act } = setUp();
    const first = await order();
    const second = await order();
    expectKind(await act({ kind: 'confirm_payment', orderId: first.id, bankReference: 'BANK-SAME', amountCents: first.totalCents }), 'done');
    expect(await act({ kind: 'confirm_payment', orderId: second.id, bankReference: 'BANK-SAME', amountCents: second.totalCents })).toEqual({ kind: 'refused', why: { kind: 'reference_used' } });
  });

  it('cancels only an unpaid order; a refund only a paid one', async () => {
    const { order, act } = setUp();
    const o = await order();
    expect(await act({ kind: 'refund_order', orderId: o.id })).toEqual({ kind: 'refused', why: { kind: 'order_status', status: 'awaiting_payment' } });
    expectKind(await act({ kind: 'cancel_order', orderId: o.id }), 'done');
    expect(await act({ kind: 'cancel_order', orderId: o.id })).toEqual({ kind: 'refused', why: { kind: 'order_status', status: 'cancelled' } });
  });

  it('corrects a license by its own kind of date, or a size of its edition; the same value is no change', async () => {
    const { world, act, staffAudit } = setUp();
    const correct = (licenseId: string, correction: Extract<StaffAction, { kind: 'correct_license' }>['correction']) => act({ kind: 'correct_license', licenseId, correction });
    expect(await correct(annual.id, { field: 'maintenanceUntil', date: '2028-01-01' })).toMatchObject({ why: { kind: 'invalid_correction', why: 'not_perpetual' } });
    expect(await correct(perpetual.id, { field: 'expiresOn', date: '2028-01-01' })).toMatchObject({ why: { kind: 'invalid_correction', why: 'not_annual' } });
    expect(await correct(annual.id, { field: 'sc', sc: 20 })).toMatchObject({ why: { kind: 'invalid_correction', why: 'not_a_tier' } });
    expect(await correct(annual.id, { field: 'expiresOn', date: '2027-02-30' })).toMatchObject({ why: { kind: 'invalid_correction', why: 'date' } });
    expect(await correct(annual.id, { field: 'sc', sc: 16 })).toEqual({ kind: 'refused', why: { kind: 'unchanged' } });
    expectKind(await correct(annual.id, { field: 'expiresOn', date: '2027-07-01' }), 'done');
    expect(world.store.state.licenses.find((l) => l.id === annual.id)?.expiresOn).toBe('2027-07-01');
    expect(staffAudit().map((a) => a.details)).toEqual([expect.objectContaining({ before: { expiresOn: '2027-06-14' }, after: { expiresOn: '2027-07-01' } })]);
  });

  it('moves a license to an end customer by name (added when new) or refuses an unknown reseller', async () => {
    const { world, act } = setUp();
    expect(await act({ kind: 'move_license', licenseId: annual.id, move: { to: 'reseller', partnerId: 'nobody' } })).toEqual({ kind: 'refused', why: { kind: 'no_such_reseller', partnerId: 'nobody' } });
    expect(await act({ kind: 'move_license', licenseId: annual.id, move: { to: 'reseller', partnerId: world.reseller.partnerId } })).toEqual({ kind: 'refused', why: { kind: 'unchanged' } });
    expectKind(await act({ kind: 'move_license', licenseId: annual.id, move: { to: 'customer', company: 'Harbor Dental' } }), 'done');
    const customer = world.store.state.customers.find((c) => c.company === 'Harbor Dental');
    expect(world.store.state.licenses.find((l) => l.id === annual.id)?.customerId).toBe(customer?.id);
  });
});
