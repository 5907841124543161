// The staff desk's look-ups on the in-memory store (as the SQL ones on PostgreSQL): finding by
// any identifier or part of a name, the cards with their history and actions, what waits for
// staff (with a part payment's amount still due), and the digest's figures.
import { describe, expect, it } from 'vitest';
import { cardView } from '../../../../../src/conversation/flows/staff/commands';
import { actAsStaff, type StaffAction } from '../../../../../src/domain/use-cases/staff/actions';
import { viewCart } from '../../../../../src/domain/use-cases/cart';
import { checkoutTotals } from '../../../../../src/domain/use-cases/checkout';
import { NOW, TODAY, anAnnualLicense, testUuid } from '../../../../fakes/mother';
import { aWorldWithUsers, expectKind, newLicense } from '../world';

const annual = anAnnualLicense({ edition: 'professional', sc: 16, expiresOn: '2027-06-14' });
const ACTOR = { id: testUuid(950), name: 'Sam Staff' };

function setUp() {
  const world = aWorldWithUsers({ licenses: [annual], staffUsers: [{ id: ACTOR.id, username: 'sam', name: ACTOR.name, role: 'staff', active: true, passwordHash: 'x', failedAttempts: 0, lockedUntil: null }] });
  async function order() {
    expectKind(await world.add(world.owner, newLicense()), 'added');
    const totals = await world.run(async (repos) => checkoutTotals((await viewCart(repos, { user: world.owner, reseller: world.reseller })).lines, world.reseller, null));
    return expectKind(await world.place(world.owner, { confirmedTotalCents: totals.totalCents }), 'placed').order;
  }
  const act = (action: StaffAction, reason = 'a reason') => world.run((repos) => actAsStaff(repos, action, { actor: ACTOR, reason, at: NOW, today: TODAY, licenses: world.provider }));
  const desk = <T>(look: (d: Parameters<Parameters<typeof world.run>[0]>[0]['staffDesk']) => Promise<T>) => world.run((repos) => look(repos.staffDesk));
  return { world, order, act, desk };
}

