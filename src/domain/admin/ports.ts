// What the Admin portal's use cases need besides the ordering repositories: keeping resellers,
// users and their invitations, partner levels, price lists, coupons and broadcasts, and
// searching the audit log. PostgreSQL implements them (src/infra/store/admin); the use cases
// are tested against it.
import type { PartnerLevel, Reseller, ResellerUser, StaffUser } from '../accounts/accounts';
import type { Role } from '../accounts/roles';
import type { ChannelIdentity, Repositories } from '../ports';
import type { PriceEntry } from '../pricing/catalog';
import type { Coupon } from '../pricing/coupon';
import type { LicenseKey } from '../pricing/license-key';
import type { RecordedLicense } from './license-import';

/** A reseller as an administrator creates it; the rest of its details come by edits. */
export interface NewReseller {
  partnerId: string;
  company: string;
  country: string;
  levelCode: string;
  discountBp: number;
  timezone: string;
  currency: string | null;
  legalName: string | null;
  address: { street: string; postcode: string; city: string } | null;
  vatId: string | null;
  /** An explicit VAT rate; null: derived from its country and VAT ID. */
  explicitVatRateBp: number | null;
}

/** Which resellers a list or a broadcast is about (every one given must hold). */
export interface ResellerFilter {
  level?: string;
  country?: string;
  /** true: only suspended ones; false: only active ones. */
  suspended?: boolean;
}

export interface ResellerAdministration {
  /** Inserts a reseller; undefined when its partner id is taken. */
  create(reseller: NewReseller): Promise<Reseller | undefined>;
  /** Suspends (a date) or reactivates (null) it. */
  setSuspended(id: string, at: Date | null): Promise<void>;
  list(filter: ResellerFilter): Promise<Reseller[]>;
}

export interface PartnerLevelAdministration {
  list(): Promise<PartnerLevel[]>;
  get(code: string, options?: { forUpdate?: boolean }): Promise<PartnerLevel | undefined>;
  /** Adds a level (ranked after the others) or changes its name and discount. */
  save(level: { code: string; name: string; discountBp: number }): Promise<PartnerLevel>;
  /** Resellers of the level whose discount is `fromBp` (no deal of their own) get `toBp`; how many did. */
  moveDiscounts(code: string, fromBp: number, toBp: number): Promise<number>;
}

/** A login account: a reseller's user or a staff member. */
export type Account = { kind: 'reseller_user'; user: ResellerUser } | { kind: 'staff_user'; user: StaffUser };

/** Who an account is, as the user commands name it. */
export type AccountRef = { kind: 'reseller_user' | 'staff_user'; id: string };

export type NewAccount =
  | { kind: 'reseller_user'; resellerId: string; username: string; name: string; role: Role; passwordHash: string }
  | { kind: 'staff_user'; username: string; name: string; role: StaffUser['role']; passwordHash: string };

export interface UserAdministration {
  /** Adds a user; 'username_taken' when a reseller user or a staff member has the login name. */
  create(account: NewAccount): Promise<AccountRef | 'username_taken'>;
  /** A reseller user or staff member by login name (case-insensitive); `forUpdate` locks it. */
  find(username: string, options?: { forUpdate?: boolean }): Promise<Account | undefined>;
  /** An account by reference; `forUpdate` locks it. */
  get(ref: AccountRef, options?: { forUpdate?: boolean }): Promise<Account | undefined>;
  setRole(ref: AccountRef, role: string): Promise<void>;
  setPassword(ref: AccountRef, passwordHash: string): Promise<void>;
  /** Deactivates the user (kept for the history) and logs it out of every chat. */
  deactivate(ref: AccountRef): Promise<void>;
  /**
   * Locks the accounts that must not run out beside `of` and answers their ids: the active owners
   * of its reseller (a reseller user) or the active administrators (a staff member). They are
   * locked in id order, before `of` itself is locked, so that two changes at once wait for each
   * other (the second one reads what the first left) instead of deadlocking.
   */
  lockKeepers(of: Account): Promise<string[]>;
  /** The users of one reseller, or the staff (`resellerId` null), by name. */
  list(resellerId: string | null): Promise<Account[]>;
}

