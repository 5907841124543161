// The Stripe gateway's reading of a Checkout Session, and the two webhook routes, without a
// network: a stubbed Stripe client, the real Stripe signature check, a recording enqueue.
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { multisafepayNotificationRoute, stripeWebhookRoute } from '../../../src/infra/http/payment-routes';
import type { HttpRequest } from '../../../src/infra/http/server';
import { silentLogger } from '../../../src/infra/log';
import { sessionClosing, stripeGateway } from '../../../src/infra/payments/stripe-gateway';
import type { PaymentConfirmationJob } from '../../../src/jobs/queues';
import { multisafepayAuthHeader } from '../../support/fake-multisafepay';
import { stripeSignatureHeader } from '../../support/fake-stripe';

describe('stripeGateway.fetchPayment', () => {
  function gatewayAnswering(session: Record<string, unknown>) {
    const asked: unknown[] = [];
    const stub = { checkout: { sessions: { retrieve: async (...args: unknown[]) => { asked.push(args); return session; } } } } as unknown as Stripe;
    return { gateway: stripeGateway(stub), asked };
  }
  const paid = { id: 'cs_1', status: 'complete', payment_status: 'paid', amount_total: 221239, currency: 'eur' };
  const charge = (c: Record<string, unknown>) => ({ ...paid, payment_intent: { id: 'pi_1', status: 'succeeded', latest_charge: { id: 'ch_1', refunded: false, disputed: false, ...c } } });

  it.each<[string, Record<string, unknown>, { outcome: string; providerStatus: string }]>([
    ['paid', paid, { outcome: 'completed', providerStatus: 'paid' }],
    ['paid, with the charge expanded', charge({}), { outcome: 'completed', providerStatus: 'paid' }],
    ['no payment required', { ...paid, payment_status: 'no_payment_required' }, { outcome: 'completed', providerStatus: 'paid' }],
    ['open and unpaid', { ...paid, status: 'open', payment_status: 'unpaid' }, { outcome: 'pending', providerStatus: 'open/unpaid' }],
    ['expired', { ...paid, status: 'expired', payment_status: 'unpaid' }, { outcome: 'failed', providerStatus: 'expired' }],
    ['open, its payment intent canceled', { ...paid, status: 'open', payment_status: 'unpaid', payment_intent: { id: 'pi_1', status: 'canceled', latest_charge: null } }, { outcome: 'failed', providerStatus: 'canceled' }],
    ['refunded', charge({ refunded: true }), { outcome: 'refunded', providerStatus: 'refunded' }],
    ['disputed', charge({ disputed: true }), { outcome: 'chargedback', providerStatus: 'disputed' }],
    ['disputed and refunded', charge({ disputed: true, refunded: true }), { outcome: 'chargedback', providerStatus: 'disputed' }],
  ])('%s', async (_name, session, expected) => {
    const { gateway, asked } = gatewayAnswering(session);
    expect(await gateway.fetchPayment('cs_1')).toEqual({ ...expected, amountCents: 221239, currency: 'EUR' });
    expect(asked).toEqual([['cs_1', { expand: ['payment_intent.latest_charge'] }]]);
  });
});

function request(o: { path: string; body: string; headers?: Record<string, string>; query?: Record<string, string> }): HttpRequest {
  return { method: 'POST', path: o.path, query: new URLSearchParams(o.query ?? {}), headers: o.headers ?? {}, rawBody: Buffer.from(o.body), id: 'test-request', log: silentLogger };
}

describe('sessionClosing (a Checkout Session\'s expires_at)', () => {
  const at = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);
  const cardOrder = { placedAt: new Date('2026-11-26T10:00:00Z'), expiresAt: new Date('2026-11-27T10:00:00Z') };

  it('closes an hour before the order expires, whenever it is asked: a retry sends the same parameters', () => {
    const first = sessionClosing(cardOrder, at('2026-11-26T10:00:05Z'));
    expect(first).toEqual({ expires_at: at('2026-11-27T09:00:00Z') });
    expect(sessionClosing(cardOrder, at('2026-11-26T10:07:41Z'))).toEqual(first);
    // Opened again from Orders hours later: still closes before the order expires.
    expect(sessionClosing(cardOrder, at('2026-11-26T20:00:00Z'))).toEqual(first);
  });

  it('leaves it to Stripe (24 hours) when the order waits longer, and takes Stripe\'s earliest, rounded, when it expires soon', () => {
    const bankTransfer = { placedAt: new Date('2026-11-26T10:00:00Z'), expiresAt: new Date('2026-12-10T23:59:59Z') };
    expect(sessionClosing(bankTransfer, at('2026-11-26T10:00:00Z'))).toEqual({});
    const soon = sessionClosing(cardOrder, at('2026-11-27T08:50:00Z'));
    expect(soon.expires_at).toBeGreaterThanOrEqual(at('2026-11-27T08:50:00Z') + 31 * 60);
    expect(soon.expires_at! % 300).toBe(0);
    expect(sessionClosing(cardOrder, at('2026-11-27T08:51:00Z'))).toEqual(soon);
  });
});

