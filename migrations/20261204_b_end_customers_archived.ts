import type { Knex } from 'knex';

// A reseller deletes an end customer by archiving it: hidden from its lists, kept for the orders,
// invoices and audit entries that name it. The database keeps the rule that an archived customer
// has no licenses, whatever runs at the same moment:
// - archiving a customer that still has a license is refused (check_violation
//   `end_customers_archived_without_licenses`);
// - a license given to a customer (a move, or a key issued for an order placed before the customer
//   was archived) first locks the customer row, so that it waits for an archive under way, and
//   brings an archived customer back, so that a paid order is never refused for it.
// The lock matters: archiving locks the row too, so of a move and an archive at one instant one
// waits for the other and then sees its outcome (the archive, the license; or the move, refused).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('end_customers', (t) => {
    t.timestamp('archived_at', { useTz: true });
  });
  await knex.raw(`create function end_customer_archived_without_licenses() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from licenses where end_customer_id = new.id) then
        raise exception 'end customer % still has licenses', new.id
          using errcode = 'check_violation', constraint = 'end_customers_archived_without_licenses';
      end if;
      return new;
    end $$`);
  await knex.raw(`create trigger end_customers_archived_without_licenses before update of archived_at on end_customers
    for each row when (old.archived_at is null and new.archived_at is not null) execute function end_customer_archived_without_licenses()`);
  await knex.raw(`create function license_end_customer_active() returns trigger language plpgsql as $$
    begin
      if new.end_customer_id is not null and (tg_op = 'INSERT' or new.end_customer_id is distinct from old.end_customer_id) then
        perform 1 from end_customers where id = new.end_customer_id for no key update;
        update end_customers set archived_at = null, updated_at = now() where id = new.end_customer_id and archived_at is not null;
      end if;
      return new;
    end $$`);
  await knex.raw(`create trigger licenses_end_customer_active before insert or update of end_customer_id on licenses
    for each row execute function license_end_customer_active()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger licenses_end_customer_active on licenses');
  await knex.raw('drop function license_end_customer_active()');
  await knex.raw('drop trigger end_customers_archived_without_licenses on end_customers');
  await knex.raw('drop function end_customer_archived_without_licenses()');
  await knex.schema.alterTable('end_customers', (t) => {
    t.dropColumn('archived_at');
  });
}
