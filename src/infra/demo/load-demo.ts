import type { Knex } from 'knex';
import type { PasswordHasher } from '../../domain/ports';
import { addDays, type LocalDate } from '../../domain/pricing/dates';
import { DEFAULT_PRICE_ENTRIES } from '../../domain/pricing/catalog';
import { normaliseLicenseKey } from '../../domain/pricing/license-key';
import { checkVatId } from '../../domain/tax/vat-id';
import type { DemoFixture } from './demo-fixture';

/** Every table the product writes, emptied by a demo reset (the migrations table is kept). */
const APP_TABLES = [
  'broadcast_recipients', 'broadcasts', 'invitations', 'credit_notes', 'credit_note_number_series', 'staff_users', 'login_names', 'reminder_snoozes', 'reminders', 'outbox', 'processed_inputs', 'conversations', 'dismissed_notices', 'referrals', 'invoices', 'invoice_number_series', 'payments',
  'coupon_redemptions', 'order_lines', 'orders', 'coupons', 'cart_lines', 'carts', 'license_events', 'licenses',
  'catalog_prices', 'audit_log', 'end_customers', 'channel_identities', 'reseller_users', 'resellers', 'partner_levels',
  'distributor_settings',
];

/** Empties every table of the product. */
export async function emptyDatabase(knex: Knex): Promise<void> {
  await knex.raw(`truncate ${APP_TABLES.map((t) => `"${t}"`).join(', ')} restart identity cascade`);
}

/** Whether nothing has been loaded yet (no distributor settings). */
export async function isDatabaseEmpty(knex: Knex): Promise<boolean> {
  return !(await knex('distributor_settings').first('id'));
}

/** Loads the default price list of pricing.md when the catalog is empty. */
export async function ensureDefaultCatalog(db: Knex | Knex.Transaction): Promise<void> {
  if (await db('catalog_prices').first('id')) return;
  await db('catalog_prices').insert(DEFAULT_PRICE_ENTRIES.map((p) => ({ edition: p.edition, sc: p.sc, kind: p.kind, price_cents: p.priceCents, effective_from: p.effectiveFrom })));
}

const percentToBp = (percent: number) => Math.round(percent * 100);

/** A VAT ID of the fixture, normalised; a malformed one stops the load, naming it. */
function vatIdOf(typed: string | undefined, country: string, whose: string): string | null {
  if (typed === undefined) return null;
  const checked = checkVatId(typed, country);
  if (checked.kind !== 'ok') throw new Error(`the demo fixture's VAT ID ${typed} of ${whose} is not valid (${checked.kind}${'expected' in checked ? `: ${checked.expected}` : ''})`);
  return checked.vatId;
}

/**
 * Loads the demo fixture, with every relative day resolved against `today`, in one
 * transaction. Passwords are stored only as hashes.
 */