/** A one-time code as stored: never the code itself, only its hash. */
export interface Invitation {
  id: string;
  purpose: 'invite' | 'reset';
  account: AccountRef;
  createdBy: string;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

export interface InvitationRepository {
  insert(invitation: { codeHash: string; purpose: Invitation['purpose']; account: AccountRef; createdBy: string; expiresAt: Date }): Promise<Invitation>;
  findByHash(codeHash: string, options?: { forUpdate?: boolean }): Promise<Invitation | undefined>;
  get(id: string, options?: { forUpdate?: boolean }): Promise<Invitation | undefined>;
  /** Revokes the person's codes not used yet (a newer one replaces them). */
  revokeOpen(account: AccountRef, at: Date): Promise<void>;
  markUsed(id: string, at: Date, on: ChannelIdentity['channel']): Promise<void>;
}

/** Makes one-time codes and their hashes (random, outside the domain). */
export interface InvitationCodes {
  /** A new code, as the user types or taps it. */
  issue(): string;
  /** The hash kept of a code (of its normalised form); undefined when it cannot be a code. */
  hashOf(typed: string): string | undefined;
}

/** The licenses of every reseller, as the Admin portal loads and exports them. */
export interface LicenseAdministration {
  /** Waits for any other load of licenses to end, and keeps the next waiting until this transaction ends. */
  lockImports(): Promise<void>;
  /** The recorded licenses of these keys (of any reseller), locked for the transaction. */
  byKeys(keys: readonly LicenseKey[]): Promise<RecordedLicense[]>;
  /** Every recorded license, or those of one reseller (`partnerId`), by partner id and key. */
  list(partnerId: string | null): Promise<RecordedLicense[]>;
}

export interface PriceAdministration {
  /** Stores entries of a price list (those of the same date and item are replaced). */
  save(entries: readonly PriceEntry[]): Promise<void>;
}

/** A coupon as administrators see it: with when it was disabled. */
export type AdminCoupon = Coupon & { disabledAt: Date | null };

/** How much a coupon was used: reservations (orders not paid yet) and redemptions, per reseller. */
export interface CouponUse {
  code: string;
  disabledAt: Date | null;
  reserved: number;
  redeemed: number;
  byReseller: Array<{ partnerId: string; company: string; reserved: number; redeemed: number }>;
}

export interface CouponAdministration {
  /** Adds a coupon; 'code_taken' when its code (case-insensitive) exists. */
  create(coupon: Omit<Coupon, 'id'>): Promise<AdminCoupon | 'code_taken'>;
  find(code: string, options?: { forUpdate?: boolean }): Promise<AdminCoupon | undefined>;
  disable(id: string, at: Date): Promise<void>;
  /** The uses of every coupon (or the one with `code`), by code. */
  uses(code: string | null): Promise<CouponUse[]>;
}

/** Who a broadcast is for: resellers of a partner level and/or country (none: every reseller). */
export interface Audience {
  level: string | null;
  country: string | null;
}

export interface Broadcast {
  id: number;
  text: string;
  audience: Audience;
  createdBy: string;
  createdAt: Date;
  sentBy: string | null;
  sentAt: Date | null;
}

/** A broadcast as its history shows it: how many were sent, delivered, given up, still waiting. */
export interface BroadcastReport extends Broadcast {
  recipients: number;
  delivered: number;
  givenUp: number;
}

/** One chat a broadcast went to, and what became of it. */
export interface BroadcastRecipient {
  partnerId: string;
  company: string;
  username: string;
  channel: string;
  status: 'delivered' | 'given_up' | 'waiting';
}

/** A chat a broadcast goes to: the active owners' and purchase users' private chats of active resellers. */
export interface BroadcastTarget {
  resellerId: string;
  userId: string;
  channel: 'telegram' | 'slack' | 'console';
  chatId: string;
}

export interface BroadcastRepository {
  insert(draft: { text: string; audience: Audience; createdBy: string; createdAt: Date }): Promise<Broadcast>;
  get(id: number, options?: { forUpdate?: boolean }): Promise<Broadcast | undefined>;
  /** The chats the audience reaches now. */
  targets(audience: Audience): Promise<BroadcastTarget[]>;
  /** Marks a draft sent and records its recipients with their outbox messages. */
  markSent(id: number, by: string, at: Date, recipients: ReadonlyArray<{ resellerId: string; userId: string; outboxId: number }>): Promise<void>;
  history(limit: number): Promise<BroadcastReport[]>;
  report(id: number): Promise<BroadcastReport | undefined>;
  recipients(id: number): Promise<BroadcastRecipient[]>;
}

/** Which audit entries a search asks for (every one given must hold). */
export interface AuditFilter {
  /** Entries by or about these actors and subjects (`staff:<name>`, `user:<id>`, `staff:<id>`). */
  people?: { actors: string[]; subjects: string[] };
  /** Entries about a reseller, its users (by them too) or its orders. */
  resellerId?: string;
  orderId?: string;
  /** From this instant (inclusive) to that one (exclusive). */
  from?: Date;
  to?: Date;
  limit: number;
}

export interface AuditRecord {
  id: number;
  at: Date;
  actor: string;
  action: string;
  subject: string | null;
  details: Record<string, unknown>;
  /** The actor as people read it: a username (`staff1`, `demo (Acme Telecom)`), or `actor` itself. */
  actorName: string;
  /** The subject as people read it: `order 42`, a reseller's company and partner id, a username…; or `subject` itself. */
  subjectName: string | null;
}

export interface AuditSearch {
  /** The newest entries that match, newest first. */
  search(filter: AuditFilter): Promise<AuditRecord[]>;
}

/** The repositories of one transaction, with the administrator's. */
export interface AdminRepositories extends Repositories {
  admin: {
    resellers: ResellerAdministration;
    levels: PartnerLevelAdministration;
    users: UserAdministration;
    invitations: InvitationRepository;
    prices: PriceAdministration;
    licenses: LicenseAdministration;
    coupons: CouponAdministration;
    broadcasts: BroadcastRepository;
    audit: AuditSearch;
  };
}

/** Where the Admin portal keeps things: one transaction per action. */
export interface AdminStore {
  transaction<T>(work: (repos: AdminRepositories) => Promise<T>): Promise<T>;
}
