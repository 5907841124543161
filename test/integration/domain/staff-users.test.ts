// The distributor's staff accounts from the demo fixture, and login names that are unique
// across reseller users and staff users (login_names, kept by triggers).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoStore, testHasher } from '../../support/demo-store';

type Demo = Awaited<ReturnType<typeof demoStore>>;

describe('staff users on PostgreSQL', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await demoStore();
  });
  afterAll(async () => demo?.drop());

  it('loads the demo staff with their roles and scrypt hashes of their passwords', async () => {
    const [staff, admin, none] = await demo.store.transaction(async (repos) => [
      await repos.staff.findByUsername('STAFF1'), await repos.staff.findByUsername('admin1'), await repos.staff.findByUsername('demo'),
    ]);
    expect(staff).toMatchObject({ username: 'staff1', name: 'Sam Staff', role: 'staff', failedAttempts: 0, lockedUntil: null, active: true });
    expect(admin).toMatchObject({ username: 'admin1', name: 'Ada Admin', role: 'admin' });
    expect(none).toBeUndefined();
    expect(staff!.passwordHash).toMatch(/^scrypt\$/);
    expect(await testHasher.verify('staff-pass-1', staff!.passwordHash)).toBe(true);
    expect(await testHasher.verify('admin-pass-1', admin!.passwordHash)).toBe(true);
    expect(await demo.store.transaction((repos) => repos.staff.get(staff!.id))).toEqual(staff);
  });

  it('keeps a login name unique across reseller users and staff users', async () => {
    const hash = 'scrypt$16384$8$1$c2FsdA$aGFzaA';
    const { user } = await demo.userNamed('demo');
    await expect(demo.knex('staff_users').insert({ username: 'Demo', name: 'Clash', role: 'staff', password_hash: hash })).rejects.toThrow(/login_names_pkey/);
    await expect(demo.knex('reseller_users').insert({ reseller_id: user.resellerId, username: 'ADMIN1', name: 'Clash', role: 'owner', password_hash: hash })).rejects.toThrow(/login_names_pkey/);
    await expect(demo.knex('reseller_users').where({ username: 'sales1' }).update({ username: 'staff1' })).rejects.toThrow(/login_names_pkey/);
    await expect(demo.knex('staff_users').insert({ username: 'x', name: 'Bad', role: 'owner', password_hash: hash })).rejects.toThrow(/staff_users_role/);

    // Two people taking the same new name at once: one of them gets it.
    const results = await Promise.allSettled([
      demo.knex('staff_users').insert({ username: 'newcomer', name: 'Staff', role: 'staff', password_hash: hash }),
      demo.knex('reseller_users').insert({ reseller_id: user.resellerId, username: 'NewComer', name: 'Reseller', role: 'sales', password_hash: hash }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);

    // A renamed or removed user gives the name free again.
    await demo.knex('staff_users').where({ username: 'staff1' }).update({ username: 'staff-one' });
    await demo.knex('reseller_users').insert({ reseller_id: user.resellerId, username: 'staff1', name: 'Now a reseller', role: 'support', password_hash: hash });
    await demo.knex('staff_users').where({ username: 'admin1' }).delete();
    await demo.knex('reseller_users').insert({ reseller_id: user.resellerId, username: 'admin1', name: 'Now a reseller', role: 'support', password_hash: hash });
    expect(await demo.knex('login_names').whereIn('name', ['staff1', 'staff-one', 'admin1']).orderBy('name').select('name', 'held_by')).toEqual([
      { name: 'admin1', held_by: 'reseller_user' }, { name: 'staff-one', held_by: 'staff_user' }, { name: 'staff1', held_by: 'reseller_user' },
    ]);
  });
});

