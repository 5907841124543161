import type { Invoice, ResellerUser } from '../accounts/accounts';
import { may } from '../accounts/roles';
import { planFulfilment, type FulfilmentProblem, type FulfilmentStep } from '../orders/fulfilment';
import { decideOrderTransition, type Order, type OrderEvent, type OrderStatus, type OrderTransition } from '../orders/order';
import type { LicenseProvider, PaymentRecord, Placement, PlacementRequest, Repositories } from '../ports';
import { maxDate, type LocalDate } from '../pricing/dates';
import type { License } from '../pricing/license';
import { PART_PAYMENT, receivedInPartsCents } from '../orders/part-payments';
import { creditCancelledOrder, issueInvoice, payInvoiceOfOrder } from './invoicing';

export type OrderChange =
  | { kind: 'changed'; order: Order; transition: Extract<OrderTransition, { kind: 'changed' }> }
  | { kind: 'unchanged'; order: Order }
  | { kind: 'refused'; order: Order; reason: Extract<OrderTransition, { kind: 'refused' }>['reason'] }
  | { kind: 'not_found' };

/**
 * Applies one event to an order inside the caller's transaction: the order row is locked,
 * the transition decided, the status moved conditionally, and the coupon reserved by the
 * order released or redeemed with it. Repeating an event is harmless.
 */
export async function applyOrderEvent(repos: Repositories, orderId: string, event: Exclude<OrderEvent, { kind: 'fulfil' }>, actor: string): Promise<OrderChange> {
  const order = await repos.orders.get(orderId, { forUpdate: true });
  if (!order) return { kind: 'not_found' };
  const transition = decideOrderTransition(order, event);
  if (transition.kind === 'unchanged') return { kind: 'unchanged', order };
  if (transition.kind === 'refused') return { kind: 'refused', order, reason: transition.reason };
  const reason = 'reason' in event ? event.reason : undefined;
  if (!(await repos.orders.transition(order.id, transition.from, transition.to, event.at, reason))) {
    throw new Error(`order ${order.id} left ${transition.from} while locked`);
  }
  for (const effect of transition.effects) {
    if (effect === 'release_coupon') await repos.coupons.release(order.id, event.at);
    if (effect === 'redeem_coupon') await repos.coupons.redeem(order.id, event.at);
    if (effect === 'flag_licenses') await flagOrderLicenses(repos, order, actor, reason ?? 'refunded');
  }
  await repos.audit.append({ actor, action: `order.${transition.to}`, subject: `order:${order.id}`, details: { from: transition.from, ...(reason ? { reason } : {}) } });
  const updated = (await repos.orders.get(order.id)) ?? order;
  // A bank-transfer order was invoiced when it was placed: that invoice is paid now, or cancelled by a credit note.
  if (transition.to === 'paid') await payInvoiceOfOrder(repos, updated);
  if (transition.to === 'cancelled' || transition.to === 'expired') await creditCancelledOrder(repos, { order: updated, at: event.at });
  return { kind: 'changed', order: updated, transition };
}

/** Cancels an order that waits for payment, releasing its coupon. */
export function cancelOrder(repos: Repositories, input: { orderId: string; at: Date; reason: string; actor: string }): Promise<OrderChange> {
  return applyOrderEvent(repos, input.orderId, { kind: 'cancel', at: input.at, reason: input.reason }, input.actor);
}

export type OwnCancelResult =
  | { kind: 'cancelled'; order: Order; creditNote: string | null }
  | { kind: 'not_found' | 'not_allowed' }
  | { kind: 'not_waiting'; status: OrderStatus };

/**
 * A reseller's owner or purchase user cancels an order of their company that still waits for
 * its payment: its coupon is released (so that it can be used on a new order at once, not after
 * the payment window) and its invoice, if any, cancelled by a credit note. Another reseller's
 * order is not found.
 */
