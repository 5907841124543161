// What staff do to an order, a license or anything else they found, each with a reason that
// the audit log keeps beside who did it and the values before and after. Each runs in the
// caller's transaction and re-reads what it changes under a lock, so that a button pressed
// twice, or after someone else acted, changes nothing and says why.
import { parsePaymentReference } from '../../orders/payment-reference';
import type { OrderStatus } from '../../orders/order';
import type { LicenseProvider, Repositories } from '../../ports';
import { isLocalDate, type LocalDate } from '../../pricing/dates';
import { isTierOf } from '../../pricing/catalog';
import type { CardKind } from '../../staff/desk';
import { creditRefund } from '../invoicing';
import { applyOrderEvent, cancelOrder } from '../orders';
import { settlePayment, STAFF_CONFIRMED } from '../settle-payment';
import { isKeptForRefund, receivedInPartsCents } from '../../orders/part-payments';
import { tellUser } from '../tell-user';
import { moveLicenseToCustomer } from '../end-customers';

/** Who acts: a member of the distributor's staff. */
export interface StaffActor {
  id: string;
  name: string;
}

/** A change of a license's terms that staff correct. */
export type LicenseCorrection = { field: 'expiresOn' | 'maintenanceUntil'; date: LocalDate } | { field: 'sc'; sc: number };

/** Where a license moves: to an end customer of its reseller (by name), or to another reseller (by partner id). */
export type LicenseMove = { to: 'customer'; company: string } | { to: 'reseller'; partnerId: string };

export type StaffAction =
  | { kind: 'confirm_payment'; orderId: string; bankReference: string; amountCents: number }
  | { kind: 'cancel_order'; orderId: string }
  | { kind: 'refund_order'; orderId: string }
  | { kind: 'refund_payment'; orderId: string; providerRef: string }
  | { kind: 'resend_invoice'; orderId: string }
  | { kind: 'move_license'; licenseId: string; move: LicenseMove }
  | { kind: 'correct_license'; licenseId: string; correction: LicenseCorrection }
  | { kind: 'note'; subject: { kind: CardKind; id: string } };

export type StaffActionResult =
  | { kind: 'done'; what: StaffAction['kind']; summary: Record<string, string | number | null>; outbox: number[]; fulfil: string[] }
  | { kind: 'refused'; why: StaffRefusal };

export type StaffRefusal =
  | { kind: 'not_found' }
  | { kind: 'reason_missing' }
  | { kind: 'order_status'; status: OrderStatus }
  | { kind: 'not_offline' }
  | { kind: 'amount_differs'; expectedCents: number; givenCents: number; currency: string }
  | { kind: 'reference_of_another_order'; orderNumber: number }
  | { kind: 'reference_used' }
  | { kind: 'no_invoice' }
  | { kind: 'payment_not_kept'; status: string | null }
  | { kind: 'no_such_reseller'; partnerId: string }
  | { kind: 'unchanged' }
  | { kind: 'invalid_correction'; why: 'not_annual' | 'not_perpetual' | 'not_a_tier' | 'date' };

const refused = (why: StaffRefusal): StaffActionResult => ({ kind: 'refused', why });

/** Everything a staff action needs besides the repositories. */
export interface StaffActionInput {
  actor: StaffActor;
  reason: string;
  at: Date;
  today: LocalDate;
  licenses: LicenseProvider;
}

