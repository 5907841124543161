// Searching the audit log by person, reseller, order and dates: the Master and Admin portals
// both may (reading changes nothing).
import type { StaffActor } from '../../admin/actor';
import type { AdminStore, AuditFilter, AuditRecord } from '../../admin/ports';
import { addDays, isLocalDate } from '../../pricing/dates';
import { localInstant } from '../../time-zones';

export interface AuditQuery {
  /** A login name (a reseller user or a staff member), or the name an operator acted under. */
  person?: string;
  /** A reseller's partner id. */
  reseller?: string;
  /** An order's number or payment reference. */
  order?: string;
  /** Days in the distributor's time zone, both inclusive. */
  from?: string;
  to?: string;
  limit: number;
}

export type AuditSearchResult =
  | { kind: 'found'; entries: AuditRecord[] }
  | { kind: 'reseller_not_found' | 'order_not_found' | 'invalid_dates' };

/** The newest audit entries matching every criterion given, newest first. */
export async function searchAudit(store: AdminStore, input: { actor: StaffActor; query: AuditQuery; timeZone: string }): Promise<AuditSearchResult> {
  const q = input.query;
  if ((q.from !== undefined && !isLocalDate(q.from)) || (q.to !== undefined && !isLocalDate(q.to)) || (q.from && q.to && q.from > q.to)) return { kind: 'invalid_dates' };
  return store.transaction(async (repos): Promise<AuditSearchResult> => {
    const filter: AuditFilter = { limit: q.limit };
    if (q.person !== undefined) {
      const name = q.person.trim();
      const account = await repos.admin.users.find(name);
      if (account?.kind === 'reseller_user') filter.people = { actors: [`user:${account.user.id}`], subjects: [`user:${account.user.id}`] };
      else if (account?.kind === 'staff_user') filter.people = { actors: [`staff:${account.user.username}`, `staff:${account.user.id}`], subjects: [`staff:${account.user.id}`] };
      else filter.people = { actors: [`staff:${name}`], subjects: [] };
    }
    if (q.reseller !== undefined) {
      const reseller = await repos.resellers.findByPartnerId(q.reseller.trim());
      if (!reseller) return { kind: 'reseller_not_found' };
      filter.resellerId = reseller.id;
    }
    if (q.order !== undefined) {
      const text = q.order.trim();
      const order = /^\d{1,12}$/.test(text) ? await repos.orders.findByNumber(Number(text)) : await repos.orders.findByReference(text.toUpperCase());
      if (!order) return { kind: 'order_not_found' };
      filter.orderId = order.id;
    }
    // Whole days of the distributor's time zone: from the start of `from` to the start of the day after `to`.
    if (q.from !== undefined) filter.from = startOfLocalDay(q.from, input.timeZone);
    if (q.to !== undefined) filter.to = startOfLocalDay(addDays(q.to, 1), input.timeZone);
    return { kind: 'found', entries: await repos.admin.audit.search(filter) };
  });
}

function startOfLocalDay(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return localInstant(y, m, d, 0, timeZone);
}
