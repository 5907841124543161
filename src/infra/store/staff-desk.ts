// What staff look things up in: a search over every identifier and name, the cards with their
// history (license events, orders, payments, reminders sent, approvals, the audit log's
// entries about the thing: staff actions with their reasons, notes), what waits for staff,
// and the digest's figures. Read only; the staff sessions of chats beside it.
import type { Knex } from 'knex';
import type { AttentionItem, Card, CardKind, DigestFacts, Found, HistoryEntry, StaffDesk, StaffSessionRepository } from '../../domain/staff/desk';
import { PART_PAYMENT } from '../../domain/orders/part-payments';
import { auditNames } from './audit-names';
import { orderRepository, paymentRepository } from './orders';
import { toLicense, toStaffUser } from './rows';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HISTORY_LIMIT = 20;

/**
 * Runs the queries one after another: a transaction is one connection, which takes one query
 * at a time (queries sent at once would queue in the driver, which warns about it).
 */
async function inTurn<T extends ReadonlyArray<() => unknown>>(...queries: T): Promise<{ [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  const results: unknown[] = [];
  for (const query of queries) results.push(await query());
  return results as { [K in keyof T]: Awaited<ReturnType<T[K]>> };
}

/** `text` as a LIKE pattern that matches it anywhere, its wildcards taken literally. */
function anywhere(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Payments kept for staff to send back (as `isKeptForRefund` says), on `payments as p` joined with `orders as o`. */
export function keptForRefund(w: Knex.QueryBuilder): void {
  void w.whereIn('p.status', ['completed_unmatched', 'amount_mismatch'])
    .orWhere((part) => part.where('p.status', PART_PAYMENT).whereIn('o.status', ['cancelled', 'expired']));
}

export function staffDesk(db: Knex.Transaction): StaffDesk {
  const orders = orderRepository(db);
  /** What an order (`orders as o`) received in part payments so far, as `received_cents`. */
  const receivedInParts = () => db('payments as pp').whereRaw('pp.order_id = o.id').where('pp.status', PART_PAYMENT).whereRaw('pp.currency = o.currency')
    .select(db.raw('coalesce(sum(pp.amount_cents), 0)')).as('received_cents');

  async function history(subject: string): Promise<HistoryEntry[]> {
    const rows = await db('audit_log').where({ subject }).orderBy('id', 'desc').limit(HISTORY_LIMIT).select('at', 'actor', 'action', 'details');
    const names = await auditNames(db, rows.map((r) => ({ actor: String(r.actor), subject })));
    return rows.map((r, i) => ({ at: new Date(r.at), actor: String(r.actor), actorName: names[i]?.actorName ?? String(r.actor), action: String(r.action), details: (r.details ?? {}) as Record<string, unknown> }));
  }

  async function resellerOf(id: string): Promise<{ id: string; company: string; partnerId: string }> {
    const r = await db('resellers').where({ id }).first('id', 'company', 'partner_id');
    return { id: String(r.id), company: String(r.company), partnerId: String(r.partner_id) };
  }

  const cards: { [K in CardKind]: (id: string) => Promise<Extract<Card, { kind: K }> | undefined> } = {
    async reseller(id) {
      const r = await db('resellers').where({ id }).first();
      if (!r) return undefined;
      const [users, customers, licenseCount, recent] = await inTurn(
        () => db('reseller_users').where({ reseller_id: id }).orderBy('username').select('username', 'name', 'role', 'active'),
        () => db('end_customers').where({ reseller_id: id }).orderBy('company').limit(10).select('id', 'company'),
        () => db('licenses').where({ reseller_id: id }).count<{ n: string }[]>('* as n'),
        () => db('orders').where({ reseller_id: id }).orderBy('number', 'desc').limit(5).select('id', 'number', 'status', 'total_cents', 'currency', 'placed_at'),
      );
      return {
        kind: 'reseller', id, partnerId: String(r.partner_id), company: String(r.company), country: String(r.country), levelCode: String(r.level_code),
        users: users.map((u) => ({ username: String(u.username), name: String(u.name), role: String(u.role), active: Boolean(u.active) })),
        customers: customers.map((c) => ({ id: String(c.id), company: String(c.company) })),
        licenseCount: Number(licenseCount[0]?.n ?? 0),
        orders: recent.map((o) => ({ id: String(o.id), number: Number(o.number), status: o.status, totalCents: Number(o.total_cents), currency: String(o.currency), placedAt: new Date(o.placed_at), receivedCents: Number(o.received_cents) })),
        history: await history(`reseller:${id}`),
      };
    },
    async customer(id) {
      const c = await db('end_customers').where({ id }).first();
      if (!c) return undefined;
      const licenses = await db('licenses as l').leftJoin('end_customers as c', 'c.id', 'l.end_customer_id').where('l.end_customer_id', id)
        .orderBy('l.license_key').limit(10).select('l.*', 'c.company as customer_name');
      return {
        kind: 'customer', id, company: String(c.company), email: (c.email as string | null) ?? null, reseller: await resellerOf(String(c.reseller_id)),
        licenses: licenses.map(toLicense), history: await history(`customer:${id}`),
      };
    },
    async license(id) {
      const row = await db('licenses as l').leftJoin('end_customers as c', 'c.id', 'l.end_customer_id').where('l.id', id).first('l.*', 'c.company as customer_name');
      if (!row) return undefined;
      const license = toLicense(row);
      const [events, reminders] = await inTurn(
        () => db('license_events as e').leftJoin('orders as o', 'o.id', 'e.order_id').where('e.license_id', id).orderBy('e.id', 'desc').limit(HISTORY_LIMIT)
          .select('e.at', 'e.kind', 'e.actor', 'e.before', 'e.after', 'o.number'),
        () => db('reminders as r').join('reseller_users as u', 'u.id', 'r.reseller_user_id').where('r.license_id', id).whereNotNull('r.sent_at')
          .orderBy('r.sent_at', 'desc').limit(10).select('r.sent_at', 'r.offset_days', 'u.name'),
      );
      return {
        kind: 'license', license, reseller: await resellerOf(license.resellerId),
        events: events.map((e) => ({ at: new Date(e.at), kind: String(e.kind), actor: String(e.actor), before: e.before ?? null, after: e.after ?? {}, orderNumber: e.number === null ? null : Number(e.number) })),
        remindersSent: reminders.map((r) => ({ sentAt: new Date(r.sent_at), offsetDays: Number(r.offset_days), userName: String(r.name) })),
        history: await history(`license:${id}`),
      };
    },
    async order(id) {
      const order = await orders.get(id);
      if (!order) return undefined;
      const [placedBy, payments, invoices, creditNotes, approvals, placement] = await inTurn(
        () => db('reseller_users').where({ id: order.placedBy }).first('name'),
        () => paymentRepository(db).forOrder(id),
        () => db('invoices').where({ order_id: id }).orderBy('issued_on').select('number', 'status', 'total_cents', 'issued_on'),
        () => db('credit_notes').where({ order_id: id }).orderBy('series_number').select('number', 'total_cents', 'issued_on'),
        () => db('approval_requests as a').join('reseller_users as r', 'r.id', 'a.requested_by').leftJoin('reseller_users as d', 'd.id', 'a.decided_by')
          .where('a.order_id', id).select('r.name as requester', 'a.status', 'd.name as decider'),
        () => db('provider_orders').where({ order_id: id }).first('status'),
      );
      const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
      // Who confirmed a payment, by username (staff:<id> in the record).
      const confirmers = await auditNames(db, payments.map((p) => ({ actor: p.confirmedBy ?? '', subject: null })));
      return {
        kind: 'order', order, reseller: await resellerOf(order.resellerId), placedByName: placedBy ? String(placedBy.name) : order.placedBy,
        payments: payments.map((p, i) => ({ ...p, confirmedBy: p.confirmedBy === null ? null : (confirmers[i]?.actorName ?? p.confirmedBy) })),
        documents: [
          ...invoices.map((i) => ({ kind: 'invoice' as const, number: String(i.number), status: String(i.status), totalCents: Number(i.total_cents), issuedOn: day(i.issued_on) })),
          ...creditNotes.map((c) => ({ kind: 'credit_note' as const, number: String(c.number), status: 'issued', totalCents: Number(c.total_cents), issuedOn: day(c.issued_on) })),
        ],
        approvals: approvals.map((a) => ({ requesterName: String(a.requester), status: String(a.status), deciderName: a.decider === null ? null : String(a.decider) })),
        placement: placement ? placement.status : null,
        history: await history(`order:${id}`),
      };
    },
  };

  return {
    async search(query, limit) {
      const q = query.trim();
      if (!q) return [];
      const like = anywhere(q);
      const compactKey = q.toUpperCase().replace(/[^0-9A-Z]/g, '');
      const number = /^\d{1,9}$/.test(q) ? Number(q) : undefined;
      const [resellers, users, customers, licenses, orderRows, payments, invoices, creditNotes] = await inTurn(
        () => db('resellers').where((w) => w.whereILike('company', like).orWhereILike('partner_id', like).orWhereILike('legal_name', like)).orderBy('company').limit(limit)
          .select('id', 'company', 'partner_id'),
        () => db('reseller_users as u').join('resellers as r', 'r.id', 'u.reseller_id').where((w) => w.whereILike('u.username', like).orWhereILike('u.name', like))
          .orderBy('u.username').limit(limit).select('u.username', 'u.name', 'u.role', 'r.id as reseller_id', 'r.company'),
        () => db('end_customers as c').join('resellers as r', 'r.id', 'c.reseller_id').whereILike('c.company', like).orderBy('c.company').limit(limit)
          .select('c.id', 'c.company', 'r.company as reseller'),
        () => compactKey.length >= 4
          ? db('licenses as l').join('resellers as r', 'r.id', 'l.reseller_id').whereRaw("replace(l.license_key, '-', '') like ?", [`%${compactKey}%`])
            .orderBy('l.license_key').limit(limit).select('l.id', 'l.license_key', 'l.edition', 'l.sc', 'r.company')
          : Promise.resolve([]),
        () => db('orders as o').join('resellers as r', 'r.id', 'o.reseller_id')
          .where((w) => (number !== undefined ? w.where('o.number', number).orWhereILike('o.payment_reference', like) : w.whereILike('o.payment_reference', like)))
          .orderBy('o.number', 'desc').limit(limit).select('o.id', 'o.number', 'o.payment_reference', 'o.status', 'r.company'),
        () => db('payments as p').join('orders as o', 'o.id', 'p.order_id').whereILike('p.provider_ref', like).orderBy('o.number', 'desc').limit(limit)
          .select('p.provider_ref', 'p.method', 'o.id as order_id', 'o.number'),
        () => db('invoices as i').join('resellers as r', 'r.id', 'i.reseller_id').whereILike('i.number', like).orderBy('i.number', 'desc').limit(limit)
          .select('i.number', 'i.order_id', 'i.reseller_id', 'r.company'),
        () => db('credit_notes as c').whereILike('c.number', like).orderBy('c.number', 'desc').limit(limit).select('c.number', 'c.order_id'),
      );
      const found: Found[] = [
        ...orderRows.map((o): Found => ({ kind: 'order', label: `Order ${o.number} (${o.payment_reference}), ${o.company}: ${o.status}`, opens: { kind: 'order', id: String(o.id) } })),
        ...licenses.map((l): Found => ({ kind: 'license', label: `License ${l.license_key}, ${l.edition} ${l.sc} SC, ${l.company}`, opens: { kind: 'license', id: String(l.id) } })),
        ...invoices.map((i): Found => ({ kind: 'invoice', label: `Invoice ${i.number}, ${i.company}`, opens: i.order_id ? { kind: 'order', id: String(i.order_id) } : { kind: 'reseller', id: String(i.reseller_id) } })),
        ...creditNotes.map((c): Found => ({ kind: 'credit_note', label: `Credit note ${c.number}`, opens: { kind: 'order', id: String(c.order_id) } })),
        ...payments.map((p): Found => ({ kind: 'order', label: `Payment ${p.provider_ref} (${p.method}) of order ${p.number}`, opens: { kind: 'order', id: String(p.order_id) } })),
        ...resellers.map((r): Found => ({ kind: 'reseller', label: `Reseller ${r.company} (partner ${r.partner_id})`, opens: { kind: 'reseller', id: String(r.id) } })),
        ...users.map((u): Found => ({ kind: 'user', label: `User ${u.username} (${u.name}, ${u.role}) of ${u.company}`, opens: { kind: 'reseller', id: String(u.reseller_id) } })),
        ...customers.map((c): Found => ({ kind: 'customer', label: `End customer ${c.company} of ${c.reseller}`, opens: { kind: 'customer', id: String(c.id) } })),
      ];
      return found.slice(0, limit);
    },

    async card(kind, id) {
      if (!UUID.test(id)) return undefined;
      return cards[kind](id);
    },

    attention,

    async digest(from, to) {
      const byCurrency = (rows: Array<{ currency: string; cents: string | number }>) => rows.map((r) => ({ currency: String(r.currency), cents: Number(r.cents) }));
      const paid = db('orders').where('paid_at', '>=', from).where('paid_at', '<', to);
      const [paidCount, paidSums, offline, needing, reminders, renewals, renewalSums] = await inTurn(
        () => paid.clone().count<{ n: string }[]>('* as n'),
        () => paid.clone().groupBy('currency').orderBy('currency').select('currency', db.raw('sum(total_cents) as cents')),
        () => db('orders as o').join('resellers as r', 'r.id', 'o.reseller_id').where({ 'o.status': 'awaiting_payment', 'o.payment_method': 'offline' })
          .where((w) => w.whereNull('o.expires_at').orWhere('o.expires_at', '>', to)).orderBy('o.placed_at')
          .select('o.number', 'r.company', 'o.total_cents', 'o.currency', 'o.placed_at', receivedInParts()),
        () => attention(to),
        () => db('reminders').where('sent_at', '>=', from).where('sent_at', '<', to).count<{ n: string }[]>('* as n'),
        () => db('order_lines as l').join('orders as o', 'o.id', 'l.order_id').whereIn('l.kind', ['renew_annual', 'renew_maintenance'])
          .where('o.paid_at', '>=', from).where('o.paid_at', '<', to).count<{ n: string }[]>('* as n'),
        () => db('order_lines as l').join('orders as o', 'o.id', 'l.order_id').whereIn('l.kind', ['renew_annual', 'renew_maintenance'])
          .where('o.paid_at', '>=', from).where('o.paid_at', '<', to).groupBy('o.currency').orderBy('o.currency').select('o.currency', db.raw('sum(l.net_cents) as cents')),
      );
      const facts: DigestFacts = {
        paymentsReceived: { count: Number(paidCount[0]?.n ?? 0), byCurrency: byCurrency(paidSums) },
        offlineWaiting: offline.map((o) => ({ orderNumber: Number(o.number), company: String(o.company), totalCents: Number(o.total_cents), currency: String(o.currency), placedAt: new Date(o.placed_at), receivedCents: Number(o.received_cents) })),
        ordersNeedingStaff: needing.filter((i) => i.reason.kind !== 'offline_payment').length,
        remindersSent: Number(reminders[0]?.n ?? 0),
        renewalsWon: { count: Number(renewals[0]?.n ?? 0), byCurrency: byCurrency(renewalSums) },
      };
      return facts;
    },
  };

  async function attention(now: Date): Promise<AttentionItem[]> {
    const [offline, placements, kept, refused] = await inTurn(
        () => db('orders as o').join('resellers as r', 'r.id', 'o.reseller_id').where({ 'o.status': 'awaiting_payment', 'o.payment_method': 'offline' })
        .where((w) => w.whereNull('o.expires_at').orWhere('o.expires_at', '>', now)).orderBy('o.placed_at')
        .select('o.id', 'o.number', 'o.total_cents', 'o.currency', 'o.placed_at', 'r.company', receivedInParts()),
        () => db('orders as o').join('resellers as r', 'r.id', 'o.reseller_id').leftJoin('provider_orders as p', 'p.order_id', 'o.id').where('o.status', 'paid').orderBy('o.paid_at')
        .select('o.id', 'o.number', 'o.total_cents', 'o.currency', 'r.company', 'p.status as placement', 'p.error'),
        () => db('payments as p').join('orders as o', 'o.id', 'p.order_id').join('resellers as r', 'r.id', 'o.reseller_id').where(keptForRefund)
        .orderBy('o.number').select('o.id', 'o.number', 'o.total_cents', 'o.currency', 'r.company', 'p.provider_ref', 'p.method', 'p.amount_cents', 'p.status'),
        () => db('audit_log as a').join('orders as o', db.raw("a.subject = 'order:' || o.id::text")).join('resellers as r', 'r.id', 'o.reseller_id')
        .where('a.action', 'order.fulfilment_problem')
        // Settled once staff noted what they did about it, or refunded the order.
        .whereNotExists(db('audit_log as s').whereRaw('s.subject = a.subject and s.id > a.id').whereIn('s.action', ['staff.note', 'staff.refund_recorded']))
        .orderBy('a.id').select('o.id', 'o.number', 'o.total_cents', 'o.currency', 'r.company', 'a.details'),
      );
    const base = (o: Record<string, unknown>) => ({ orderId: String(o.id), orderNumber: Number(o.number), company: String(o.company), totalCents: Number(o.total_cents), currency: String(o.currency) });
    return [
      ...placements.map((o): AttentionItem => ({ ...base(o), reason: { kind: 'placement', status: o.placement ?? 'not_started', error: o.error ?? null } })),
      ...kept.map((p): AttentionItem => ({ ...base(p), reason: { kind: 'payment_to_refund', providerRef: String(p.provider_ref), method: p.method, amountCents: Number(p.amount_cents), status: String(p.status) } })),
      ...refused.map((a): AttentionItem => ({ ...base(a), reason: { kind: 'lines_refused', lines: Array.isArray(a.details?.problems) ? a.details.problems.length : 0 } })),
      ...offline.map((o): AttentionItem => ({ ...base(o), reason: { kind: 'offline_payment', since: new Date(o.placed_at), receivedCents: Number(o.received_cents) } })),
    ];
  }
}

export function staffSessionRepository(db: Knex.Transaction): StaffSessionRepository {
  const at = (i: { channel: string; externalUserId: string; chatId: string }) => ({ channel: i.channel, external_user_id: i.externalUserId, chat_id: i.chatId });
  return {
    async start(identity, staffId) {
      await db('staff_sessions').insert({ ...at(identity), staff_user_id: staffId }).onConflict(['channel', 'external_user_id', 'chat_id']).merge({ staff_user_id: staffId, started_at: db.fn.now() });
    },
    async staffIn(identity) {
      const row = await db('staff_sessions').where(at(identity)).first('staff_user_id');
      return row ? String(row.staff_user_id) : undefined;
    },
    async staffOf(channel, externalUserId) {
      const row = await db('staff_sessions').where({ channel, external_user_id: externalUserId }).orderBy('started_at', 'desc').first('staff_user_id');
      return row ? String(row.staff_user_id) : undefined;
    },
    async end(identity) {
      await db('staff_sessions').where(at(identity)).delete();
    },
    async endAll(channel, externalUserId) {
      await db('staff_sessions').where({ channel, external_user_id: externalUserId }).delete();
    },
  };
}

/** The staff users' login records (kept beside the reseller users' in accounts.ts). */
export function staffLoginRecords(db: Knex.Transaction) {
  const byUsername = () => (username: string) => db('staff_users').whereRaw('lower(username) = lower(?)', [username]);
  return {
    async lockByUsername(username: string) {
      const r = await byUsername()(username).forUpdate().first();
      return r ? toStaffUser(r) : undefined;
    },
    async saveLoginRecord(id: string, record: { failedAttempts: number; lockedUntil: Date | null }, loggedInAt: Date | null) {
      await db('staff_users').where({ id }).update({
        failed_attempts: record.failedAttempts, locked_until: record.lockedUntil, ...(loggedInAt ? { last_login_at: loggedInAt } : {}), updated_at: db.fn.now(),
      });
    },
  };
}
