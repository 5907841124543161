// What the Admin portal's use cases need besides the ordering repositories: keeping resellers,
// users and their invitations, partner levels, price lists, coupons and broadcasts, and
// searching the audit log. PostgreSQL implements them (src/infra/store/admin); the use cases
// are tested against it.
import type { PartnerLevel, Reseller } from '../accounts/accounts';
import type { Repositories } from '../ports';

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

/** The repositories of one transaction, with the administrator's. */
export interface AdminRepositories extends Repositories {
  admin: {
    resellers: ResellerAdministration;
    levels: PartnerLevelAdministration;
  };
}

/** Where the Admin portal keeps things: one transaction per action. */
export interface AdminStore {
  transaction<T>(work: (repos: AdminRepositories) => Promise<T>): Promise<T>;
}
