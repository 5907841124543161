import { describe, expect, it } from 'vitest';
import { EXPIRING_WINDOW_DAYS, buildDashboard, type BankDetails, type InvoiceSummary, type Referral } from '../../../../src/domain/dashboard/dashboard';

const TODAY = '2026-11-26';
const bankDetails: BankDetails = { local: { label: 'Local', iban: 'NL91ABNA0417164300' }, online: { label: 'Online' } };

const invoice = (id: string, status: InvoiceSummary['status'], totalCents: number, paidOn: string | null = null): InvoiceSummary =>
  ({ id, number: `INV-${id}`, issuedOn: '2026-09-01', status, paidOn, totalCents });
const referral = (id: string, status: Referral['status'], commissionCents: number, paidOn: string | null = null): Referral =>
  ({ id, referredCompany: `Company ${id}`, referredOn: '2026-08-01', commissionCents, status, paidOn });

const licenses = ['2026-11-25', '2026-11-26', '2026-12-26', '2026-12-27', '2027-06-14', '2020-01-01'].map((termEnd) => ({ termEnd }));
const invoices = [
  invoice('u1', 'unpaid', 10_000),
  invoice('u2', 'unpaid', 5_050),
  invoice('v1', 'void', 99_900),
  invoice('p1', 'paid', 30_000, '2026-11-20'),
  invoice('p2', 'paid', 20_000, '2026-11-03'),
  invoice('p3', 'paid', 40_000, '2026-10-31'),
  invoice('p4', 'paid', 1_000, '2025-12-15'),
];
const referrals = [referral('r1', 'paid', 5_000, '2026-09-01'), referral('r2', 'paid', 7_000, '2026-11-01'), referral('r3', 'pending', 3_000)];

describe('buildDashboard', () => {
  const dashboard = buildDashboard({ today: TODAY, licenses, invoices, referrals, dismissed: new Set(), bankDetails });

  it('counts a license active through its term end and expiring when it ends within 30 days', () => {
    expect(EXPIRING_WINDOW_DAYS).toBe(30);
    expect(dashboard.licenseKeys).toEqual({ total: 6, active: 4, expiringWithin30Days: 2, expired: 2 });
  });

  it('ignores void invoices and sums what is unpaid', () => {
    expect(dashboard.invoices).toEqual({ count: 6, unpaidCount: 2, unpaidCents: 15_050 });
  });

  it('sums referral commissions by status and lists paid referrals, newest first', () => {
    expect(dashboard.referrals).toEqual({ count: 3, commissionPaidCents: 12_000, commissionPendingCents: 3_000 });
    expect(dashboard.referralPayments).toEqual([
      { kind: 'referral_payment', ref: 'r2', title: 'Company r2', amountCents: 7_000, date: '2026-11-01' },
      { kind: 'referral_payment', ref: 'r1', title: 'Company r1', amountCents: 5_000, date: '2026-09-01' },
    ]);
  });

  it('groups paid invoices by the month they were paid in, newest month first', () => {
    expect(dashboard.monthlyPayments).toEqual([
      { kind: 'monthly_payment', ref: '2026-11', title: '2026-11', amountCents: 50_000, date: '2026-11-20', count: 2 },
      { kind: 'monthly_payment', ref: '2026-10', title: '2026-10', amountCents: 40_000, date: '2026-10-31', count: 1 },
      { kind: 'monthly_payment', ref: '2025-12', title: '2025-12', amountCents: 1_000, date: '2025-12-15', count: 1 },
    ]);
  });

  it('passes the bank details through', () => {
    expect(dashboard.bankDetails).toEqual(bankDetails);
  });

  it('hides dismissed notices but keeps their amounts in the figures', () => {
    const dismissed = new Set(['referral_payment:r1', 'monthly_payment:2026-10', 'monthly_payment:r2', 'referral_payment:2026-11']);
    const shown = buildDashboard({ today: TODAY, licenses, invoices, referrals, dismissed, bankDetails });
    expect(shown.referralPayments.map((n) => n.ref)).toEqual(['r2']);
    expect(shown.monthlyPayments.map((n) => n.ref)).toEqual(['2026-11', '2025-12']);
    expect(shown.referrals.commissionPaidCents).toBe(12_000);
  });

  it('is all zeros for a reseller with nothing yet', () => {
    expect(buildDashboard({ today: TODAY, licenses: [], invoices: [], referrals: [], dismissed: new Set(), bankDetails: {} })).toEqual({
      licenseKeys: { total: 0, active: 0, expiringWithin30Days: 0, expired: 0 },
      invoices: { count: 0, unpaidCount: 0, unpaidCents: 0 },
      referrals: { count: 0, commissionPaidCents: 0, commissionPendingCents: 0 },
      referralPayments: [],
      monthlyPayments: [],
      bankDetails: {},
    });
  });
});
