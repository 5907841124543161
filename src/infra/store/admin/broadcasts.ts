import type { Knex } from 'knex';
import type { Broadcast, BroadcastReport, BroadcastRepository } from '../../../domain/admin/ports';
import { PRIVATE_CHAT } from '../private-chat';

export function broadcastRepository(db: Knex.Transaction): BroadcastRepository {
  const toBroadcast = (r: Record<string, unknown>): Broadcast => ({
    id: Number(r.id), text: String(r.text), audience: r.audience as Broadcast['audience'], createdBy: String(r.created_by), createdAt: r.created_at as Date,
    sentBy: (r.sent_by as string | null) ?? null, sentAt: (r.sent_at as Date | null) ?? null,
  });
  const reports = () => db('broadcasts as b')
    .leftJoin('broadcast_recipients as br', 'br.broadcast_id', 'b.id')
    .leftJoin('outbox as o', 'o.id', 'br.outbox_id')
    .groupBy('b.id')
    .select('b.*', db.raw('count(br.outbox_id)::int as recipients'), db.raw('count(o.delivered_at)::int as delivered'), db.raw('count(o.given_up_at)::int as given_up'));
  const toReport = (r: Record<string, unknown>): BroadcastReport => ({ ...toBroadcast(r), recipients: Number(r.recipients), delivered: Number(r.delivered), givenUp: Number(r.given_up) });
  return {
    async insert(draft) {
      const [row] = await db('broadcasts').insert({ text: draft.text, audience: draft.audience, created_by: draft.createdBy, created_at: draft.createdAt }).returning('*');
      return toBroadcast(row);
    },
    async get(id, options) {
      const query = db('broadcasts').where({ id }).first();
      const row = await (options?.forUpdate ? query.forUpdate() : query);
      return row ? toBroadcast(row) : undefined;
    },
    async targets(audience) {
      const query = db('resellers as r')
        .join('reseller_users as u', 'u.reseller_id', 'r.id')
        .join('channel_identities as ci', 'ci.reseller_user_id', 'u.id')
        .whereNull('r.suspended_at').where('u.active', true).whereIn('u.role', ['owner', 'purchase']).whereNull('ci.unreachable_since')
        .whereRaw(PRIVATE_CHAT)
        .orderBy([{ column: 'r.partner_id' }, { column: 'u.username' }, { column: 'ci.id' }])
        .select('r.id as reseller_id', 'u.id as user_id', 'ci.channel', 'ci.chat_id');
      if (audience.level !== null) query.where('r.level_code', audience.level);
      if (audience.country !== null) query.where('r.country', audience.country);
      return (await query).map((r) => ({ resellerId: r.reseller_id, userId: r.user_id, channel: r.channel, chatId: r.chat_id }));
    },
    async markSent(id, by, at, recipients) {
      await db('broadcasts').where({ id }).update({ sent_by: by, sent_at: at });
      for (let i = 0; i < recipients.length; i += 500) {
        await db('broadcast_recipients').insert(recipients.slice(i, i + 500).map((r) => ({ broadcast_id: id, reseller_id: r.resellerId, reseller_user_id: r.userId, outbox_id: r.outboxId })));
      }
    },
    async history(limit) {
      return (await reports().orderBy('b.id', 'desc').limit(limit)).map(toReport);
    },
    async report(id) {
      const row = await reports().where('b.id', id).first();
      return row ? toReport(row) : undefined;
    },
    async recipients(id) {
      const rows = await db('broadcast_recipients as br')
        .join('resellers as r', 'r.id', 'br.reseller_id').join('reseller_users as u', 'u.id', 'br.reseller_user_id').join('outbox as o', 'o.id', 'br.outbox_id')
        .where('br.broadcast_id', id).orderBy([{ column: 'r.partner_id' }, { column: 'u.username' }, { column: 'o.id' }])
        .select('r.partner_id', 'r.company', 'u.username', 'o.channel', 'o.delivered_at', 'o.given_up_at');
      return rows.map((r) => ({ partnerId: r.partner_id, company: r.company, username: r.username, channel: r.channel, status: r.delivered_at ? 'delivered' : r.given_up_at ? 'given_up' : 'waiting' }));
    },
  };
}
