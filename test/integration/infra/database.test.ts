// knex on the real server: how values come back, what a dead server sounds like, and the
// migration runner on a throwaway folder of TypeScript migrations.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDatabase, createKnex, resolveDatabase } from '../../../src/infra/db/connection';
import { migrateToLatest, migrationStatus, rollbackAll } from '../../../src/infra/db/migrate';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { freePort } from '../../support/http-helpers';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

describe('createKnex type parsing', () => {
  it('returns bigint columns as numbers and dates as YYYY-MM-DD strings', async () => {
    await db.knex.schema.createTable('parsing', (t) => {
      t.bigIncrements('id');
      t.bigInteger('cents').notNullable();
      t.date('expires_on').notNullable();
      t.timestamp('paid_at', { useTz: true }).notNullable();
    });
    await db.knex('parsing').insert([
      { cents: 9_007_199_254_740_991, expires_on: '2026-12-31', paid_at: '2026-12-02T10:00:00Z' },
      { cents: -42, expires_on: '2024-02-29', paid_at: '2026-12-02T10:00:00Z' },
    ]);
    const rows = await db.knex('parsing').select('*').orderBy('id');
    expect(rows).toEqual([
      { id: 1, cents: 9_007_199_254_740_991, expires_on: '2026-12-31', paid_at: new Date('2026-12-02T10:00:00Z') },
      { id: 2, cents: -42, expires_on: '2024-02-29', paid_at: new Date('2026-12-02T10:00:00Z') },
    ]);
    const [counted] = await db.knex('parsing').count({ count: '*' });
    expect(counted?.count).toBe(2); // count(*) is a bigint
    const [arrays] = (await db.knex.raw(`select array[1, null, 3]::int8[] as ids, array['2026-01-01'::date, null] as days`)).rows;
    expect(arrays).toEqual({ ids: [1, null, 3], days: ['2026-01-01', null] });
  });

  it('refuses a bigint beyond the safe integers, and the connection stays usable', async () => {
    const single = createKnex(db.url, { poolMax: 1 });
    try {
      await expect(single.raw('select 9007199254740993::int8 as too_big')).rejects.toThrow(/beyond JavaScript's safe integers/);
      expect((await single.raw('select 1::int8 as one')).rows).toEqual([{ one: 1 }]);
      expect((await single.raw(`select '9007199254740993'::int8::text as as_text`)).rows).toEqual([{ as_text: '9007199254740993' }]);
    } finally {
      await single.destroy();
    }
  });
});

describe('checkDatabase', () => {
  it('passes on a live server', async () => {
    await expect(checkDatabase(db.knex)).resolves.toBeUndefined();
  });

  it('says what to start when nothing listens', async () => {
    const port = await freePort();
    const dead = createKnex(`postgres://postgres@127.0.0.1:${port}/threecx`, { log: { debug: () => undefined, info: () => undefined, warn: () => undefined } });
    try {
      await expect(checkDatabase(dead)).rejects.toThrow(
        `PostgreSQL is not reachable at 127.0.0.1:${port}: start it (e.g. pg_ctlcluster`,
      );
      await expect(checkDatabase(dead)).rejects.toThrow(/or unset DATABASE_URL to use the embedded one/);
    } finally {
      await dead.destroy();
    }
  });

  it('names a missing database', async () => {
    const missing = createKnex(db.url.replace(/\/[^/]+$/, '/threecx_no_such_db'), { log: { debug: () => undefined, info: () => undefined, warn: () => undefined } });
    try {
      await expect(checkDatabase(missing)).rejects.toThrow(/has no database "threecx_no_such_db"/);
    } finally {
      await missing.destroy();
    }
  });
});

describe('resolveDatabase', () => {
  it('uses DATABASE_URL as given, starting nothing', async () => {
    const resolved = await resolveDatabase(
      { database: { url: db.url, dataDir: '/nonexistent', embeddedPort: 1 } },
      { debug: () => undefined, info: () => undefined, warn: () => undefined },
    );
    expect(resolved).toMatchObject({ url: db.url, embedded: false });
    await resolved.stop();
  });
});

describe('migrations', () => {
  it('the template every test database is cloned from has every migration applied', async () => {
    const status = await migrationStatus(db.knex);
    expect(status.pending).toEqual([]);
  });

  describe('on a throwaway folder', () => {
    let folder: string;
    let scratch: TestDatabase;

    beforeAll(async () => {
      folder = await mkdtemp(path.join(os.tmpdir(), 'threecx-migrations-'));
      await writeFile(
        path.join(folder, '001_widgets.ts'),
        `import type { Knex } from 'knex';\n` +
          `export async function up(knex: Knex): Promise<void> {\n` +
          `  await knex.schema.createTable('widgets', (t) => { t.increments('id'); t.date('made_on'); });\n` +
          `}\n` +
          `export async function down(knex: Knex): Promise<void> {\n  await knex.schema.dropTable('widgets');\n}\n`,
      );
      await writeFile(
        path.join(folder, '002_gadgets.ts'),
        `import type { Knex } from 'knex';\n` +
          `export const up = async (knex: Knex): Promise<void> => { await knex.schema.createTable('gadgets', (t) => { t.increments('id'); }); };\n` +
          `export const down = async (knex: Knex): Promise<void> => { await knex.schema.dropTable('gadgets'); };\n`,
      );
      await writeFile(path.join(folder, 'README.md'), 'not a migration');
      scratch = await createTestDatabase();
    });

    afterAll(async () => {
      await scratch?.drop();
      await rm(folder, { recursive: true, force: true });
    });

    it('applies pending TypeScript migrations in order, once, and rolls them all back', async () => {
      const knex = scratch.knex;
      await knex.schema.dropTableIfExists('knex_migrations').dropTableIfExists('knex_migrations_lock');
      expect(await migrateToLatest(knex, { directory: folder })).toEqual(['001_widgets.ts', '002_gadgets.ts']);
      expect(await migrateToLatest(knex, { directory: folder })).toEqual([]);
      expect(await knex.schema.hasTable('widgets')).toBe(true);
      expect(await knex.schema.hasTable('gadgets')).toBe(true);
      expect(await migrationStatus(knex, { directory: folder })).toEqual({ applied: ['001_widgets.ts', '002_gadgets.ts'], pending: [] });

      expect(await rollbackAll(knex, { directory: folder })).toEqual(['002_gadgets.ts', '001_widgets.ts']);
      expect(await knex.schema.hasTable('widgets')).toBe(false);
      expect(await migrationStatus(knex, { directory: folder })).toEqual({ applied: [], pending: ['001_widgets.ts', '002_gadgets.ts'] });
    });
  });
});
