// The credit-note series on PostgreSQL: gapless under concurrent refunds, numbers of rolled-back
// transactions given back, one credit note per provider event however often it is delivered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderPayment } from '../../../src/domain/ports';
import { issueInvoice } from '../../../src/domain/use-cases/invoicing';
import { settlePayment } from '../../../src/domain/use-cases/settle-payment';
import { demoStore } from '../../support/demo-store';

const PAID_AT = new Date('2026-12-20T10:00:00Z');
const REFUNDED_AT = new Date('2027-01-02T10:00:00Z');
type Demo = Awaited<ReturnType<typeof demoStore>>;

describe('the credit-note series on PostgreSQL', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await demoStore();
  });
  afterAll(async () => demo?.drop());

  /** `count` paid card orders of Acme (121.00 each, 21 % VAT), invoiced. */
  async function paidOrders(count: number, prefix: string): Promise<string[]> {
    const { user } = await demo.userNamed('demo');
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const [row] = await demo.knex('orders')
        .insert({
          reseller_id: user.resellerId, placed_by: user.id, channel: 'console', idempotency_key: `${prefix}-${i}`, status: 'paid', payment_method: 'card',
          payment_reference: `REF-${prefix}-${i}`, currency: 'EUR', partner_discount_bp: 0, vat_rate_bp: 2100, vat_treatment: 'domestic', list_cents: 10000,
          partner_discount_cents: 0, subtotal_cents: 10000, taxable_cents: 10000, vat_cents: 2100, total_cents: 12100, placed_on: '2026-12-20', placed_at: PAID_AT, paid_at: PAID_AT,
        })
        .returning('id');
      await demo.knex('order_lines').insert({
        order_id: row.id, position: 1, kind: 'new_license', description: 'Startup 4 SC, 1 license, 1 year', edition: 'startup', sc: 4, quantity: 1, years: 1,
        unit_price_cents: 10000, list_cents: 10000, partner_discount_cents: 0, net_cents: 10000,
      });
      await demo.store.transaction(async (repos) => issueInvoice(repos, { order: (await repos.orders.get(row.id))!, today: '2026-12-20' }));
      ids.push(row.id);
    }
    return ids;
  }

  const refund = (orderId: string, payment: Partial<ProviderPayment> & Pick<ProviderPayment, 'outcome'>, fail = false) =>
    demo.store.transaction(async (repos) => {
      const settled = await settlePayment(repos, demo.provider, {
        orderId, method: 'card', providerRef: `cs_${orderId}`, confirmedBy: null, at: REFUNDED_AT, today: '2027-01-02',
        payment: { providerStatus: payment.outcome, amountCents: 12100, currency: 'EUR', ...payment },
      });
      if (fail) throw new Error('rolled back on purpose');
      return settled;
    });

  it('numbers credit notes of concurrent refunds without gaps, giving back the numbers of rolled-back transactions', async () => {
    const orders = await paidOrders(12, 'refund');
    const results = await Promise.allSettled(orders.map((id, i) => refund(id, { outcome: 'refunded' }, i % 4 === 1)));
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(3);
    const numbers = (await demo.knex('credit_notes').where('series_year', 2027).orderBy('series_number').pluck('number'));
    expect(numbers).toEqual(Array.from({ length: 9 }, (_, i) => `CN-2027-${String(i + 1).padStart(6, '0')}`));
    // The rolled-back ones were refunded in no way at all, and are credited when the refund comes again.
    const failed = orders.filter((_, i) => i % 4 === 1);
    expect(await demo.knex('credit_notes').whereIn('order_id', failed)).toEqual([]);
    expect(await demo.knex('orders').whereIn('id', failed).pluck('status')).toEqual(['paid', 'paid', 'paid']);
    await refund(failed[0]!, { outcome: 'refunded' });
    expect(await demo.knex('credit_notes').where({ order_id: failed[0] }).pluck('number')).toEqual(['CN-2027-000010']);
    const credited = await demo.knex('credit_notes').where('series_year', 2027).select('taxable_cents', 'vat_cents', 'total_cents');
    expect(new Set(credited.map((c) => `${c.taxable_cents}/${c.vat_cents}/${c.total_cents}`))).toEqual(new Set(['-10000/-2100/-12100']));
  });

  it('issues one credit note for a provider event delivered several times at once', async () => {
    const [orderId] = await paidOrders(1, 'partial');
    await Promise.all(Array.from({ length: 4 }, () => refund(orderId!, { outcome: 'partially_refunded', refundedCents: 1210 })));
    await Promise.all([refund(orderId!, { outcome: 'partially_refunded', refundedCents: 2420 }), refund(orderId!, { outcome: 'partially_refunded', refundedCents: 2420 })]);
    const credits = await demo.knex('credit_notes').where({ order_id: orderId }).orderBy('series_number').select('number', 'reason', 'taxable_cents', 'vat_cents', 'total_cents');
    expect(credits).toEqual([
      { number: 'CN-2027-000011', reason: 'partial_refund', taxable_cents: -1000, vat_cents: -210, total_cents: -1210 },
      { number: 'CN-2027-000012', reason: 'partial_refund', taxable_cents: -1000, vat_cents: -210, total_cents: -1210 },
    ]);
  });

  it('refuses, by constraint, credit notes beyond the invoice and a second one of the same event', async () => {
    const [orderId] = await paidOrders(1, 'guard');
    await refund(orderId!, { outcome: 'refunded' });
    const [credit] = await demo.knex('credit_notes').where({ order_id: orderId });
    const { id: _id, number: _n, series_number: _s, created_at: _c, ...copy } = credit;
    await expect(demo.knex('credit_notes').insert({ ...copy, number: 'CN-2027-999998', series_number: 999998, event_key: 'another' })).rejects.toThrow(/would exceed its total/);
    await expect(demo.knex('credit_notes').insert({ ...copy, number: 'CN-2027-999999', series_number: 999999, total_cents: -1, taxable_cents: -1, vat_cents: 0 })).rejects.toThrow(/credit_notes_event_key_unique|would exceed/);
    await expect(demo.knex('credit_notes').where({ id: credit.id }).update({ total_cents: -1 })).rejects.toThrow(/append-only/);
  });
});