/** Carries out one staff action, writing the audit entry with its reason. */
export async function actAsStaff(repos: Repositories, action: StaffAction, input: StaffActionInput): Promise<StaffActionResult> {
  const reason = input.reason.trim();
  if (!reason) return refused({ kind: 'reason_missing' });
  const audit = (what: string, subject: string, details: Record<string, unknown>) =>
    repos.audit.append({ actor: `staff:${input.actor.id}`, action: `staff.${what}`, subject, details: { by: input.actor.name, reason, ...details } });
  const done = (summary: Record<string, string | number | null>, outbox: number[] = [], fulfil: string[] = []): StaffActionResult => ({ kind: 'done', what: action.kind, summary, outbox, fulfil });

  switch (action.kind) {
    case 'confirm_payment': {
      const order = await repos.orders.get(action.orderId, { forUpdate: true });
      if (!order) return refused({ kind: 'not_found' });
      if (order.paymentMethod !== 'offline') return refused({ kind: 'not_offline' });
      if (order.status !== 'awaiting_payment') return refused({ kind: 'order_status', status: order.status });
      // Less than the order still owes is kept as a part payment (the order waits for the rest);
      // more is refused: an overpayment is refunded outside the product.
      const receivedBefore = receivedInPartsCents(await repos.payments.forOrder(order.id), order);
      const dueCents = order.totalCents - receivedBefore;
      if (action.amountCents <= 0 || action.amountCents > dueCents) return refused({ kind: 'amount_differs', expectedCents: dueCents, givenCents: action.amountCents, currency: order.currency });
      const named = parsePaymentReference(action.bankReference.match(/TCX-\d{6}-[0-9A-Z]{2}/i)?.[0] ?? '');
      if (named && named.orderNumber !== order.number) return refused({ kind: 'reference_of_another_order', orderNumber: named.orderNumber });
      const known = await repos.payments.find('offline', action.bankReference);
      if (known) return refused({ kind: 'reference_used' });
      const settled = await settlePayment(repos, input.licenses, {
        orderId: order.id, method: 'offline', providerRef: action.bankReference, confirmedBy: `staff:${input.actor.id}`, at: input.at, today: input.today,
        payment: { outcome: 'completed', providerStatus: STAFF_CONFIRMED, amountCents: action.amountCents, currency: order.currency },
      });
      if (settled.kind === 'part_payment') {
        await audit('payment_partial', `order:${order.id}`, {
          bankReference: action.bankReference, amountCents: action.amountCents,
          before: { status: order.status, receivedCents: receivedBefore, dueCents }, after: { status: order.status, receivedCents: settled.receivedCents, dueCents: settled.dueCents },
        });
        return done({ order: order.number, status: order.status, receivedCents: settled.receivedCents, dueCents: settled.dueCents, currency: order.currency }, settled.outbox);
      }
      const after = (await repos.orders.get(order.id))?.status ?? order.status;
      await audit('payment_confirmed', `order:${order.id}`, { bankReference: action.bankReference, amountCents: action.amountCents, ...(receivedBefore > 0 ? { receivedInPartsCents: receivedBefore } : {}), before: { status: order.status }, after: { status: after }, outcome: settled.kind });
      const outbox = 'outbox' in settled ? settled.outbox : [];
      return done({ order: order.number, status: after }, outbox, settled.kind === 'awaiting_placement' ? [order.id] : []);
    }
    case 'cancel_order': {
      const order = await repos.orders.get(action.orderId, { forUpdate: true });
      if (!order) return refused({ kind: 'not_found' });
      if (order.status !== 'awaiting_payment') return refused({ kind: 'order_status', status: order.status });
      const change = await cancelOrder(repos, { orderId: order.id, at: input.at, reason: `staff: ${reason}`, actor: `staff:${input.actor.id}` });
      if (change.kind !== 'changed') return refused({ kind: 'order_status', status: order.status });
      const creditNote = (await repos.creditNotes.findByEvent(`cancellation:${(await repos.invoices.forOrder(order.id))?.id ?? ''}`))?.number ?? null;
      await audit('order_cancelled', `order:${order.id}`, { before: { status: order.status, coupon: order.couponCode }, after: { status: 'cancelled', couponReleased: order.couponCode !== null, creditNote } });
      return done({ order: order.number, creditNote });
    }
    case 'refund_order': {
      const order = await repos.orders.get(action.orderId, { forUpdate: true });
      if (!order) return refused({ kind: 'not_found' });
      if (order.status !== 'paid' && order.status !== 'fulfilled') return refused({ kind: 'order_status', status: order.status });
      const change = await applyOrderEvent(repos, order.id, { kind: 'refund', at: input.at, reason: `staff: ${reason}` }, `staff:${input.actor.id}`);
      if (change.kind !== 'changed') return refused({ kind: 'order_status', status: order.status });
      const creditNote = await creditRefund(repos, { order: change.order, reason: 'refund', eventKey: `refund:staff:${order.id}`, at: input.at, refundedCents: order.totalCents });
      const outbox = await tellUser(repos, change.order, 'payment_reversed', { providerStatus: 'refunded' });
      await audit('refund_recorded', `order:${order.id}`, { before: { status: order.status }, after: { status: 'refunded', creditNote: creditNote?.number ?? null } });
      return done({ order: order.number, creditNote: creditNote?.number ?? null }, outbox);
    }
    case 'refund_payment': {
      const order = await repos.orders.get(action.orderId, { forUpdate: true });
      if (!order) return refused({ kind: 'not_found' });
      const payments = await repos.payments.forOrder(order.id);
      const payment = payments.find((p) => p.providerRef === action.providerRef);
      if (!payment || !isKeptForRefund(payment, order)) return refused({ kind: 'payment_not_kept', status: payment?.status ?? null });
      await repos.payments.upsert({ ...payment, status: 'refunded_by_staff' });
      await audit('payment_refunded', `order:${order.id}`, { providerRef: payment.providerRef, method: payment.method, amountCents: payment.amountCents, before: { status: payment.status }, after: { status: 'refunded_by_staff' } });
      return done({ order: order.number, payment: payment.providerRef });
    }
    case 'resend_invoice': {
      const order = await repos.orders.get(action.orderId);
      if (!order) return refused({ kind: 'not_found' });
      const invoice = await repos.invoices.forOrder(order.id);
      if (!invoice) return refused({ kind: 'no_invoice' });
      const outbox = await tellUser(repos, order, 'invoice_resent', { invoiceNumber: invoice.number }, `invoice_resent:${order.id}:${input.at.toISOString()}`);
      await audit('invoice_resent', `order:${order.id}`, { invoice: invoice.number, to: { userId: order.placedBy, channel: order.channel } });
      return done({ order: order.number, invoice: invoice.number }, outbox);
    }
    case 'move_license': {
      const [license] = await repos.licenses.getMany([action.licenseId], { forUpdate: true });
      if (!license) return refused({ kind: 'not_found' });
      if (action.move.to === 'customer') {
        const customer = await repos.customers.add(license.resellerId, action.move.company, null);
        const moved = await moveLicenseToCustomer(repos, license, customer, { actor: `staff:${input.actor.id}`, action: 'staff.license_moved', details: { by: input.actor.name, reason } });
        return moved ? done({ key: license.key, to: customer.company }) : refused({ kind: 'unchanged' });
      }
      const reseller = await repos.resellers.findByPartnerId(action.move.partnerId);
      if (!reseller) return refused({ kind: 'no_such_reseller', partnerId: action.move.partnerId });
      if (reseller.id === license.resellerId) return refused({ kind: 'unchanged' });
      const before = { resellerId: license.resellerId, customerId: license.customerId };
      const after = { resellerId: reseller.id, customerId: null };
      await repos.licenses.reassign(license.id, after);
      await audit('license_moved', `license:${license.id}`, { key: license.key, before, after });
      return done({ key: license.key, to: reseller.company });
    }
    case 'correct_license': {
      const [license] = await repos.licenses.getMany([action.licenseId], { forUpdate: true });
      if (!license) return refused({ kind: 'not_found' });
      const c = action.correction;
      if (c.field === 'sc') {
        if (!isTierOf(license.edition, c.sc)) return refused({ kind: 'invalid_correction', why: 'not_a_tier' });
        if (c.sc === license.sc) return refused({ kind: 'unchanged' });
        await repos.licenses.updateTerms(license.id, { sc: c.sc });
        await audit('license_corrected', `license:${license.id}`, { key: license.key, before: { sc: license.sc }, after: { sc: c.sc } });
        return done({ key: license.key, field: 'sc', from: license.sc, to: c.sc });
      }
      if (!isLocalDate(c.date)) return refused({ kind: 'invalid_correction', why: 'date' });
      if (c.field === 'expiresOn' && license.type !== 'annual') return refused({ kind: 'invalid_correction', why: 'not_annual' });
      if (c.field === 'maintenanceUntil' && license.type !== 'perpetual') return refused({ kind: 'invalid_correction', why: 'not_perpetual' });
      const from = license[c.field];
      if (from === c.date) return refused({ kind: 'unchanged' });
      await repos.licenses.updateTerms(license.id, { [c.field]: c.date });
      await audit('license_corrected', `license:${license.id}`, { key: license.key, before: { [c.field]: from }, after: { [c.field]: c.date } });
      return done({ key: license.key, field: c.field, from, to: c.date });
    }
    case 'note': {
      await audit('note', `${action.subject.kind}:${action.subject.id}`, {});
      return done({});
    }
    default: {
      const never: never = action;
      throw new Error(`unknown staff action ${JSON.stringify(never)}`);
    }
  }
}
