import type { Knex } from 'knex';

// The placement of a paid order at a remote license provider (the 3CX Order API): claimed
// before the call, answered after it, so that an order is placed there at most once and its
// answer (the keys) is kept before anything is applied.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('provider_orders', (t) => {
    t.uuid('order_id').primary().references('orders.id').onDelete('CASCADE');
    t.text('provider').notNullable();
    t.text('status').notNullable();
    t.jsonb('request').notNullable();
    t.jsonb('placement');
    // Lines the provider refused before an uncertain call: staff recording keys leave them out.
    t.jsonb('refused').notNullable().defaultTo('[]');
    t.jsonb('response');
    t.text('error');
    t.integer('attempts').notNullable().defaultTo(1);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await knex.raw(`alter table provider_orders add constraint provider_orders_status check (status in ('placing','placed','not_placed','refused','uncertain'))`);
  await knex.raw(`alter table provider_orders add constraint provider_orders_placed check ((status = 'placed') = (placement is not null))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('provider_orders');
}
