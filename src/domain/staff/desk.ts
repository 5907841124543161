// What the distributor's staff look at (the old Master portal): anything found by any
// identifier or part of a name, a card of it with its history, and what waits for them.
// The ports are implemented by the knex store (src/infra/store/staff-desk.ts).
import type { Order } from '../orders/order';
import type { PaymentRecord, ProviderOrderStatus } from '../ports';
import type { License } from '../pricing/license';

/** What a card can show: a reseller (its users found lead there), an end customer, a license or an order. */
export type CardKind = 'reseller' | 'customer' | 'license' | 'order';

/** One thing found by a search, and the card it opens. */
export interface Found {
  /** What matched: a reseller user, an invoice or a credit note open the card of their reseller or order. */
  kind: CardKind | 'user' | 'invoice' | 'credit_note';
  label: string;
  opens: { kind: CardKind; id: string };
}

/** An entry of the audit log about something: a staff action with its reason, a note, a login. */
export interface HistoryEntry {
  at: Date;
  actor: string;
  /** The actor as people read it (a username), or `actor` itself. */
  actorName: string;
  action: string;
  details: Record<string, unknown>;
}

export interface ResellerCard {
  kind: 'reseller';
  id: string;
  partnerId: string;
  company: string;
  country: string;
  levelCode: string;
  users: Array<{ username: string; name: string; role: string; active: boolean }>;
  customers: Array<{ id: string; company: string }>;
  licenseCount: number;
  orders: Array<{ id: string; number: number; status: Order['status']; totalCents: number; currency: string; placedAt: Date }>;
  history: HistoryEntry[];
}

export interface CustomerCard {
  kind: 'customer';
  id: string;
  company: string;
  email: string | null;
  reseller: { id: string; company: string; partnerId: string };
  licenses: License[];
  history: HistoryEntry[];
}

export interface LicenseCard {
  kind: 'license';
  license: License;
  reseller: { id: string; company: string; partnerId: string };
  events: Array<{ at: Date; kind: string; actor: string; before: Record<string, unknown> | null; after: Record<string, unknown>; orderNumber: number | null }>;
  remindersSent: Array<{ sentAt: Date; offsetDays: number; userName: string }>;
  history: HistoryEntry[];
}

export interface OrderCard {
  kind: 'order';
  order: Order;
  reseller: { id: string; company: string; partnerId: string };
  placedByName: string;
  /** The order's payments; `confirmedBy` names the member of staff by username. */
  payments: PaymentRecord[];
  documents: Array<{ kind: 'invoice' | 'credit_note'; number: string; status: string; totalCents: number; issuedOn: string }>;
  approvals: Array<{ requesterName: string; status: string; deciderName: string | null }>;
  placement: ProviderOrderStatus | null;
  history: HistoryEntry[];
}

export type Card = ResellerCard | CustomerCard | LicenseCard | OrderCard;

/** Why an order waits for staff. */
export type AttentionReason =
  /** A bank transfer waiting; `receivedCents` of it came already in part payments. */
  | { kind: 'offline_payment'; since: Date; receivedCents: number }
  | { kind: 'placement'; status: ProviderOrderStatus | 'not_started'; error: string | null }
  | { kind: 'payment_to_refund'; providerRef: string; method: PaymentRecord['method']; amountCents: number; status: string }
  | { kind: 'lines_refused'; lines: number };

/** An order that waits for staff, and why. */
export interface AttentionItem {
  orderId: string;
  orderNumber: number;
  company: string;
  totalCents: number;
  currency: string;
  reason: AttentionReason;
}

/** The figures of the daily digest, for the period since the last one. */
export interface DigestFacts {
  paymentsReceived: { count: number; byCurrency: Array<{ currency: string; cents: number }> };
  /** Bank transfers waiting; `receivedCents` of an order came already in part payments (the rest still due). */
  offlineWaiting: Array<{ orderNumber: number; company: string; totalCents: number; currency: string; placedAt: Date; receivedCents: number }>;
  ordersNeedingStaff: number;
  remindersSent: number;
  renewalsWon: { count: number; byCurrency: Array<{ currency: string; cents: number }> };
}

/** What staff look things up in. */
export interface StaffDesk {
  /** Everything whose identifier or name holds `query` (case-insensitive), best matches first, at most `limit`. */
  search(query: string, limit: number): Promise<Found[]>;
  card(kind: CardKind, id: string): Promise<Card | undefined>;
  /** Orders waiting for staff: offline payments waiting, placements waiting, money to refund, lines refused. */
  attention(now: Date): Promise<AttentionItem[]>;
  /** The digest's figures for payments, reminders and renewals in [from, to). */
  digest(from: Date, to: Date): Promise<DigestFacts>;
}

/** Which chat is logged in as which member of staff. */
export interface StaffSessionRepository {
  start(identity: { channel: 'telegram' | 'slack' | 'console'; externalUserId: string; chatId: string }, staffId: string): Promise<void>;
  /** The member of staff this chat is logged in as, if any. */
  staffIn(identity: { channel: 'telegram' | 'slack' | 'console'; externalUserId: string; chatId: string }): Promise<string | undefined>;
  /** The member of staff this chat user is logged in as in any chat on `channel` (the latest), if any. */
  staffOf(channel: 'telegram' | 'slack' | 'console', externalUserId: string): Promise<string | undefined>;
  /** Ends the staff session of this chat (a reseller logged in there). */
  end(identity: { channel: 'telegram' | 'slack' | 'console'; externalUserId: string; chatId: string }): Promise<void>;
  /** Ends every staff session of this chat user on `channel` (logging out everywhere there). */
  endAll(channel: 'telegram' | 'slack' | 'console', externalUserId: string): Promise<void>;
}
