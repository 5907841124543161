import type { Knex } from 'knex';

// Referrals and the dashboard notices a user dismissed; conversation state per chat and
// the inputs already handled, so that a platform's redelivery is handled once.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('referrals', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('reseller_id').notNullable().references('resellers.id').onDelete('CASCADE');
    t.text('referred_company').notNullable();
    t.date('referred_on').notNullable();
    t.bigInteger('commission_cents').notNullable();
    t.text('status').notNullable();
    t.date('paid_on');
  });
  await knex.raw(`alter table referrals
    add constraint referrals_status check (status in ('pending','paid')),
    add constraint referrals_paid check ((status = 'paid') = (paid_on is not null)),
    add constraint referrals_commission check (commission_cents >= 0)`);

  await knex.schema.createTable('dismissed_notices', (t) => {
    t.uuid('reseller_user_id').notNullable().references('reseller_users.id').onDelete('CASCADE');
    t.text('kind').notNullable();
    t.text('ref').notNullable();
    t.timestamp('dismissed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['reseller_user_id', 'kind', 'ref']);
  });
  await knex.raw(`alter table dismissed_notices add constraint dismissed_notices_kind
    check (kind in ('referral_payment','monthly_payment'))`);

  await knex.schema.createTable('conversations', (t) => {
    t.bigIncrements('id');
    t.text('channel').notNullable();
    t.text('chat_id').notNullable();
    t.text('external_user_id').notNullable();
    t.jsonb('state').notNullable();
    t.integer('version').notNullable().defaultTo(0);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['channel', 'chat_id', 'external_user_id']);
  });
  await knex.raw(`alter table conversations add constraint conversations_channel check (channel in ('telegram','slack','console'))`);

  await knex.schema.createTable('processed_inputs', (t) => {
    t.text('channel').notNullable();
    t.text('input_id').notNullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['channel', 'input_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('processed_inputs');
  await knex.schema.dropTable('conversations');
  await knex.schema.dropTable('dismissed_notices');
  await knex.schema.dropTable('referrals');
}