describe('multisafepayNotificationRoute', () => {
  const apiKey = 'msp-route-key';
  const now = new Date('2026-11-26T10:00:00Z');
  const ts = Math.floor(now.getTime() / 1000);
  function route() {
    const jobs: PaymentConfirmationJob[] = [];
    const r = multisafepayNotificationRoute({ apiKey, now: () => now, enqueue: async (job) => jobs.push(job), log: silentLogger });
    return { r, jobs };
  }
  const body = JSON.stringify({ order_id: 'TCX-000042-17', status: 'completed' });

  it('answers OK and queues a status check of the transaction named in the query', async () => {
    const { r, jobs } = route();
    const answer = await r.handle(request({ path: r.path, body, headers: { auth: multisafepayAuthHeader(body, ts, apiKey) }, query: { transactionid: 'TCX-000042-17', timestamp: String(ts) } }));
    expect(answer).toMatchObject({ status: 200, body: 'OK' });
    expect(jobs).toEqual([{ source: 'provider', method: 'multisafepay', providerRef: 'TCX-000042-17' }]);
  });

  it('falls back on the order_id of the (signed) body when the query has no transactionid', async () => {
    const { r, jobs } = route();
    expect(await r.handle(request({ path: r.path, body, headers: { auth: multisafepayAuthHeader(body, ts, apiKey) } }))).toMatchObject({ status: 200, body: 'OK' });
    expect(jobs).toEqual([{ source: 'provider', method: 'multisafepay', providerRef: 'TCX-000042-17' }]);
  });

  it('answers 400 when no transaction is named at all, or an absurd one', async () => {
    const { r, jobs } = route();
    const empty = '{}';
    expect(await r.handle(request({ path: r.path, body: empty, headers: { auth: multisafepayAuthHeader(empty, ts, apiKey) } }))).toMatchObject({ status: 400 });
    expect(await r.handle(request({ path: r.path, body, headers: { auth: multisafepayAuthHeader(body, ts, apiKey) }, query: { transactionid: 'x'.repeat(201) } }))).toMatchObject({ status: 400 });
    expect(jobs).toEqual([]);
  });

  it('refuses with 403 and queues nothing when the Auth does not verify', async () => {
    const { r, jobs } = route();
    for (const auth of [undefined, multisafepayAuthHeader(body, ts, 'wrong'), multisafepayAuthHeader(body, ts - 660, apiKey)]) {
      const answer = await r.handle(request({ path: r.path, body, headers: auth === undefined ? {} : { auth }, query: { transactionid: 'TCX-000042-17' } }));
      expect(answer.status).toBe(403);
      expect(answer.body).not.toBe('OK');
    }
    expect(jobs).toEqual([]);
  });

  it('reads the first Auth header when several came', async () => {
    const { r, jobs } = route();
    const headers = { auth: [multisafepayAuthHeader(body, ts, apiKey), 'forged'] } as unknown as Record<string, string>;
    expect(await r.handle(request({ path: r.path, body, headers, query: { transactionid: 'TCX-000042-17' } }))).toMatchObject({ status: 200 });
    expect(jobs).toHaveLength(1);
  });
});

describe('stripeWebhookRoute', () => {
  const secret = 'whsec_unit_test_secret';
  const stripe = new Stripe('sk_test_unit_never_called');
  function route() {
    const jobs: PaymentConfirmationJob[] = [];
    const r = stripeWebhookRoute({ stripe, webhookSecret: secret, enqueue: async (job) => jobs.push(job), log: silentLogger });
    return { r, jobs };
  }
  const send = (r: ReturnType<typeof route>['r'], event: unknown, o: { secret?: string; timestamp?: number } = {}) => {
    const body = JSON.stringify(event);
    return r.handle(request({ path: r.path, body, headers: { 'stripe-signature': stripeSignatureHeader(body, o.secret ?? secret, o.timestamp ?? Math.floor(Date.now() / 1000)) } }));
  };
  const event = (type: string, object: Record<string, unknown>) => ({ id: 'evt_1', object: 'event', type, data: { object } });

  it.each(['checkout.session.completed', 'checkout.session.async_payment_succeeded', 'checkout.session.async_payment_failed', 'checkout.session.expired'])('%s queues a check of the session', async (type) => {
    const { r, jobs } = route();
    expect(await send(r, event(type, { id: 'cs_test_1', object: 'checkout.session' }))).toMatchObject({ status: 200 });
    expect(jobs).toEqual([{ source: 'provider', method: 'card', providerRef: 'cs_test_1' }]);
  });

  it.each(['charge.refunded', 'charge.dispute.created'])('%s queues a check by payment intent', async (type) => {
    const { r, jobs } = route();
    expect(await send(r, event(type, { id: 'ch_1', payment_intent: 'pi_1' }))).toMatchObject({ status: 200 });
    expect(jobs).toEqual([{ source: 'stripe_payment_intent', paymentIntent: 'pi_1' }]);
  });

  it('acknowledges other events, and charge events without a payment intent, without queueing', async () => {
    const { r, jobs } = route();
    expect(await send(r, event('customer.created', { id: 'cus_1' }))).toMatchObject({ status: 200 });
    expect(await send(r, event('charge.refunded', { id: 'ch_1', payment_intent: null }))).toMatchObject({ status: 200 });
    expect(jobs).toEqual([]);
  });

  it('refuses a bad signature, a stale one and a missing one with 400', async () => {
    const { r, jobs } = route();
    const completed = event('checkout.session.completed', { id: 'cs_test_1' });
    expect(await send(r, completed, { secret: 'whsec_other' })).toMatchObject({ status: 400 });
    expect(await send(r, completed, { timestamp: Math.floor(Date.now() / 1000) - 301 })).toMatchObject({ status: 400 });
    expect(await r.handle(request({ path: r.path, body: JSON.stringify(completed) }))).toMatchObject({ status: 400 });
    expect(jobs).toEqual([]);
  });
});
