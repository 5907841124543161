// fusedTransaction on the real server: BEGIN goes with the first statement and COMMIT with the
// statement marked THEN_COMMIT (fewer round trips), while what commits, what rolls back and
// what is reported stays that of a knex transaction.
import type { Knex } from 'knex';
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKnex } from '../../../src/infra/db/connection';
import { fusedTransaction, THEN_COMMIT } from '../../../src/infra/db/fused-transaction';
import { knexStore } from '../../../src/infra/store/knex-store';
import { createTestDatabase, type TestDatabase } from '../../support/db';

let db: TestDatabase;
/** One pooled connection, so that its round trips can be counted. */
let knex: Knex;
let roundTrips = 0;
let writes = 0;
let pooled: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase();
  await db.knex.raw('create table fused (id int primary key, note text not null)');
  // A deferred check: it fails at COMMIT, not at the statement.
  await db.knex.raw('create table fused_children (parent int not null references fused (id) deferrable initially deferred)');
  knex = createKnex(db.url, { poolMax: 1, applicationName: 'threecx-test' });
  const client = (await knex.client.acquireConnection()) as pg.Client & { connection: NodeJS.EventEmitter };
  // Each round trip ends with one ReadyForQuery from the server.
  client.connection.on('readyForQuery', () => void (roundTrips += 1));
  // And each write to its socket is a write system call (several messages corked together are one).
  const socket = (client as unknown as { connection: { stream: Record<'_write' | '_writev', (...args: unknown[]) => unknown> } }).connection.stream;
  for (const method of ['_write', '_writev'] as const) {
    const original = socket[method];
    socket[method] = function (this: unknown, ...args: unknown[]) {
      writes += 1;
      return original.apply(this, args);
    };
  }
  pooled = client;
  await knex.client.releaseConnection(client);
});

afterAll(async () => {
  await knex?.destroy();
  await db?.drop();
});

beforeEach(async () => {
  await knex.raw('truncate fused, fused_children');
  roundTrips = 0;
  writes = 0;
});

async function notes(): Promise<string[]> {
  return (await db.knex('fused').orderBy('id').pluck('note')) as string[];
}

async function inTransaction(): Promise<boolean> {
  return (await knex.raw("select now() <> statement_timestamp() as open")).rows[0].open as boolean;
}

