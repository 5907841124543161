import type { Knex } from 'knex';

// Team approvals: a sales user's checked-out cart waiting for an owner or purchase user of the
// same reseller, who places it as their own order, or rejects it. Decided once (the row is
// locked by whoever decides); kept for the order's history.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('approval_requests', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('reseller_id').notNullable().references('resellers.id').onDelete('CASCADE');
    t.uuid('requested_by').notNullable().references('reseller_users.id').onDelete('CASCADE');
    t.text('channel').notNullable();
    t.text('chat_id');
    t.text('status').notNullable().defaultTo('pending');
    t.text('coupon_code');
    t.jsonb('lines').notNullable();
    t.jsonb('totals').notNullable();
    t.specificType('currency', 'char(3)').notNullable();
    t.timestamp('requested_at', { useTz: true }).notNullable();
    t.timestamp('lapses_at', { useTz: true }).notNullable();
    t.uuid('decided_by').references('reseller_users.id').onDelete('SET NULL');
    t.timestamp('decided_at', { useTz: true });
    t.text('reason');
    t.uuid('order_id').references('orders.id').onDelete('SET NULL');
  });
  await knex.raw(`alter table approval_requests
    add constraint approval_requests_status check (status in ('pending','approved','rejected','withdrawn','lapsed')),
    add constraint approval_requests_decided check ((status = 'pending') = (decided_at is null)),
    add constraint approval_requests_order check (status = 'approved' or order_id is null),
    add constraint approval_requests_channel check (channel in ('telegram','slack','console'))`);
  // One pending request per requester: asking again replaces the earlier one.
  await knex.raw(`create unique index approval_requests_one_pending on approval_requests (requested_by) where status = 'pending'`);
  await knex.raw(`create index approval_requests_reseller_pending on approval_requests (reseller_id, requested_at) where status = 'pending'`);
  await knex.raw(`create index approval_requests_order on approval_requests (order_id) where order_id is not null`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('approval_requests');
}
