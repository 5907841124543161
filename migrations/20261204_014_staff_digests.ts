import type { Knex } from 'knex';

// The daily digest to staff: one row per period, claimed before its message is written, so that
// a digest is sent once per period however often (or on however many instances) its job runs.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('staff_digests', (t) => {
    t.timestamp('period_end', { useTz: true }).primary();
    t.timestamp('period_start', { useTz: true }).notNullable();
    t.bigInteger('outbox_id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw('alter table staff_digests add constraint staff_digests_period check (period_start < period_end)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('staff_digests');
}
