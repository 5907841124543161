import type { Knex } from 'knex';
import { formatMoney } from '../../domain/pricing/money';
import { keptForRefund } from './staff-desk';

/**
 * What staff must look at, one line each: paid orders still without their licenses (with
 * where their placement at 3CX stands), orders fulfilled with lines that were not applied,
 * payments kept for a refund (a second payment, a wrong amount, one after expiry), and
 * partial refunds.
 */
export async function needingAttention(knex: Knex): Promise<string[]> {
  const unfulfilled = await knex('orders as o')
    .leftJoin('provider_orders as p', 'p.order_id', 'o.id')
    .where('o.status', 'paid')
    .orderBy('o.paid_at')
    .select('o.number', 'o.payment_reference', 'o.paid_at', 'p.status as placement', 'p.error', 'p.attempts');
  // What the audit log holds for staff: lines not applied, partial refunds.
  const noted = await knex('audit_log as a')
    .join('orders as o', knex.raw("a.subject = 'order:' || o.id::text"))
    .whereIn('a.action', ['order.fulfilment_problem', 'payment.partially_refunded'])
    .orderBy('a.id')
    .select('a.action', 'o.number', 'o.currency', 'a.details');
  const payments = await knex('payments as p')
    .join('orders as o', 'o.id', 'p.order_id')
    .where(keptForRefund)
    .orderBy('o.number')
    .select('o.number', 'p.method', 'p.provider_ref', 'p.status', 'p.amount_cents', 'p.currency');
  return [
    ...unfulfilled.map((o) => `order ${o.number} (${o.payment_reference}): paid ${new Date(o.paid_at).toISOString()}, licenses not issued yet; placement ${o.placement ?? 'not started'}${o.attempts ? ` after ${o.attempts} attempt(s)` : ''}${o.error ? `: ${o.error}` : ''}`),
    ...payments.map((p) => `order ${p.number}: ${p.method} payment ${p.provider_ref} of ${formatMoney(Number(p.amount_cents), p.currency)} is ${p.status}: refund it or settle it with the reseller`),
    ...noted.map((n) => {
      const details = n.details as { problems?: unknown; refundedCents?: number | null };
      if (n.action === 'order.fulfilment_problem') return `order ${n.number}: lines not applied: ${JSON.stringify(details.problems ?? [])}`;
      const cents = details.refundedCents;
      return `order ${n.number}: partly refunded${typeof cents === 'number' ? ` (${formatMoney(cents, n.currency)})` : ''}; the order and its licenses were left as they are`;
    }),
  ];
}
