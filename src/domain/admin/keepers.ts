// Someone must stay who can manage the others: a reseller keeps an active owner (who manages its
// users and, with purchase users, approves its sales users' orders) and the distributor an active
// administrator. The one rule behind every channel that removes a user or changes a role.
import type { Account } from './ports';

/** Why a user may not leave its role: it is the last one of its kind who keeps things running. */
export type LastKeeper = 'last_owner' | 'last_admin';

/** Whether an account holds the role that must not run out: an active owner or administrator. */
export function isKeeper(account: Account): boolean {
  return account.user.active && (account.kind === 'reseller_user' ? account.user.role === 'owner' : account.user.role === 'admin');
}

/**
 * Whether removing `account`, or giving it another role, would leave nobody in its keeping role:
 * the last active owner of its reseller, or the last active administrator. `keepers` are the ids
 * of the active owners of that reseller (for a reseller user) or the active administrators (for a
 * staff member), read under a lock so that two such changes at once cannot both pass.
 */
export function lastKeeper(account: Account, keepers: readonly string[]): LastKeeper | null {
  if (!isKeeper(account) || keepers.some((id) => id !== account.user.id)) return null;
  return account.kind === 'reseller_user' ? 'last_owner' : 'last_admin';
}
