import type { Knex } from 'knex';

// The daily sweep inserts a reminder row per license and recipient chat (about 115,000 for a
// million licenses), and each row checked four foreign keys: half the time of the claim. The
// license and the chat identity keep theirs (deleting either deletes its reminders); the
// reseller and the user are the license's and the identity's when the reminder is claimed: a
// reseller with licenses cannot be deleted, and the product deactivates users, never deletes
// them (a user deleted by hand takes the identities that still name it, and their reminders).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reminders', (t) => {
    t.dropForeign(['reseller_id']);
    t.dropForeign(['reseller_user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reminders', (t) => {
    t.foreign('reseller_id').references('resellers.id').onDelete('CASCADE');
    t.foreign('reseller_user_id').references('reseller_users.id').onDelete('CASCADE');
  });
}
