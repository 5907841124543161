// What the people flow keeps in its steps: an administrator creating or editing a reseller, and
// the users of a reseller or the distributor's staff (new codes, roles, removal, staff invites).
import type { ResellerView } from '../admin/types';

/** The details of a reseller an administrator types, each as `field: value`. */
export const RESELLER_FIELDS = ['partnerId', 'company', 'country', 'level', 'legalName', 'street', 'postcode', 'city', 'vatId', 'vatRate', 'timezone', 'currency'] as const;
export type ResellerField = (typeof RESELLER_FIELDS)[number];
/** What the administrator typed so far, by field (not yet saved). */
export type FormValues = Partial<Record<ResellerField, string>>;

/** A reseller's details as the edit form shows them (JSON-safe, kept in the step). */
export interface ResellerDetails {
  partnerId: string;
  company: string;
  legalName: string;
  street: string | null;
  postcode: string | null;
  city: string | null;
  country: string;
  vatId: string | null;
  /** An explicit VAT rate set for it ("21"), else null (the rate of its VAT treatment). */
  vatRate: string | null;
  timezone: string;
  /** Null: billed in the distributor's currency. */
  currency: string | null;
  levelCode: string;
}

/** Creating a reseller, or editing one (its details as they were when the form was opened). */
export type ResellerForm =
  | { mode: 'create'; levels: string[] }
  | { mode: 'edit'; reseller: ResellerDetails; card: ResellerView; levels: string[] };

/** Whose users: a reseller's, or the distributor's staff. */
export type UserScope = { kind: 'reseller'; reseller: ResellerView } | { kind: 'staff' };

/** A user as the lists and cards show it. */
export interface UserView {
  /** The account's id (a staff member's is compared with the administrator's own). */
  id: string;
  username: string;
  name: string;
  role: string;
  active: boolean;
}

export type StaffRole = 'staff' | 'admin';

/** What an administrator is about to do, asked to confirm. */
export type PeopleAction =
  | { kind: 'reset'; user: UserView }
  | { kind: 'remove'; user: UserView }
  | { kind: 'role'; user: UserView; role: string }
  | { kind: 'invite_staff'; username: string; name: string; role: StaffRole };

export type PeopleStep =
  /** The form to create or edit a reseller, with what was typed so far (its summary once something is). */
  | { name: 'people_reseller_form'; form: ResellerForm; values: FormValues }
  /** A reseller's users or the staff, a page of them. */
  | { name: 'people_users'; scope: UserScope; users: UserView[]; page: number }
  | { name: 'people_user'; scope: UserScope; user: UserView }
  /** Choosing a user's new role. */
  | { name: 'people_role'; scope: UserScope; user: UserView }
  /** Inviting a staff member: the role first (null: not chosen yet), then who. */
  | { name: 'people_invite'; role: StaffRole | null }
  | { name: 'people_confirm'; scope: UserScope; action: PeopleAction };
