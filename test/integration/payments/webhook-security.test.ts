// Forged and stale payment notifications are refused at the door: nothing is queued, the
// provider is not even asked, the order and its payment do not change. The genuine one that
// follows goes through, so the refusals were for the right reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentsHarness, sleep, type PaymentsHarness, type PlacedOrder } from '../../support/payments-harness';

describe('forged and stale payment notifications', () => {
  let h: PaymentsHarness;
  let msp: PlacedOrder;
  let card: PlacedOrder;

  beforeAll(async () => {
    h = await paymentsHarness({ backend: 'redis' });
    await h.login();
    msp = await h.placeOrder({ method: 'multisafepay', coupon: 'FIXED50' });
    card = await h.placeOrder({ method: 'card', coupon: 'FIXED50' });
    // Both are paid at the provider: a notification that got through would pay them.
    h.msp.setStatus(msp.reference, 'completed');
    h.stripe.setState(h.stripe.lastSession().id, 'paid');
  });

  afterAll(async () => {
    await h?.close();
  });

  async function nothingHappened(order: PlacedOrder, jobsBefore: number) {
    await sleep(300); // a job that slipped through would have run by now
    expect(await h.confirmationJobs()).toBe(jobsBefore);
    expect(await h.order(order.id)).toMatchObject({ status: 'awaiting_payment', paid_at: null });
    const effects = await h.effects(order.id);
    expect(effects.payments).toEqual([expect.objectContaining({ status: 'initialized' })]);
    expect(effects.coupon).toMatchObject({ status: 'reserved' });
    expect(effects.invoices).toHaveLength(0);
    expect(effects.outbox).toHaveLength(0);
  }

  describe('MultiSafepay', () => {
    const forgeries: Array<[string, (ref: string) => ReturnType<PaymentsHarness['msp']['notify']>]> = [
      ['signed with another key', (ref) => h.msp.notify(ref, { key: 'not-the-api-key' })],
      ['with a tampered body', (ref) => h.msp.notify(ref, { tamper: (body) => body.replace('"completed"', '"completed" ') })],
      ['with a body naming another order', (ref) => h.msp.notify(ref, { tamper: (body) => body.replace(ref, 'TCX-999999-99') })],
      ['signed 11 minutes ago', (ref) => h.msp.notify(ref, { ageSeconds: -11 * 60 })],
      ['signed 11 minutes in the future', (ref) => h.msp.notify(ref, { ageSeconds: 11 * 60 })],
      ['without an Auth header', (ref) => h.msp.notify(ref, { omitAuth: true })],
      ['with an Auth header that is not base64 of timestamp:signature', (ref) => h.msp.notify(ref, { auth: 'garbage' })],
      ['with an empty Auth header', (ref) => h.msp.notify(ref, { auth: '' })],
      ['replaying an old signature under a fresh timestamp', (ref) => {
        const old = h.msp.notification(ref, { ageSeconds: -11 * 60 });
        const signature = Buffer.from(old.headers.auth ?? '', 'base64').toString('utf8').split(':')[1];
        const fresh = Math.floor(h.clock.now().getTime() / 1000);
        return h.msp.notify(ref, { timestamp: fresh, auth: Buffer.from(`${fresh}:${signature}`).toString('base64') });
      }],
      ['whose Auth has the signature but no timestamp', (ref) => h.msp.notify(ref, { auth: Buffer.from(`:${'0'.repeat(128)}`).toString('base64') })],
    ];

    it.each(forgeries)('refuses a notification %s: not 200, nothing queued, MultiSafepay not asked', async (_name, send) => {
      const jobs = await h.confirmationJobs();
      const answer = await send(msp.reference);
      expect(answer.status).not.toBe(200);
      expect(answer.status).toBe(403);
      expect(answer.body).not.toBe('OK');
      expect(h.msp.statusChecks(msp.reference)).toHaveLength(0);
      await nothingHappened(msp, jobs);
    });

    it('logs why it refused, without the key', () => {
      const refusals = h.logs.filter((l) => l.includes('multisafepay notification refused'));
      expect(refusals.length).toBeGreaterThanOrEqual(forgeries.length);
      expect(refusals.some((l) => l.includes('stale timestamp'))).toBe(true);
      expect(refusals.some((l) => l.includes('bad signature'))).toBe(true);
      expect(refusals.some((l) => l.includes('no Auth header'))).toBe(true);
      expect(h.logs.join('\n')).not.toContain(h.msp.apiKey);
    });

    it('then the genuine notification, signed 9 minutes ago (inside the 10-minute window), is answered OK and pays the order once', async () => {
      expect(await h.msp.notify(msp.reference, { ageSeconds: -9 * 60 })).toEqual({ status: 200, body: 'OK' });
      await h.orderReaches(msp.id, 'fulfilled');
      expect((await h.effects(msp.id)).invoices).toHaveLength(1);
    });
  });

  describe('Stripe', () => {
    const completed = () => h.stripe.checkoutSessionCompleted(h.stripe.lastSession().id);
    const forgeries: Array<[string, () => Promise<{ status: number; body: string }>]> = [
      ['signed with another secret', () => h.stripe.sendWebhook(h.stripeWebhookUrl, completed(), { secret: 'whsec_forged' })],
      ['with a tampered body', () => h.stripe.sendWebhook(h.stripeWebhookUrl, completed(), { tamper: (body) => body.replace('"livemode": false', '"livemode": true') })],
      ['without a Stripe-Signature header', () => h.stripe.sendWebhook(h.stripeWebhookUrl, completed(), { omitSignature: true })],
      ['signed 10 minutes ago (beyond the 5-minute tolerance)', () => h.stripe.sendWebhook(h.stripeWebhookUrl, completed(), { timestamp: Math.floor(Date.now() / 1000) - 600 })],
      ['with a malformed signature header', () => h.stripe.sendWebhook(h.stripeWebhookUrl, completed(), { signature: 'v1=deadbeef' })],
    ];

    it.each(forgeries)('refuses a webhook %s with 400: nothing queued, Stripe not asked', async (_name, send) => {
      const retrievals = h.stripe.retrievals().length;
      const jobs = await h.confirmationJobs();
      const answer = await send();
      expect(answer.status).toBe(400);
      expect(h.stripe.retrievals()).toHaveLength(retrievals);
      await nothingHappened(card, jobs);
    });

    it('then the genuine webhook pays the order', async () => {
      const answer = await h.stripe.sendWebhook(h.stripeWebhookUrl, completed());
      expect(answer.status).toBe(200);
      await h.orderReaches(card.id, 'fulfilled');
    });
  });

  it('a signed notification for an order nobody placed is answered OK and changes nothing', async () => {
    const orders = await h.demo.knex('orders').count<{ count: number }[]>('* as count');
    const answer = await h.msp.notify(msp.reference, { transactionId: 'TCX-424242-42', body: { order_id: 'TCX-424242-42', status: 'completed' } });
    expect(answer).toEqual({ status: 200, body: 'OK' });
    await h.confirmationsIdle();
    expect(await h.demo.knex('orders').count<{ count: number }[]>('* as count')).toEqual(orders);
    expect(await h.demo.knex('payments').where({ provider_ref: 'TCX-424242-42' })).toHaveLength(0);
  });
});
