import { describe, expect, it } from 'vitest';
import type { ResellerUser } from '../../../../src/domain/accounts/accounts';
import { changeOfStep } from '../../../../src/domain/orders/fulfilment';
import type { Order } from '../../../../src/domain/orders/order';
import type { PlacedLine, PlacementRequest, ProvidedLicense, RemoteLicenseProvider, RemotePlacement } from '../../../../src/domain/ports';
import type { LineRequest } from '../../../../src/domain/pricing/line';
import { viewCart } from '../../../../src/domain/use-cases/cart';
import { checkoutTotals } from '../../../../src/domain/use-cases/checkout';
import { markOrderPaid } from '../../../../src/domain/use-cases/orders';
import { MAX_PLACEMENT_ATTEMPTS, placeAtProvider, recordPlacementByStaff } from '../../../../src/domain/use-cases/placement';
import { fulfilPaidOrder, settlePayment, tellFulfilmentDelayed } from '../../../../src/domain/use-cases/settle-payment';
import { NOW, TODAY, aPerpetualLicense, anAnnualLicense } from '../../../fakes/mother';
import { aWorldWithUsers, expectKind, newLicense, paymentOf } from './world';

const TIMEOUT_MS = 1_000;
/** How long a claim may stay `placing` before it counts as hung: the provider's longest call and a minute. */
const HUNG_AFTER_MS = TIMEOUT_MS + 60_000;
const at = (ms: number) => new Date(NOW.getTime() + ms);
const LATER = at(5 * 60_000);

const running = anAnnualLicense({ edition: 'professional', sc: 8, expiresOn: '2027-03-01' });
const perpetual = aPerpetualLicense({ edition: 'enterprise', sc: 32, maintenanceUntil: '2027-03-01' });
const upgradeOf = anAnnualLicense({ edition: 'professional', sc: 16, expiresOn: '2027-06-14' });
const keyLine = (license: typeof running, rest: Record<string, unknown>) => ({ licenseId: license.id, licenseKey: license.key, ...rest }) as LineRequest;

/** What the scripted provider does on one call: answer, or throw. */
type Script = RemotePlacement | Error;

/**
 * The 3CX Order API's twin: records every `place` call and answers it from a queue of scripted
 * results. `hold()` makes calls wait until released, so that two placements can overlap.
 */
function scriptedProvider() {
  const calls: PlacementRequest[] = [];
  const scripts: Script[] = [];
  let gate: Promise<void> | undefined;
  const provider: RemoteLicenseProvider = {
    name: '3cx',
    placement: 'remote',
    placementTimeoutMs: TIMEOUT_MS,
    lookup: (key, repos) => repos.licenses.findByKey(key),
    check: async (changes) => changes.map(() => undefined),
    async place(request) {
      calls.push(request);
      const script = scripts.shift();
      if (gate) await gate;
      if (script === undefined) throw new Error(`unscripted call ${calls.length} to place order ${request.orderNumber}`);
      if (script instanceof Error) throw script;
      return script;
    },
  };
  return Object.assign(provider, {
    calls,
    /** Queues the answers of the next calls, in order. */
    answer: (...next: Script[]) => void scripts.push(...next),
    /** Holds every call until the returned function is called. */
    hold: () => {
      let release = () => undefined as void;
      gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      return () => {
        gate = undefined;
        release();
      };
    },
  });
}

/** A license as 3CX reports it: an annual Professional 16 SC by default. */
function provided(key: string, overrides: Partial<ProvidedLicense> = {}): ProvidedLicense {
  return { key, type: 'annual', edition: 'professional', sc: 16, expiresOn: '2027-11-26', maintenanceUntil: null, ...overrides };
}

const done = (line: { id: string } | undefined, licenses: ProvidedLicense[] = []): PlacedLine => ({ lineId: line?.id ?? '', outcome: 'done', licenses });
const refused = (line: { id: string } | undefined, code: string): PlacedLine => ({ lineId: line?.id ?? '', outcome: 'refused', code });
const placed = (lines: PlacedLine[], reference = '3CX-77001'): RemotePlacement => ({ kind: 'placed', placement: { reference, lines }, response: { orderId: reference } });

