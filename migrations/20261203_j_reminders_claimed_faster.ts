import type { Knex } from 'knex';

// The daily sweep claims about 115,000 reminders for a million licenses in one insert, and
// each row ran two foreign-key checks, each a query that also locked the license's or the
// chat identity's row: 3.4 s of a 7.4 s claim (issue 14). The claim itself reads the license
// and the identity it names, and the product never deletes either; what the keys still gave,
// a reminder leaving with its license or chat identity when one is deleted by hand, is kept
// by a trigger that runs once per deleting statement instead of once per reminder (no index
// on identity_id, as before: one more index would cost every claimed row, to speed up a delete
// done by hand).
//
// The sweep claims resellers in shares (src/jobs/reminders.ts), so the index of term ends
// carries the reseller: a share's window is found in the index alone.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('reminders', (t) => {
    t.dropForeign(['license_id']);
    t.dropForeign(['identity_id']);
  });
  for (const [table, column] of [['licenses', 'license_id'], ['channel_identities', 'identity_id']] as const) {
    await knex.raw(`
      create function ${table}_delete_reminders() returns trigger language plpgsql as $$
      begin
        delete from reminders m using gone g where m.${column} = g.id;
        return null;
      end $$`);
    await knex.raw(`
      create trigger ${table}_delete_reminders after delete on ${table}
      referencing old table as gone for each statement execute function ${table}_delete_reminders()`);
  }
  await knex.raw(`create index licenses_term_end_reseller on licenses ((coalesce(expires_on, maintenance_until)), reseller_id) where not reminders_stopped`);
  await knex.raw('drop index licenses_term_end');
  // Read by no query (unsettledReminders asks for claimed_at), written for every claimed row.
  await knex.raw('drop index reminders_pending');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`create index reminders_pending on reminders (deliver_after) where sent_at is null`);
  await knex.raw(`create index licenses_term_end on licenses ((coalesce(expires_on, maintenance_until))) where not reminders_stopped`);
  await knex.raw('drop index licenses_term_end_reseller');
  for (const table of ['licenses', 'channel_identities']) {
    await knex.raw(`drop trigger ${table}_delete_reminders on ${table}`);
    await knex.raw(`drop function ${table}_delete_reminders()`);
  }
  await knex.schema.alterTable('reminders', (t) => {
    t.foreign('license_id').references('licenses.id').onDelete('CASCADE');
    t.foreign('identity_id').references('channel_identities.id').onDelete('CASCADE');
  });
}
