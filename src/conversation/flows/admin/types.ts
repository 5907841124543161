// What the admin flow keeps in its steps.
import type { Role } from '../../../domain/accounts/roles';

/** What the audit log is searched by: `auto` guesses from the text (a day, a partner id, an order, else a person). */
export type AuditBy = 'auto' | 'person' | 'reseller' | 'order' | 'date';
export interface AuditCriterion {
  by: AuditBy;
  value: string;
}

/** A reseller as its admin card shows it (JSON-safe, kept in the step). */
export interface ResellerView {
  partnerId: string;
  company: string;
  country: string;
  levelCode: string;
  /** ISO time of the suspension; null while active. */
  suspendedAt: string | null;
}

export type AdminStep =
  | { name: 'admin_menu' }
  | { name: 'admin_reseller_find' }
  | { name: 'admin_reseller_list'; query: string; resellers: ResellerView[] }
  | { name: 'admin_reseller'; reseller: ResellerView }
  | { name: 'admin_reseller_reason'; reseller: ResellerView; suspend: boolean }
  | { name: 'admin_reseller_confirm'; reseller: ResellerView; suspend: boolean; reason: string }
  /** Inviting a user to a reseller: its role first (null: not chosen yet), then who. */
  | { name: 'admin_invite'; reseller: ResellerView; role: Role | null }
  | { name: 'admin_audit_ask' }
  | { name: 'admin_audit'; criterion: AuditCriterion; page: number; lines: string[]; more: boolean };
