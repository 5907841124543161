import type { Knex } from 'knex';

// An administrator may disable a coupon: it is refused from then on as if unknown, and its
// uses so far stay (orders keep their own copy of every figure).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('coupons', (t) => {
    t.timestamp('disabled_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('coupons', (t) => {
    t.dropColumn('disabled_at');
  });
}
