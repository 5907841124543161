import type { Order } from '../orders/order';
import type { LicenseProvider, OutboxMessage, PaymentRecord, ProviderPayment, Repositories } from '../ports';
import type { LocalDate } from '../pricing/dates';
import { applyOrderEvent, fulfilOrder, markOrderPaid } from './orders';
import { creditPartialRefund, creditRefund } from './invoicing';
import { tellUser } from './tell-user';

/** The provider status of a bank transfer that staff confirmed (in the chat or with payment:confirm). */
export const STAFF_CONFIRMED = 'confirmed_by_staff';

export type SettleResult =
  | { kind: 'fulfilled'; orderId: string; outbox: number[] }
  | { kind: 'already_settled'; orderId: string; status: Order['status'] }
  | { kind: 'pending'; orderId: string }
  /** Paid; a remote license provider places the licenses next, outside this transaction. */
  | { kind: 'awaiting_placement'; orderId: string; outbox: number[] }
  | { kind: 'released'; orderId: string; outbox: number[] }
  | { kind: 'reversed'; orderId: string; outbox: number[] }
  | { kind: 'kept_for_staff'; orderId: string; reason: string; outbox: number[] }
  /** A bank transfer of less than the order owes, kept on it: the order waits for the rest. */
  | { kind: 'part_payment'; orderId: string; receivedCents: number; dueCents: number; outbox: number[] }
  | { kind: 'unknown_order' };

export interface SettleInput {
  orderId: string;
  method: Order['paymentMethod'];
  providerRef: string;
  payment: ProviderPayment;
  confirmedBy: string | null;
  at: Date;
  today: LocalDate;
}

/**
 * Moves an order forward on what the payment provider (or staff, for a bank transfer) says,
 * in the caller's transaction, exactly once: a completed payment marks the order paid and
 * fulfils it (licenses, invoice) and queues the user's message; a failed one releases the
 * order and its coupon; a refund or chargeback flags the licenses. Repeats change nothing;
 * an order only ever moves forward.
 */
export async function settlePayment(repos: Repositories, licenses: LicenseProvider, input: SettleInput): Promise<SettleResult> {
  const order = await repos.orders.get(input.orderId, { forUpdate: true });
  if (!order) return { kind: 'unknown_order' };
  const record: PaymentRecord = {
    orderId: order.id, method: input.method, providerRef: input.providerRef, status: input.payment.providerStatus,
    amountCents: input.payment.amountCents, currency: input.payment.currency, confirmedBy: input.confirmedBy, details: { outcome: input.payment.outcome },
  };
  const outbox: number[] = [];
  const tell = async (kind: OutboxMessage['kind'], payload: Record<string, unknown> = {}, dedupeKey?: string) => {
    outbox.push(...(await tellUser(repos, order, kind, payload, dedupeKey)));
  };

  // A payment once completed stays completed: a late or out-of-order status never moves it back.
  const recorded = await repos.payments.find(input.method, input.providerRef);
  const recordStatus = async () => {
    if (recorded?.status !== 'completed') await repos.payments.upsert(record);
  };
  switch (input.payment.outcome) {
    case 'pending':
      await recordStatus();
      return { kind: 'pending', orderId: order.id };
    case 'completed': {
      // Staff confirming a bank transfer may record a part of the amount; providers pay in full or not at all.
      const partsAllowed = input.method === 'offline' && order.paymentMethod === 'offline' && input.payment.providerStatus === STAFF_CONFIRMED;
      const paid = await markOrderPaid(repos, { orderId: order.id, payment: { ...record, status: 'completed' }, at: input.at, actor: input.confirmedBy ?? `provider:${input.method}`, partsAllowed });
      if (paid.kind === 'part_payment') {
        await tell('payment_part_received', { providerRef: input.providerRef, receivedCents: paid.receivedCents, dueCents: paid.dueCents }, `payment_part_received:${order.id}:${input.providerRef}`);
        return { kind: 'part_payment', orderId: order.id, receivedCents: paid.receivedCents, dueCents: paid.dueCents, outbox };
      }
      if (paid.kind === 'amount_mismatch' || paid.kind === 'payment_of_another_order' || paid.kind === 'refused' || paid.kind === 'duplicate_payment') {
        const reason = paid.kind === 'refused' ? paid.reason : paid.kind;
        await tell('late_payment', { reason, providerRef: input.providerRef, amountCents: input.payment.amountCents }, `late_payment:${order.id}:${input.method}:${input.providerRef}`);
        return { kind: 'kept_for_staff', orderId: order.id, reason, outbox };
      }
      if (paid.kind === 'not_found') return { kind: 'unknown_order' };
      const fulfilled = await fulfilPaidOrder(repos, licenses, { orderId: order.id, at: input.at, today: input.today });
      if (fulfilled.kind === 'fulfilled' || fulfilled.kind === 'awaiting_placement') return { ...fulfilled, outbox: [...outbox, ...fulfilled.outbox] };
      return fulfilled;
    }
    case 'failed': {
      await recordStatus();
      // A payment page opened later to pay a bank transfer's invoice online: its failure leaves
      // the order waiting for the transfer (or another try), as it was.
      if (input.method !== order.paymentMethod) return { kind: 'pending', orderId: order.id };
      const change = await applyOrderEvent(repos, order.id, { kind: 'cancel', at: input.at, reason: `payment ${input.payment.providerStatus}` }, `provider:${input.method}`);
      if (change.kind !== 'changed') return { kind: 'already_settled', orderId: order.id, status: order.status };
      await tell('payment_failed', { providerStatus: input.payment.providerStatus });
      return { kind: 'released', orderId: order.id, outbox };
    }
    case 'partially_refunded': {
      // Paid, then part of the money went back (staff settling a line that was not applied,
      // say). An order whose payment was not confirmed yet is settled as paid first; the
      // order and its licenses then stay as they are, and staff and the user hear of it.
      const paidFirst = order.status === 'awaiting_payment' ? await settlePayment(repos, licenses, { ...input, payment: { ...input.payment, outcome: 'completed' } }) : undefined;
      const refunded = input.payment.refundedCents ?? null;
      await repos.audit.append({ actor: `provider:${input.method}`, action: 'payment.partially_refunded', subject: `order:${order.id}`, details: { providerRef: input.providerRef, refundedCents: refunded } });
      // The amount refunded so far makes the event: the same report twice credits once. A provider
      // that does not say how much (MultiSafepay) leaves the credit note to staff (the audit log says so).
      if (refunded !== null) {
        const current = (await repos.orders.get(order.id)) ?? order;
        await creditPartialRefund(repos, { order: current, refundedSoFarCents: refunded, eventKey: `partial_refund:${input.method}:${input.providerRef}:${refunded}`, at: input.at });
      } else {
        await repos.audit.append({ actor: 'invoicing', action: 'credit_note.amount_unknown', subject: `order:${order.id}`, details: { providerRef: input.providerRef, providerStatus: input.payment.providerStatus } });
      }
      await tell('payment_partially_refunded', { providerStatus: input.payment.providerStatus, refundedCents: refunded }, `payment_partially_refunded:${order.id}:${input.providerRef}:${refunded ?? input.payment.providerStatus}`);
      if (paidFirst && (paidFirst.kind === 'fulfilled' || paidFirst.kind === 'awaiting_placement')) return { ...paidFirst, outbox: [...paidFirst.outbox, ...outbox] };
      return { kind: 'kept_for_staff', orderId: order.id, reason: 'partially_refunded', outbox };
    }
    case 'refunded':
    case 'chargedback': {
      await repos.payments.upsert(record);
      const change = await applyOrderEvent(repos, order.id, { kind: 'refund', at: input.at, reason: input.payment.providerStatus }, `provider:${input.method}`);
      if (change.kind !== 'changed') return { kind: 'already_settled', orderId: order.id, status: order.status };
      const reason = input.payment.outcome === 'chargedback' ? 'chargeback' : 'refund';
      await creditRefund(repos, { order: change.order, reason, eventKey: `${reason}:${input.method}:${input.providerRef}`, at: input.at, refundedCents: input.payment.refundedCents ?? null });
      await tell('payment_reversed', { providerStatus: input.payment.providerStatus });
      return { kind: 'reversed', orderId: order.id, outbox };
    }
    default: {
      const never: never = input.payment.outcome;
      throw new Error(`unknown payment outcome ${String(never)}`);
    }
  }
}