function setUp() {
  const world = aWorldWithUsers({ licenses: [running, perpetual, upgradeOf] });
  const provider = scriptedProvider();
  /** Fills the owner's cart with the sandbox's checks and places it at the total it shows. */
  async function order(lines: LineRequest[], user: ResellerUser = world.owner): Promise<Order> {
    for (const line of lines) expectKind(await world.add(user, line), 'added');
    const totals = await world.run(async (repos) => checkoutTotals((await viewCart(repos, { user, reseller: world.reseller })).lines, world.reseller, null));
    return expectKind(await world.place(user, { confirmedTotalCents: totals.totalCents }), 'placed').order;
  }
  const pay = (o: Order, ref = `bank-${o.number}`) => world.run((repos) => markOrderPaid(repos, { orderId: o.id, payment: paymentOf(o, ref), at: NOW, actor: 'staff:ann' }));
  const settle = (o: Order) =>
    world.run((repos) =>
      settlePayment(repos, provider, {
        orderId: o.id, method: 'offline', providerRef: `bank-${o.number}`, confirmedBy: 'staff:ann', at: NOW, today: TODAY,
        payment: { outcome: 'completed', providerStatus: 'confirmed_by_staff', amountCents: o.totalCents, currency: o.currency },
      }),
    );
  const placeIt = (o: Order, now = LATER) => placeAtProvider(world.store, provider, { orderId: o.id, now, today: TODAY });
  const fulfil = (o: Order, now = LATER) => world.run((repos) => fulfilPaidOrder(repos, provider, { orderId: o.id, at: now, today: TODAY }));
  const row = (o: Order) => world.store.state.providerOrders.find((p) => p.orderId === o.id);
  const orderRow = (o: Order) => world.store.state.orders.find((r) => r.id === o.id);
  const license = (id: string) => world.store.state.licenses.find((l) => l.id === id);
  const auditOf = (o: Order, prefix = 'order.placement') =>
    world.store.state.audit.filter((a) => a.subject === `order:${o.id}` && a.action.startsWith(prefix)).map((a) => [a.actor, a.action, a.details]);
  return { ...world, provider, order, pay, settle, placeIt, fulfil, row, orderRow, license, auditOf };
}

/** A paid order of one new license, waiting for its placement at 3CX. */
async function aPaidOrder(world: ReturnType<typeof setUp>) {
  const o = await world.order([newLicense()]);
  expectKind(await world.pay(o), 'changed');
  return o;
}

