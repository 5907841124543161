// MultiSafepay without a network: the statuses of domain.md as the order reads them, the Auth
// HMAC of a notification, and the gateway's requests and answers (with an injected fetch).
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Order } from '../../../src/domain/orders/order';
import type { PaymentOutcome } from '../../../src/domain/ports';
import { PaymentProviderError, multisafepayGateway, multisafepayOutcome, verifyMultisafepayNotification } from '../../../src/infra/payments/multisafepay';
import { MULTISAFEPAY_STATUSES, multisafepayAuthHeader } from '../../support/fake-multisafepay';

describe('multisafepayOutcome', () => {
  // domain.md, Payments: "Statuses: initialized, completed, uncleared, declined, cancelled, void,
  // expired, refunded, partial_refunded, reserved, chargedback, shipped. Only completed is paid."
  const expected: Record<(typeof MULTISAFEPAY_STATUSES)[number], PaymentOutcome | 'not paid'> = {
    initialized: 'pending',
    completed: 'completed',
    uncleared: 'pending',
    declined: 'failed',
    cancelled: 'failed',
    void: 'failed',
    expired: 'failed',
    refunded: 'refunded',
    partial_refunded: 'partially_refunded',
    reserved: 'pending',
    chargedback: 'chargedback',
    // "Only completed is paid": what shipped becomes is not specified, only that it does not pay.
    shipped: 'not paid',
  };

  it('covers every status domain.md names', () => {
    expect(Object.keys(expected).sort()).toEqual([...MULTISAFEPAY_STATUSES].sort());
  });

  it.each(Object.entries(expected))('%s → %s', (status, outcome) => {
    if (outcome === 'not paid') expect(multisafepayOutcome(status)).not.toBe('completed');
    else expect(multisafepayOutcome(status)).toBe(outcome);
  });

  it('a status it does not know, or none, is not paid yet (pending: nothing is changed)', () => {
    for (const status of ['', 'new_status_2030', 'Completed', 'COMPLETED', ' completed']) expect(multisafepayOutcome(status)).toBe('pending');
  });
});

