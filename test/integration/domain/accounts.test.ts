import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../../../src/domain/use-cases/login';
import { dismissNotice, getDashboard } from '../../../src/domain/use-cases/dashboard';
import { issueInvoice } from '../../../src/domain/use-cases/invoicing';
import { demoStore, testHasher } from '../../support/demo-store';

type Demo = Awaited<ReturnType<typeof demoStore>>;
const T0 = new Date('2026-11-26T10:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

describe('accounts, dashboard and invoices on PostgreSQL', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await demoStore();
  });
  afterAll(async () => demo?.drop());

  const attempt = (username: string, password: string, now: Date) => demo.store.transaction((repos) => login(repos, testHasher, { username, password, now }));

  it('stores only password hashes', async () => {
    const rows = await demo.knex('reseller_users').select('username', 'password_hash');
    for (const row of rows) {
      expect(row.password_hash).toMatch(/^scrypt\$/);
      expect(row.password_hash).not.toContain('pass');
    }
  });

  it('logs in with the right password, case-insensitive username, and the same answer for every wrong part', async () => {
    expect(await attempt('DEMO', 'demo-pass-1', T0)).toMatchObject({ kind: 'ok', user: { username: 'demo', role: 'owner' } });
    expect(await attempt('demo', 'wrong', T0)).toEqual({ kind: 'wrong_credentials' });
    expect(await attempt('nobody', 'demo-pass-1', T0)).toEqual({ kind: 'wrong_credentials' });
    expect(await attempt('', '', T0)).toEqual({ kind: 'wrong_credentials' });
  });

  it('locks a user for 15 minutes after 5 wrong passwords, even against racing attempts', async () => {
    const results = await Promise.all(Array.from({ length: 7 }, () => attempt('sales1', 'nope', minutes(1))));
    expect(results.filter((r) => r.kind === 'wrong_credentials')).toHaveLength(4);
    expect(results.filter((r) => r.kind === 'locked')).toHaveLength(3);
    expect(await attempt('sales1', 'sales-pass-1', minutes(10))).toMatchObject({ kind: 'locked' });
    expect(await attempt('sales1', 'sales-pass-1', minutes(17))).toMatchObject({ kind: 'ok' });
    const row = await demo.knex('reseller_users').where({ username: 'sales1' }).first();
    expect(row).toMatchObject({ failed_attempts: 0, locked_until: null });
    expect(await demo.knex('audit_log').where({ action: 'user.locked' })).toHaveLength(1);
  });

  it('shows the demo dashboard and lets a user dismiss a payment notice for themselves only', async () => {
    const { user } = await demo.userNamed('demo');
    const dashboard = await demo.store.transaction((repos) => getDashboard(repos, { user, today: demo.today }));
    // 6 licenses: expires in 20, 200, -10, perpetual maintenance in 5, 100, 300 days.
    expect(dashboard.licenseKeys).toEqual({ total: 6, active: 5, expiringWithin30Days: 2, expired: 1 });
    expect(dashboard.invoices).toEqual({ count: 3, unpaidCount: 1, unpaidCents: 23595 });
    expect(dashboard.referrals).toEqual({ count: 2, commissionPaidCents: 12000, commissionPendingCents: 8500 });
    expect(dashboard.referralPayments.map((n) => n.title)).toEqual(['Polder Networks']);
    expect(dashboard.monthlyPayments.map((n) => [n.ref, n.amountCents])).toEqual([['2026-10', 144595], ['2026-08', 71995]]);
    expect(dashboard.bankDetails.local?.iban).toBe('NL91ABNA0417164300');

    const month = dashboard.monthlyPayments[0]!;
    await demo.store.transaction((repos) => dismissNotice(repos, { user, kind: 'monthly_payment', ref: month.ref }));
    await demo.store.transaction((repos) => dismissNotice(repos, { user, kind: 'monthly_payment', ref: month.ref }));
    const after = await demo.store.transaction((repos) => getDashboard(repos, { user, today: demo.today }));
    expect(after.monthlyPayments.map((n) => n.ref)).toEqual(['2026-08']);
    const colleague = (await demo.userNamed('support1')).user;
    const theirs = await demo.store.transaction((repos) => getDashboard(repos, { user: colleague, today: demo.today }));
    expect(theirs.monthlyPayments).toHaveLength(2);
  });

  it('numbers invoices without gaps under concurrency, giving back the numbers of rolled-back transactions', async () => {
    const { user } = await demo.userNamed('bright');
    const orderIds: string[] = [];
    for (let i = 0; i < 12; i++) {
      const [row] = await demo.knex('orders')
        .insert({
          reseller_id: user.resellerId, placed_by: user.id, channel: 'console', idempotency_key: `inv-${i}`, status: 'paid',
          payment_method: 'offline', payment_reference: `REF-INV-${i}`, currency: 'EUR', partner_discount_bp: 0, vat_rate_bp: 0,
          list_cents: 100, partner_discount_cents: 0, subtotal_cents: 100, taxable_cents: 100, vat_cents: 0, total_cents: 100,
          placed_on: '2027-01-02', placed_at: T0, paid_at: T0,
        })
        .returning('id');
      orderIds.push(row.id);
    }
    const issue = (orderId: string, fail: boolean) =>
      demo.store.transaction(async (repos) => {
        const order = await repos.orders.get(orderId, { forUpdate: true });
        const invoice = await issueInvoice(repos, { order: order!, today: '2027-01-02' });
        if (fail) throw new Error('rolled back on purpose');
        return invoice;
      });
    const results = await Promise.allSettled(orderIds.map((id, i) => issue(id, i % 4 === 1)));
    const numbers = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.number] : [])).sort();
    expect(numbers).toHaveLength(9);
    expect(numbers).toEqual(Array.from({ length: 9 }, (_, i) => `INV-2027-${String(i + 1).padStart(6, '0')}`));
    const again = await issue(orderIds[0]!, false);
    expect(numbers).toContain(again.number);
  });
});