export async function cancelOwnOrder(repos: Repositories, input: { user: ResellerUser; orderId: string; at: Date }): Promise<OwnCancelResult> {
  const { user } = input;
  if (!may(user.role, 'place_order')) return { kind: 'not_allowed' };
  const order = await repos.orders.get(input.orderId, { forUpdate: true });
  if (!order || order.resellerId !== user.resellerId) return { kind: 'not_found' };
  if (order.status !== 'awaiting_payment') return { kind: 'not_waiting', status: order.status };
  const change = await cancelOrder(repos, { orderId: order.id, at: input.at, reason: 'cancelled by the reseller', actor: `user:${user.id}` });
  if (change.kind !== 'changed') return { kind: 'not_waiting', status: change.kind === 'not_found' ? order.status : change.order.status };
  const invoice = await repos.invoices.forOrder(order.id);
  const creditNote = invoice ? (await repos.creditNotes.findByEvent(`cancellation:${invoice.id}`))?.number ?? null : null;
  return { kind: 'cancelled', order: change.order, creditNote };
}

/** Expires an unpaid order whose payment window has passed, releasing its coupon. */
export function expireOrder(repos: Repositories, input: { orderId: string; at: Date }): Promise<OrderChange> {
  return applyOrderEvent(repos, input.orderId, { kind: 'expire', at: input.at }, 'system');
}

export type MarkPaidResult =
  | OrderChange
  | { kind: 'duplicate_payment'; order: Order }
  | { kind: 'amount_mismatch'; order: Order; paidCents: number }
  /** A part of what the order owes, kept on it: it waits for the rest. */
  | { kind: 'part_payment'; order: Order; receivedCents: number; dueCents: number }
  | { kind: 'payment_of_another_order'; order: Order; otherOrderId: string };

/**
 * Records a completed payment and marks its order paid (the coupon reservation becomes a
 * redemption). The same payment reported again changes nothing. A payment for another
 * amount or currency, or a second payment of an order that is already paid or closed, is
 * kept for staff to refund and pays nothing. With `partsAllowed` (staff confirming a bank
 * transfer), a payment of less than the order still owes is kept on it as a part payment and
 * the order waits for the rest; the payment that brings the parts to the total pays it.
 */
export async function markOrderPaid(repos: Repositories, input: { orderId: string; payment: PaymentRecord; at: Date; actor: string; partsAllowed?: boolean }): Promise<MarkPaidResult> {
  const order = await repos.orders.get(input.orderId, { forUpdate: true });
  if (!order) return { kind: 'not_found' };
  const known = await repos.payments.find(input.payment.method, input.payment.providerRef);
  if (known && known.orderId !== order.id) return { kind: 'payment_of_another_order', order, otherOrderId: known.orderId };
  const received = order.status === 'awaiting_payment' ? receivedInPartsCents(await repos.payments.forOrder(order.id), order, input.payment.providerRef) : 0;
  const dueCents = order.totalCents - received;
  const sameCurrency = input.payment.currency === order.currency;
  const paysInFull = input.payment.amountCents === dueCents && sameCurrency;
  if (input.partsAllowed && sameCurrency && order.status === 'awaiting_payment' && input.payment.amountCents > 0 && input.payment.amountCents < dueCents) {
    // The same part reported again (a retried job) is recorded once.
    if (known?.status !== PART_PAYMENT) {
      await repos.payments.upsert({ ...input.payment, status: PART_PAYMENT });
      await repos.audit.append({ actor: input.actor, action: 'payment.partial', subject: `order:${order.id}`, details: { providerRef: input.payment.providerRef, amountCents: input.payment.amountCents, receivedCents: received + input.payment.amountCents, dueCents: dueCents - input.payment.amountCents } });
    }
    return { kind: 'part_payment', order, receivedCents: received + input.payment.amountCents, dueCents: dueCents - input.payment.amountCents };
  }
  // A payment already recorded as completed is a repeat; one opened at checkout is completed now.
  if (known?.status !== 'completed') {
    const pays = paysInFull && order.status === 'awaiting_payment';
    const status = !paysInFull ? 'amount_mismatch' : pays ? 'completed' : 'completed_unmatched';
    await repos.payments.upsert({ ...input.payment, status });
    if (status !== 'completed') {
      await repos.audit.append({ actor: input.actor, action: `payment.${status}`, subject: `order:${order.id}`, details: { providerRef: input.payment.providerRef, amountCents: input.payment.amountCents, orderStatus: order.status } });
    }
    // Money received a second time for an order already paid: kept for staff to refund.
    if (status === 'completed_unmatched' && (order.status === 'paid' || order.status === 'fulfilled')) return { kind: 'duplicate_payment', order };
  }
  // A payment recorded as completed before paid the order then: reported again, it is a repeat.
  if (!paysInFull && known?.status !== 'completed') return { kind: 'amount_mismatch', order, paidCents: input.payment.amountCents };
  return applyOrderEvent(repos, order.id, { kind: 'mark_paid', at: input.at }, input.actor);
}