describe('verifyMultisafepayNotification', () => {
  const apiKey = 'msp-unit-test-key';
  const now = new Date('2026-11-26T10:00:00Z');
  const ts = Math.floor(now.getTime() / 1000);
  const body = Buffer.from(JSON.stringify({ order_id: 'TCX-000042-17', status: 'completed', amount: 221239, currency: 'EUR' }));
  const verify = (auth: string | undefined, o: { rawBody?: Buffer; key?: string; at?: Date; maxAgeSeconds?: number } = {}) =>
    verifyMultisafepayNotification({ rawBody: o.rawBody ?? body, auth, apiKey: o.key ?? apiKey, now: o.at ?? now, ...(o.maxAgeSeconds === undefined ? {} : { maxAgeSeconds: o.maxAgeSeconds }) });
  const auth = (timestamp: number | string = ts, rawBody: Buffer = body, key = apiKey) => multisafepayAuthHeader(rawBody, timestamp, key);
  const b64 = (text: string) => Buffer.from(text).toString('base64');

  it('accepts a notification signed as MultiSafepay signs it', () => {
    const signature = createHmac('sha512', apiKey).update(`${ts}:${body.toString('utf8')}`).digest('hex');
    expect(verify(b64(`${ts}:${signature}`))).toEqual({ kind: 'ok' });
    expect(verify(auth())).toEqual({ kind: 'ok' });
  });

  it('accepts the signature in upper-case hex', () => {
    const [t, signature] = Buffer.from(auth(), 'base64').toString('utf8').split(':');
    expect(verify(b64(`${t}:${signature!.toUpperCase()}`))).toEqual({ kind: 'ok' });
  });

  it('refuses a missing or empty Auth header', () => {
    expect(verify(undefined)).toEqual({ kind: 'refused', reason: 'no Auth header' });
    expect(verify('')).toMatchObject({ kind: 'refused' });
  });

  it('refuses an Auth header that is not base64 of "<timestamp>:<signature>"', () => {
    for (const bad of ['garbage', b64('no colon here'), b64(':abcdef'), b64(`:${'0'.repeat(128)}`)]) {
      expect(verify(bad)).toMatchObject({ kind: 'refused', reason: 'malformed Auth header' });
    }
  });

  it('refuses a timestamp that is not a number', () => {
    for (const t of ['abc', 'Infinity', 'NaN', '12ab']) expect(verify(b64(`${t}:${'0'.repeat(128)}`))).toEqual({ kind: 'refused', reason: 'malformed timestamp' });
  });

  it('accepts up to 10 minutes either way, and no more', () => {
    expect(verify(auth(ts - 600))).toEqual({ kind: 'ok' });
    expect(verify(auth(ts + 600))).toEqual({ kind: 'ok' });
    expect(verify(auth(ts - 601))).toEqual({ kind: 'refused', reason: 'stale timestamp' });
    expect(verify(auth(ts + 601))).toEqual({ kind: 'refused', reason: 'stale timestamp' });
    expect(verify(auth(ts - 11 * 60))).toEqual({ kind: 'refused', reason: 'stale timestamp' });
    expect(verify(auth(0))).toEqual({ kind: 'refused', reason: 'stale timestamp' });
    expect(verify(auth(-ts))).toEqual({ kind: 'refused', reason: 'stale timestamp' });
  });

  it('honours a narrower window when asked', () => {
    expect(verify(auth(ts - 61), { maxAgeSeconds: 60 })).toEqual({ kind: 'refused', reason: 'stale timestamp' });
    expect(verify(auth(ts - 59), { maxAgeSeconds: 60 })).toEqual({ kind: 'ok' });
  });

  it('reads a timestamp in milliseconds as such', () => {
    expect(verify(auth(now.getTime()))).toEqual({ kind: 'ok' });
    expect(verify(auth(now.getTime() - 11 * 60_000))).toEqual({ kind: 'refused', reason: 'stale timestamp' });
  });

  it('refuses a signature made with another key', () => {
    expect(verify(auth(ts, body, 'another-key'))).toEqual({ kind: 'refused', reason: 'bad signature' });
  });

  it('refuses a body changed after signing, however slightly (the raw bytes are signed)', () => {
    const reformatted = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8')), null, 2));
    expect(verify(auth(), { rawBody: reformatted })).toEqual({ kind: 'refused', reason: 'bad signature' });
    expect(verify(auth(), { rawBody: Buffer.concat([body, Buffer.from('\n')]) })).toEqual({ kind: 'refused', reason: 'bad signature' });
    expect(verify(auth(), { rawBody: Buffer.from(body.toString('utf8').replace('221239', '1')) })).toEqual({ kind: 'refused', reason: 'bad signature' });
  });

  it('refuses a signature moved to a fresh timestamp (the timestamp is signed too)', () => {
    const [, signature] = Buffer.from(auth(ts - 3600), 'base64').toString('utf8').split(':');
    expect(verify(b64(`${ts}:${signature}`))).toEqual({ kind: 'refused', reason: 'bad signature' });
  });

  it('refuses signatures of the wrong length or alphabet without throwing', () => {
    const sha256 = createHmac('sha256', apiKey).update(`${ts}:`).update(body).digest('hex');
    for (const signature of ['', 'ab', sha256, '0'.repeat(129), 'é'.repeat(64), `${'0'.repeat(127)}:`]) {
      expect(verify(b64(`${ts}:${signature}`))).toMatchObject({ kind: 'refused' });
    }
  });

  it('signs binary bodies byte for byte', () => {
    const binary = Buffer.from([0xff, 0xfe, 0x00, 0x7b, 0x7d]);
    expect(verify(auth(ts, binary), { rawBody: binary })).toEqual({ kind: 'ok' });
  });
});