describe('settling a payment with a remote provider, then placing and fulfilling the order', () => {
  it('marks the order paid and waits; 3CX is asked once; the terms it reports are the ones recorded', async () => {
    const world = setUp();
    const o = await world.order([
      newLicense({ quantity: 2, additionalYears: 1 }),
      keyLine(running, { kind: 'renew_annual', years: 2 }),
      keyLine(perpetual, { kind: 'renew_maintenance', years: 1 }),
      keyLine(upgradeOf, { kind: 'upgrade', toEdition: 'professional', toSc: 32 }),
    ]);
    const [newLine, renewal, maintenance, upgrade] = o.lines;

    expect(await world.settle(o)).toEqual({ kind: 'awaiting_placement', orderId: o.id, outbox: [] });
    expect(world.orderRow(o)).toMatchObject({ status: 'paid', paidAt: NOW, fulfilledAt: null });
    expect(world.store.state.licenseEvents.filter((e) => e.orderId === o.id)).toEqual([]);
    // A bank transfer was invoiced when it was placed: that invoice is paid now; nothing else is issued.
    expect(world.store.state.invoices.map((i) => [i.orderId, i.status])).toEqual([[o.id, 'paid']]);
    expect(world.store.state.outbox).toEqual([]);
    expect(world.store.state.providerOrders).toEqual([]);
    expect(world.provider.calls).toEqual([]);
    // Fulfilling before 3CX has answered changes nothing.
    expect(await world.fulfil(o)).toEqual({ kind: 'awaiting_placement', orderId: o.id, outbox: [] });

    // 3CX's own dates differ from our plan (2028-11-26, 2029-03-01, 2028-03-01); the upgrade it reports without terms.
    world.provider.answer(
      placed([
        done(newLine, [provided('3CXK-0000-0000-0001', { expiresOn: '2028-12-31' }), provided('3CXK-0000-0000-0002', { expiresOn: '2028-12-31' })]),
        done(renewal, [provided(running.key, { sc: 8, expiresOn: '2029-03-02' })]),
        done(maintenance, [provided(perpetual.key, { type: 'perpetual', edition: 'enterprise', sc: 32, expiresOn: null, maintenanceUntil: '2028-03-15' })]),
        done(upgrade),
      ]),
    );
    expect(await world.placeIt(o)).toEqual({ kind: 'placed' });
    expect(world.provider.calls).toHaveLength(1);
    const request = world.provider.calls[0];
    expect(request).toMatchObject({ orderId: o.id, orderNumber: o.number, partnerId: world.reseller.partnerId });
    const changes = [
      { kind: 'new_license', edition: 'professional', sc: 16, quantity: 2, years: 2 },
      { kind: 'renew_annual', key: running.key, years: 2 },
      { kind: 'renew_maintenance', key: perpetual.key, years: 1 },
      { kind: 'upgrade', key: upgradeOf.key, edition: 'professional', sc: 32 },
    ];
    expect(request?.steps.map((s) => [s.line.id, changeOfStep(s)])).toEqual(o.lines.map((l, i) => [l.id, changes[i]]));
    expect(world.row(o)).toMatchObject({
      provider: '3cx', status: 'placed', attempts: 1, error: null, updatedAt: LATER.toISOString(), response: { orderId: '3CX-77001' },
      request: { orderNumber: o.number, partnerId: world.reseller.partnerId, lines: o.lines.map((l, i) => ({ lineId: l.id, ...changes[i] })) },
    });
    expect(world.row(o)?.placement?.reference).toBe('3CX-77001');
    expect(world.auditOf(o, 'order.placed_at_provider')).toEqual([['provider:3cx', 'order.placed_at_provider', { reference: '3CX-77001', refused: [] }]]);
    // Still paid: placing records 3CX's answer, fulfilling applies it.
    expect(world.orderRow(o)?.status).toBe('paid');

    const fulfilled = expectKind(await world.fulfil(o), 'fulfilled');
    expect(world.orderRow(o)).toMatchObject({ status: 'fulfilled', fulfilledAt: LATER });
    const issued = world.store.state.licenses.filter((l) => l.key.startsWith('3CXK-'));
    expect(issued.map(({ id: _id, ...l }) => l)).toEqual(
      ['3CXK-0000-0000-0001', '3CXK-0000-0000-0002'].map((key) => ({
        key, resellerId: world.reseller.id, customerId: null, type: 'annual', edition: 'professional', sc: 16, expiresOn: '2028-12-31',
        maintenanceUntil: null, paymentFlag: null, remindersStopped: false,
      })),
    );
    expect(world.license(running.id)).toMatchObject({ sc: 8, expiresOn: '2029-03-02' });
    expect(world.license(perpetual.id)).toMatchObject({ maintenanceUntil: '2028-03-15', expiresOn: null });
    // Where 3CX reported nothing about the license, the plan's terms apply.
    expect(world.license(upgradeOf.id)).toMatchObject({ edition: 'professional', sc: 32, expiresOn: '2027-06-14' });
    const events = world.store.state.licenseEvents.filter((e) => e.orderId === o.id);
    expect(events.map((e) => [e.kind, e.licenseId, e.orderLineId, e.before, e.after])).toEqual([
      ['issued', issued[0]?.id, newLine?.id, null, { edition: 'professional', sc: 16, expiresOn: '2028-12-31' }],
      ['issued', issued[1]?.id, newLine?.id, null, { edition: 'professional', sc: 16, expiresOn: '2028-12-31' }],
      ['renewed', running.id, renewal?.id, { expiresOn: '2027-03-01' }, { expiresOn: '2029-03-02', years: 2 }],
      ['maintenance_renewed', perpetual.id, maintenance?.id, { maintenanceUntil: '2027-03-01' }, { maintenanceUntil: '2028-03-15', years: 1 }],
      ['upgraded', upgradeOf.id, upgrade?.id, { edition: 'professional', sc: 16 }, { edition: 'professional', sc: 32 }],
    ]);
    expect(world.store.state.invoices.map((i) => [i.number, i.orderId, i.totalCents])).toEqual([['INV-2026-000001', o.id, o.totalCents]]);
    expect(world.store.state.outbox.map((m) => ({ ...m }))).toEqual([
      {
        id: fulfilled.outbox[0], kind: 'order_fulfilled', dedupeKey: `order_fulfilled:${o.id}`, orderId: o.id, userId: world.owner.id, channel: 'console', chatId: 'local',
        payload: {
          invoiceNumber: 'INV-2026-000001', invoiceId: world.store.state.invoices[0]?.id, issued: [{ lineId: newLine?.id, keys: ['3CXK-0000-0000-0001', '3CXK-0000-0000-0002'] }], problems: [],
        },
      },
    ]);
    expect(world.provider.calls).toHaveLength(1);
  });

  it('never moves a term back: a renewal 3CX placed earlier but fulfilled later keeps the later expiry', async () => {
    const world = setUp();
    const first = await world.order([keyLine(running, { kind: 'renew_annual', years: 1 })]);
    await world.settle(first);
    const second = await world.order([keyLine(running, { kind: 'renew_annual', years: 1 })]);
    await world.settle(second);
    // Placed in order at 3CX: 2027-03-01 → 2028-03-01 → 2029-03-01.
    world.provider.answer(placed([done(first.lines[0], [provided(running.key, { sc: 8, expiresOn: '2028-03-01' })])]));
    world.provider.answer(placed([done(second.lines[0], [provided(running.key, { sc: 8, expiresOn: '2029-03-01' })])]));
    expect(await world.placeIt(first)).toEqual({ kind: 'placed' });
    expect(await world.placeIt(second)).toEqual({ kind: 'placed' });
    // Fulfilled the other way round (the first one's transaction was retried).
    expectKind(await world.fulfil(second), 'fulfilled');
    expect(world.license(running.id)).toMatchObject({ expiresOn: '2029-03-01' });
    expectKind(await world.fulfil(first), 'fulfilled');
    expect(world.license(running.id)).toMatchObject({ expiresOn: '2029-03-01' });
  });

  it('applies what 3CX carried out even when another order changed the license since (no work of 3CX dropped)', async () => {
    const world = setUp();
    const upgradeOrder = await world.order([keyLine(upgradeOf, { kind: 'upgrade', toEdition: 'professional', toSc: 32 })]);
    await world.settle(upgradeOrder);
    const renewalOrder = await world.order([keyLine(upgradeOf, { kind: 'renew_annual', years: 1 })]);
    await world.settle(renewalOrder);
    world.provider.answer(placed([done(upgradeOrder.lines[0])]), placed([done(renewalOrder.lines[0], [provided(upgradeOf.key, { sc: 32, expiresOn: '2028-06-14' })])]));
    expect(await world.placeIt(upgradeOrder)).toEqual({ kind: 'placed' });
    expect(await world.placeIt(renewalOrder)).toEqual({ kind: 'placed' });
    // The renewal is applied first: the expiry the upgrade was priced for is gone.
    expectKind(await world.fulfil(renewalOrder), 'fulfilled');
    const upgraded = expectKind(await world.fulfil(upgradeOrder), 'fulfilled');
    expect(world.store.state.outbox.find((m) => m.id === upgraded.outbox[0])?.payload).toMatchObject({ problems: [] });
    expect(world.license(upgradeOf.id)).toMatchObject({ edition: 'professional', sc: 32, expiresOn: '2028-06-14' });
  });

  it('applies the lines 3CX carried out and hands a refused one to staff with its code', async () => {
    const world = setUp();
    const o = await world.order([newLicense(), keyLine(running, { kind: 'renew_annual', years: 1 })]);
    const [newLine, renewal] = o.lines;
    await world.settle(o);
    world.provider.answer(placed([done(newLine, [provided('3CXK-0000-0000-0009')]), refused(renewal, 'LICENSE_SUSPENDED')]));
    expect(await world.placeIt(o)).toEqual({ kind: 'placed' });
    expect(world.auditOf(o, 'order.placed_at_provider')).toEqual([
      ['provider:3cx', 'order.placed_at_provider', { reference: '3CX-77001', refused: [{ line: renewal?.id, code: 'LICENSE_SUSPENDED' }] }],
    ]);

    const result = expectKind(await world.fulfil(o), 'fulfilled');
    expect(world.orderRow(o)?.status).toBe('fulfilled');
    expect(world.store.state.licenses.filter((l) => l.key === '3CXK-0000-0000-0009')).toHaveLength(1);
    expect(world.license(running.id)?.expiresOn).toBe('2027-03-01');
    expect(world.store.state.licenseEvents.filter((e) => e.orderId === o.id).map((e) => e.kind)).toEqual(['issued']);
    expect(world.store.state.outbox.find((m) => m.id === result.outbox[0])?.payload).toMatchObject({
      issued: [{ lineId: newLine?.id, keys: ['3CXK-0000-0000-0009'] }],
      problems: [{ key: running.key, line: renewal?.description, reason: 'provider_refused', code: 'LICENSE_SUSPENDED' }],
    });
    expect(world.auditOf(o, 'order.fulfilment_problem').map(([, , details]) => details)).toEqual([
      { problems: [{ line: renewal?.id, key: running.key, reason: 'provider_refused', code: 'LICENSE_SUSPENDED' }] },
    ]);
    expect(world.store.state.invoices).toHaveLength(1);
  });
});

