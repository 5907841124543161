import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Where the demo data ships with the product. */
export const DEMO_FIXTURE_PATH = fileURLToPath(new URL('../../../fixtures/demo-fixture.json', import.meta.url));

const days = z.number().int();
const bankAccount = z.object({
  label: z.string(), holder: z.string().optional(), iban: z.string().optional(), bic: z.string().optional(), bank: z.string().optional(), note: z.string().optional(),
});
const lineKind = z.enum(['new_license', 'upgrade', 'renew_annual', 'renew_maintenance']);
const edition = z.enum(['startup', 'professional', 'enterprise']);

export const demoFixtureSchema = z.object({
  distributor: z.object({
    name: z.string().min(1),
    currency: z.string().regex(/^[A-Z]{3}$/),
    timezone: z.string().min(1),
    bank_accounts: z.object({ local: bankAccount.optional(), international: bankAccount.optional(), online: bankAccount.optional() }),
    offline_payment_days: z.number().int().min(1).max(90),
  }),
  partner_levels: z.array(z.object({ code: z.string().min(1), name: z.string().min(1), discount_percent: z.number().min(0).max(100) })).min(1),
  resellers: z.array(z.object({
    partner_id: z.string().min(1),
    company: z.string().min(1),
    country: z.string().regex(/^[A-Z]{2}$/),
    level: z.string().min(1),
    vat_rate_percent: z.number().min(0).max(100),
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
  })),
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
