// The people and things an audit entry names by id (`staff:<id>`, `user:<id>`, `order:<id>`,
// `reseller:<id>`, …), named as people read them: a username, an order's number, a reseller's
// company and partner id. Looked up in one query per kind for a page of entries; an id that
// names nothing (any more) is shown as it is.
import type { Knex } from 'knex';
import { actorName } from '../../domain/admin/actor';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How people read an audit entry's actor and subject. */
export interface AuditNames {
  actorName: string;
  subjectName: string | null;
}

type Kind = 'staff' | 'user' | 'order' | 'reseller' | 'license' | 'customer';

/** What names an id of each kind: the query of a set of ids, and how a row reads. */
const LOOKUPS: { [K in Kind]: { query: (db: Knex | Knex.Transaction, ids: string[]) => Knex.QueryBuilder; name: (row: Record<string, unknown>) => string } } = {
  staff: { query: (db, ids) => db('staff_users').whereIn('id', ids).select('id', 'username'), name: (r) => String(r.username) },
  user: {
    query: (db, ids) => db('reseller_users as u').join('resellers as r', 'r.id', 'u.reseller_id').whereIn('u.id', ids).select('u.id', 'u.username', 'r.company'),
    name: (r) => `${String(r.username)} (${String(r.company)})`,
  },
  order: { query: (db, ids) => db('orders').whereIn('id', ids).select('id', 'number'), name: (r) => `order ${String(r.number)}` },
  reseller: { query: (db, ids) => db('resellers').whereIn('id', ids).select('id', 'company', 'partner_id'), name: (r) => `${String(r.company)} (partner ${String(r.partner_id)})` },
  license: { query: (db, ids) => db('licenses').whereIn('id', ids).select('id', 'license_key'), name: (r) => `license ${String(r.license_key)}` },
  customer: { query: (db, ids) => db('end_customers').whereIn('id', ids).select('id', 'company'), name: (r) => `end customer ${String(r.company)}` },
};

const isKind = (kind: string): kind is Kind => kind in LOOKUPS;

function split(ref: string | null): { kind: Kind; id: string } | undefined {
  if (!ref) return undefined;
  const at = ref.indexOf(':');
  const kind = ref.slice(0, at);
  const id = ref.slice(at + 1);
  return at > 0 && isKind(kind) && UUID.test(id) ? { kind, id } : undefined;
}

/** The names of each entry's actor and subject, in the entries' order. */
export async function auditNames(db: Knex | Knex.Transaction, entries: ReadonlyArray<{ actor: string; subject: string | null }>): Promise<AuditNames[]> {
  const wanted = new Map<Kind, Set<string>>();
  for (const e of entries) {
    for (const ref of [split(e.actor), split(e.subject)]) {
      if (ref) wanted.set(ref.kind, (wanted.get(ref.kind) ?? new Set()).add(ref.id));
    }
  }
  const names = new Map<string, string>();
  // One after another: a transaction's connection takes one query at a time.
  for (const [kind, ids] of wanted) {
    const lookup = LOOKUPS[kind];
    for (const row of (await lookup.query(db, [...ids])) as Array<Record<string, unknown>>) names.set(`${kind}:${String(row.id)}`, lookup.name(row));
  }
  return entries.map((e) => ({
    // An operator or a staff account named by its login name (`staff:alice`) reads as that name.
    actorName: names.get(e.actor) ?? (split(e.actor) ? e.actor : actorName(e.actor)),
    subjectName: e.subject === null ? null : (names.get(e.subject) ?? e.subject),
  }));
}