/**
 * Fulfils a paid order and queues the user's message about it, in the caller's transaction.
 * With a remote provider whose placement is not stored yet, the order waits (`awaiting_placement`).
 */
export async function fulfilPaidOrder(
  repos: Repositories,
  licenses: LicenseProvider,
  input: { orderId: string; at: Date; today: LocalDate },
): Promise<Extract<SettleResult, { kind: 'fulfilled' | 'awaiting_placement' | 'already_settled' | 'unknown_order' }>> {
  const fulfilled = await fulfilOrder(repos, licenses, { orderId: input.orderId, at: input.at, today: input.today, actor: 'fulfilment' });
  switch (fulfilled.kind) {
    case 'fulfilled': {
      const problems = fulfilled.problems.map((p) => ({ key: p.line.licenseKey, line: p.line.description, reason: p.reason, ...(p.code ? { code: p.code } : {}) }));
      const outbox = await tellUser(repos, fulfilled.order, 'order_fulfilled', { invoiceNumber: fulfilled.invoice.number, invoiceId: fulfilled.invoice.id, issued: fulfilled.issued, problems });
      // The invoice PDF follows in a message of its own where the chat takes files, so that
      // "Payment received" and the keys never wait for the PDF to be drawn.
      if (fulfilled.order.channel === 'telegram' || fulfilled.order.channel === 'slack') {
        const document = await repos.outbox.add({
          kind: 'invoice_document', dedupeKey: `invoice_document:${fulfilled.order.id}`, orderId: fulfilled.order.id, userId: fulfilled.order.placedBy,
          channel: fulfilled.order.channel, chatId: fulfilled.order.chatId, payload: { invoiceNumber: fulfilled.invoice.number, invoiceId: fulfilled.invoice.id },
        });
        if (document !== undefined) outbox.push(document);
      }
      return { kind: 'fulfilled', orderId: fulfilled.order.id, outbox };
    }
    case 'awaiting_placement':
      return { kind: 'awaiting_placement', orderId: fulfilled.order.id, outbox: [] };
    case 'not_found':
      return { kind: 'unknown_order' };
    default:
      return { kind: 'already_settled', orderId: fulfilled.order.id, status: fulfilled.order.status };
  }
}

/**
 * Tells the user of a paid order, once for each reason, that its licenses take longer (the provider is down,
 * or staff must look at the order); the keys follow in their own message.
 */
export async function tellFulfilmentDelayed(repos: Repositories, input: { orderId: string; reason: 'provider_unavailable' | 'staff_check' }): Promise<number[]> {
  const order = await repos.orders.get(input.orderId);
  if (!order || order.status !== 'paid') return [];
  return tellUser(repos, order, 'fulfilment_delayed', { reason: input.reason }, `fulfilment_delayed:${input.reason}:${order.id}`);
}