describe('fusedTransaction', () => {
  it('sends BEGIN with the first statement and COMMIT with the marked one: three statements, three round trips', async () => {
    const result = await fusedTransaction(knex, async (trx) => {
      const first = await trx.raw('insert into fused (id, note) values (?, ?) returning id', [1, 'one']);
      await trx('fused').insert({ id: 2, note: 'two' });
      await trx.raw('update fused set note = note || ? where id = ?', ['!', 1]).options(THEN_COMMIT);
      return first.rows[0].id as number;
    });
    expect(result).toBe(1);
    expect(roundTrips).toBe(3);
    expect(await notes()).toEqual(['one!', 'two']);
    expect(await inTransaction()).toBe(false);
  });

  it('sends statements started together in one write, and answers each its own', async () => {
    await knex.raw("insert into fused (id, note) values (1, 'one'), (2, 'two'), (3, 'three')");
    writes = 0;
    const read = await fusedTransaction(knex, async (trx) => {
      await trx.raw('select 1');
      return Promise.all([3, 1, 2].map(async (id) => (await trx('fused').where({ id }).first('note')).note as string));
    });
    expect(read).toEqual(['three', 'one', 'two']);
    // BEGIN with the first statement, the three at once, COMMIT.
    expect(writes).toBe(3);
    expect((pooled as unknown as { pipeline: boolean }).pipeline).toBe(false);
  });

  it('fails the transaction when one of the statements started together fails, and undoes the others', async () => {
    const failing = fusedTransaction(knex, async (trx) => {
      await trx.raw("insert into fused (id, note) values (1, 'one')");
      await Promise.all([
        trx.raw("insert into fused (id, note) values (2, 'two')"),
        trx.raw('insert into fused (id, note) values (3, null)'),
        trx.raw("insert into fused (id, note) values (4, 'four')"),
      ]);
    });
    await expect(failing).rejects.toMatchObject({ code: '23502' });
    expect(await notes()).toEqual([]);
    expect(await inTransaction()).toBe(false);
    expect((pooled as unknown as { pipeline: boolean }).pipeline).toBe(false);
  });

  it('costs knex.transaction five round trips for the same (the figure it saves)', async () => {
    await knex.transaction(async (trx) => {
      await trx.raw('insert into fused (id, note) values (?, ?)', [1, 'one']);
      await trx('fused').insert({ id: 2, note: 'two' });
      await trx.raw('update fused set note = note || ? where id = ?', ['!', 1]);
    });
    expect(roundTrips).toBe(5);
  });

  it('holds its locks until the COMMIT: a second transaction waits for the first', async () => {
    await knex.raw("insert into fused (id, note) values (1, 'start')");
    const other = createKnex(db.url, { poolMax: 1, applicationName: 'threecx-test' });
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const first = fusedTransaction(knex, async (trx) => {
        await trx.raw('select id from fused where id = 1 for update');
        await held;
        await trx.raw("update fused set note = note || ' first' where id = 1").options(THEN_COMMIT);
      });
      while (Number((await other.raw("select count(*) as n from pg_locks l join pg_stat_activity a using (pid) where a.datname = current_database() and l.locktype = 'transactionid' and a.application_name = 'threecx-test'")).rows[0].n) === 0) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const second = fusedTransaction(other, (trx) => trx.raw("update fused set note = note || ' second' where id = 1").options(THEN_COMMIT));
      await new Promise((resolve) => setTimeout(resolve, 100));
      release();
      await Promise.all([first, second]);
      expect(await notes()).toEqual(['start first second']);
    } finally {
      await other.destroy();
    }
  });

  it('rolls back everything when a statement fails, the marked one included, and reports its error', async () => {
    const failing = fusedTransaction(knex, async (trx) => {
      await trx.raw("insert into fused (id, note) values (1, 'one')");
      await trx.raw('insert into fused (id, note) values (?, null)', [2]).options(THEN_COMMIT);
    });
    await expect(failing).rejects.toMatchObject({ code: '23502' });
    expect(await notes()).toEqual([]);
    expect(await inTransaction()).toBe(false);
  });

  it('undoes only a savepoint whose statement failed (knex\'s nested transaction), and commits the rest', async () => {
    await fusedTransaction(knex, async (trx) => {
      await trx.raw("insert into fused (id, note) values (1, 'one')");
      await expect(trx.transaction((savepoint) => savepoint.raw("insert into fused (id, note) values (1, 'again')"))).rejects.toMatchObject({ code: '23505' });
      await trx.raw("insert into fused (id, note) values (2, 'two')").options(THEN_COMMIT);
    });
    expect(await notes()).toEqual(['one', 'two']);
    expect(await inTransaction()).toBe(false);
  });

  it('rolls back when the first statement, sent with BEGIN, fails', async () => {
    await expect(fusedTransaction(knex, (trx) => trx.raw('insert into fused (id, note) values (1, null)'))).rejects.toMatchObject({ code: '23502' });
    expect(await inTransaction()).toBe(false);
    expect(await notes()).toEqual([]);
  });

  it('reports a failure of the COMMIT itself (a deferred check) and keeps nothing', async () => {
    const failing = fusedTransaction(knex, async (trx) => {
      await trx.raw("insert into fused (id, note) values (1, 'one')");
      await trx.raw('insert into fused_children (parent) values (?)', [99]).options(THEN_COMMIT);
    });
    await expect(failing).rejects.toMatchObject({ code: '23503' });
    expect(await notes()).toEqual([]);
    expect(await inTransaction()).toBe(false);
  });

  it('rolls back what was sent when the work throws after its statements', async () => {
    const failing = fusedTransaction(knex, async (trx) => {
      await trx.raw("insert into fused (id, note) values (1, 'one')");
      throw new Error('changed its mind');
    });
    await expect(failing).rejects.toThrow('changed its mind');
    expect(await notes()).toEqual([]);
    expect(await inTransaction()).toBe(false);
  });

  it('sends nothing for a transaction that sent no statement, whether it returns or throws', async () => {
    expect(await fusedTransaction(knex, async () => 'nothing')).toBe('nothing');
    await expect(fusedTransaction(knex, async () => {
      throw new Error('before any statement');
    })).rejects.toThrow('before any statement');
    expect(roundTrips).toBe(0);
  });

  it('commits with knex COMMIT when no statement was marked', async () => {
    await fusedTransaction(knex, (trx) => trx.raw("insert into fused (id, note) values (1, 'one')"));
    expect(roundTrips).toBe(2);
    expect(await notes()).toEqual(['one']);
  });

  it("is how the store runs a unit of work (logins, jobs, the ops CLI): BEGIN goes with the first statement", async () => {
    const store = knexStore(knex);
    const found = await store.transaction(async (repos) => (await repos.users.findByUsername('nobody')) ?? 'nobody');
    expect(found).toBe('nobody');
    // knex.transaction: BEGIN, the read, COMMIT, each a round trip of its own.
    expect(roundTrips).toBe(2);
    expect(await inTransaction()).toBe(false);
  });
});