describe('placeAtProvider', () => {
  it('an answer that comes after its attempt was given up on changes nothing, and is kept for staff', async () => {
    const world = setUp();
    const o = await aPaidOrder(world);
    const slow = placed([done(o.lines[0], [provided('3CXK-0000-0000-0001')])]);
    const second = placed([done(o.lines[0], [provided('3CXK-0000-0000-0002')])]);
    world.provider.answer(slow, second);
    const release = world.provider.hold();
    const first = world.placeIt(o, at(0));
    // The first call hangs; the claim is handed to staff, who reopen it; a second attempt starts.
    expect(await world.placeIt(o, at(HUNG_AFTER_MS + 1))).toMatchObject({ kind: 'needs_staff', status: 'uncertain' });
    expect(await world.run((repos) => repos.providerOrders.reopen(o.id, at(HUNG_AFTER_MS + 2)))).toBe(true);
    const retried = world.placeIt(o, at(HUNG_AFTER_MS + 3));
    release();
    expect(await first).toMatchObject({ kind: 'needs_staff', status: 'uncertain' });
    expect(await retried).toEqual({ kind: 'placed' });
    expect(world.row(o)).toMatchObject({ status: 'placed', attempts: 2 });
    expect(world.row(o)?.placement?.lines).toEqual(second.kind === 'placed' ? second.placement.lines : []);
    const late = world.auditOf(o, 'order.placement_answer_late');
    expect(late).toHaveLength(1);
    expect(JSON.stringify(late)).toContain('3CXK-0000-0000-0001');
  });

  it('hands an order to staff after ten attempts that certainly placed nothing', async () => {
    const world = setUp();
    const o = await aPaidOrder(world);
    for (let attempt = 1; attempt < MAX_PLACEMENT_ATTEMPTS; attempt++) {
      world.provider.answer({ kind: 'not_placed', retryable: true, error: '3CX answered 429' });
      expect(await world.placeIt(o, at(attempt * 1000))).toMatchObject({ kind: 'retry_later' });
    }
    world.provider.answer({ kind: 'not_placed', retryable: true, error: '3CX answered 429' });
    expect(await world.placeIt(o, at(MAX_PLACEMENT_ATTEMPTS * 1000))).toEqual({ kind: 'needs_staff', status: 'refused', error: `gave up after ${MAX_PLACEMENT_ATTEMPTS} attempts: 3CX answered 429` });
    expect(world.row(o)).toMatchObject({ status: 'refused', attempts: MAX_PLACEMENT_ATTEMPTS });
    expect(await world.placeIt(o, at(HUNG_AFTER_MS * 10))).toMatchObject({ kind: 'needs_staff' });
    expect(world.provider.calls).toHaveLength(MAX_PLACEMENT_ATTEMPTS);
  });

  it('staff recording the keys of an uncertain order leave out the lines 3CX had refused before', async () => {
    const world = setUp();
    const o = await world.order([newLicense(), keyLine(upgradeOf, { kind: 'upgrade', toEdition: 'professional', toSc: 32 })]);
    expectKind(await world.pay(o), 'changed');
    const [newLine, upgrade] = o.lines;
    world.provider.answer({ kind: 'uncertain', error: 'timeout', refused: [{ lineId: upgrade?.id ?? '', code: 'CannotUpgradeKeyWithExpiredMaintenance' }] });
    expect(await world.placeIt(o)).toMatchObject({ kind: 'needs_staff', status: 'uncertain' });
    const recorded = await world.run((repos) => recordPlacementByStaff(repos, { orderId: o.id, keys: ['3CXK-0000-0000-0042'], now: LATER, today: TODAY, actor: 'staff:ann' }));
    expect(recorded).toEqual({ kind: 'recorded' });
    expect(world.row(o)?.placement?.lines).toEqual([done(newLine, [expect.objectContaining({ key: '3CXK-0000-0000-0042' }) as ProvidedLicense]), refused(upgrade, 'CannotUpgradeKeyWithExpiredMaintenance')]);
    const result = expectKind(await world.fulfil(o), 'fulfilled');
    expect(world.license(upgradeOf.id)).toMatchObject({ sc: 16 });
    expect(world.store.state.outbox.find((m) => m.id === result.outbox[0])?.payload).toMatchObject({ problems: [{ reason: 'provider_refused', code: 'CannotUpgradeKeyWithExpiredMaintenance' }] });
  });

  it('calls 3CX once when two workers place the same order at the same time', async () => {
    const world = setUp();
    const o = await aPaidOrder(world);
    world.provider.answer(placed([done(o.lines[0], [provided('3CXK-0000-0000-0001')])]));
    const release = world.provider.hold();
    const first = world.placeIt(o);
    const second = world.placeIt(o);
    // The second worker finds the first one's claim while 3CX has not answered yet.
    expect(await second).toEqual({ kind: 'in_progress' });
    expect(world.row(o)).toMatchObject({ status: 'placing', attempts: 1 });
    release();
    expect(await first).toEqual({ kind: 'placed' });
    expect(world.provider.calls).toHaveLength(1);

    // Once placed, it is never placed again.
    expect(await world.placeIt(o, at(HUNG_AFTER_MS * 2))).toEqual({ kind: 'placed' });
    expect(world.provider.calls).toHaveLength(1);
    expect(world.row(o)).toMatchObject({ status: 'placed', attempts: 1 });
  });

  it('calls 3CX once when both workers start together without waiting', async () => {
    const world = setUp();
    const o = await aPaidOrder(world);
    world.provider.answer(placed([done(o.lines[0], [provided('3CXK-0000-0000-0001')])]));
    const results = await Promise.all([world.placeIt(o), world.placeIt(o), world.placeIt(o)]);
    expect(results.map((r) => r.kind).sort()).toEqual(['in_progress', 'in_progress', 'placed']);
    expect(world.provider.calls).toHaveLength(1);
  });

  it('tries again later when 3CX certainly placed nothing, and claims it again', async () => {
    const world = setUp();
    const o = await aPaidOrder(world);
    world.provider.answer({ kind: 'not_placed', retryable: true, error: '503 Service Unavailable' });
    expect(await world.placeIt(o)).toEqual({ kind: 'retry_later', error: '503 Service Unavailable' });
    expect(world.row(o)).toMatchObject({ status: 'not_placed', error: '503 Service Unavailable', attempts: 1, placement: null, updatedAt: LATER.toISOString() });
    expect(world.auditOf(o)).toEqual([]);
    expect(await world.fulfil(o)).toMatchObject({ kind: 'awaiting_placement' });

    world.provider.answer(placed([done(o.lines[0], [provided('3CXK-0000-0000-0001')])]));
    const next = at(10 * 60_000);
    expect(await world.placeIt(o, next)).toEqual({ kind: 'placed' });
    expect(world.provider.calls).toHaveLength(2);
    expect(world.provider.calls[1]).toMatchObject({ orderId: o.id, orderNumber: o.number });
    expect(world.row(o)).toMatchObject({ status: 'placed', error: null, attempts: 2, updatedAt: next.toISOString() });
    expectKind(await world.fulfil(o, next), 'fulfilled');
  });

  it('waits for staff when 3CX refuses the order, and places it again once staff reopen it', async () => {
    const world = setUp();
    const o = await aPaidOrder(world);
    world.provider.answer({ kind: 'not_placed', retryable: false, error: '401 invalid API key' });
    const refusal = { kind: 'needs_staff', status: 'refused', error: '401 invalid API key' };
    expect(await world.placeIt(o)).toEqual(refusal);
    expect(world.row(o)).toMatchObject({ status: 'refused', error: '401 invalid API key', attempts: 1 });
    expect(world.auditOf(o)).toEqual([['provider:3cx', 'order.placement_refused', { error: '401 invalid API key' }]]);

    expect(await world.placeIt(o, at(HUNG_AFTER_MS * 10))).toEqual(refusal);
    expect(await world.placeIt(o, at(HUNG_AFTER_MS * 20))).toEqual(refusal);
    expect(world.provider.calls).toHaveLength(1);
    expect(await world.run((repos) => repos.providerOrders.waiting(at(HUNG_AFTER_MS * 20), 10))).toEqual([]);

    // Staff fixed the key at 3CX and reopen the order.
    const reopened = at(HUNG_AFTER_MS * 30);
    expect(await world.run((repos) => repos.providerOrders.reopen(o.id, reopened))).toBe(true);
    expect(world.row(o)).toMatchObject({ status: 'not_placed', attempts: 1 });
    world.provider.answer(placed([done(o.lines[0], [provided('3CXK-0000-0000-0001')])]));
    expect(await world.placeIt(o, reopened)).toEqual({ kind: 'placed' });
    expect(world.provider.calls).toHaveLength(2);
    expect(world.row(o)).toMatchObject({ status: 'placed', attempts: 2 });
    // Nothing to reopen once placed.
    expect(await world.run((repos) => repos.providerOrders.reopen(o.id, reopened))).toBe(false);
  });

  it('never asks 3CX again when it may have placed the order', async () => {
    const world = setUp();
    const o = await aPaidOrder(world);
    world.provider.answer({ kind: 'uncertain', error: 'timeout after 1000 ms', response: { partial: true } });
    const uncertain = { kind: 'needs_staff', status: 'uncertain', error: 'timeout after 1000 ms' };
    expect(await world.placeIt(o)).toEqual(uncertain);
    expect(world.row(o)).toMatchObject({ status: 'uncertain', error: 'timeout after 1000 ms', response: { partial: true }, placement: null });
    expect(world.auditOf(o)).toEqual([['provider:3cx', 'order.placement_uncertain', { error: 'timeout after 1000 ms' }]]);
    for (const later of [LATER, at(HUNG_AFTER_MS * 10), at(86_400_000)]) expect(await world.placeIt(o, later)).toEqual(uncertain);
    expect(world.provider.calls).toHaveLength(1);
    expect(await world.fulfil(o)).toMatchObject({ kind: 'awaiting_placement' });
    expect(world.orderRow(o)?.status).toBe('paid');
  });

  it('takes a call that throws as uncertain', async () => {
    const world = setUp();
    const o = await aPaidOrder(world);
    world.provider.answer(new Error('socket hang up'));
    expect(await world.placeIt(o)).toEqual({ kind: 'needs_staff', status: 'uncertain', error: 'socket hang up' });
    expect(world.row(o)).toMatchObject({ status: 'uncertain', error: 'socket hang up' });
    expect(await world.placeIt(o, at(HUNG_AFTER_MS * 10))).toMatchObject({ kind: 'needs_staff', status: 'uncertain' });
    expect(world.provider.calls).toHaveLength(1);
    // Staff checked at 3CX that nothing was ordered.
    expect(await world.run((repos) => repos.providerOrders.reopen(o.id, LATER))).toBe(true);
    world.provider.answer(placed([done(o.lines[0], [provided('3CXK-0000-0000-0001')])]));
    expect(await world.placeIt(o)).toEqual({ kind: 'placed' });
    expect(world.provider.calls).toHaveLength(2);
  });

  it('waits for a claim in progress, and hands one that never reported back to staff', async () => {
    const world = setUp();
    const o = await aPaidOrder(world);
    // A worker claimed the order at NOW and died in the call.
    expect(await world.run((repos) => repos.providerOrders.claim(o.id, '3cx', { orderNumber: o.number }, NOW))).toBe(1);

    expect(await world.placeIt(o, NOW)).toEqual({ kind: 'in_progress' });
    expect(await world.placeIt(o, at(HUNG_AFTER_MS - 1))).toEqual({ kind: 'in_progress' });
    expect(world.row(o)).toMatchObject({ status: 'placing' });
    expect(world.auditOf(o)).toEqual([]);

    const hung = at(HUNG_AFTER_MS);
    const error = `the call placing order ${o.number} (started ${NOW.toISOString()}) never reported back`;
    expect(await world.placeIt(o, hung)).toEqual({ kind: 'needs_staff', status: 'uncertain', error });
    expect(world.row(o)).toMatchObject({ status: 'uncertain', error, attempts: 1, updatedAt: hung.toISOString() });
    expect(world.auditOf(o)).toEqual([['provider:3cx', 'order.placement_uncertain', { error }]]);
    expect(await world.placeIt(o, at(HUNG_AFTER_MS * 10))).toEqual({ kind: 'needs_staff', status: 'uncertain', error });
    expect(world.auditOf(o)).toHaveLength(1);
    expect(world.provider.calls).toEqual([]);
  });

  it('places nothing for an order that is not paid, or already fulfilled', async () => {
    const world = setUp();
    const unpaid = await world.order([newLicense()]);
    expect(await world.placeIt(unpaid)).toEqual({ kind: 'not_needed' });
    expect(world.row(unpaid)).toBeUndefined();

    const o = await aPaidOrder(world);
    world.provider.answer(placed([done(o.lines[0], [provided('3CXK-0000-0000-0001')])]));
    await world.placeIt(o);
    expectKind(await world.fulfil(o), 'fulfilled');
    expect(await world.placeIt(o, at(HUNG_AFTER_MS * 10))).toEqual({ kind: 'not_needed' });
    expect(world.provider.calls).toHaveLength(1);
  });
});

