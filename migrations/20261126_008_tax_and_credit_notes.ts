import type { Knex } from 'knex';

// What an EU VAT invoice must state (Directive 2006/112/EC, art. 226): the distributor's and
// the resellers' legal names, addresses and VAT IDs; a reseller's VAT rate becomes optional
// (null: derived from its country and VAT ID, see src/domain/tax); invoices keep their due
// date and VAT treatment; credit notes get their own gapless series. The distributor's staff
// get accounts of their own, and a login name is unique across reseller users and staff.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('distributor_settings', (t) => {
    t.text('legal_name');
    t.text('address_street');
    t.text('address_postcode');
    t.text('address_city');
    t.specificType('address_country', 'char(2)');
    t.text('vat_id');
    t.text('chamber_of_commerce');
  });
  await knex.raw(`alter table distributor_settings
    add constraint distributor_settings_address check (num_nonnulls(address_street, address_postcode, address_city, address_country) in (0, 4)),
    add constraint distributor_settings_address_country check (address_country ~ '^[A-Z]{2}$')`);

  await knex.schema.alterTable('resellers', (t) => {
    t.text('legal_name');
    t.text('address_street');
    t.text('address_postcode');
    t.text('address_city');
    t.text('vat_id');
    // true or false: what the VIES-style check said; null: not checked, or the check could not be made.
    t.boolean('vat_id_verified');
    t.timestamp('vat_id_checked_at', { useTz: true });
  });
  // vat_rate_bp is now the explicit rate an admin set; null: derived (pricing.md, "VAT treatment").
  await knex.raw(`alter table resellers alter column vat_rate_bp drop not null`);
  await knex.raw(`alter table resellers
    add constraint resellers_address check (num_nonnulls(address_street, address_postcode, address_city) in (0, 3)),
    add constraint resellers_vat_id check (vat_id ~ '^[A-Z]{2,3}[0-9A-Z+*]{2,14}$'),
    add constraint resellers_vat_id_verified check ((vat_id_verified is null or vat_id_checked_at is not null) and (vat_id is not null or vat_id_verified is null))`);

  await knex.schema.createTable('staff_users', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
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
  await knex.raw(`create unique index staff_users_username on staff_users (lower(username))`);
  await knex.raw(`alter table staff_users
    add constraint staff_users_role check (role in ('staff','admin')),
    add constraint staff_users_failed check (failed_attempts >= 0),
    add constraint staff_users_hash check (password_hash like 'scrypt$%')`);

  // One login name for one person: every username of either table holds a row here (kept by
  // triggers), so that two racing inserts of the same name cannot both commit.
  await knex.schema.createTable('login_names', (t) => {
    t.text('name').primary();
    t.text('held_by').notNullable();
  });
  await knex.raw(`alter table login_names add constraint login_names_held_by check (held_by in ('reseller_user','staff_user'))`);
  await knex.raw(`insert into login_names (name, held_by) select lower(username), 'reseller_user' from reseller_users`);
  await knex.raw(`create function hold_login_name() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') and (tg_op = 'DELETE' or lower(old.username) <> lower(new.username)) then
        delete from login_names where name = lower(old.username);
      end if;
      if tg_op = 'INSERT' or (tg_op = 'UPDATE' and lower(old.username) <> lower(new.username)) then
        insert into login_names (name, held_by) values (lower(new.username), tg_argv[0]);
      end if;
      return coalesce(new, old);
    end $$`);
  for (const [table, holder] of [['reseller_users', 'reseller_user'], ['staff_users', 'staff_user']]) {
    await knex.raw(`create trigger ${table}_login_name after insert or update of username or delete on ${table}
      for each row execute function hold_login_name('${holder}')`);
  }

  // The VAT treatment the order was priced with, frozen with its rate.
  await knex.schema.alterTable('orders', (t) => {
    t.text('vat_treatment');
  });
  await knex.raw(`alter table orders add constraint orders_vat_treatment check (vat_treatment in ('domestic','reverse_charge','outside_eu'))`);

  await knex.schema.alterTable('invoices', (t) => {
    // An invoice issued before it is paid (a bank transfer) is due on the order's payment deadline.
    t.date('due_on');
    t.bigInteger('taxable_cents');
    t.integer('vat_rate_bp');
    t.text('vat_treatment');
  });
  await knex.raw(`alter table invoices add constraint invoices_vat_treatment check (vat_treatment in ('domestic','reverse_charge','outside_eu'))`);

  await knex.schema.createTable('credit_note_number_series', (t) => {
    t.integer('year').primary();
    t.integer('last_number').notNullable().defaultTo(0);
  });
  await knex.schema.createTable('credit_notes', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('number').notNullable().unique();
    t.integer('series_year').notNullable();
    t.integer('series_number').notNullable();
    t.uuid('invoice_id').notNullable().references('invoices.id');
    t.uuid('reseller_id').notNullable().references('resellers.id');
    t.uuid('order_id').references('orders.id');
    t.text('reason').notNullable();
    // The provider event (or cancellation) it answers: one credit note per event.
    t.text('event_key').notNullable().unique();
    t.date('issued_on').notNullable();
    t.specificType('currency', 'char(3)').notNullable();
    t.bigInteger('taxable_cents').notNullable();
    t.integer('vat_rate_bp').notNullable();
    t.bigInteger('vat_cents').notNullable();
    t.bigInteger('total_cents').notNullable();
    t.text('vat_treatment').notNullable();
    // Seller, buyer, invoice and lines as they were on the day of issue.
    t.jsonb('details').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['series_year', 'series_number']);
  });
  await knex.raw(`alter table credit_notes
    add constraint credit_notes_reason check (reason in ('refund','chargeback','partial_refund','cancellation')),
    add constraint credit_notes_figures check (taxable_cents <= 0 and vat_cents <= 0 and total_cents < 0 and total_cents = taxable_cents + vat_cents),
    add constraint credit_notes_rate check (vat_rate_bp between 0 and 10000),
    add constraint credit_notes_vat_treatment check (vat_treatment in ('domestic','reverse_charge','outside_eu'))`);
  await knex.raw(`create index credit_notes_reseller on credit_notes (reseller_id, issued_on desc)`);
  await knex.raw(`create index credit_notes_invoice on credit_notes (invoice_id)`);
  await knex.raw(`create trigger credit_notes_append_only before update or delete on credit_notes
    for each row execute function forbid_change()`);
  // Credit notes never give back more than their invoice: checked under a lock on the invoice's row.
  await knex.raw(`create function credit_notes_within_invoice() returns trigger language plpgsql as $$
    declare invoiced bigint; credited bigint;
    begin
      select total_cents into invoiced from invoices where id = new.invoice_id for update;
      select coalesce(sum(total_cents), 0) into credited from credit_notes where invoice_id = new.invoice_id;
      if invoiced + credited + new.total_cents < 0 then
        raise exception 'credit notes of invoice % would exceed its total', new.invoice_id using errcode = 'check_violation', constraint = 'credit_notes_within_invoice';
      end if;
      return new;
    end $$`);
  await knex.raw(`create trigger credit_notes_within_invoice before insert on credit_notes for each row execute function credit_notes_within_invoice()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('credit_notes');
  await knex.raw('drop function credit_notes_within_invoice()');
  await knex.schema.dropTable('credit_note_number_series');
  await knex.raw('alter table invoices drop constraint invoices_vat_treatment');
  await knex.schema.alterTable('invoices', (t) => {
    t.dropColumns('due_on', 'taxable_cents', 'vat_rate_bp', 'vat_treatment');
  });
  await knex.raw('alter table orders drop constraint orders_vat_treatment');
  await knex.schema.alterTable('orders', (t) => {
    t.dropColumn('vat_treatment');
  });

  await knex.raw('drop trigger staff_users_login_name on staff_users');
  await knex.raw('drop trigger reseller_users_login_name on reseller_users');
  await knex.raw('drop function hold_login_name()');
  await knex.schema.dropTable('login_names');
  await knex.schema.dropTable('staff_users');

  // Derived rates become explicit again, with the standard rates this migration was written with.
  await knex.raw(`update resellers r set vat_rate_bp = case
      when r.country = d.address_country then coalesce(home.rate, 0)
      when r.country in (select country from (values ${STANDARD_RATES}) eu(country, rate)) and r.vat_id is null then coalesce(home.rate, 0)
      else 0 end
    from distributor_settings d
    left join (values ${STANDARD_RATES}) home(country, rate) on home.country = d.address_country
    where r.vat_rate_bp is null`);
  await knex.raw(`update resellers set vat_rate_bp = 0 where vat_rate_bp is null`);
  await knex.raw(`alter table resellers alter column vat_rate_bp set not null`);
  await knex.raw(`alter table resellers drop constraint resellers_address, drop constraint resellers_vat_id, drop constraint resellers_vat_id_verified`);
  await knex.schema.alterTable('resellers', (t) => {
    t.dropColumns('legal_name', 'address_street', 'address_postcode', 'address_city', 'vat_id', 'vat_id_verified', 'vat_id_checked_at');
  });

  await knex.raw('alter table distributor_settings drop constraint distributor_settings_address, drop constraint distributor_settings_address_country');
  await knex.schema.alterTable('distributor_settings', (t) => {
    t.dropColumns('legal_name', 'address_street', 'address_postcode', 'address_city', 'address_country', 'vat_id', 'chamber_of_commerce');
  });
}

/** The EU standard rates (basis points) when this migration was written, for `down` only. */
const STANDARD_RATES = Object.entries({
  AT: 2000, BE: 2100, BG: 2000, CY: 1900, CZ: 2100, DE: 1900, DK: 2500, EE: 2400, ES: 2100, FI: 2550, FR: 2000, GR: 2400, HR: 2500, HU: 2700,
  IE: 2300, IT: 2200, LT: 2100, LU: 1700, LV: 2100, MT: 1800, NL: 2100, PL: 2300, PT: 2300, RO: 2100, SE: 2500, SI: 2200, SK: 2300,
}).map(([country, rate]) => `('${country}', ${rate})`).join(', ');
