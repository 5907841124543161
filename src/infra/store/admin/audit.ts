import type { Knex } from 'knex';
import type { AuditSearch } from '../../../domain/admin/ports';
import { auditNames } from '../audit-names';

export function auditSearch(db: Knex.Transaction): AuditSearch {
  return {
    async search(f) {
      const query = db('audit_log').orderBy('id', 'desc').limit(f.limit).select('id', 'at', 'actor', 'action', 'subject', 'details');
      if (f.people) {
        const { actors, subjects } = f.people;
        query.where((q) => q.whereIn('actor', actors).orWhereIn('subject', subjects));
      }
      if (f.resellerId !== undefined) {
        const users = db('reseller_users').where({ reseller_id: f.resellerId }).select(db.raw(`'user:' || id`));
        const orders = db('orders').where({ reseller_id: f.resellerId }).select(db.raw(`'order:' || id`));
        query.where((q) => q.where('subject', `reseller:${f.resellerId}`).orWhereIn('subject', users).orWhereIn('actor', users).orWhereIn('subject', orders));
      }
      if (f.orderId !== undefined) query.where('subject', `order:${f.orderId}`);
      if (f.from) query.where('at', '>=', f.from);
      if (f.to) query.where('at', '<', f.to);
      const rows = (await query).map((r) => ({ id: Number(r.id), at: r.at, actor: r.actor, action: r.action, subject: r.subject ?? null, details: r.details }));
      const names = await auditNames(db, rows);
      return rows.map((r, i) => ({ ...r, actorName: names[i]?.actorName ?? r.actor, subjectName: names[i]?.subjectName ?? r.subject }));
    },
  };
}