describe('multisafepayGateway', () => {
  const order = {
    id: '0b6d4c1e-34a7-4c65-9d3e-5f1a2b3c4d5e', number: 42, paymentReference: 'TCX-000042-17', currency: 'EUR', totalCents: 221239,
    placedAt: new Date('2026-11-26T10:00:00Z'), expiresAt: new Date('2026-11-27T10:00:00Z'),
  } as unknown as Order;
  const urls = { returnUrl: 'https://shop.example/payments/return?order=42', cancelUrl: 'https://shop.example/payments/cancel?order=42', notificationUrl: 'https://shop.example/payments/multisafepay/notification' };

  function recording(answer: (url: string, init: RequestInit) => Response | Promise<Response>) {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
      calls.push({ url: String(url), init: init ?? {} });
      return answer(String(url), init ?? {});
    }) as typeof globalThis.fetch;
    return { calls, fetch };
  }
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  it('creates a redirect order as domain.md describes, with the API key in the api_key header', async () => {
    const f = recording(() => json(200, { success: true, data: { order_id: 'TCX-000042-17', payment_url: 'https://payv2.multisafepay.com/connect/abc' } }));
    const gateway = multisafepayGateway({ apiKey: 'k-123', baseUrl: 'https://testapi.multisafepay.com/v1/json/', fetch: f.fetch });
    expect(await gateway.createCheckout(order, urls)).toEqual({ providerRef: 'TCX-000042-17', paymentUrl: 'https://payv2.multisafepay.com/connect/abc' });
    expect(f.calls).toHaveLength(1);
    expect(f.calls[0]!.url).toBe('https://testapi.multisafepay.com/v1/json/orders');
    expect(f.calls[0]!.init.method).toBe('POST');
    expect(f.calls[0]!.init.headers).toMatchObject({ api_key: 'k-123', 'content-type': 'application/json' });
    expect(JSON.parse(String(f.calls[0]!.init.body))).toMatchObject({
      type: 'redirect', order_id: 'TCX-000042-17', currency: 'EUR', amount: 221239, description: 'Order 42',
      payment_options: { notification_url: urls.notificationUrl, notification_method: 'POST', redirect_url: urls.returnUrl, cancel_url: urls.cancelUrl },
      // The page closes an hour before the order (placed 24 hours before it expires) does.
      seconds_active: 23 * 3600,
    });
  });

  it('asks for a status with GET /orders/{id} and reads it', async () => {
    const f = recording(() => json(200, { success: true, data: { order_id: 'TCX-000042-17', status: 'completed', amount: 221239, currency: 'eur' } }));
    const gateway = multisafepayGateway({ apiKey: 'k-123', baseUrl: 'https://testapi.multisafepay.com/v1/json', fetch: f.fetch });
    expect(await gateway.fetchPayment('TCX-000042-17')).toEqual({ outcome: 'completed', providerStatus: 'completed', amountCents: 221239, currency: 'EUR' });
    expect(f.calls[0]!.url).toBe('https://testapi.multisafepay.com/v1/json/orders/TCX-000042-17');
    expect(f.calls[0]!.init.method).toBe('GET');
    expect(f.calls[0]!.init.headers).toMatchObject({ api_key: 'k-123' });
  });

  it('escapes the order id in the path', async () => {
    const f = recording(() => json(200, { success: true, data: { status: 'initialized' } }));
    const gateway = multisafepayGateway({ apiKey: 'k', baseUrl: 'https://x.example/v1/json', fetch: f.fetch });
    expect(await gateway.fetchPayment('a/b?c')).toMatchObject({ outcome: 'pending', providerStatus: 'initialized' });
    expect(f.calls[0]!.url).toBe('https://x.example/v1/json/orders/a%2Fb%3Fc');
  });

  it('turns an error answer, an unreadable answer, a missing payment_url and an unreachable server into a PaymentProviderError with words for the user', async () => {
    const answers: Array<() => Response | Promise<Response>> = [
      () => json(401, { success: false, data: {}, error_code: 1032, error_info: 'Invalid API key' }),
      () => new Response('<html>bad gateway</html>', { status: 502 }),
      () => json(200, { success: true, data: { order_id: 'TCX-000042-17' } }),
      () => Promise.reject(new TypeError('fetch failed')),
    ];
    for (const answer of answers) {
      const gateway = multisafepayGateway({ apiKey: 'k', baseUrl: 'https://x.example', fetch: recording(answer).fetch });
      const error = await gateway.createCheckout(order, urls).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(PaymentProviderError);
      expect((error as PaymentProviderError).userFacing).toBe('payment_provider_unavailable');
    }
  });
});
