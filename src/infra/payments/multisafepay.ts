import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { PaymentGateway, PaymentOutcome, ProviderPayment } from '../../domain/ports';

/** MultiSafepay's statuses, as the order needs them: only `completed` is paid. */
export function multisafepayOutcome(status: string): PaymentOutcome {
  switch (status) {
    case 'completed':
      return 'completed';
    case 'declined':
    case 'cancelled':
    case 'canceled':
    case 'expired':
    case 'void':
      return 'failed';
    case 'refunded':
      return 'refunded';
    case 'partial_refunded':
      return 'partially_refunded';
    case 'chargedback':
      return 'chargedback';
    default:
      // initialized, uncleared, reserved and anything new: not paid yet.
      return 'pending';
  }
}

const orderAnswer = z.object({
  success: z.boolean(),
  data: z.object({ status: z.string().optional(), amount: z.number().int().optional(), currency: z.string().optional(), payment_url: z.string().url().optional() }).passthrough().optional(),
  error_code: z.union([z.number(), z.string()]).optional(),
  error_info: z.string().optional(),
});

export class PaymentProviderError extends Error {
  /** A provider that failed or did not answer: the order it was asked about stays waiting, and the user is offered its card. */
  readonly userFacing = 'payment_provider_unavailable';
}

/** How long a hosted payment page stays open: until an hour before the order expires (at least 30 minutes). */
export function checkoutSeconds(order: { placedAt: Date; expiresAt: Date | null }): number {
  const until = order.expiresAt ? order.expiresAt.getTime() - 3600_000 : order.placedAt.getTime() + 23 * 3600_000;
  return Math.max(1800, Math.floor((until - order.placedAt.getTime()) / 1000));
}

/** MultiSafepay's redirect checkout (`MULTISAFEPAY_API_KEY`, `MULTISAFEPAY_BASE_URL`). */
export function multisafepayGateway(options: { apiKey: string; baseUrl: string; fetch?: typeof fetch }): PaymentGateway {
  const call = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/, '');
  async function request(method: 'GET' | 'POST', path: string, body?: unknown) {
    let response: Response;
    try {
      response = await call(`${base}${path}`, {
        method,
        headers: { api_key: options.apiKey, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      throw new PaymentProviderError(`MultiSafepay ${method} ${path}: ${String(error)}`, { cause: error });
    }
    const parsed = orderAnswer.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success || !parsed.data.success || !parsed.data.data) {
      const info = parsed.success ? `${parsed.data.error_code ?? response.status} ${parsed.data.error_info ?? ''}` : `HTTP ${response.status}, unreadable answer`;
      throw new PaymentProviderError(`MultiSafepay ${method} ${path} failed: ${info}`);
    }
    return parsed.data.data;
  }
  return {
    method: 'multisafepay',
    async createCheckout(order, urls) {
      const data = await request('POST', '/orders', {
        type: 'redirect',
        order_id: order.paymentReference,
        currency: order.currency,
        amount: order.totalCents,
        description: `Order ${order.number}`,
        payment_options: { notification_url: urls.notificationUrl, notification_method: 'POST', redirect_url: urls.returnUrl, cancel_url: urls.cancelUrl, close_window: false },
        // The page closes an hour before the order expires, so nobody pays an expired order.
        seconds_active: checkoutSeconds(order),
      });
      if (!data.payment_url) throw new PaymentProviderError('MultiSafepay answered without a payment_url');
      return { providerRef: order.paymentReference, paymentUrl: data.payment_url };
    },
    async fetchPayment(providerRef): Promise<ProviderPayment> {
      const data = await request('GET', `/orders/${encodeURIComponent(providerRef)}`);
      const status = data.status ?? 'initialized';
      return { outcome: multisafepayOutcome(status), providerStatus: status, amountCents: data.amount ?? 0, currency: (data.currency ?? '').toUpperCase() };
    },
  };
}

/**
 * Checks a notification's `Auth` header: base64 of "<timestamp>:<hex HMAC-SHA512 of
 * timestamp:rawBody keyed with the API key>", at most `maxAgeSeconds` away from now.
 */
export function verifyMultisafepayNotification(input: { rawBody: Buffer; auth: string | undefined; apiKey: string; now: Date; maxAgeSeconds?: number }): { kind: 'ok' } | { kind: 'refused'; reason: string } {
  if (!input.auth) return { kind: 'refused', reason: 'no Auth header' };
  const decoded = Buffer.from(input.auth, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return { kind: 'refused', reason: 'malformed Auth header' };
  const timestamp = decoded.slice(0, colon);
  const signature = decoded.slice(colon + 1);
  const seconds = Number(timestamp);
  if (!Number.isFinite(seconds)) return { kind: 'refused', reason: 'malformed timestamp' };
  const ageSeconds = Math.abs(input.now.getTime() / 1000 - (seconds > 1e12 ? seconds / 1000 : seconds));
  if (ageSeconds > (input.maxAgeSeconds ?? 600)) return { kind: 'refused', reason: 'stale timestamp' };
  const expected = createHmac('sha512', input.apiKey).update(`${timestamp}:`).update(input.rawBody).digest('hex');
  const a = Buffer.from(signature.toLowerCase());
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b) ? { kind: 'ok' } : { kind: 'refused', reason: 'bad signature' };
}
