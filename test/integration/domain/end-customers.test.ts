// End customers on PostgreSQL: two renames of a reseller's customers to one name at the same
// instant. Each looks for the name first and finds none; the unique index lets one through, and
// the other must be answered "taken", within a transaction that goes on (its conversation is
// saved after it), not with an error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
