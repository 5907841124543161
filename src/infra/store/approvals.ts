import type { Knex } from 'knex';
import type { ApprovalRequest } from '../../domain/approvals/approval';
import type { ApprovalRepository } from '../../domain/ports';

type Row = Record<string, unknown>;

const SELECT = ['a.*', 'req.name as requester_name', 'dec.name as decider_name'];

function toApproval(r: Row): ApprovalRequest {
  return {
    id: String(r.id), resellerId: String(r.reseller_id), requestedBy: String(r.requested_by), requesterName: String(r.requester_name ?? ''),
    channel: r.channel as ApprovalRequest['channel'], chatId: (r.chat_id as string | null) ?? null, status: r.status as ApprovalRequest['status'],
    couponCode: (r.coupon_code as string | null) ?? null, lines: r.lines as ApprovalRequest['lines'], totals: r.totals as ApprovalRequest['totals'],
    currency: String(r.currency), requestedAt: new Date(r.requested_at as string), lapsesAt: new Date(r.lapses_at as string),
    decidedBy: (r.decided_by as string | null) ?? null, deciderName: (r.decider_name as string | null) ?? null,
    decidedAt: r.decided_at ? new Date(r.decided_at as string) : null, reason: (r.reason as string | null) ?? null, orderId: (r.order_id as string | null) ?? null,
  };
}

export function approvalRepository(db: Knex.Transaction): ApprovalRepository {
  const withNames = () => db('approval_requests as a')
    .join('reseller_users as req', 'req.id', 'a.requested_by')
    .leftJoin('reseller_users as dec', 'dec.id', 'a.decided_by');
  // A locked read locks the request row first, then reads it with its names: read in one
  // statement, a row updated while waiting for the lock would keep the names it had before.
  const lockRows = (q: Knex.QueryBuilder) => q.forUpdate().pluck('id');
  return {
    async insert(request) {
      const [row] = await db('approval_requests')
        .insert({
          reseller_id: request.resellerId, requested_by: request.requestedBy, channel: request.channel, chat_id: request.chatId,
          coupon_code: request.couponCode, lines: JSON.stringify(request.lines), totals: JSON.stringify(request.totals), currency: request.currency,
          requested_at: request.requestedAt, lapses_at: request.lapsesAt,
        })
        .returning('id');
      const made = await withNames().where('a.id', row.id).first(SELECT);
      return toApproval(made);
    },
    async get(id, options) {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
      // Nothing to lock: there is no such request (no second statement to say so).
      if (options?.forUpdate && (await lockRows(db('approval_requests').where({ id }))).length === 0) return undefined;
      const row = await withNames().where('a.id', id).first(SELECT);
      return row ? toApproval(row) : undefined;
    },
    async pendingOf(userId, options) {
      if (options?.forUpdate) {
        const locked = await lockRows(db('approval_requests').where({ requested_by: userId, status: 'pending' }));
        if (locked.length === 0) return undefined;
        const row = await withNames().whereIn('a.id', locked).where('a.status', 'pending').first(SELECT);
        return row ? toApproval(row) : undefined;
      }
      const row = await withNames().where({ 'a.requested_by': userId, 'a.status': 'pending' }).first(SELECT);
      return row ? toApproval(row) : undefined;
    },
    async pendingFor(resellerId) {
      return (await withNames().where({ 'a.reseller_id': resellerId, 'a.status': 'pending' }).orderBy('a.requested_at').select(SELECT)).map(toApproval);
    },
    async decide(id, d) {
      const changed = await db('approval_requests').where({ id, status: 'pending' })
        .update({ status: d.status, decided_by: d.by, decided_at: d.at, reason: d.reason, order_id: d.orderId ?? null });
      return changed === 1;
    },
    async expired(now, limit) {
      const ids = await lockRows(db('approval_requests').where('status', 'pending').where('lapses_at', '<=', now).orderBy('lapses_at').limit(limit));
      if (ids.length === 0) return [];
      return (await withNames().whereIn('a.id', ids).where('a.status', 'pending').orderBy('a.lapses_at').select(SELECT)).map(toApproval);
    },
    async forOrder(orderId) {
      return (await withNames().where('a.order_id', orderId).orderBy('a.requested_at').select(SELECT)).map(toApproval);
    },
    async teamChat(resellerId) {
      const row = await db('approval_team_chats').where({ reseller_id: resellerId }).first('channel', 'chat_id');
      return row ? { channel: row.channel, chatId: row.chat_id } : undefined;
    },
    async setTeamChat(resellerId, chat, chosenBy) {
      if (!chat) {
        await db('approval_team_chats').where({ reseller_id: resellerId }).delete();
        return;
      }
      await db('approval_team_chats')
        .insert({ reseller_id: resellerId, channel: chat.channel, chat_id: chat.chatId, chosen_by: chosenBy, chosen_at: db.fn.now() })
        .onConflict('reseller_id').merge(['channel', 'chat_id', 'chosen_by', 'chosen_at']);
    },
  };
}
