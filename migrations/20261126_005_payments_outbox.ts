import type { Knex } from 'knex';

// Hosted checkouts (card, MultiSafepay) kept with their payment page, and the outbox of
// messages to users: written in the transaction that decides them, delivered by a job.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('payments', (t) => {
    t.text('payment_url');
  });
  await knex.raw(`create index payments_order on payments (order_id)`);

  await knex.schema.createTable('outbox', (t) => {
    t.bigIncrements('id');
    t.text('kind').notNullable();
    // What the message is about, so that deciding it twice writes it once.
    t.text('dedupe_key').notNullable().unique();
    t.uuid('order_id').references('orders.id').onDelete('CASCADE');
    t.uuid('reseller_user_id').references('reseller_users.id').onDelete('CASCADE');
    t.text('channel');
    t.text('chat_id');
    t.jsonb('payload').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('deliver_after', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('delivered_at', { useTz: true });
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.timestamp('given_up_at', { useTz: true });
  });
  await knex.raw(`alter table outbox add constraint outbox_channel check (channel is null or channel in ('telegram','slack','console'))`);
  await knex.raw(`create index outbox_pending on outbox (deliver_after) where delivered_at is null and given_up_at is null`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('outbox');
  await knex.raw('drop index payments_order');
  await knex.schema.alterTable('payments', (t) => {
    t.dropColumn('payment_url');
  });
}