describe('tellFulfilmentDelayed', () => {
  it('writes one message per reason for a paid order, and none for an unpaid one', async () => {
    const world = setUp();
    const o = await aPaidOrder(world);
    const unpaid = await world.order([newLicense()]);
    const tell = (order: Order, reason: 'provider_unavailable' | 'staff_check') => world.run((repos) => tellFulfilmentDelayed(repos, { orderId: order.id, reason }));

    const first = await tell(o, 'provider_unavailable');
    expect(first).toHaveLength(1);
    expect(await tell(o, 'provider_unavailable')).toEqual([]);
    // A check by staff is staff's to do: they are told too (their chat is found at delivery).
    const second = await tell(o, 'staff_check');
    expect(second).toHaveLength(2);
    expect(await tell(o, 'staff_check')).toEqual([]);
    expect(await tell(unpaid, 'provider_unavailable')).toEqual([]);

    expect(world.store.state.outbox.map((m) => ({ ...m }))).toEqual([
      ...(['provider_unavailable', 'staff_check'] as const).map((reason, i) => ({
        id: [...first, ...second][i], kind: 'fulfilment_delayed', dedupeKey: `fulfilment_delayed:${reason}:${o.id}`, orderId: o.id,
        userId: world.owner.id, channel: 'console', chatId: 'local', payload: { reason },
      })),
      {
        id: second[1], kind: 'fulfilment_delayed', dedupeKey: `staff:fulfilment_delayed:staff_check:${o.id}`, orderId: o.id,
        userId: null, channel: null, chatId: null, payload: { reason: 'staff_check', forStaff: true },
      },
    ]);

    // Nothing is said about an order once its licenses are out.
    const other = await aPaidOrder(world);
    world.provider.answer(placed([done(other.lines[0], [provided('3CXK-0000-0000-0001')])]));
    await world.placeIt(other);
    expectKind(await world.fulfil(other), 'fulfilled');
    expect(await tell(other, 'staff_check')).toEqual([]);
  });
});

