import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, rollbackAll } from '../../../src/infra/db/migrate';
import { createTestDatabase, type TestDatabase } from '../../support/db';

const tables = async (db: TestDatabase) =>
  (await db.knex('pg_tables').where({ schemaname: 'public' }).whereNot('tablename', 'like', 'knex_%').pluck('tablename')).sort();

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it('go down to nothing and up again to the same schema', async () => {
    const before = await tables(db);
    expect(before).toEqual(expect.arrayContaining(['licenses', 'orders', 'order_lines', 'invoices', 'coupon_redemptions', 'conversations', 'audit_log']));
    await rollbackAll(db.knex);
    expect(await tables(db)).toEqual([]);
    await migrateToLatest(db.knex);
    expect(await tables(db)).toEqual(before);
  });

  it('keep history append-only and figures consistent by constraint', async () => {
    await expect(db.knex('audit_log').insert({ actor: 'x', action: 'y' }).then(() => db.knex('audit_log').update({ actor: 'z' }))).rejects.toThrow(/append-only/);
    await db.knex('partner_levels').insert({ code: 'gold', name: 'Gold', discount_bp: 2500, rank: 3 });
    await expect(db.knex('partner_levels').insert({ code: 'bad', name: 'Bad', discount_bp: 10001, rank: 9 })).rejects.toThrow(/partner_levels_discount/);
    await expect(db.knex('coupons').insert({ code: 'BOTH', percent_bp: 1000, amount_cents: 500, valid_from: '2026-01-01', valid_until: '2026-12-31' })).rejects.toThrow(/coupons_value/);
  });
});