export async function loadDemo(knex: Knex, fixture: DemoFixture, today: LocalDate, hasher: PasswordHasher): Promise<void> {
  const on = (offset: number | undefined): LocalDate | null => (offset === undefined ? null : addDays(today, offset));
  const hashes = new Map<string, string>();
  for (const user of [...fixture.resellers.flatMap((r) => r.users), ...fixture.distributor.staff]) hashes.set(user.username, await hasher.hash(user.password));

  await knex.transaction(async (db) => {
    const d = fixture.distributor;
    await db('distributor_settings').insert({
      id: 1, name: d.name, currency: d.currency, timezone: d.timezone, bank_accounts: d.bank_accounts, offline_payment_days: d.offline_payment_days,
      legal_name: d.legal_name ?? null, address_street: d.address?.street ?? null, address_postcode: d.address?.postcode ?? null,
      address_city: d.address?.city ?? null, address_country: d.address?.country ?? null,
      vat_id: d.address ? vatIdOf(d.vat_id, d.address.country, 'the distributor') : d.vat_id ?? null, chamber_of_commerce: d.chamber_of_commerce ?? null,
    });
    for (const s of d.staff) {
      await db('staff_users').insert({ username: s.username, name: s.name, role: s.role, password_hash: hashes.get(s.username) });
    }
    await db('partner_levels').insert(fixture.partner_levels.map((l, i) => ({ code: l.code, name: l.name, discount_bp: percentToBp(l.discount_percent), rank: i + 1 })));
    await ensureDefaultCatalog(db);
    const levels = new Map(fixture.partner_levels.map((l) => [l.code, l]));

    for (const r of fixture.resellers) {
      const level = levels.get(r.level);
      if (!level) throw new Error(`reseller ${r.partner_id} has unknown level ${r.level}`);
      const [{ id: resellerId }] = await db('resellers')
        .insert({
          partner_id: r.partner_id, company: r.company, country: r.country, level_code: r.level, discount_bp: percentToBp(level.discount_percent),
          vat_rate_bp: r.vat_rate_percent === undefined ? null : percentToBp(r.vat_rate_percent), timezone: r.timezone,
          legal_name: r.legal_name ?? null, address_street: r.address?.street ?? null, address_postcode: r.address?.postcode ?? null, address_city: r.address?.city ?? null,
          vat_id: vatIdOf(r.vat_id, r.country, `reseller ${r.partner_id}`),
        })
        .returning('id');
      for (const u of r.users) {
        await db('reseller_users').insert({ reseller_id: resellerId, username: u.username, name: u.name, role: u.role, password_hash: hashes.get(u.username) });
      }
      const customers = new Map<string, string>();
      for (const c of r.customers) {
        const [{ id }] = await db('end_customers').insert({ reseller_id: resellerId, company: c.company, email: c.email ?? null }).returning('id');
        customers.set(c.ref, id);
      }
      for (const l of r.licenses) {
        const key = normaliseLicenseKey(l.key);
        if (key.kind !== 'ok') throw new Error(`demo license key ${l.key} is malformed`);
        const [{ id }] = await db('licenses')
          .insert({
            license_key: key.key, reseller_id: resellerId, end_customer_id: l.customer ? customers.get(l.customer) ?? null : null, type: l.type,
            edition: l.edition, sc: l.sc, expires_on: l.type === 'annual' ? on(l.expires_in_days) : null, maintenance_until: l.type === 'perpetual' ? on(l.maintenance_in_days) : null,
          })
          .returning('id');
        await db('license_events').insert({ license_id: id, kind: 'imported', after: { source: 'demo' }, actor: 'demo' });
      }
      for (const ref of r.referrals) {
        await db('referrals').insert({ reseller_id: resellerId, referred_company: ref.referred_company, referred_on: on(ref.referred_in_days), commission_cents: ref.commission_cents, status: ref.status, paid_on: ref.status === 'paid' ? on(ref.paid_in_days) : null });
      }
      for (const inv of r.invoices) {
        await db('invoices').insert({ number: inv.number, reseller_id: resellerId, status: inv.status, issued_on: on(inv.issued_in_days), paid_on: inv.status === 'paid' ? on(inv.paid_in_days) : null, currency: d.currency, total_cents: inv.total_cents, details: { source: 'demo' } });
      }
    }
    for (const c of fixture.coupons) {
      await db('coupons').insert({
        code: c.code.toUpperCase(), percent_bp: c.percent === undefined ? null : percentToBp(c.percent), amount_cents: c.amount_cents ?? null,
        valid_from: on(c.valid_from_in_days), valid_until: on(c.valid_until_in_days), max_redemptions: c.max_redemptions ?? null,
        per_reseller_limit: c.per_reseller_limit ?? null, min_subtotal_cents: c.min_subtotal_cents ?? null, applies_to: c.applies_to ?? null,
      });
    }
    await db('audit_log').insert({ actor: 'system', action: 'demo.loaded', details: { today } });
  });
}
