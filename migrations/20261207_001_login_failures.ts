import type { Knex } from 'knex';

// Failed logins with usernames nobody has are counted and locked like a user's, so that the
// lock message does not tell who exists; failures in a row are forgotten a day after the last
// one, for users too (last_failed_at), and the maintenance sweep deletes the records that
// decide nothing any more.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('login_failures', (t) => {
    t.text('username').primary();
    t.integer('failed_attempts').notNullable().defaultTo(0);
    t.timestamp('locked_until', { useTz: true }).nullable();
    t.timestamp('last_failed_at', { useTz: true }).nullable();
  });
  await knex.raw(`alter table login_failures
    add constraint login_failures_username check (length(username) between 1 and 200),
    add constraint login_failures_failed check (failed_attempts >= 0)`);
  await knex.raw('create index login_failures_last_failed_at on login_failures (last_failed_at)');
  await knex.schema.alterTable('reseller_users', (t) => {
    t.timestamp('last_failed_at', { useTz: true }).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reseller_users', (t) => {
    t.dropColumn('last_failed_at');
  });
  await knex.schema.dropTable('login_failures');
}
