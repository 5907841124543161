import type { Knex } from 'knex';

// The pace of a chat platform's messages over the whole bot, shared by every instance
// (src/infra/store/send-pace.ts): one row per sending slot, holding the time of the slot's
// last message. A slot is used at most once in a window, so no window holds more messages
// than there are slots. The rows are written on first use.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('send_pace', (t) => {
    t.text('channel').notNullable();
    t.smallint('slot').notNullable();
    t.specificType('used_at', 'timestamptz').notNullable().defaultTo(knex.raw(`'-infinity'`));
    t.primary(['channel', 'slot']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('send_pace');
}
