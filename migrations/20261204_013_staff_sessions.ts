import type { Knex } from 'knex';

// Which chat is logged in as which of the distributor's staff. Kept apart from the resellers'
// channel_identities: a staff chat gets no reseller's notifications, and a reseller's chat
// reaches no staff flow. A chat logged in as staff is linked to no reseller user.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('staff_sessions', (t) => {
    t.text('channel').notNullable();
    t.text('external_user_id').notNullable();
    t.text('chat_id').notNullable();
    t.uuid('staff_user_id').notNullable().references('staff_users.id').onDelete('CASCADE');
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['channel', 'external_user_id', 'chat_id']);
  });
  await knex.raw(`alter table staff_sessions add constraint staff_sessions_channel check (channel in ('telegram','slack','console'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('staff_sessions');
}
