import { describe, expect, it } from 'vitest';
import { dismissNotice, getDashboard } from '../../../../src/domain/use-cases/dashboard';
import { fulfilOrder, markOrderPaid } from '../../../../src/domain/use-cases/orders';
import { NOW, OTHER_RESELLER_ID, TODAY, aDistributor, aPerpetualLicense, aReferral, aReseller, anAnnualLicense, anInvoice } from '../../../fakes/mother';
import { aWorldWithUsers, expectKind, newLicense, paymentOf } from './world';

function setUp() {
  const other = { resellerId: OTHER_RESELLER_ID };
  const paid = anInvoice({ status: 'paid', issuedOn: '2026-10-01', paidOn: '2026-10-20', totalCents: 40_000 });
  const world = aWorldWithUsers({
    resellers: [aReseller({ id: OTHER_RESELLER_ID })],
    licenses: [
      anAnnualLicense({ expiresOn: '2026-11-25' }),
      anAnnualLicense({ expiresOn: '2026-12-26' }),
      anAnnualLicense({ expiresOn: '2027-06-14' }),
      aPerpetualLicense({ maintenanceUntil: '2026-12-01' }),
      anAnnualLicense({ ...other, expiresOn: '2026-12-01' }),
    ],
    invoices: [
      anInvoice({ totalCents: 12_100 }),
      anInvoice({ status: 'void', totalCents: 99_900 }),
      paid,
      anInvoice({ ...other, totalCents: 77_700 }),
    ],
    referrals: [
      aReferral({ id: '0b000000-0000-4000-8000-000000000001', status: 'paid', paidOn: '2026-11-02', commissionCents: 5_000, referredCompany: 'Beta BV' }),
      aReferral({ status: 'pending', commissionCents: 2_500 }),
      aReferral({ ...other, status: 'paid', paidOn: '2026-11-03', commissionCents: 9_999 }),
    ],
  });
  const dashboard = (user = world.owner) => world.run((repos) => getDashboard(repos, { user, today: TODAY }));
  return { ...world, dashboard, paid };
}

describe('getDashboard', () => {
  it('shows the reseller’s own figures only, with the distributor’s bank details', async () => {
    const world = setUp();
    const dashboard = await world.dashboard();
    expect(dashboard).toEqual({
      licenseKeys: { total: 4, active: 3, expiringWithin30Days: 2, expired: 1 },
      invoices: { count: 2, unpaidCount: 1, unpaidCents: 12_100 },
      referrals: { count: 2, commissionPaidCents: 5_000, commissionPendingCents: 2_500 },
      referralPayments: [{ kind: 'referral_payment', ref: '0b000000-0000-4000-8000-000000000001', title: 'Beta BV', amountCents: 5_000, date: '2026-11-02' }],
      monthlyPayments: [{ kind: 'monthly_payment', ref: '2026-10', title: '2026-10', amountCents: 40_000, date: '2026-10-20', count: 1 }],
      bankDetails: aDistributor().bankAccounts,
    });
  });

  it('counts an invoice issued by a fulfilled order as a payment of its month', async () => {
    const world = setUp();
    expectKind(await world.add(world.owner, newLicense()), 'added');
    const { order } = expectKind(await world.place(world.owner, { confirmedTotalCents: 53_996 }), 'placed');
    await world.run(async (repos) => {
      await markOrderPaid(repos, { orderId: order.id, payment: paymentOf(order, 'bank-1'), at: NOW, actor: 'staff' });
      await fulfilOrder(repos, world.provider, { orderId: order.id, at: NOW, today: TODAY, actor: 'system' });
    });
    const dashboard = await world.dashboard();
    expect(dashboard.licenseKeys).toEqual({ total: 5, active: 4, expiringWithin30Days: 2, expired: 1 });
    expect(dashboard.invoices).toEqual({ count: 3, unpaidCount: 1, unpaidCents: 12_100 });
    expect(dashboard.monthlyPayments.map((n) => [n.ref, n.amountCents, n.count])).toEqual([['2026-11', 53_996, 1], ['2026-10', 40_000, 1]]);
  });
});

describe('dismissNotice', () => {
  it('hides a notice for the user who dismissed it, once or twice, and for nobody else', async () => {
    const world = setUp();
    for (let i = 0; i < 2; i += 1) {
      await world.run((repos) => dismissNotice(repos, { user: world.owner, kind: 'monthly_payment', ref: '2026-10' }));
    }
    await world.run((repos) => dismissNotice(repos, { user: world.owner, kind: 'referral_payment', ref: '0b000000-0000-4000-8000-000000000001' }));
    const mine = await world.dashboard();
    expect([mine.monthlyPayments, mine.referralPayments]).toEqual([[], []]);
    expect(mine.referrals.commissionPaidCents).toBe(5_000);
    const theirs = await world.dashboard(world.support);
    expect([theirs.monthlyPayments.length, theirs.referralPayments.length]).toEqual([1, 1]);
    expect(world.store.state.dismissedNotices).toHaveLength(2);
  });
});
