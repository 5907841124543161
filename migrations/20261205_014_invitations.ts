import type { Knex } from 'knex';

// One-time codes an administrator gives a new user (or one who forgot the password): sent to
// the bot, a code links that chat account and lets the user choose a password. Only a hash of
// the code is kept; a code works once, for 7 days.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('invitations', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('code_hash').notNullable().unique();
    t.text('purpose').notNullable();
    t.uuid('reseller_user_id').references('reseller_users.id').onDelete('CASCADE');
    t.uuid('staff_user_id').references('staff_users.id').onDelete('CASCADE');
    t.text('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true });
    t.text('used_on');
    // A newer code for the same person replaces this one.
    t.timestamp('revoked_at', { useTz: true });
  });
  await knex.raw(`alter table invitations
    add constraint invitations_purpose check (purpose in ('invite','reset')),
    add constraint invitations_one_person check ((reseller_user_id is null) <> (staff_user_id is null)),
    add constraint invitations_used check ((used_at is null) = (used_on is null))`);
  await knex.raw('create index invitations_reseller_user on invitations (reseller_user_id) where reseller_user_id is not null');
  await knex.raw('create index invitations_staff_user on invitations (staff_user_id) where staff_user_id is not null');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('invitations');
}