export type FulfilResult =
  | { kind: 'fulfilled'; order: Order; issued: Array<{ lineId: string; keys: string[] }>; problems: FulfilmentProblem[]; invoice: Invoice }
  /** A remote provider has not placed the order yet (see `placeAtProvider`): the order stays paid. */
  | { kind: 'awaiting_placement'; order: Order }
  | { kind: 'unchanged'; order: Order }
  | { kind: 'refused'; order: Order; reason: string }
  | { kind: 'not_found' };

/**
 * Fulfils a paid order once: the license provider's placement of its lines (made here for
 * the sandbox, stored earlier for a remote provider) applied to the licenses — new keys
 * recorded, terms extended or upgraded, one license event per change (unique per order line
 * and license) — the order marked fulfilled and its invoice issued, all in the caller's
 * transaction. Lines the provider refused or that no longer fit their license are kept as
 * problems for staff.
 */
export async function fulfilOrder(
  repos: Repositories,
  provider: LicenseProvider,
  input: { orderId: string; at: Date; today: LocalDate; actor: string },
): Promise<FulfilResult> {
  const order = await repos.orders.get(input.orderId, { forUpdate: true });
  if (!order) return { kind: 'not_found' };
  const transition = decideOrderTransition(order, { kind: 'fulfil', at: input.at });
  if (transition.kind === 'unchanged') return { kind: 'unchanged', order };
  if (transition.kind === 'refused') return { kind: 'refused', order, reason: transition.reason };

  const { steps, problems } = await planPaidOrder(repos, order, input.today, { forUpdate: true, alreadyPlaced: provider.placement === 'remote' });
  let placement: Placement;
  if (provider.placement === 'local') {
    placement = await provider.place(await placementRequest(repos, order, steps), repos);
  } else {
    const stored = await repos.providerOrders.get(order.id);
    if (stored?.status !== 'placed' || !stored.placement) return { kind: 'awaiting_placement', order };
    placement = stored.placement;
  }
  const placedLines = new Map(placement.lines.map((l) => [l.lineId, l] as const));
  const issued: Array<{ lineId: string; keys: string[] }> = [];
  const event = (license: Pick<License, 'id'>, kind: Parameters<Repositories['licenses']['addEvent']>[0]['kind'], lineId: string, before: Record<string, unknown> | null, after: Record<string, unknown>) =>
    repos.licenses.addEvent({ licenseId: license.id, kind, orderId: order.id, orderLineId: lineId, before, after, actor: input.actor });

  for (const step of steps) {
    const placed = placedLines.get(step.line.id);
    // A line the provider was not asked to carry out was planned differently then: the license changed.
    if (!placed) {
      problems.push({ line: step.line, reason: 'license_changed' });
      continue;
    }
    if (placed.outcome === 'refused') {
      problems.push({ line: step.line, reason: 'provider_refused', code: placed.code });
      continue;
    }
    if (step.kind === 'issue') {
      for (const provided of placed.licenses) {
        const license = await repos.licenses.insert({ ...provided, resellerId: order.resellerId, customerId: step.endCustomerId });
        await event(license, 'issued', step.line.id, null, { edition: provided.edition, sc: provided.sc, expiresOn: provided.expiresOn });
      }
      issued.push({ lineId: step.line.id, keys: placed.licenses.map((l) => l.key) });
      continue;
    }
    // The provider's word on the license's new terms, where it gave one; the plan's otherwise.
    const provided = placed.licenses.find((l) => l.key === step.license.key);
    // The event is written first: its unique index (order line, license) lets a term change only once.
    switch (step.kind) {
      case 'renew_annual': {
        // Never earlier than the term the license has now: a later renewal may have been applied first.
        const expiresOn = later(provided?.expiresOn ?? step.expiresOn, step.license.expiresOn);
        if (await event(step.license, 'renewed', step.line.id, { expiresOn: step.license.expiresOn }, { expiresOn, years: step.line.years })) {
          await repos.licenses.updateTerms(step.license.id, { expiresOn });
        }
        break;
      }
      case 'renew_maintenance': {
        const maintenanceUntil = later(provided?.maintenanceUntil ?? step.maintenanceUntil, step.license.maintenanceUntil);
        if (await event(step.license, 'maintenance_renewed', step.line.id, { maintenanceUntil: step.license.maintenanceUntil }, { maintenanceUntil, years: step.line.years })) {
          await repos.licenses.updateTerms(step.license.id, { maintenanceUntil });
        }
        break;
      }
      case 'upgrade': {
        const edition = provided?.edition ?? step.edition;
        const sc = provided?.sc ?? step.sc;
        if (await event(step.license, 'upgraded', step.line.id, { edition: step.license.edition, sc: step.license.sc }, { edition, sc })) {
          await repos.licenses.updateTerms(step.license.id, { edition, sc });
        }
        break;
      }
      default: {
        const never: never = step;
        throw new Error(`unknown fulfilment step ${JSON.stringify(never)}`);
      }
    }
  }
  if (!(await repos.orders.transition(order.id, 'paid', 'fulfilled', input.at))) throw new Error(`order ${order.id} left paid while locked`);
  if (problems.length > 0) {
    await repos.audit.append({ actor: input.actor, action: 'order.fulfilment_problem', subject: `order:${order.id}`, details: { problems: problems.map((p) => ({ line: p.line.id, key: p.line.licenseKey, reason: p.reason, ...(p.code ? { code: p.code } : {}) })) } });
  }
  const fulfilled = (await repos.orders.get(order.id)) ?? order;
  const invoice = await issueInvoice(repos, { order: fulfilled, today: input.today });
  await repos.audit.append({ actor: input.actor, action: 'order.fulfilled', subject: `order:${order.id}`, details: { invoice: invoice.number, issued } });
  return { kind: 'fulfilled', order: fulfilled, issued, problems, invoice };
}

