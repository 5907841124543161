import type { Knex } from 'knex';

// Carts, coupons, orders with a frozen copy of every figure, payments and invoices.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('carts', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('reseller_user_id').notNullable().unique().references('reseller_users.id').onDelete('CASCADE');
    t.uuid('reseller_id').notNullable().references('resellers.id').onDelete('CASCADE');
    t.timestamps(true, true);
  });
  await knex.schema.createTable('cart_lines', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('cart_id').notNullable().references('carts.id').onDelete('CASCADE');
    // The order lines were added in, even within one transaction.
    t.specificType('seq', 'bigint generated always as identity').notNullable();
    t.text('kind').notNullable();
    t.uuid('license_id').references('licenses.id').onDelete('CASCADE');
    t.jsonb('request').notNullable();
    t.jsonb('quote').notNullable();
    t.bigInteger('list_cents').notNullable();
    t.date('quoted_on').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // One upgrade or renewal per key per cart.
    t.unique(['cart_id', 'license_id']);
  });
  await knex.raw(`alter table cart_lines
    add constraint cart_lines_kind check (kind in ('new_license','upgrade','renew_annual','renew_maintenance')),
    add constraint cart_lines_license check ((kind = 'new_license') = (license_id is null)),
    add constraint cart_lines_list check (list_cents >= 0)`);
  await knex.raw(`create index cart_lines_cart on cart_lines (cart_id, seq)`);
  await knex.raw(`create function cart_lines_limit() returns trigger language plpgsql as $$
    begin
      if (select count(*) from cart_lines where cart_id = new.cart_id) >= 20 then
        raise exception 'a cart holds at most 20 lines' using errcode = 'check_violation';
      end if;
      return new;
    end $$`);
  await knex.raw(`create trigger cart_lines_limit before insert on cart_lines for each row execute function cart_lines_limit()`);

  await knex.schema.createTable('coupons', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('code').notNullable();
    t.integer('percent_bp');
    t.bigInteger('amount_cents');
    t.date('valid_from').notNullable();
    t.date('valid_until').notNullable();
    t.integer('max_redemptions');
    t.integer('per_reseller_limit');
    t.bigInteger('min_subtotal_cents');
    t.specificType('applies_to', 'text[]');
    t.timestamps(true, true);
  });
  await knex.raw(`create unique index coupons_code on coupons (upper(code))`);
  await knex.raw(`alter table coupons
    add constraint coupons_value check ((percent_bp is null) <> (amount_cents is null)),
    add constraint coupons_percent check (percent_bp is null or percent_bp between 1 and 10000),
    add constraint coupons_amount check (amount_cents is null or amount_cents > 0),
    add constraint coupons_window check (valid_from <= valid_until),
    add constraint coupons_limits check (coalesce(max_redemptions, 1) > 0 and coalesce(per_reseller_limit, 1) > 0),
    add constraint coupons_minimum check (coalesce(min_subtotal_cents, 0) >= 0),
    add constraint coupons_applies_to check (applies_to is null or applies_to <@ array['new_license','upgrade','renew_annual','renew_maintenance'])`);

  await knex.schema.createTable('orders', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.specificType('number', 'bigint generated always as identity').notNullable().unique();
    t.uuid('reseller_id').notNullable().references('resellers.id');
    t.uuid('placed_by').notNullable().references('reseller_users.id');
    // Where the user ordered from, so that they are told there.
    t.text('channel').notNullable();
    t.text('chat_id');
    // The same place request (a button pressed twice) places one order.
    t.text('idempotency_key').notNullable().unique();
    t.text('status').notNullable();
    t.text('payment_method').notNullable();
    t.text('payment_reference').notNullable().unique();
    t.specificType('currency', 'char(3)').notNullable();
    t.integer('partner_discount_bp').notNullable();
    t.integer('vat_rate_bp').notNullable();
    t.bigInteger('list_cents').notNullable();
    t.bigInteger('partner_discount_cents').notNullable();
    t.bigInteger('subtotal_cents').notNullable();
    t.uuid('coupon_id').references('coupons.id');
    t.text('coupon_code');
    t.bigInteger('coupon_cents').notNullable().defaultTo(0);
    t.bigInteger('taxable_cents').notNullable();
    t.bigInteger('vat_cents').notNullable();
    t.bigInteger('total_cents').notNullable();
    t.date('placed_on').notNullable();
    t.timestamp('placed_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true });
    t.timestamp('paid_at', { useTz: true });
    t.timestamp('fulfilled_at', { useTz: true });
    t.timestamp('closed_at', { useTz: true });
    t.text('close_reason');
  });
  await knex.raw(`alter table orders
    add constraint orders_status check (status in ('awaiting_payment','paid','fulfilled','cancelled','expired','refunded')),
    add constraint orders_method check (payment_method in ('offline','card','multisafepay')),
    add constraint orders_channel check (channel in ('telegram','slack','console')),
    add constraint orders_figures check (
      list_cents >= 0 and partner_discount_cents >= 0 and coupon_cents >= 0 and vat_cents >= 0 and
      subtotal_cents = list_cents - partner_discount_cents and
      taxable_cents = subtotal_cents - coupon_cents and taxable_cents >= 0 and
      total_cents = taxable_cents + vat_cents),
    add constraint orders_coupon check ((coupon_id is null) = (coupon_code is null) and (coupon_id is not null or coupon_cents = 0)),
    add constraint orders_paid check ((status in ('awaiting_payment','cancelled','expired')) or paid_at is not null),
    add constraint orders_fulfilled check (status <> 'fulfilled' or fulfilled_at is not null)`);
  await knex.raw(`create index orders_reseller on orders (reseller_id, placed_at desc)`);
  await knex.raw(`create index orders_awaiting on orders (expires_at) where status = 'awaiting_payment'`);

  await knex.schema.createTable('order_lines', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('order_id').notNullable().references('orders.id').onDelete('CASCADE');
    t.smallint('position').notNullable();
    t.text('kind').notNullable();
    t.text('description').notNullable();
    t.text('edition').notNullable();
    t.integer('sc').notNullable();
    t.integer('quantity').notNullable().defaultTo(1);
    t.integer('years').notNullable();
    t.uuid('license_id').references('licenses.id');
    t.specificType('license_key', 'char(19)');
    t.text('from_edition');
    t.integer('from_sc');
    t.integer('remaining_days');
    t.uuid('end_customer_id').references('end_customers.id').onDelete('SET NULL');
    t.bigInteger('unit_price_cents').notNullable();
    t.bigInteger('list_cents').notNullable();
    t.bigInteger('partner_discount_cents').notNullable();
    t.bigInteger('net_cents').notNullable();
    // The term end the line gives: the expiry of new keys, or the renewed date.
    t.date('new_term_end');
    t.unique(['order_id', 'position']);
    t.unique(['order_id', 'license_id']);
  });
  await knex.raw(`alter table order_lines
    add constraint order_lines_kind check (kind in ('new_license','upgrade','renew_annual','renew_maintenance')),
    add constraint order_lines_license check ((kind = 'new_license') = (license_id is null)),
    add constraint order_lines_quantity check (quantity between 1 and 50 and (kind = 'new_license' or quantity = 1)),
    add constraint order_lines_years check (years between 0 and 5 and (kind = 'upgrade') = (years = 0)),
    add constraint order_lines_figures check (list_cents >= 0 and partner_discount_cents >= 0 and net_cents = list_cents - partner_discount_cents)`);

  await knex.schema.createTable('coupon_redemptions', (t) => {
    t.bigIncrements('id');
    t.uuid('coupon_id').notNullable().references('coupons.id');
    t.uuid('reseller_id').notNullable().references('resellers.id');
    t.uuid('order_id').notNullable().unique().references('orders.id').onDelete('CASCADE');
    t.text('status').notNullable();
    t.timestamp('reserved_at', { useTz: true }).notNullable();
    t.timestamp('redeemed_at', { useTz: true });
    t.timestamp('released_at', { useTz: true });
  });
  await knex.raw(`alter table coupon_redemptions add constraint coupon_redemptions_status
    check (status in ('reserved','redeemed','released'))`);
  await knex.raw(`create index coupon_redemptions_counting on coupon_redemptions (coupon_id, reseller_id) where status <> 'released'`);

  await knex.schema.createTable('payments', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('order_id').notNullable().references('orders.id');
    t.text('method').notNullable();
    t.text('provider_ref').notNullable();
    t.text('status').notNullable();
    t.bigInteger('amount_cents').notNullable();
    t.specificType('currency', 'char(3)').notNullable();
    t.text('confirmed_by');
    t.jsonb('details').notNullable().defaultTo('{}');
    t.timestamps(true, true);
    t.unique(['method', 'provider_ref']);
  });
  await knex.raw(`alter table payments
    add constraint payments_method check (method in ('offline','card','multisafepay')),
    add constraint payments_amount check (amount_cents >= 0)`);
  // One completed payment per order: a second confirmation cannot pay twice.
  await knex.raw(`create unique index payments_one_completed on payments (order_id) where status = 'completed'`);

  await knex.schema.createTable('invoice_number_series', (t) => {
    t.integer('year').primary();
    t.integer('last_number').notNullable().defaultTo(0);
  });
  await knex.schema.createTable('invoices', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('number').notNullable().unique();
    // Invoices this product issues are numbered gaplessly per year; imported ones are not.
    t.integer('series_year');
    t.integer('series_number');
    t.uuid('reseller_id').notNullable().references('resellers.id');
    t.uuid('order_id').unique().references('orders.id');
    t.text('status').notNullable();
    t.date('issued_on').notNullable();
    t.date('paid_on');
    t.specificType('currency', 'char(3)').notNullable();
    t.bigInteger('subtotal_cents');
    t.bigInteger('coupon_cents');
    t.bigInteger('vat_cents');
    t.bigInteger('total_cents').notNullable();
    // Seller, buyer and line details as they were on the day of issue.
    t.jsonb('details').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['series_year', 'series_number']);
  });
  await knex.raw(`alter table invoices
    add constraint invoices_status check (status in ('unpaid','paid','void')),
    add constraint invoices_series check ((series_year is null) = (series_number is null)),
    add constraint invoices_paid check ((status = 'paid') = (paid_on is not null)),
    add constraint invoices_total check (total_cents >= 0)`);
  await knex.raw(`create index invoices_reseller on invoices (reseller_id, issued_on desc)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('invoices');
  await knex.schema.dropTable('invoice_number_series');
  await knex.schema.dropTable('payments');
  await knex.schema.dropTable('coupon_redemptions');
  await knex.schema.dropTable('order_lines');
  await knex.schema.dropTable('orders');
  await knex.schema.dropTable('coupons');
  await knex.schema.dropTable('cart_lines');
  await knex.raw('drop function cart_lines_limit()');
  await knex.schema.dropTable('carts');
}
