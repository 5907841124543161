// The staff desk's look-ups over the in-memory store's tables, as src/infra/store/staff-desk.ts
// makes them in SQL: the search over every identifier and name, the cards with their history,
// what waits for staff and the digest's figures. The memory store keeps no time for audit
// entries and license events, nor the reminders sent: those show at 1970-01-01, and no
// reminder is ever sent here.
import type { AttentionItem, Card, CardKind, DigestFacts, Found, HistoryEntry, StaffDesk } from '../../src/domain/staff/desk';
import { isKeptForRefund, PART_PAYMENT } from '../../src/domain/orders/part-payments';
import type { ApprovalRepository, LicenseRepository, OrderRepository, PaymentRepository, ProviderOrderRepository } from '../../src/domain/ports';
import type { License } from '../../src/domain/pricing/license';
import type { MemoryState } from './memory-store';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HISTORY_LIMIT = 20;
/** What the memory store does not know the time of. */
const UNTIMED = new Date(0);

interface Repos {
  orders: OrderRepository;
  payments: PaymentRepository;
  licenses: LicenseRepository;
  approvals: ApprovalRepository;
  providerOrders: ProviderOrderRepository;
}

const byText = <T>(key: (row: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
const contains = (value: string | null | undefined, q: string) => (value ?? '').toLowerCase().includes(q.toLowerCase());
const sums = (rows: Array<{ currency: string; cents: number }>) => {
  const by = new Map<string, number>();
  for (const r of rows) by.set(r.currency, (by.get(r.currency) ?? 0) + r.cents);
  return [...by].sort(byText(([c]) => c)).map(([currency, cents]) => ({ currency, cents }));
};

/** The staff desk on the memory store's state (read through `current`: a transaction may replace it). */
export function memoryStaffDesk(current: () => MemoryState, repos: Repos): StaffDesk {
  const reseller = (id: string) => {
    const r = current().resellers.find((x) => x.id === id);
    if (!r) throw new Error(`no reseller ${id}`);
    return { id: r.id, company: r.company, partnerId: r.partnerId };
  };
  /** What an order's part payments add up to (in its currency). */
  const receivedInParts = (o: { id: string; currency: string }) => current().payments
    .filter((p) => p.orderId === o.id && p.status === PART_PAYMENT && p.currency === o.currency).reduce((n, p) => n + p.amountCents, 0);

  function actorName(actor: string): string {
    const [kind, id] = [actor.slice(0, actor.indexOf(':')), actor.slice(actor.indexOf(':') + 1)];
    if (kind === 'staff') return current().staffUsers.find((s) => s.id === id)?.username ?? id;
    const user = kind === 'user' ? current().users.find((u) => u.id === id) : undefined;
    return user ? `${user.username} (${reseller(user.resellerId).company})` : actor;
  }

  /** Licenses with their end customer's name, as the card's join reads them. */
  async function licensesWithCustomer(ids: string[]): Promise<License[]> {
    return (await repos.licenses.getMany(ids)).map((l) => ({ ...l, customerName: current().customers.find((c) => c.id === l.customerId)?.company ?? null }));
  }

  function history(subject: string): HistoryEntry[] {
    return current().audit.filter((a) => a.subject === subject).sort((a, b) => b.id - a.id).slice(0, HISTORY_LIMIT)
      .map((a) => ({ at: UNTIMED, actor: a.actor, actorName: actorName(a.actor), action: a.action, details: a.details }));
  }

  const cards: { [K in CardKind]: (id: string) => Promise<Extract<Card, { kind: K }> | undefined> } = {
    async reseller(id) {
      const s = current();
      const r = s.resellers.find((x) => x.id === id);
      if (!r) return undefined;
      return {
        kind: 'reseller', id, partnerId: r.partnerId, company: r.company, country: r.country, levelCode: r.levelCode,
        users: s.users.filter((u) => u.resellerId === id).sort(byText((u) => u.username)).map((u) => ({ username: u.username, name: u.name, role: u.role, active: u.active })),
        customers: s.customers.filter((c) => c.resellerId === id).sort(byText((c) => c.company)).slice(0, 10).map((c) => ({ id: c.id, company: c.company })),
        licenseCount: s.licenses.filter((l) => l.resellerId === id).length,
        orders: s.orders.filter((o) => o.resellerId === id).sort((a, b) => b.number - a.number).slice(0, 5)
          .map((o) => ({ id: o.id, number: o.number, status: o.status, totalCents: o.totalCents, currency: o.currency, placedAt: new Date(o.placedAt) })),
        history: history(`reseller:${id}`),
      };
    },
    async customer(id) {
      const c = current().customers.find((x) => x.id === id);
      if (!c) return undefined;
      const ids = current().licenses.filter((l) => l.customerId === id).sort(byText((l) => l.key)).slice(0, 10).map((l) => l.id);
      return { kind: 'customer', id, company: c.company, email: c.email ?? null, reseller: reseller(c.resellerId), licenses: await licensesWithCustomer(ids), history: history(`customer:${id}`) };
    },
    async license(id) {
      const [license] = await licensesWithCustomer([id]);
      if (!license) return undefined;
      const s = current();
      const events = s.licenseEvents.filter((e) => e.licenseId === id).sort((a, b) => b.id - a.id).slice(0, HISTORY_LIMIT).map((e) => ({
        at: UNTIMED, kind: e.kind, actor: e.actor, before: e.before, after: e.after, orderNumber: s.orders.find((o) => o.id === e.orderId)?.number ?? null,
      }));
      return { kind: 'license', license, reseller: reseller(license.resellerId), events, remindersSent: [], history: history(`license:${id}`) };
    },
    async order(id) {
      const order = await repos.orders.get(id);
      if (!order) return undefined;
      const s = current();
      const placement = await repos.providerOrders.get(id);
      return {
        kind: 'order', order, reseller: reseller(order.resellerId), placedByName: s.users.find((u) => u.id === order.placedBy)?.name ?? order.placedBy,
        payments: await repos.payments.forOrder(id),
        documents: [
          ...s.invoices.filter((i) => i.orderId === id).sort(byText((i) => i.issuedOn))
            .map((i) => ({ kind: 'invoice' as const, number: i.number, status: i.status, totalCents: i.totalCents, issuedOn: i.issuedOn })),
          ...s.creditNotes.filter((c) => c.orderId === id).sort((a, b) => a.seriesNumber - b.seriesNumber)
            .map((c) => ({ kind: 'credit_note' as const, number: c.number, status: 'issued', totalCents: c.totalCents, issuedOn: c.issuedOn })),
        ],
        approvals: (await repos.approvals.forOrder(id)).map((a) => ({ requesterName: a.requesterName, status: a.status, deciderName: a.deciderName })),
        placement: placement?.status ?? null,
        history: history(`order:${id}`),
      };
    },
  };

  function attention(now: Date): AttentionItem[] {
    const s = current();
    const orderOf = (id: string) => s.orders.find((o) => o.id === id);
    const base = (o: MemoryState['orders'][number]) => ({ orderId: o.id, orderNumber: o.number, company: reseller(o.resellerId).company, totalCents: o.totalCents, currency: o.currency });
    const placements = s.orders.filter((o) => o.status === 'paid').sort((a, b) => new Date(a.paidAt ?? 0).getTime() - new Date(b.paidAt ?? 0).getTime()).map((o): AttentionItem => {
      const p = s.providerOrders.find((x) => x.orderId === o.id);
      return { ...base(o), reason: { kind: 'placement', status: p?.status ?? 'not_started', error: p?.error ?? null } };
    });
    const kept = s.payments.filter((p) => {
      const o = orderOf(p.orderId);
      return o !== undefined && isKeptForRefund(p, o);
    }).sort((a, b) => (orderOf(a.orderId)?.number ?? 0) - (orderOf(b.orderId)?.number ?? 0)).map((p): AttentionItem => ({
      ...base(orderOf(p.orderId) as MemoryState['orders'][number]),
      reason: { kind: 'payment_to_refund', providerRef: p.providerRef, method: p.method, amountCents: p.amountCents, status: p.status },
    }));
    // Settled once staff noted what they did about it, or refunded the order.
    const refused = s.audit.filter((a) => a.action === 'order.fulfilment_problem' && a.subject?.startsWith('order:'))
      .filter((a) => !s.audit.some((later) => later.subject === a.subject && later.id > a.id && (later.action === 'staff.note' || later.action === 'staff.refund_recorded')))
      .flatMap((a): AttentionItem[] => {
        const o = orderOf(String(a.subject).slice('order:'.length));
        return o ? [{ ...base(o), reason: { kind: 'lines_refused', lines: Array.isArray(a.details.problems) ? a.details.problems.length : 0 } }] : [];
      });
    const offline = s.orders.filter((o) => o.status === 'awaiting_payment' && o.paymentMethod === 'offline' && (o.expiresAt === null || new Date(o.expiresAt) > now))
      .sort((a, b) => new Date(a.placedAt).getTime() - new Date(b.placedAt).getTime())
      .map((o): AttentionItem => ({
        ...base(o),
        reason: { kind: 'offline_payment', since: new Date(o.placedAt), receivedCents: receivedInParts(o) },
      }));
    return [...placements, ...kept, ...refused, ...offline];
  }

  return {
    async search(query, limit) {
      const q = query.trim();
      if (!q) return [];
      const s = current();
      const compactKey = q.toUpperCase().replace(/[^0-9A-Z]/g, '');
      const number = /^\d{1,9}$/.test(q) ? Number(q) : undefined;
      const company = (resellerId: string) => reseller(resellerId).company;
      const first = <T>(rows: T[]) => rows.slice(0, limit);
      const orderById = (id: string) => s.orders.find((o) => o.id === id);
      const found: Found[] = [
        ...first(s.orders.filter((o) => o.number === number || contains(o.paymentReference, q)).sort((a, b) => b.number - a.number))
          .map((o): Found => ({ kind: 'order', label: `Order ${o.number} (${o.paymentReference}), ${company(o.resellerId)}: ${o.status}`, opens: { kind: 'order', id: o.id } })),
        ...first(compactKey.length >= 4 ? s.licenses.filter((l) => l.key.replace(/-/g, '').includes(compactKey)).sort(byText((l) => l.key)) : [])
          .map((l): Found => ({ kind: 'license', label: `License ${l.key}, ${l.edition} ${l.sc} SC, ${company(l.resellerId)}`, opens: { kind: 'license', id: l.id } })),
        ...first(s.invoices.filter((i) => contains(i.number, q)).sort(byText((i) => i.number)).reverse())
          .map((i): Found => ({ kind: 'invoice', label: `Invoice ${i.number}, ${company(i.resellerId)}`, opens: i.orderId ? { kind: 'order', id: i.orderId } : { kind: 'reseller', id: i.resellerId } })),
        ...first(s.creditNotes.filter((c) => contains(c.number, q) && c.orderId !== null).sort(byText((c) => c.number)).reverse())
          .map((c): Found => ({ kind: 'credit_note', label: `Credit note ${c.number}`, opens: { kind: 'order', id: String(c.orderId) } })),
        ...first(s.payments.filter((p) => contains(p.providerRef, q)).sort((a, b) => (orderById(b.orderId)?.number ?? 0) - (orderById(a.orderId)?.number ?? 0)))
          .map((p): Found => ({ kind: 'order', label: `Payment ${p.providerRef} (${p.method}) of order ${orderById(p.orderId)?.number ?? '?'}`, opens: { kind: 'order', id: p.orderId } })),
        ...first(s.resellers.filter((r) => contains(r.company, q) || contains(r.partnerId, q) || contains(r.legalName, q)).sort(byText((r) => r.company)))
          .map((r): Found => ({ kind: 'reseller', label: `Reseller ${r.company} (partner ${r.partnerId})`, opens: { kind: 'reseller', id: r.id } })),
        ...first(s.users.filter((u) => contains(u.username, q) || contains(u.name, q)).sort(byText((u) => u.username)))
          .map((u): Found => ({ kind: 'user', label: `User ${u.username} (${u.name}, ${u.role}) of ${company(u.resellerId)}`, opens: { kind: 'reseller', id: u.resellerId } })),
        ...first(s.customers.filter((c) => contains(c.company, q)).sort(byText((c) => c.company)))
          .map((c): Found => ({ kind: 'customer', label: `End customer ${c.company} of ${company(c.resellerId)}`, opens: { kind: 'customer', id: c.id } })),
      ];
      return found.slice(0, limit);
    },

    async card(kind, id) {
      if (!UUID.test(id)) return undefined;
      return cards[kind](id);
    },

    attention: async (now) => attention(now),

    async digest(from, to) {
      const s = current();
      const within = (at: Date | string | null) => at !== null && new Date(at) >= from && new Date(at) < to;
      const paid = s.orders.filter((o) => within(o.paidAt));
      const renewals = s.orderLines.filter((l) => (l.kind === 'renew_annual' || l.kind === 'renew_maintenance') && paid.some((o) => o.id === l.orderId));
      const facts: DigestFacts = {
        paymentsReceived: { count: paid.length, byCurrency: sums(paid.map((o) => ({ currency: o.currency, cents: o.totalCents }))) },
        offlineWaiting: s.orders.filter((o) => o.status === 'awaiting_payment' && o.paymentMethod === 'offline' && (o.expiresAt === null || new Date(o.expiresAt) > to))
          .sort((a, b) => new Date(a.placedAt).getTime() - new Date(b.placedAt).getTime())
          .map((o) => ({ orderNumber: o.number, company: reseller(o.resellerId).company, totalCents: o.totalCents, currency: o.currency, placedAt: new Date(o.placedAt), receivedCents: receivedInParts(o) })),
        ordersNeedingStaff: attention(to).filter((i) => i.reason.kind !== 'offline_payment').length,
        remindersSent: 0,
        renewalsWon: { count: renewals.length, byCurrency: sums(renewals.map((l) => ({ currency: paid.find((o) => o.id === l.orderId)?.currency ?? '', cents: l.netCents }))) },
      };
      return facts;
    },
  };
}
