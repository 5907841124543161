import type { Knex } from 'knex';

// Who is who: the distributor (one row), partner levels, resellers, their users and the chat
// identities linked to them, their end customers, and an append-only audit log.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('distributor_settings', (t) => {
    t.smallint('id').primary().defaultTo(1);
    t.text('name').notNullable();
    t.specificType('currency', 'char(3)').notNullable().defaultTo('EUR');
    t.text('timezone').notNullable().defaultTo('UTC');
    t.jsonb('bank_accounts').notNullable().defaultTo('{}');
    t.integer('offline_payment_days').notNullable().defaultTo(14);
    t.timestamps(true, true);
  });
  await knex.raw(`alter table distributor_settings
    add constraint distributor_settings_singleton check (id = 1),
    add constraint distributor_settings_currency check (currency ~ '^[A-Z]{3}$'),
    add constraint distributor_settings_offline_days check (offline_payment_days between 1 and 90)`);

  await knex.schema.createTable('partner_levels', (t) => {
    t.text('code').primary();
    t.text('name').notNullable().unique();
    t.integer('discount_bp').notNullable();
    t.smallint('rank').notNullable().unique();
  });
  await knex.raw(`alter table partner_levels add constraint partner_levels_discount check (discount_bp between 0 and 10000)`);

  await knex.schema.createTable('resellers', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('partner_id').notNullable().unique();
    t.text('company').notNullable();
    t.specificType('country', 'char(2)').notNullable();
    t.text('level_code').notNullable().references('partner_levels.code');
    // The discount is stored per reseller: a level gives the default, a deal may differ.
    t.integer('discount_bp').notNullable();
    t.integer('vat_rate_bp').notNullable();
    t.text('timezone').notNullable().defaultTo('UTC');
    t.boolean('remind_sales_users').notNullable().defaultTo(false);
    t.timestamps(true, true);
  });
  await knex.raw(`alter table resellers
    add constraint resellers_discount check (discount_bp between 0 and 10000),
    add constraint resellers_vat check (vat_rate_bp between 0 and 10000),
    add constraint resellers_country check (country ~ '^[A-Z]{2}$')`);

  await knex.schema.createTable('reseller_users', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('reseller_id').notNullable().references('resellers.id').onDelete('CASCADE');
    t.text('username').notNullable();
    t.text('name').notNullable();
    t.text('role').notNullable();
    t.text('password_hash').notNullable();
    t.integer('failed_attempts').notNullable().defaultTo(0);
    t.timestamp('locked_until', { useTz: true });
    t.timestamp('last_login_at', { useTz: true });
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamps(true, true);
  });
  await knex.raw(`create unique index reseller_users_username on reseller_users (lower(username))`);
  await knex.raw(`alter table reseller_users
    add constraint reseller_users_role check (role in ('owner','purchase','sales','support')),
    add constraint reseller_users_failed check (failed_attempts >= 0),
    add constraint reseller_users_hash check (password_hash like 'scrypt$%')`);

  await knex.schema.createTable('channel_identities', (t) => {
    t.bigIncrements('id');
    t.text('channel').notNullable();
    t.text('external_user_id').notNullable();
    t.text('chat_id').notNullable();
    t.uuid('reseller_user_id').references('reseller_users.id').onDelete('CASCADE');
    t.text('display_name');
    // A user who blocked the bot is not messaged again until they write to it.
    t.timestamp('unreachable_since', { useTz: true });
    t.timestamps(true, true);
    t.unique(['channel', 'external_user_id', 'chat_id']);
  });
  await knex.raw(`alter table channel_identities add constraint channel_identities_channel check (channel in ('telegram','slack','console'))`);
  await knex.raw(`create index channel_identities_user on channel_identities (reseller_user_id) where reseller_user_id is not null`);

  await knex.schema.createTable('end_customers', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('reseller_id').notNullable().references('resellers.id').onDelete('CASCADE');
    t.text('company').notNullable();
    t.text('email');
    t.timestamps(true, true);
  });
  await knex.raw(`create unique index end_customers_company on end_customers (reseller_id, lower(company))`);
  await knex.raw(`alter table end_customers add constraint end_customers_company_nonempty check (length(trim(company)) > 0)`);

  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('actor').notNullable();
    t.text('action').notNullable();
    t.text('subject');
    t.jsonb('details').notNullable().defaultTo('{}');
  });
  await knex.raw(`create index audit_log_at on audit_log (at)`);
  // Append-only: history is never rewritten.
  await knex.raw(`create function forbid_change() returns trigger language plpgsql as $$
    begin raise exception '% is append-only', tg_table_name; end $$`);
  await knex.raw(`create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function forbid_change()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_log');
  await knex.raw('drop function forbid_change()');
  await knex.schema.dropTable('end_customers');
  await knex.schema.dropTable('channel_identities');
  await knex.schema.dropTable('reseller_users');
  await knex.schema.dropTable('resellers');
  await knex.schema.dropTable('partner_levels');
  await knex.schema.dropTable('distributor_settings');
}
