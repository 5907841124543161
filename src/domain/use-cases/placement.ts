import { changeOfStep, placeLocally } from '../orders/fulfilment';
import type { PlacementRequest, RemoteLicenseProvider, RemotePlacement, Repositories, Store } from '../ports';
import type { LocalDate } from '../pricing/dates';
import { normaliseLicenseKey, type LicenseKey } from '../pricing/license-key';
import { placementRequest, planPaidOrder } from './orders';

/**
 * Attempts that certainly placed nothing (3CX unreachable or busy) before the order is handed
 * to staff: with the job's retries and the sweep every ten minutes, about an hour and a half.
 */
export const MAX_PLACEMENT_ATTEMPTS = 10;

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
      await repos.providerOrders.record(order.id, existing.attempts, { status: 'uncertain', error }, input.now);
      await audit(repos, 'order.placement_uncertain', { error });
      return { kind: 'needs_staff', status: 'uncertain', error } as const;
    }
    const { steps } = await planPaidOrder(repos, order, input.today);
    const request = await placementRequest(repos, order, steps);
    const attempt = await repos.providerOrders.claim(order.id, provider.name, describeRequest(request), input.now);
    if (attempt === undefined) return { kind: 'in_progress' } as const;
    return { kind: 'claimed', request, attempt } as const;
  });
  if (claim.kind !== 'claimed') return claim;

  let result: RemotePlacement;
  try {
    result = await provider.place(claim.request);
  } catch (error) {
    // The adapter answers every outcome it knows; anything else may have happened after sending.
    result = { kind: 'uncertain', error: error instanceof Error ? error.message : String(error) };
  }
  const { attempt } = claim;
  return store.transaction(async (repos): Promise<PlacementProgress> => {
    const record = async (outcome: Parameters<Repositories['providerOrders']['record']>[2]): Promise<boolean> => {
      if (await repos.providerOrders.record(input.orderId, attempt, outcome, input.now)) return true;
      // Too late: the attempt was given up on meanwhile (and staff may have acted). The answer
      // is kept where staff see it, and changes nothing.
      await audit(repos, 'order.placement_answer_late', { attempt, outcome: JSON.parse(JSON.stringify(outcome)) as unknown });
      return false;
    };
    const late = { kind: 'needs_staff', status: 'uncertain', error: `attempt ${attempt} answered after it was given up on` } as const;
    switch (result.kind) {
      case 'placed':
        if (!(await record({ status: 'placed', placement: result.placement, response: result.response }))) return late;
        await audit(repos, 'order.placed_at_provider', { reference: result.placement.reference, refused: result.placement.lines.filter((l) => l.outcome === 'refused').map((l) => ({ line: l.lineId, code: l.code })) });
        return { kind: 'placed' };
      case 'not_placed': {
        // A provider that keeps failing the same way is handed to staff after a while.
        const givingUp = result.retryable && attempt >= MAX_PLACEMENT_ATTEMPTS;
        const error = givingUp ? `gave up after ${attempt} attempts: ${result.error}` : result.error;
        if (!(await record({ status: result.retryable && !givingUp ? 'not_placed' : 'refused', error }))) return late;
        if (result.retryable && !givingUp) return { kind: 'retry_later', error };
        await audit(repos, 'order.placement_refused', { error });
        return { kind: 'needs_staff', status: 'refused', error };
      }
      case 'uncertain':
        if (!(await record({ status: 'uncertain', error: result.error, response: result.response, refused: result.refused ?? [] }))) return late;
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
  // Lines the provider refused before the uncertain call were not part of it: they stay refused.
  const refused = new Map(existing.refused.map((r) => [r.lineId, r.code] as const));
  const { steps } = await planPaidOrder(repos, order, input.today);
  const placed = steps.filter((step) => !refused.has(step.line.id));
  const expected = placed.reduce((n, step) => n + (step.kind === 'issue' ? step.count : 0), 0);
  if (keys.length !== expected) return { kind: 'wrong_key_count', expected, given: keys.length };
  let next = 0;
  const done = await placeLocally(placed, async (count) => keys.slice(next, (next += count)));
  const placement = { reference: null, lines: [...done.lines, ...[...refused].map(([lineId, code]) => ({ lineId, outcome: 'refused' as const, code }))] };
  if (!(await repos.providerOrders.recordByStaff(order.id, placement, input.now))) return { kind: 'not_uncertain', status: 'changed meanwhile' };
  await repos.audit.append({ actor: input.actor, action: 'order.placement_recorded', subject: `order:${order.id}`, details: { keys } });
  return { kind: 'recorded' };
}

/** Staff: a placement refused by the provider, or one they found was not made, may be tried again. */
export async function reopenPlacement(repos: Repositories, input: { orderId: string; now: Date; actor: string }): Promise<boolean> {
  const reopened = await repos.providerOrders.reopen(input.orderId, input.now);
  if (reopened) await repos.audit.append({ actor: input.actor, action: 'order.placement_reopened', subject: `order:${input.orderId}`, details: {} });
  return reopened;
}
