// Coupons through `npm run ops`: created with every condition, taken at checkout in the chat,
// reported per reseller, disabled (then refused as unknown, its uses kept); audited; a staff
// role refused; bad input refused with one line and nothing changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCli } from '../../support/admin-cli';
import { addToCart, lastText, loggedInChat, newLicenseSummary, placeOfflineOrder, toCouponStep, type Chat } from '../../support/console-flows';

describe('npm run ops -- coupons:…', () => {
  let chat: Chat;
  let cli: ReturnType<typeof adminCli>;
  beforeAll(async () => {
    chat = await loggedInChat('demo');
    cli = adminCli(chat.demo);
  });
  afterAll(async () => {
    await chat?.close();
    await chat?.demo.drop();
  });

  const smallCart = async () => {
    // Startup 4 SC × 1 × 1 year: list 175.00, subtotal 131.25 at Acme's 25 %.
    await newLicenseSummary(chat, { edition: 'Startup', sc: 4, quantity: 1, years: 1 });
    await addToCart(chat);
  };

  it('creates a coupon that checkout takes, with its conditions, and audits it', async () => {
    const created = await cli.run('coupons:create', ['--code', 'winter12', '--percent', '12.5', '--until', '2027-01-31', '--minimum', '100.00', '--kinds', 'new_license,upgrade', '--max-uses', '50', '--per-reseller', '2']);
    expect(created).toEqual({ code: 0, stderr: '', stdout: 'coupon WINTER12: 12.5 % off, valid 2026-11-26 to 2027-01-31\n  minimum EUR 100.00; lines: new_license, upgrade; uses: 50 in all, 2 per reseller\n' });
    expect(await chat.demo.knex('coupons').where({ code: 'WINTER12' }).first()).toMatchObject({ percent_bp: 1250, min_subtotal_cents: 10000, applies_to: ['new_license', 'upgrade'], max_redemptions: 50, per_reseller_limit: 2, valid_from: '2026-11-26' });
    expect(await chat.demo.knex('audit_log').where({ action: 'coupon.created' }).first()).toMatchObject({ actor: 'staff:admin1', details: { before: null, after: { code: 'WINTER12' } } });

    await smallCart();
    await toCouponStep(chat);
    const review = await chat.send('Winter12');
    // round(131.25 × 12.5 %) = 16.41 (half up of 16.40625).
    expect(lastText(review)).toContain('Coupon WINTER12: −EUR 16.41');
    await chat.press('Bank transfer (offline)');
  });

  it('reports the uses per coupon and reseller', async () => {
    await smallCart();
    await placeOfflineOrder(chat, 'WELCOME10');
    const report = await cli.json('coupons:report', []);
    const coupons = report.coupons as Array<{ code: string; reserved: number; redeemed: number; byReseller: unknown[] }>;
    expect(coupons.find((c) => c.code === 'WINTER12')).toEqual({ code: 'WINTER12', disabledAt: null, reserved: 1, redeemed: 0, byReseller: [{ partnerId: '100001', company: 'Acme Telecom B.V.', reserved: 1, redeemed: 0 }] });
    expect((await cli.run('coupons:report', ['--code', 'welcome10'])).stdout).toBe('WELCOME10: 0 redeemed, 1 reserved by unpaid orders\n  100001 Acme Telecom B.V.: 0 redeemed, 1 reserved\n');
  });

  it('disables a coupon: refused at checkout from then on as unknown, its uses kept', async () => {
    expect((await cli.run('coupons:disable', ['WINTER12'])).stdout).toBe('coupon WINTER12 is disabled: refused from now on; orders that used it keep it\n');
    expect(await chat.demo.knex('audit_log').where({ action: 'coupon.disabled' }).first()).toMatchObject({ details: { before: { disabledAt: null }, after: { disabledAt: '2026-11-26T10:00:00.000Z' } } });
    await smallCart();
    await toCouponStep(chat);
    const refused = await chat.send('WINTER12');
    expect(refused[0]?.text).toMatch(/^That coupon code is not known/);
    expect((await cli.run('coupons:report', ['--code', 'WINTER12'])).stdout).toMatch(/^WINTER12 \(disabled\): 0 redeemed, 1 reserved/);
    expect((await cli.run('coupons:disable', ['WINTER12'])).stderr).toBe('coupon WINTER12 is disabled already: nothing changed\n');
  });

  it('refuses bad input and a staff role, changing nothing', async () => {
    const count = async () => [(await chat.demo.knex('coupons')).length, (await chat.demo.knex('audit_log')).length];
    const before = await count();
    const cases: Array<[string[], number, string]> = [
      [['--code', 'WELCOME10', '--percent', '5', '--until', '2027-01-01'], 1, 'a coupon WELCOME10 exists (codes are matched in any case): nothing changed\n'],
      [['--code', 'BOTH', '--percent', '5', '--amount', '10.00', '--until', '2027-01-01'], 2, 'give --percent or --amount (one of them): nothing changed\n'],
      [['--code', 'OLD', '--amount', '10.00', '--until', '2026-11-25', '--from', '2026-11-01'], 1, '--until is before today (2026-11-26): nothing changed\n'],
      [['--code', 'KINDS', '--amount', '10.00', '--until', '2027-01-01', '--kinds', 'renewals'], 1, '--kinds must be a comma-separated list of new_license, upgrade, renew_annual, renew_maintenance: nothing changed\n'],
      [['--code', 'CENTS', '--amount', '10.5', '--until', '2027-01-01'], 2, '--amount: must be an amount like 50.00: nothing changed\n'],
      [['--code', 'STAFF', '--amount', '10.00', '--until', '2027-01-01', '--by', 'staff1'], 1, 'staff1 is staff, not an administrator: only an administrator may do this: nothing changed\n'],
    ];
    for (const [args, code, line] of cases) expect({ args, ...(await cli.run('coupons:create', args)) }).toEqual({ args, code, stdout: '', stderr: line });
    expect((await cli.run('coupons:disable', ['FIXED50', '--by', 'staff1'])).code).toBe(1);
    expect(await count()).toEqual(before);
  });
});
