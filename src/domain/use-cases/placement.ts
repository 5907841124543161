import { changeOfStep, placeLocally } from '../orders/fulfilment';
import type { PlacementRequest, RemoteLicenseProvider, RemotePlacement, Repositories, Store } from '../ports';
import type { LocalDate } from '../pricing/dates';
import { normaliseLicenseKey, type LicenseKey } from '../pricing/license-key';
import { placementRequest, planPaidOrder } from './orders';

/** Where the placement of a paid order at a remote provider stands after an attempt. */
export type PlacementProgress =
  /** The provider's answer is stored: the order can be fulfilled. */
  | { kind: 'placed' }
  /** The order is not (or no longer) paid and unfulfilled: nothing to place. */
  | { kind: 'not_needed' }
  /** Another worker is placing it right now. */
  | { kind: 'in_progress' }
  /** Certainly not placed this time (the provider is down or busy): try again later. */
  | { kind: 'retry_later'; error: string }
  /** Refused (e.g. a wrong API key), or perhaps placed without an answer: staff decide. */
  | { kind: 'needs_staff'; status: 'refused' | 'uncertain'; error: string };

/**
 * Places a paid order at a remote license provider, never twice: the claim is committed
 * before the call and the answer after it. A call that ends without a clear answer is
 * `uncertain`, and so is a claim still `placing` a minute after the provider's longest call
 * (its worker died in the call); neither is repeated until staff have checked at the provider
 * and reopened it.
 */
export async function placeAtProvider(
  store: Store,
  provider: RemoteLicenseProvider,
  input: { orderId: string; now: Date; today: LocalDate },
): Promise<PlacementProgress> {
  const audit = (repos: Repositories, action: string, details: Record<string, unknown>) =>
    repos.audit.append({ actor: `provider:${provider.name}`, action, subject: `order:${input.orderId}`, details });

  const claim = await store.transaction(async (repos) => {
    const order = await repos.orders.get(input.orderId, { forUpdate: true });
    if (!order || order.status !== 'paid') return { kind: 'not_needed' } as const;
    const existing = await repos.providerOrders.get(order.id);
    if (existing?.status === 'placed') return { kind: 'placed' } as const;
    if (existing?.status === 'refused' || existing?.status === 'uncertain') return { kind: 'needs_staff', status: existing.status, error: existing.error ?? '' } as const;
    if (existing?.status === 'placing') {
      if (input.now.getTime() - existing.updatedAt.getTime() < provider.placementTimeoutMs + 60_000) return { kind: 'in_progress' } as const;
      const error = `the call placing order ${order.number} (started ${existing.updatedAt.toISOString()}) never reported back`;
      await repos.providerOrders.record(order.id, { status: 'uncertain', error }, input.now);
      await audit(repos, 'order.placement_uncertain', { error });
      return { kind: 'needs_staff', status: 'uncertain', error } as const;
    }
    const { steps } = await planPaidOrder(repos, order, input.today);
    const request = await placementRequest(repos, order, steps);
    if (!(await repos.providerOrders.claim(order.id, provider.name, describeRequest(request), input.now))) return { kind: 'in_progress' } as const;
    return { kind: 'claimed', request } as const;
  });
  if (claim.kind !== 'claimed') return claim;

  let result: RemotePlacement;
  try {
    result = await provider.place(claim.request);
  } catch (error) {
    // The adapter answers every outcome it knows; anything else may have happened after sending.
    result = { kind: 'uncertain', error: error instanceof Error ? error.message : String(error) };
  }
  return store.transaction(async (repos) => {
    switch (result.kind) {
      case 'placed':
        await repos.providerOrders.record(input.orderId, { status: 'placed', placement: result.placement, response: result.response }, input.now);
        await audit(repos, 'order.placed_at_provider', { reference: result.placement.reference, refused: result.placement.lines.filter((l) => l.outcome === 'refused').map((l) => ({ line: l.lineId, code: l.code })) });
        return { kind: 'placed' };
      case 'not_placed':
        await repos.providerOrders.record(input.orderId, { status: result.retryable ? 'not_placed' : 'refused', error: result.error }, input.now);
        if (result.retryable) return { kind: 'retry_later', error: result.error };
        await audit(repos, 'order.placement_refused', { error: result.error });
        return { kind: 'needs_staff', status: 'refused', error: result.error };
      case 'uncertain':
        await repos.providerOrders.record(input.orderId, { status: 'uncertain', error: result.error, response: result.response }, input.now);
        await audit(repos, 'order.placement_uncertain', { error: result.error });
        return { kind: 'needs_staff', status: 'uncertain', error: result.error };
      default: {
        const never: never = result;
        throw new Error(`unknown placement result ${JSON.stringify(never)}`);
      }
    }
  });
}

/** What was asked of the provider, kept with the claim for staff. */
function describeRequest(request: PlacementRequest): Record<string, unknown> {
  return {
    orderNumber: request.orderNumber,
    partnerId: request.partnerId,
    lines: request.steps.map((step) => ({ lineId: step.line.id, ...changeOfStep(step) })),
  };
}

export type StaffPlacementResult =
  | { kind: 'recorded' }
  | { kind: 'not_found' }
  /** Only a placement whose outcome is unknown can be recorded by hand. */
  | { kind: 'not_uncertain'; status: string }
  | { kind: 'wrong_key_count'; expected: number; given: number }
  | { kind: 'invalid_key'; key: string };

/**
 * Staff record what the provider shows for an order whose placement is uncertain (the order
 * went through at 3CX but its answer was lost): the new keys, in the order of the order's
 * new-license lines; renewals and upgrades take the planned terms. The order is then
 * fulfilled as if the provider had answered.
 */
export async function recordPlacementByStaff(
  repos: Repositories,
  input: { orderId: string; keys: readonly string[]; now: Date; today: LocalDate; actor: string },
): Promise<StaffPlacementResult> {
  const order = await repos.orders.get(input.orderId, { forUpdate: true });
  if (!order) return { kind: 'not_found' };
  const existing = await repos.providerOrders.get(order.id, { forUpdate: true });
  if (existing?.status !== 'uncertain' || order.status !== 'paid') return { kind: 'not_uncertain', status: existing?.status ?? `order ${order.status}` };
  const keys: LicenseKey[] = [];
  for (const typed of input.keys) {
    const key = normaliseLicenseKey(typed);
    if (key.kind !== 'ok') return { kind: 'invalid_key', key: typed };
    keys.push(key.key);
  }
  const { steps } = await planPaidOrder(repos, order, input.today);
  const expected = steps.reduce((n, step) => n + (step.kind === 'issue' ? step.count : 0), 0);
  if (keys.length !== expected) return { kind: 'wrong_key_count', expected, given: keys.length };
  let next = 0;
  const placement = await placeLocally(steps, async (count) => keys.slice(next, (next += count)));
  await repos.providerOrders.record(order.id, { status: 'placed', placement, response: { recordedBy: input.actor } }, input.now);
  await repos.audit.append({ actor: input.actor, action: 'order.placement_recorded', subject: `order:${order.id}`, details: { keys } });
  return { kind: 'recorded' };
}

/** Staff: a placement refused by the provider, or one they found was not made, may be tried again. */
export async function reopenPlacement(repos: Repositories, input: { orderId: string; now: Date; actor: string }): Promise<boolean> {
  const reopened = await repos.providerOrders.reopen(input.orderId, input.now);
  if (reopened) await repos.audit.append({ actor: input.actor, action: 'order.placement_reopened', subject: `order:${input.orderId}`, details: {} });
  return reopened;
}