describe('providerOrders.waiting', () => {
  it('lists paid orders not placed yet, retryable, hung, or placed but never fulfilled, untouched since the given time', async () => {
    const world = setUp();
    const fresh = await aPaidOrder(world);
    const retryable = await aPaidOrder(world);
    const placing = await aPaidOrder(world);
    const placedOrder = await aPaidOrder(world);
    const refusedOrder = await aPaidOrder(world);
    const uncertain = await aPaidOrder(world);
    const touchedLater = await aPaidOrder(world);
    const unpaid = await world.order([newLicense()]);

    const record = (o: Order, status: 'placed' | 'not_placed' | 'refused' | 'uncertain', when: Date) =>
      world.run(async (repos) => {
        expect(await repos.providerOrders.claim(o.id, '3cx', {}, when)).toBe(1);
        if (status === 'placed') expect(await repos.providerOrders.record(o.id, 1, { status, placement: { reference: null, lines: [] } }, when)).toBe(true);
        else expect(await repos.providerOrders.record(o.id, 1, { status, error: status }, when)).toBe(true);
      });
    const t1 = at(60_000);
    await record(retryable, 'not_placed', t1);
    await world.run((repos) => repos.providerOrders.claim(placing.id, '3cx', {}, t1));
    await record(placedOrder, 'placed', t1);
    await record(refusedOrder, 'refused', t1);
    await record(uncertain, 'uncertain', t1);
    await record(touchedLater, 'not_placed', at(10 * 60_000));

    const waiting = (before: Date, limit = 100) => world.run((repos) => repos.providerOrders.waiting(before, limit));
    const before = at(5 * 60_000);
    expect((await waiting(before)).sort()).toEqual([fresh.id, retryable.id, placing.id, placedOrder.id].sort());
    // Untouched *since*: a row updated at `before` itself is not listed yet; an order paid then neither.
    expect((await waiting(t1)).sort()).toEqual([fresh.id]);
    expect(await waiting(NOW)).toEqual([]);
    expect((await waiting(at(11 * 60_000))).sort()).toEqual([fresh.id, retryable.id, placing.id, placedOrder.id, touchedLater.id].sort());
    expect(await waiting(before, 2)).toHaveLength(2);
    expect(await waiting(at(11 * 60_000))).not.toContain(unpaid.id);
  });
});