describe('the staff desk on the in-memory store', () => {
  it('finds an order by number and reference, a license by part of its key, a reseller and a user by part of a name', async () => {
    const { world, order, desk } = setUp();
    const o = await order();
    expect(await desk((d) => d.search(o.paymentReference.toLowerCase(), 8))).toEqual([
      expect.objectContaining({ kind: 'order', label: `Order ${o.number} (${o.paymentReference}), ${world.reseller.company}: awaiting_payment`, opens: { kind: 'order', id: o.id } }),
    ]);
    expect((await desk((d) => d.search(String(o.number), 8)))[0]).toMatchObject({ kind: 'order', opens: { id: o.id } });
    expect(await desk((d) => d.search(annual.key.replace(/-/g, '').slice(2, 10), 8))).toEqual([expect.objectContaining({ kind: 'license', opens: { kind: 'license', id: annual.id } })]);
    const byName = await desk((d) => d.search(world.reseller.company.slice(0, 5).toUpperCase(), 8));
    expect(byName).toContainEqual(expect.objectContaining({ kind: 'reseller', opens: { kind: 'reseller', id: world.reseller.id } }));
    expect(await desk((d) => d.search(world.sales.username, 8))).toContainEqual(expect.objectContaining({ kind: 'user', opens: { kind: 'reseller', id: world.reseller.id } }));
    expect(await desk((d) => d.search('nothing-like-this', 8))).toEqual([]);
  });

  it('shows an order card with its payments, invoice, history and the actions that fit it; a part payment leaves what is still due', async () => {
    const { order, act, desk } = setUp();
    const o = await order();
    expectKind(await act({ kind: 'confirm_payment', orderId: o.id, bankReference: 'BANK-1', amountCents: 1_000 }, 'first part'), 'done');
    const card = await desk((d) => d.card('order', o.id));
    expect(card).toMatchObject({ kind: 'order', payments: [expect.objectContaining({ providerRef: 'BANK-1', status: 'partial' })], documents: [expect.objectContaining({ kind: 'invoice', status: 'unpaid' })] });
    const view = cardView(card as NonNullable<typeof card>, NOW);
    expect(view.actions).toEqual(expect.arrayContaining(['confirm', 'cancel', 'resend', 'note']));
    expect(view.text).toContain('Received in part: EUR 10.00');
    expect(view.text).toMatch(/payment_partial by Sam Staff \(sam\): "first part"/);
    expect(view.order?.due).toBeDefined();
    expect(await desk((d) => d.attention(NOW))).toEqual([expect.objectContaining({ orderId: o.id, reason: expect.objectContaining({ kind: 'offline_payment', receivedCents: 1_000 }) })]);
    const digest = await desk((d) => d.digest(new Date(NOW.getTime() - 3_600_000), new Date(NOW.getTime() + 1)));
    expect(digest.offlineWaiting).toEqual([expect.objectContaining({ orderNumber: o.number, totalCents: o.totalCents, receivedCents: 1_000 })]);
  });

  it('shows reseller, end customer and license cards; a note is in the history', async () => {
    const { world, act, desk } = setUp();
    expectKind(await act({ kind: 'move_license', licenseId: annual.id, move: { to: 'customer', company: 'Harbor Dental' } }), 'done');
    expectKind(await act({ kind: 'note', subject: { kind: 'license', id: annual.id } }, 'called them'), 'done');
    const license = await desk((d) => d.card('license', annual.id));
    expect(license).toMatchObject({ kind: 'license', license: { key: annual.key, customerName: 'Harbor Dental' }, reseller: { id: world.reseller.id } });
    expect(license?.history.map((h) => [h.action, h.actorName, h.details.reason])).toEqual([['staff.note', 'sam', 'called them'], ['staff.license_moved', 'sam', 'a reason']]);
    const customerId = world.store.state.licenses.find((l) => l.id === annual.id)?.customerId as string;
    expect(await desk((d) => d.card('customer', customerId))).toMatchObject({ kind: 'customer', company: 'Harbor Dental', licenses: [expect.objectContaining({ id: annual.id })] });
    expect(await desk((d) => d.card('reseller', world.reseller.id))).toMatchObject({ kind: 'reseller', licenseCount: 1, users: expect.arrayContaining([expect.objectContaining({ username: world.owner.username })]) });
    expect(await desk((d) => d.card('order', 'not-a-uuid'))).toBeUndefined();
  });

  it('lists a payment to refund, and counts the digest\'s payments received and transfers waiting', async () => {
    const { order, act, desk } = setUp();
    const paid = await order();
    const waiting = await order();
    expectKind(await act({ kind: 'confirm_payment', orderId: paid.id, bankReference: 'BANK-P', amountCents: paid.totalCents }), 'done');
    expectKind(await act({ kind: 'cancel_order', orderId: waiting.id }), 'done');
    expect(await desk((d) => d.attention(NOW))).toEqual([]);
    const third = await order();
    expectKind(await act({ kind: 'confirm_payment', orderId: third.id, bankReference: 'BANK-T', amountCents: 500 }), 'done');
    expectKind(await act({ kind: 'cancel_order', orderId: third.id }), 'done');
    expect(await desk((d) => d.attention(NOW))).toEqual([expect.objectContaining({ orderId: third.id, reason: expect.objectContaining({ kind: 'payment_to_refund', providerRef: 'BANK-T', status: 'partial' }) })]);
    const digest = await desk((d) => d.digest(new Date(NOW.getTime() - 3_600_000), new Date(NOW.getTime() + 1)));
    expect(digest).toMatchObject({ paymentsReceived: { count: 1, byCurrency: [{ currency: 'EUR', cents: paid.totalCents }] }, offlineWaiting: [], ordersNeedingStaff: 1, remindersSent: 0 });
  });
});
