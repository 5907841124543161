import type { Knex } from 'knex';
import type { CartRepository, MenuFigures } from '../../domain/ports';
import { toCartLine } from './rows';

export function cartRepository(db: Knex.Transaction): CartRepository {
  // The repository lives for one transaction: a cart found (or locked) once is not looked up
  // (or locked) again by the same input. A cart row is never deleted but with its user.
  const known = new Map<string, { id: string; locked: boolean }>();
  /** The user's cart id, made on first use; `lock` holds the cart row for the transaction. */
  async function cartId(userId: string, resellerId: string | null, lock: boolean): Promise<string | undefined> {
    const found = known.get(userId);
    if (found && (found.locked || !lock)) return found.id;
    const id = await lookUp(userId, resellerId, lock);
    if (id !== undefined) known.set(userId, { id, locked: lock });
    return id;
  }
  async function lookUp(userId: string, resellerId: string | null, lock: boolean): Promise<string | undefined> {
    if (resellerId) {
      await db('carts').insert({ reseller_user_id: userId, reseller_id: resellerId }).onConflict('reseller_user_id').ignore();
    } else if (lock) {
      await db.raw(
        `insert into carts (reseller_user_id, reseller_id) select id, reseller_id from reseller_users where id = ? on conflict (reseller_user_id) do nothing`,
        [userId],
      );
    }
    const query = db('carts').where({ reseller_user_id: userId }).first('id');
    const row = await (lock ? query.forUpdate() : query);
    return row?.id;
  }
  return {
    async lines(userId, options) {
      const id = await cartId(userId, null, options?.forUpdate ?? false);
      if (!id) return [];
      return (await db('cart_lines').where({ cart_id: id }).orderBy('seq')).map(toCartLine);
    },
    async add(userId, resellerId, line) {
      const id = await cartId(userId, resellerId, true);
      const licenseId = line.request.kind === 'new_license' ? null : line.request.licenseId;
      const [row] = await db('cart_lines')
        .insert({ cart_id: id, kind: line.request.kind, license_id: licenseId, request: line.request, quote: line.quote, list_cents: line.quote.listCents, quoted_on: line.quotedOn })
        .returning('*');
      await db('carts').where({ id }).update({ updated_at: db.fn.now() });
      return toCartLine(row);
    },
    async remove(userId, lineId) {
      const removed = await db('cart_lines')
        .where({ id: lineId })
        .whereIn('cart_id', db('carts').where({ reseller_user_id: userId }).select('id'))
        .delete();
      return removed > 0;
    },
    async updateQuote(userId, lineId, quote, quotedOn) {
      await db('cart_lines')
        .where({ id: lineId })
        .whereIn('cart_id', db('carts').where({ reseller_user_id: userId }).select('id'))
        .update({ quote, list_cents: quote.listCents, quoted_on: quotedOn });
    },
    async clear(userId) {
      await db('cart_lines').whereIn('cart_id', db('carts').where({ reseller_user_id: userId }).select('id')).delete();
    },
  };
}

export function menuFigures(db: Knex.Transaction): MenuFigures {
  return {
    async figures(userId, resellerId) {
      const { rows } = await db.raw(
        `select (select count(*) from cart_lines l join carts c on c.id = l.cart_id where c.reseller_user_id = ?) as cart_lines,
          (select count(*) from approval_requests where reseller_id = ? and status = 'pending') as pending_approvals`,
        [userId, resellerId],
      );
      return { cartLines: Number(rows[0].cart_lines), pendingApprovals: Number(rows[0].pending_approvals) };
    },
  };
}
