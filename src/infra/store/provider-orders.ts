import type { Knex } from 'knex';
import type { Placement, ProviderOrder, ProviderOrderRepository, ProviderOrderStatus, RefusedLine } from '../../domain/ports';

interface ProviderOrderRow {
  order_id: string;
  provider: string;
  status: ProviderOrderStatus;
  placement: Placement | null;
  refused: RefusedLine[];
  error: string | null;
  attempts: number;
  updated_at: Date;
}

const toProviderOrder = (r: ProviderOrderRow): ProviderOrder => ({
  orderId: r.order_id, provider: r.provider, status: r.status, placement: r.placement, refused: r.refused, error: r.error, attempts: r.attempts, updatedAt: r.updated_at,
});

export function providerOrderRepository(db: Knex.Transaction): ProviderOrderRepository {
  return {
    async get(orderId, options) {
      const query = db<ProviderOrderRow>('provider_orders').where({ order_id: orderId }).first();
      const row = await (options?.forUpdate ? query.forUpdate() : query);
      return row && toProviderOrder(row);
    },
    async claim(orderId, provider, request, at) {
      // One statement: a new claim, or a retry of an attempt that certainly placed nothing.
      const claimed = await db.raw(
        `insert into provider_orders (order_id, provider, status, request, updated_at) values (?, ?, 'placing', ?, ?)
         on conflict (order_id) do update set status = 'placing', provider = excluded.provider, request = excluded.request,
           error = null, attempts = provider_orders.attempts + 1, updated_at = excluded.updated_at
         where provider_orders.status = 'not_placed'
         returning attempts`,
        [orderId, provider, JSON.stringify(request), at],
      );
      const [row] = claimed.rows as Array<{ attempts: number }>;
      return row?.attempts;
    },
    async record(orderId, attempt, result, at) {
      const changed = await db('provider_orders').where({ order_id: orderId, status: 'placing', attempts: attempt }).update({
        status: result.status,
        placement: result.placement === undefined ? null : JSON.stringify(result.placement),
        response: result.response === undefined ? null : JSON.stringify(result.response),
        refused: JSON.stringify(result.refused ?? []),
        error: result.error ?? null,
        updated_at: at,
      });
      return changed === 1;
    },
    async recordByStaff(orderId, placement, at) {
      const changed = await db('provider_orders').where({ order_id: orderId, status: 'uncertain' }).update({ status: 'placed', placement: JSON.stringify(placement), updated_at: at });
      return changed === 1;
    },
    async reopen(orderId, at) {
      const changed = await db('provider_orders').where({ order_id: orderId }).whereIn('status', ['refused', 'uncertain']).update({ status: 'not_placed', updated_at: at });
      return changed === 1;
    },
    async waiting(before, limit) {
      const rows = await db('orders as o')
        .leftJoin('provider_orders as p', 'p.order_id', 'o.id')
        .where('o.status', 'paid')
        .andWhere((q) => q.whereNull('p.order_id').orWhereIn('p.status', ['not_placed', 'placing', 'placed']))
        .andWhere(db.raw('coalesce(p.updated_at, o.paid_at) < ?', [before]))
        .orderBy('o.paid_at')
        .limit(limit)
        .select<Array<{ id: string }>>('o.id');
      return rows.map((r) => r.id);
    },
  };
}
