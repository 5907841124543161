import type { Knex } from 'knex';

// The one team chat (a Slack channel) an owner chose for the approval requests of their
// company, instead of every owner's and purchase user's direct messages.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('approval_team_chats', (t) => {
    t.uuid('reseller_id').primary().references('resellers.id').onDelete('CASCADE');
    t.text('channel').notNullable();
    t.text('chat_id').notNullable();
    t.uuid('chosen_by').references('reseller_users.id').onDelete('SET NULL');
    t.timestamp('chosen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`alter table approval_team_chats add constraint approval_team_chats_channel check (channel in ('telegram','slack','console'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('approval_team_chats');
}
