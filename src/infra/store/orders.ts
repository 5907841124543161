import type { Knex } from 'knex';
import type { Order } from '../../domain/orders/order';
import type { OrderRepository, PaymentRecord, PaymentRepository } from '../../domain/ports';
import { toOrder, toOrderLine } from './rows';
import { countOf } from './rows';

export function orderRepository(db: Knex.Transaction): OrderRepository {
  async function load(row: Record<string, unknown> | undefined): Promise<Order | undefined> {
    if (!row) return undefined;
    const lines = await db('order_lines').where({ order_id: row.id }).orderBy('position');
    return toOrder(row, lines.map(toOrderLine));
  }
  return {
    async insert(order, reference) {
      const [row] = await db('orders')
        .insert({
          reseller_id: order.resellerId, placed_by: order.placedBy, channel: order.channel, chat_id: order.chatId,
          idempotency_key: order.idempotencyKey, status: 'awaiting_payment', payment_method: order.paymentMethod,
          // Replaced below by the reference made from the order number, in the same transaction.
          payment_reference: db.raw("'pending-' || gen_random_uuid()"),
          currency: order.currency, partner_discount_bp: order.partnerDiscountBp, vat_rate_bp: order.vatRateBp, vat_treatment: order.vatTreatment,
          list_cents: order.listCents, partner_discount_cents: order.partnerDiscountCents, subtotal_cents: order.subtotalCents,
          coupon_id: order.couponId, coupon_code: order.couponCode, coupon_cents: order.couponCents,
          taxable_cents: order.taxableCents, vat_cents: order.vatCents, total_cents: order.totalCents,
          placed_on: order.placedOn, placed_at: order.placedAt, expires_at: order.expiresAt,
        })
        .onConflict('idempotency_key')
        .ignore()
        .returning(['id', 'number']);
      if (!row) return undefined;
      await db('orders').where({ id: row.id }).update({ payment_reference: reference(Number(row.number)) });
      await db('order_lines').insert(
        order.lines.map((l, i) => ({
          order_id: row.id, position: i + 1, kind: l.kind, description: l.description, edition: l.edition, sc: l.sc,
          quantity: l.quantity, years: l.years, license_id: l.licenseId, license_key: l.licenseKey, from_edition: l.fromEdition,
          from_sc: l.fromSc, remaining_days: l.remainingDays, end_customer_id: l.endCustomerId, unit_price_cents: l.unitPriceCents,
          list_cents: l.listCents, partner_discount_cents: l.partnerDiscountCents, net_cents: l.netCents, new_term_end: l.newTermEnd,
        })),
      );
      return load(await db('orders').where({ id: row.id }).first());
    },
    async get(id, options) {
      const query = db('orders').where({ id }).first();
      return load(await (options?.forUpdate ? query.forUpdate() : query));
    },
    async findByIdempotencyKey(key) {
      return load(await db('orders').where({ idempotency_key: key }).first());
    },
    async findByReference(reference) {
      return load(await db('orders').whereRaw('upper(payment_reference) = upper(?)', [reference.trim()]).first());
    },
    async findByNumber(orderNumber) {
      return load(await db('orders').where({ number: orderNumber }).first());
    },
    async transition(id, from, to, at, reason) {
      const stamps: Record<string, unknown> = {};
      if (to === 'paid') stamps.paid_at = at;
      if (to === 'fulfilled') stamps.fulfilled_at = at;
      if (to === 'cancelled' || to === 'expired' || to === 'refunded') Object.assign(stamps, { closed_at: at, close_reason: reason ?? to });
      const changed = await db('orders').where({ id, status: from }).update({ status: to, ...stamps });
      return changed === 1;
    },
    async listFor(resellerId, page) {
      const count = await countOf(db('orders').where({ reseller_id: resellerId }));
      // Newest first; orders placed in the same instant (a test clock) by their number.
      const rows = await db('orders').where({ reseller_id: resellerId }).orderBy([{ column: 'placed_at', order: 'desc' }, { column: 'number', order: 'desc' }]).offset(page.offset).limit(page.limit);
      const items: Order[] = [];
      for (const row of rows) items.push((await load(row)) as Order);
      return { items, total: count };
    },
    async waitingNumbersFor(resellerId, licenseId) {
      const rows = await db('orders').join('order_lines', 'order_lines.order_id', 'orders.id')
        .where({ 'orders.reseller_id': resellerId, 'orders.status': 'awaiting_payment', 'order_lines.license_id': licenseId })
        .distinct('orders.number').orderBy('orders.number');
      return rows.map((r) => Number(r.number));
    },
    async dueForExpiry(now, limit) {
      const rows = await db('orders').where({ status: 'awaiting_payment' }).where('expires_at', '<=', now).orderBy('expires_at').limit(limit).select('id');
      return rows.map((r) => r.id as string);
    },
  };
}

function toPayment(r: Record<string, unknown>): PaymentRecord {
  return {
    orderId: String(r.order_id), method: r.method as PaymentRecord['method'], providerRef: String(r.provider_ref), status: String(r.status),
    amountCents: Number(r.amount_cents), currency: String(r.currency), confirmedBy: (r.confirmed_by as string | null) ?? null, details: r.details as Record<string, unknown>,
    paymentUrl: (r.payment_url as string | null) ?? null,
  };
}

export function paymentRepository(db: Knex.Transaction): PaymentRepository {
  return {
    async upsert(payment) {
      const previous = await db('payments').where({ method: payment.method, provider_ref: payment.providerRef }).forUpdate().first('status');
      await db('payments')
        .insert({
          order_id: payment.orderId, method: payment.method, provider_ref: payment.providerRef, status: payment.status,
          amount_cents: payment.amountCents, currency: payment.currency, confirmed_by: payment.confirmedBy, details: payment.details,
          payment_url: payment.paymentUrl ?? null,
        })
        .onConflict(['method', 'provider_ref'])
        .merge({ status: payment.status, amount_cents: payment.amountCents, currency: payment.currency, confirmed_by: payment.confirmedBy, details: payment.details, updated_at: db.fn.now() });
      return { previousStatus: previous?.status ?? null };
    },
    async forOrder(orderId) {
      return (await db('payments').where({ order_id: orderId }).orderBy(['created_at', 'provider_ref'])).map(toPayment);
    },
    async find(method, providerRef) {
      const row = await db('payments').where({ method, provider_ref: providerRef }).first();
      return row && toPayment(row);
    },
  };
}
