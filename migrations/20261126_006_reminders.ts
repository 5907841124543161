import type { Knex } from 'knex';

// Renewal reminders: each one is claimed here before it is queued (unique on license, term
// end, offset and recipient), so that it is sent once however many sweeps run; snoozes
// ("remind me later") per license and user.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('reminders', (t) => {
    t.bigIncrements('id');
    t.uuid('license_id').notNullable().references('licenses.id').onDelete('CASCADE');
    t.uuid('reseller_id').notNullable().references('resellers.id').onDelete('CASCADE');
    t.date('term_end').notNullable();
    t.integer('offset_days').notNullable();
    t.bigInteger('identity_id').notNullable().references('channel_identities.id').onDelete('CASCADE');
    t.uuid('reseller_user_id').notNullable().references('reseller_users.id').onDelete('CASCADE');
    t.date('due_on').notNullable();
    t.timestamp('claimed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('deliver_after', { useTz: true }).notNullable();
    t.timestamp('sent_at', { useTz: true });
    t.text('outcome');
    t.unique(['license_id', 'term_end', 'offset_days', 'identity_id']);
  });
  await knex.raw(`create index reminders_pending on reminders (deliver_after) where sent_at is null`);

  await knex.schema.createTable('reminder_snoozes', (t) => {
    t.uuid('license_id').notNullable().references('licenses.id').onDelete('CASCADE');
    t.uuid('reseller_user_id').notNullable().references('reseller_users.id').onDelete('CASCADE');
    t.date('term_end').notNullable();
    t.date('until').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['license_id', 'reseller_user_id']);
  });
  // The sweep looks at every license's current term end.
  await knex.raw(`create index licenses_term_end on licenses ((coalesce(expires_on, maintenance_until))) where not reminders_stopped`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index licenses_term_end');
  await knex.schema.dropTable('reminder_snoozes');
  await knex.schema.dropTable('reminders');
}
