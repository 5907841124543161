import type { Knex } from 'knex';

// The platforms' input ids are kept only as long as a platform may send an input again
// (Telegram: about a day); the maintenance sweep deletes older ones by their time.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create index processed_inputs_at on processed_inputs (at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index processed_inputs_at');
}
