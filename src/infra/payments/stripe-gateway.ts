import Stripe from 'stripe';
import type { CheckoutOrder, PaymentGateway, ProviderPayment } from '../../domain/ports';
import { PaymentProviderError } from './multisafepay';

/** The Stripe client, pointed at STRIPE_API_BASE_URL when that is set (tests use a local fake). */
export function stripeClient(options: { secretKey: string; apiBaseUrl?: string }): Stripe {
  const base = options.apiBaseUrl ? new URL(options.apiBaseUrl) : undefined;
  return new Stripe(options.secretKey, {
    maxNetworkRetries: 2,
    timeout: 15_000,
    ...(base ? { host: base.hostname, port: base.port || (base.protocol === 'https:' ? 443 : 80), protocol: base.protocol.replace(':', '') as 'http' | 'https' } : {}),
  });
}

/** Card payments through Stripe Checkout: a Checkout Session per order. */
export function stripeGateway(stripe: Stripe): PaymentGateway & { sessionForPaymentIntent(paymentIntentId: string): Promise<string | undefined> } {
  const guarded = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw new PaymentProviderError(`Stripe ${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  };
  return {
    method: 'card',
    async createCheckout(order, urls, attempt = 1) {
      const session = await guarded('create checkout session', () =>
        stripe.checkout.sessions.create(
          {
            mode: 'payment',
            client_reference_id: order.id,
            metadata: { orderId: order.id, orderNumber: String(order.number), reference: order.paymentReference },
            line_items: [{ quantity: 1, price_data: { currency: order.currency.toLowerCase(), unit_amount: order.totalCents, product_data: { name: `Order ${order.number} (${order.paymentReference})` } } }],
            success_url: urls.returnUrl,
            cancel_url: urls.cancelUrl,
            ...sessionClosing(order, Math.floor(Date.now() / 1000)),
          },
          // A retried request never opens a second session for the same order: the key is the
          // order's and the attempt's, and the parameters are the same when it is asked again
          // (Stripe refuses a key reused with others). The user waits for this answer (with no
          // transaction open): one retry, 8 s each at most.
          { idempotencyKey: attempt > 1 ? `checkout-${order.id}-${attempt}` : `checkout-${order.id}`, maxNetworkRetries: 1, timeout: 8_000 },
        ),
      );
      if (!session.url) throw new PaymentProviderError('Stripe answered without a checkout URL');
      return { providerRef: session.id, paymentUrl: session.url };
    },
    async fetchPayment(sessionId): Promise<ProviderPayment> {
      const session = await guarded('retrieve session', () => stripe.checkout.sessions.retrieve(sessionId, { expand: ['payment_intent.latest_charge'] }));
      const amountCents = session.amount_total ?? 0;
      const currency = (session.currency ?? '').toUpperCase();
      const intent = typeof session.payment_intent === 'object' ? session.payment_intent : null;
      const charge = intent && typeof intent.latest_charge === 'object' ? intent.latest_charge : null;
      if (charge?.disputed) return { outcome: 'chargedback', providerStatus: 'disputed', amountCents, currency };
      if (charge?.refunded) return { outcome: 'refunded', providerStatus: 'refunded', amountCents, currency };
      if (charge && charge.amount_refunded > 0) return { outcome: 'partially_refunded', providerStatus: 'partially_refunded', amountCents, currency, refundedCents: charge.amount_refunded };
      if (session.payment_status === 'paid' || session.payment_status === 'no_payment_required') return { outcome: 'completed', providerStatus: 'paid', amountCents, currency };
      if (session.status === 'expired') return { outcome: 'failed', providerStatus: 'expired', amountCents, currency };
      if (intent && intent.status === 'canceled') return { outcome: 'failed', providerStatus: 'canceled', amountCents, currency };
      return { outcome: 'pending', providerStatus: `${session.status ?? 'open'}/${session.payment_status}`, amountCents, currency };
    },
    async sessionForPaymentIntent(paymentIntentId) {
      const sessions = await guarded('list sessions', () => stripe.checkout.sessions.list({ payment_intent: paymentIntentId, limit: 1 }));
      return sessions.data[0]?.id;
    },
  };
}

/**
 * When a Checkout Session closes (`expires_at`, unix seconds; Stripe allows 30 minutes to 24
 * hours from its creation): an hour before the order stops waiting for payment, so that nobody
 * pays an expired order. Later than 24 hours away it is left out (Stripe's default: 24 hours,
 * still before); sooner than Stripe's 30 minutes it is Stripe's earliest, rounded up to 5
 * minutes. It follows from the order, not from the moment asked, so that a retried request (the
 * same idempotency key) carries the same parameters and is answered with the same session.
 */
export function sessionClosing(order: Pick<CheckoutOrder, 'placedAt' | 'expiresAt'>, nowSeconds: number): { expires_at?: number } {
  const closes = Math.floor((order.expiresAt ? order.expiresAt.getTime() - 3600_000 : order.placedAt.getTime() + 23 * 3600_000) / 1000);
  if (closes > nowSeconds + 24 * 3600 - 60) return {};
  const earliest = Math.ceil((nowSeconds + 31 * 60) / 300) * 300;
  return { expires_at: Math.max(closes, earliest) };
}
