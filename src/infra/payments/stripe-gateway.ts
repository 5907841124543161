import Stripe from 'stripe';
import type { PaymentGateway, ProviderPayment } from '../../domain/ports';
import { checkoutSeconds, PaymentProviderError } from './multisafepay';

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
            // Stripe allows 30 minutes to 24 hours; the page closes an hour before the order expires.
            expires_at: Math.floor(Date.now() / 1000) + Math.min(checkoutSeconds(order), 24 * 3600 - 60),
          },
          // A retried request never opens a second session for the same order. The user waits
          // for this answer (and the order's transaction with them): one retry, 8 s each at most.
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
