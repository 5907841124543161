import type { Knex } from 'knex';

// An administrator's message to resellers chosen by partner level or country: previewed as a
// draft, then sent through the outbox (one message per chat, at the notifier's pace); each
// recipient is kept with its outbox message, so the history says who got what.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('broadcasts', (t) => {
    t.bigIncrements('id');
    t.text('text').notNullable();
    t.jsonb('audience').notNullable();
    t.text('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.text('sent_by');
    t.timestamp('sent_at', { useTz: true });
  });
  await knex.raw(`alter table broadcasts add constraint broadcasts_text check (length(text) between 1 and 4000),
    add constraint broadcasts_sent check ((sent_by is null) = (sent_at is null))`);
  await knex.schema.createTable('broadcast_recipients', (t) => {
    t.bigInteger('broadcast_id').notNullable().references('broadcasts.id').onDelete('CASCADE');
    t.uuid('reseller_id').notNullable().references('resellers.id').onDelete('CASCADE');
    t.uuid('reseller_user_id').notNullable().references('reseller_users.id').onDelete('CASCADE');
    t.bigInteger('outbox_id').notNullable().references('outbox.id').onDelete('CASCADE');
    t.primary(['broadcast_id', 'outbox_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('broadcast_recipients');
  await knex.schema.dropTable('broadcasts');
}
