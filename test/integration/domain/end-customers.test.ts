// End customers on PostgreSQL: two renames of a reseller's customers to one name at the same
// instant. Each looks for the name first and finds none; the unique index lets one through, and
// the other must be answered "taken", within a transaction that goes on (its conversation is
// saved after it), not with an error. And deleting (archiving) one at the same instant as another
// delete, or as a license being moved to it: the database keeps an archived customer without
// licenses, whichever comes first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteEndCustomer } from '../../../src/domain/use-cases/end-customers';
import type { Repositories } from '../../../src/domain/ports';
import { demoStore } from '../../support/demo-store';

type Demo = Awaited<ReturnType<typeof demoStore>>;

describe('end customers on PostgreSQL', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await demoStore();
  });
  afterAll(async () => demo?.drop());

  it('answers "taken" to the second of two renames to one name at once, and its transaction goes on', async () => {
    const { reseller } = await demo.userNamed('demo');
    const customers = await demo.knex('end_customers').where({ reseller_id: reseller.id }).orderBy('company').limit(2).select('id');
    expect(customers).toHaveLength(2);
    const [a, b] = customers as Array<{ id: string }>;

    let renamedFirst: () => void = () => undefined;
    const firstRenamed = new Promise<void>((resolve) => (renamedFirst = resolve));
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = demo.store.transaction(async (repos) => {
      const result = await repos.customers.rename(reseller.id, a!.id, 'Same Name B.V.');
      renamedFirst();
      await held;
      return result;
    });
    await firstRenamed;
    const second = demo.store.transaction(async (repos) => {
      const result = await repos.customers.rename(reseller.id, b!.id, 'same name b.v.');
      // The transaction is still usable: what an input does after the rename is kept.
      await repos.audit.append({ actor: 'test', action: 'after.rename', subject: `customer:${b!.id}`, details: {} });
      return result;
    });
    // The second rename found no such name yet, and now waits on the unique index for the first.
    while (Number((await demo.knex.raw("select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'")).rows[0].n) === 0) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    release();
    expect(await first).toBe('renamed');
    expect(await second).toBe('taken');
    const names = await demo.knex('end_customers').whereIn('id', [a!.id, b!.id]).pluck('company');
    expect(names.filter((n) => n === 'Same Name B.V.')).toHaveLength(1);
    expect(Number((await demo.knex('audit_log').where({ action: 'after.rename' }).count({ n: '*' }).first())?.n)).toBe(1);
  });

  /** Runs `first` in a transaction held open after it acted, starts `second` and waits until it waits on a lock, then lets `first` commit. */
  async function whileHeld<A, B>(first: (repos: Repositories) => Promise<A>, second: (repos: Repositories) => Promise<B>): Promise<[A, B]> {
    let acted: () => void = () => undefined;
    const firstActed = new Promise<void>((resolve) => (acted = resolve));
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const one = demo.store.transaction(async (repos) => {
      const result = await first(repos);
      acted();
      await held;
      return result;
    });
    await firstActed;
    const two = demo.store.transaction(second);
    while (Number((await demo.knex.raw("select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'")).rows[0].n) === 0) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    release();
    return [await one, await two];
  }
  /** A new end customer of the demo owner's reseller, without licenses. */
  async function aCustomer(company: string): Promise<string> {
    const { reseller } = await demo.userNamed('demo');
    return demo.store.transaction(async (repos) => (await repos.customers.add(reseller.id, company, null)).id);
  }
  const archivedWithLicenses = async () => Number((await demo.knex.raw('select count(*) as n from licenses l join end_customers c on c.id = l.end_customer_id where c.archived_at is not null')).rows[0].n);

  it('of two deletes of one end customer at once, one deletes it and the other finds it gone: one audit entry', async () => {
    const { user } = await demo.userNamed('demo');
    const id = await aCustomer('Twice Deleted BV');
    const [first, second] = await whileHeld((repos) => deleteEndCustomer(repos, user, id), (repos) => deleteEndCustomer(repos, user, id));
    expect(first.kind).toBe('deleted');
    expect(second.kind).toBe('not_found');
    expect(await demo.knex('audit_log').where({ action: 'customer.deleted', subject: `customer:${id}` })).toHaveLength(1);
  });

  it('a license moved to an end customer while it is being deleted: the delete waits for the move and is refused, the customer kept', async () => {
    const { user, reseller } = await demo.userNamed('demo');
    const id = await aCustomer('Moved To First BV');
    const license = await demo.knex('licenses').where({ reseller_id: reseller.id }).orderBy('license_key').first('id');
    const [, deleted] = await whileHeld(
      (repos) => repos.licenses.reassign(license.id, { resellerId: reseller.id, customerId: id }),
      (repos) => deleteEndCustomer(repos, user, id),
    );
    expect(deleted).toMatchObject({ kind: 'has_licenses', licenses: 1 });
    expect(await demo.knex('end_customers').where({ id }).first('archived_at')).toEqual({ archived_at: null });
    expect((await demo.knex('licenses').where({ id: license.id }).first('end_customer_id')).end_customer_id).toBe(id);
    expect(await archivedWithLicenses()).toBe(0);
  });

  it('an end customer deleted while a license is moved to it: the move waits for the delete, and the license brings the customer back', async () => {
    const { user, reseller } = await demo.userNamed('demo');
    const id = await aCustomer('Deleted First BV');
    const license = await demo.knex('licenses').where({ reseller_id: reseller.id }).orderBy('license_key', 'desc').first('id');
    const [deleted] = await whileHeld(
      (repos) => deleteEndCustomer(repos, user, id),
      (repos) => repos.licenses.reassign(license.id, { resellerId: reseller.id, customerId: id }),
    );
    expect(deleted.kind).toBe('deleted');
    expect(await demo.knex('end_customers').where({ id }).first('archived_at')).toEqual({ archived_at: null });
    expect((await demo.knex('licenses').where({ id: license.id }).first('end_customer_id')).end_customer_id).toBe(id);
    expect(await archivedWithLicenses()).toBe(0);
  });

  it('the database itself refuses to archive an end customer with licenses, and a key issued for an archived one brings it back', async () => {
    const { reseller } = await demo.userNamed('demo');
    const held = await demo.knex('licenses').where({ reseller_id: reseller.id }).whereNotNull('end_customer_id').first('end_customer_id');
    await expect(demo.knex('end_customers').where({ id: held.end_customer_id }).update({ archived_at: demo.knex.fn.now() }))
      .rejects.toMatchObject({ code: '23514', constraint: 'end_customers_archived_without_licenses' });

    // An order placed for a customer that is deleted before the order is paid: its key is issued all the same.
    const id = await aCustomer('Paid Later BV');
    await demo.knex('end_customers').where({ id }).update({ archived_at: demo.knex.fn.now() });
    expect(await demo.store.transaction((repos) => repos.customers.get(reseller.id, id))).toBeUndefined();
    await demo.store.transaction((repos) => repos.licenses.insert({ key: 'ZZZZ-0000-1111-2222', resellerId: reseller.id, customerId: id, type: 'annual', edition: 'professional', sc: 4, expiresOn: '2027-11-26', maintenanceUntil: null }));
    expect(await demo.store.transaction((repos) => repos.customers.get(reseller.id, id))).toMatchObject({ company: 'Paid Later BV' });
    expect(await archivedWithLicenses()).toBe(0);
  });
});
