/** The roles of 3CX's own partner portal, which resellers already know. */
export const ROLES = ['owner', 'purchase', 'sales', 'support'] as const;
export type Role = (typeof ROLES)[number];

/** Something a reseller user may or may not do. */
export type Permission =
  | 'view_dashboard'
  | 'view_licenses'
  | 'view_invoices'
  | 'quote'
  | 'fill_cart'
  | 'place_order'
  | 'manage_users'
  /** Rename an end customer, or give a license another one. Adding one goes with `fill_cart` (sales add them while buying). */
  | 'manage_customers'
  | 'receive_renewal_reminders';

const GRANTS: Record<Role, readonly Permission[]> = {
  owner: ['view_dashboard', 'view_licenses', 'view_invoices', 'quote', 'fill_cart', 'place_order', 'manage_users', 'manage_customers', 'receive_renewal_reminders'],
  purchase: ['view_dashboard', 'view_licenses', 'view_invoices', 'quote', 'fill_cart', 'place_order', 'manage_customers', 'receive_renewal_reminders'],
  sales: ['view_dashboard', 'view_licenses', 'quote', 'fill_cart'],
  support: ['view_dashboard', 'view_licenses'],
};

/** Whether a user with `role` may do `permission`. */
export function may(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** Whether `value` names a role. */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
