import type { Knex } from 'knex';

// Administrators keep resellers: a suspended reseller keeps everything (nothing is deleted)
// but its users cannot log in or order and it gets no reminders; a reseller may be billed in
// a currency of its own (null: the distributor's).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('resellers', (t) => {
    t.timestamp('suspended_at', { useTz: true });
    t.specificType('currency', 'char(3)');
  });
  await knex.raw(`alter table resellers add constraint resellers_currency check (currency ~ '^[A-Z]{3}$')`);
  // The audit log is searched by who did something and what it was done to.
  await knex.raw('create index audit_log_actor on audit_log (actor, at)');
  await knex.raw('create index audit_log_subject on audit_log (subject, at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index audit_log_subject');
  await knex.raw('drop index audit_log_actor');
  await knex.schema.alterTable('resellers', (t) => {
    t.dropColumn('currency');
    t.dropColumn('suspended_at');
  });
}
