import type { Knex } from 'knex';
import type { ApprovalMessageKind, OrderMessageKind, Outbox, OutboxMessage } from '../../domain/ports';
import type { LineQuote } from '../../domain/pricing/line';
import type { OutboxStore, PendingMessage } from '../../jobs/ports';

const isOrderMessage = (kind: OutboxMessage['kind']): kind is OrderMessageKind => !kind.startsWith('approval_') && kind !== 'broadcast' && kind !== 'invoice_document';
import type { ApprovalNotification, NotifiedProblem, OrderNotification } from '../../conversation/notifications';

export function outboxRepository(db: Knex.Transaction): Outbox {
  return {
    async add(message) {
      const rows = await db('outbox')
        .insert({
          kind: message.kind, dedupe_key: message.dedupeKey, order_id: message.orderId, reseller_user_id: message.userId,
          channel: message.channel, chat_id: message.chatId, payload: message.payload,
        })
        .onConflict('dedupe_key')
        .ignore()
        .returning('id');
      return rows[0]?.id as number | undefined;
    },
  };
}

/** Reading and settling the outbox, for the notifications job. */
export function outboxStore(knex: Knex): OutboxStore {
  return {
    async get(id: number): Promise<PendingMessage | undefined> {
      const r = await knex('outbox').where({ id }).first();
      return r && { id: r.id, kind: r.kind, channel: r.channel, chatId: r.chat_id, orderId: r.order_id, payload: r.payload, delivered: r.delivered_at !== null, givenUp: r.given_up_at !== null };
    },
    /** The facts a message about an order shows: the order, its licenses as they are now, its invoice. */
    async orderNotification(message: PendingMessage, sandbox: boolean): Promise<OrderNotification | undefined> {
      if (!message.orderId || !isOrderMessage(message.kind)) return undefined;
      const order = await knex('orders').where({ id: message.orderId }).first();
      if (!order) return undefined;
      const events = await knex('license_events as e')
        .join('licenses as l', 'l.id', 'e.license_id')
        .leftJoin('end_customers as c', 'c.id', 'l.end_customer_id')
        .where('e.order_id', message.orderId)
        .whereIn('e.kind', ['issued', 'renewed', 'maintenance_renewed', 'upgraded'])
        .orderBy('e.id')
        .select('e.kind', 'l.license_key', 'l.edition', 'l.sc', 'l.expires_on', 'l.maintenance_until', 'c.company');
      const invoice = await knex('invoices').where({ order_id: message.orderId }).first('number');
      return {
        kind: message.kind as OrderMessageKind, orderNumber: order.number, totalCents: order.total_cents, currency: order.currency, reference: order.payment_reference,
        refundedCents: typeof message.payload.refundedCents === 'number' ? message.payload.refundedCents : null,
        ...(typeof message.payload.receivedCents === 'number' && typeof message.payload.dueCents === 'number' ? { part: { receivedCents: message.payload.receivedCents, dueCents: message.payload.dueCents } } : {}),
        invoiceNumber: invoice?.number ?? null, providerStatus: ((message.payload.providerStatus ?? message.payload.reason) as string | undefined) ?? null, sandbox,
        problems: ((message.payload.problems as Array<{ key: string | null; line?: string; reason: NotifiedProblem['reason']; code?: string }> | undefined) ?? [])
          .map((p) => ({ what: p.key ?? p.line ?? '?', reason: p.reason, code: p.code ?? null })),
        licenses: events.map((e) => ({ key: e.license_key, edition: e.edition, sc: e.sc, change: e.kind, expiresOn: e.expires_on, maintenanceUntil: e.maintenance_until, customerName: e.company ?? null })),
      };
    },
    /** The facts a message about an approval request shows, as the request is now. */
    async approvalNotification(message: PendingMessage): Promise<ApprovalNotification | undefined> {
      const id = message.payload.approvalId;
      if (isOrderMessage(message.kind) || message.kind === 'broadcast' || typeof id !== 'string') return undefined;
      const r = await knex('approval_requests as a')
        .join('reseller_users as req', 'req.id', 'a.requested_by')
        .leftJoin('reseller_users as dec', 'dec.id', 'a.decided_by')
        .leftJoin('orders as o', 'o.id', 'a.order_id')
        .where('a.id', id)
        .first('a.*', 'req.name as requester_name', 'dec.name as decider_name', 'o.number as order_number');
      if (!r) return undefined;
      return {
        kind: message.kind as ApprovalMessageKind, approvalId: r.id, status: r.status, requesterName: r.requester_name, deciderName: r.decider_name ?? null,
        reason: r.reason ?? null, lines: (r.lines as Array<{ quote: LineQuote }>).map((l) => l.quote), totals: r.totals, couponCode: r.coupon_code ?? null,
        currency: r.currency, lapsesAt: new Date(r.lapses_at).toISOString(), toTeam: message.payload.team === true, orderNumber: r.order_number === null || r.order_number === undefined ? null : Number(r.order_number),
      };
    },
    async settled(orderId: string, kind: OutboxMessage['kind']): Promise<boolean> {
      // The user's message (its dedupe key is `<kind>:<order id>`), not staff's copy of it.
      const row = await knex('outbox').where({ order_id: orderId, kind, dedupe_key: `${kind}:${orderId}` }).andWhere((q) => q.whereNotNull('delivered_at').orWhereNotNull('given_up_at')).first('id');
      return row !== undefined;
    },
    async markDelivered(id: number): Promise<void> {
      await knex('outbox').where({ id }).whereNull('delivered_at').update({ delivered_at: knex.fn.now(), attempts: knex.raw('attempts + 1') });
    },
    async markGivenUp(id: number, reason: string): Promise<void> {
      await knex('outbox').where({ id }).whereNull('delivered_at').update({ given_up_at: knex.fn.now(), last_error: reason, attempts: knex.raw('attempts + 1') });
    },
    async markAttempt(id: number, error: string): Promise<void> {
      await knex('outbox').where({ id }).update({ attempts: knex.raw('attempts + 1'), last_error: error.slice(0, 1000) });
    },
    /** Messages not delivered a while after they were written: their job may have been lost. */
    async stale(olderThanMs: number, limit: number): Promise<number[]> {
      return knex('outbox')
        .whereNull('delivered_at')
        .whereNull('given_up_at')
        .where('created_at', '<', new Date(Date.now() - olderThanMs))
        .orderBy('id')
        .limit(limit)
        .pluck('id');
    },
  };
}
