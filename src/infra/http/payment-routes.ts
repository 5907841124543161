import type Stripe from 'stripe';
import type { PaymentConfirmationJob } from '../../jobs/queues';
import type { Logger } from '../log';
import { verifyMultisafepayNotification } from '../payments/multisafepay';
import type { Route } from './server';

export const MULTISAFEPAY_NOTIFICATION_PATH = '/payments/multisafepay/notification';
export const STRIPE_WEBHOOK_PATH = '/payments/stripe/webhook';
export const PAYMENT_RETURN_PATH = '/payments/return';
export const PAYMENT_CANCEL_PATH = '/payments/cancel';

/** The provider URLs of an order, built from PUBLIC_URL. */
export function paymentUrls(publicUrl: string) {
  return (method: 'card' | 'multisafepay', orderNumber: number) => ({
    returnUrl: new URL(`${PAYMENT_RETURN_PATH}?order=${orderNumber}`, publicUrl).toString(),
    cancelUrl: new URL(`${PAYMENT_CANCEL_PATH}?order=${orderNumber}`, publicUrl).toString(),
    notificationUrl: new URL(method === 'multisafepay' ? MULTISAFEPAY_NOTIFICATION_PATH : STRIPE_WEBHOOK_PATH, publicUrl).toString(),
  });
}

/** The pages a payment provider sends the user back to: the chat tells the rest. */
export function paymentPageRoutes(): Route[] {
  const page = (text: string) => async () => ({ status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text });
  return [
    { method: 'GET', path: PAYMENT_RETURN_PATH, handle: page('Thank you. You can close this page: the chat confirms your payment as soon as it is received.') },
    { method: 'GET', path: PAYMENT_CANCEL_PATH, handle: page('The payment was not completed. Your order waits for payment until it expires; go back to the chat to pay or order again.') },
  ];
}

/**
 * MultiSafepay's notification: the `Auth` HMAC is checked on the raw body (10-minute window);
 * what does not verify is refused. The body is not trusted beyond naming the transaction:
 * a job asks MultiSafepay for the status. The answer is `OK`, or MultiSafepay retries.
 */
export function multisafepayNotificationRoute(deps: { apiKey: string; now(): Date; enqueue(job: PaymentConfirmationJob): Promise<unknown>; log: Logger }): Route {
  return {
    method: 'POST',
    path: MULTISAFEPAY_NOTIFICATION_PATH,
    async handle(request) {
      const auth = request.headers.auth;
      const verdict = verifyMultisafepayNotification({ rawBody: request.rawBody, auth: Array.isArray(auth) ? auth[0] : auth, apiKey: deps.apiKey, now: deps.now() });
      if (verdict.kind !== 'ok') {
        deps.log.warn(`multisafepay notification refused: ${verdict.reason}`);
        return { status: 403, body: 'refused' };
      }
      const transactionId = request.query.get('transactionid') ?? orderIdOf(request.rawBody);
      if (!transactionId || transactionId.length > 200) return { status: 400, body: 'no transactionid' };
      await deps.enqueue({ source: 'provider', method: 'multisafepay', providerRef: transactionId });
      return { status: 200, body: 'OK' };
    },
  };
}

function orderIdOf(rawBody: Buffer): string | undefined {
  try {
    const body = JSON.parse(rawBody.toString('utf8')) as { order_id?: unknown };
    return typeof body.order_id === 'string' ? body.order_id : undefined;
  } catch {
    return undefined;
  }
}

const SESSION_EVENTS = new Set(['checkout.session.completed', 'checkout.session.async_payment_succeeded', 'checkout.session.async_payment_failed', 'checkout.session.expired']);
const CHARGE_EVENTS = new Set(['charge.refunded', 'charge.dispute.created']);

/**
 * Stripe's webhook: the `Stripe-Signature` is checked on the raw body with the webhook
 * secret; then a job retrieves the Checkout Session from Stripe and acts on what it says.
 */
export function stripeWebhookRoute(deps: { stripe: Stripe; webhookSecret: string; enqueue(job: PaymentConfirmationJob): Promise<unknown>; log: Logger }): Route {
  return {
    method: 'POST',
    path: STRIPE_WEBHOOK_PATH,
    async handle(request) {
      const signature = request.headers['stripe-signature'];
      let event: { type: string; data: { object: { id?: string; object?: string; payment_intent?: unknown } } };
      try {
        event = deps.stripe.webhooks.constructEvent(request.rawBody, Array.isArray(signature) ? signature[0] ?? '' : signature ?? '', deps.webhookSecret) as unknown as typeof event;
      } catch (error) {
        deps.log.warn(`stripe webhook refused: ${error instanceof Error ? error.message : String(error)}`);
        return { status: 400, body: 'refused' };
      }
      const object = event.data.object;
      if (SESSION_EVENTS.has(event.type) && object.id) {
        await deps.enqueue({ source: 'provider', method: 'card', providerRef: object.id });
      } else if (CHARGE_EVENTS.has(event.type)) {
        const intent = typeof object.payment_intent === 'string' ? object.payment_intent : undefined;
        if (intent) await deps.enqueue({ source: 'stripe_payment_intent', paymentIntent: intent });
      }
      return { status: 200, body: 'ok' };
    },
  };
}
