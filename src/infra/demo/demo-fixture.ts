import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Where the demo data ships with the product. */
export const DEMO_FIXTURE_PATH = fileURLToPath(new URL('../../../fixtures/demo-fixture.json', import.meta.url));

const days = z.number().int();
const bankAccount = z.object({
  label: z.string(), holder: z.string().optional(), iban: z.string().optional(), bic: z.string().optional(), bank: z.string().optional(), note: z.string().optional(),
});
const country = z.string().regex(/^[A-Z]{2}$/);
const address = z.object({ street: z.string().min(1), postcode: z.string().min(1), city: z.string().min(1), country });
const lineKind = z.enum(['new_license', 'upgrade', 'renew_annual', 'renew_maintenance']);
const edition = z.enum(['startup', 'professional', 'enterprise']);

export const demoFixtureSchema = z.object({
  distributor: z.object({
    name: z.string().min(1),
    currency: z.string().regex(/^[A-Z]{3}$/),
    timezone: z.string().min(1),
    bank_accounts: z.object({ local: bankAccount.optional(), international: bankAccount.optional(), online: bankAccount.optional() }),
    offline_payment_days: z.number().int().min(1).max(90),
    legal_name: z.string().min(1).optional(),
    address: address.optional(),
    vat_id: z.string().min(1).optional(),
    chamber_of_commerce: z.string().min(1).optional(),
    staff: z.array(z.object({ username: z.string().min(1), password: z.string().min(1), name: z.string().min(1), role: z.enum(['staff', 'admin']) })).default([]),
  }),
  partner_levels: z.array(z.object({ code: z.string().min(1), name: z.string().min(1), discount_percent: z.number().min(0).max(100) })).min(1),
  resellers: z.array(z.object({
    partner_id: z.string().min(1),
    company: z.string().min(1),
    country,
    level: z.string().min(1),
    // Absent: the VAT treatment is derived from the country and VAT ID (pricing.md, "VAT treatment").
    vat_rate_percent: z.number().min(0).max(100).optional(),
    legal_name: z.string().min(1).optional(),
    address: address.optional(),
    vat_id: z.string().min(1).optional(),
    timezone: z.string().min(1),
    users: z.array(z.object({ username: z.string().min(1), password: z.string().min(1), name: z.string().min(1), role: z.enum(['owner', 'purchase', 'sales', 'support']) })),
    customers: z.array(z.object({ ref: z.string().min(1), company: z.string().min(1), email: z.string().optional() })),
    licenses: z.array(z.object({
      key: z.string(), type: z.enum(['annual', 'perpetual']), edition, sc: z.number().int(),
      expires_in_days: days.optional(), maintenance_in_days: days.optional(), customer: z.string().optional(),
    })),
    referrals: z.array(z.object({
      referred_company: z.string().min(1), referred_in_days: days, commission_cents: z.number().int().min(0),
      status: z.enum(['pending', 'paid']), paid_in_days: days.optional(),
    })),
    invoices: z.array(z.object({
      number: z.string().min(1), issued_in_days: days, total_cents: z.number().int().min(0),
      status: z.enum(['paid', 'unpaid']), paid_in_days: days.optional(),
    })),
  }).refine((r) => !r.address || r.address.country === r.country, { message: 'the address is in another country than the reseller', path: ['address', 'country'] })),
  coupons: z.array(z.object({
    code: z.string().min(1), percent: z.number().positive().max(100).optional(), amount_cents: z.number().int().positive().optional(),
    valid_from_in_days: days, valid_until_in_days: days, max_redemptions: z.number().int().positive().optional(),
    per_reseller_limit: z.number().int().positive().optional(), min_subtotal_cents: z.number().int().min(0).optional(),
    applies_to: z.array(lineKind).optional(),
  })),
});

export type DemoFixture = z.infer<typeof demoFixtureSchema>;

/** Reads and checks the demo fixture; a broken file stops with the paths of what is wrong. */
export async function readDemoFixture(path = DEMO_FIXTURE_PATH): Promise<DemoFixture> {
  const parsed = demoFixtureSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
  if (!parsed.success) {
    throw new Error(`the demo fixture ${path} is not valid:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return parsed.data;
}