/** The later of a new term end and the current one (which may be missing). */
function later(next: LocalDate, current: LocalDate | null): LocalDate {
  return current === null ? next : maxDate(next, current);
}

/** The fulfilment plan of a paid order, from its licenses as they are now. */
export async function planPaidOrder(repos: Repositories, order: Order, today: LocalDate, options: { forUpdate?: boolean; alreadyPlaced?: boolean } = {}): Promise<ReturnType<typeof planFulfilment>> {
  const licenseIds = order.lines.flatMap((l) => (l.licenseId ? [l.licenseId] : []));
  const licenses = new Map((await repos.licenses.getMany(licenseIds, { forUpdate: options.forUpdate })).map((l) => [l.id, l] as const));
  return planFulfilment(order, licenses, today, { alreadyPlaced: options.alreadyPlaced });
}

/** What the provider is asked to carry out for an order. */
export async function placementRequest(repos: Repositories, order: Order, steps: FulfilmentStep[]): Promise<PlacementRequest> {
  const reseller = await repos.resellers.get(order.resellerId);
  if (!reseller) throw new Error(`order ${order.id} has no reseller`);
  return { orderId: order.id, orderNumber: order.number, partnerId: reseller.partnerId, steps };
}

async function flagOrderLicenses(repos: Repositories, order: Order, actor: string, flag: string): Promise<void> {
  const flagged = await repos.licenses.flagPaymentForOrder(order.id, flag, actor);
  await repos.audit.append({ actor, action: 'order.licenses_flagged', subject: `order:${order.id}`, details: { licenses: flagged } });
}
