import type { Knex } from 'knex';

// The price list (data with an effective date, so prices change without a deploy), the
// licenses resellers hold, and the append-only history of what happened to each.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('catalog_prices', (t) => {
    t.bigIncrements('id');
    t.text('edition').notNullable();
    t.integer('sc').notNullable();
    t.text('kind').notNullable();
    t.bigInteger('price_cents').notNullable();
    t.date('effective_from').notNullable();
    t.unique(['edition', 'sc', 'kind', 'effective_from']);
  });
  await knex.raw(`alter table catalog_prices
    add constraint catalog_prices_edition check (edition in ('startup','professional','enterprise')),
    add constraint catalog_prices_sc check (sc in (4,8,16,24,32,48,64,96,128,192,256,512,1024)),
    add constraint catalog_prices_startup_sc check (edition <> 'startup' or sc = 4),
    add constraint catalog_prices_kind check (kind in ('annual','maintenance')),
    add constraint catalog_prices_amount check (price_cents > 0)`);

  await knex.schema.createTable('licenses', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.specificType('license_key', 'char(19)').notNullable().unique();
    t.uuid('reseller_id').notNullable().references('resellers.id');
    t.uuid('end_customer_id').references('end_customers.id').onDelete('SET NULL');
    t.text('type').notNullable();
    t.text('edition').notNullable();
    t.integer('sc').notNullable();
    t.date('expires_on');
    t.date('maintenance_until');
    t.boolean('reminders_stopped').notNullable().defaultTo(false);
    // Set when a payment behind this license was refunded or charged back.
    t.text('payment_flag');
    t.timestamps(true, true);
  });
  await knex.raw(`alter table licenses
    add constraint licenses_key_format check (license_key ~ '^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$'),
    add constraint licenses_type check (type in ('annual','perpetual')),
    add constraint licenses_edition check (edition in ('startup','professional','enterprise')),
    add constraint licenses_sc check (sc in (4,8,16,24,32,48,64,96,128,192,256,512,1024)),
    add constraint licenses_term check (
      (type = 'annual' and expires_on is not null and maintenance_until is null) or
      (type = 'perpetual' and maintenance_until is not null and expires_on is null))`);
  await knex.raw(`create index licenses_reseller on licenses (reseller_id, license_key)`);
  await knex.raw(`create index licenses_expires on licenses (expires_on) where type = 'annual'`);
  await knex.raw(`create index licenses_maintenance on licenses (maintenance_until) where type = 'perpetual'`);

  await knex.schema.createTable('license_events', (t) => {
    t.bigIncrements('id');
    t.uuid('license_id').notNullable().references('licenses.id');
    t.text('kind').notNullable();
    t.uuid('order_id');
    t.uuid('order_line_id');
    t.jsonb('before');
    t.jsonb('after').notNullable();
    t.text('actor').notNullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`alter table license_events add constraint license_events_kind
    check (kind in ('imported','issued','upgraded','renewed','maintenance_renewed','payment_flagged','reminders_stopped'))`);
  // An order line changes a given license once, whatever retries happen.
  await knex.raw(`create unique index license_events_once on license_events (order_line_id, license_id) where order_line_id is not null`);
  await knex.raw(`create index license_events_license on license_events (license_id, at)`);
  await knex.raw(`create trigger license_events_append_only before update or delete on license_events
    for each row execute function forbid_change()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('license_events');
  await knex.schema.dropTable('licenses');
  await knex.schema.dropTable('catalog_prices');
}
