import { describe, expect, it } from 'vitest';
import { ROLES, isRole, may, type Permission, type Role } from '../../../../src/domain/accounts/roles';

const PERMISSIONS: Permission[] = [
  'view_dashboard', 'view_licenses', 'view_invoices', 'quote', 'fill_cart', 'place_order', 'manage_users', 'receive_renewal_reminders',
];

// domain.md: owner everything; purchase everything but managing users; sales look up, quote and
// fill a cart (an owner or purchase user places the order); support the dashboard and licenses, no buying.
const EXPECTED: Record<Role, Permission[]> = {
  owner: PERMISSIONS,
  purchase: PERMISSIONS.filter((p) => p !== 'manage_users'),
  sales: ['view_dashboard', 'view_licenses', 'quote', 'fill_cart'],
  support: ['view_dashboard', 'view_licenses'],
};

describe('may', () => {
  it('knows exactly the four roles of 3CX’s partner portal', () => {
    expect([...ROLES]).toEqual(['owner', 'purchase', 'sales', 'support']);
  });

  it.each(ROLES.flatMap((role) => PERMISSIONS.map((permission) => ({ role, permission, allowed: EXPECTED[role].includes(permission) }))))(
    '$role may $permission: $allowed',
    ({ role, permission, allowed }) => {
      expect(may(role, permission)).toBe(allowed);
    },
  );

  it('lets only owner and purchase place orders', () => {
    expect(ROLES.filter((role) => may(role, 'place_order'))).toEqual(['owner', 'purchase']);
  });

  it('lets nobody but the owner manage users', () => {
    expect(ROLES.filter((role) => may(role, 'manage_users'))).toEqual(['owner']);
  });

  it('keeps support away from anything that costs money', () => {
    for (const permission of ['quote', 'fill_cart', 'place_order', 'view_invoices'] as const) expect(may('support', permission)).toBe(false);
  });
});

describe('isRole', () => {
  it('accepts the role names exactly', () => {
    expect(['owner', 'purchase', 'sales', 'support'].every(isRole)).toBe(true);
    expect(['Owner', 'admin', '', 'owner '].some(isRole)).toBe(false);
  });
});
