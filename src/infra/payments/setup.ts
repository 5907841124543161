import type { Config } from '../../config';
import type { PaymentMethod } from '../../domain/orders/order';
import type { PaymentGateway } from '../../domain/ports';
import type { PaymentConfirmationJob } from '../../jobs/queues';
import { multisafepayNotificationRoute, paymentPageRoutes, paymentUrls, stripeWebhookRoute } from '../http/payment-routes';
import type { Route } from '../http/server';
import type { Logger } from '../log';
import { multisafepayGateway } from './multisafepay';
import { stripeClient, stripeGateway } from './stripe-gateway';

export interface PaymentSetup {
  /** Offline bank transfer always; card and MultiSafepay when their settings are complete. */
  methods: PaymentMethod[];
  gateways: Partial<Record<'card' | 'multisafepay', PaymentGateway>>;
  urls?: ReturnType<typeof paymentUrls>;
  stripeSessionFor?: (paymentIntent: string) => Promise<string | undefined>;
  routes(enqueue: (job: PaymentConfirmationJob) => Promise<unknown>, now: () => Date): Route[];
}

/**
 * The payment methods this deployment offers. An online method needs its provider's
 * settings and PUBLIC_URL (where the provider sends the user back and its notifications);
 * a method whose settings are missing is not offered, and the log says why.
 */
export function paymentSetup(config: Config, log: Logger): PaymentSetup {
  const publicUrl = config.http.publicUrl;
  const methods: PaymentMethod[] = ['offline'];
  const gateways: PaymentSetup['gateways'] = {};
  const msp = config.multisafepay;
  const stripeConfig = config.stripe;
  const stripe = stripeConfig && stripeConfig.webhookSecret && publicUrl ? stripeClient({ secretKey: stripeConfig.secretKey, apiBaseUrl: stripeConfig.apiBaseUrl }) : undefined;
  const card = stripe ? stripeGateway(stripe) : undefined;

  if (card) {
    gateways.card = card;
    methods.push('card');
  } else if (stripeConfig) {
    log.warn(`card payments are not offered: ${!publicUrl ? 'PUBLIC_URL' : 'STRIPE_WEBHOOK_SECRET'} is not set`);
  }
  if (msp && publicUrl) {
    gateways.multisafepay = multisafepayGateway({ apiKey: msp.apiKey, baseUrl: msp.baseUrl });
    methods.push('multisafepay');
  } else if (msp) {
    log.warn('MultiSafepay is not offered: PUBLIC_URL is not set');
  }

  return {
    methods,
    gateways,
    urls: publicUrl ? paymentUrls(publicUrl) : undefined,
    stripeSessionFor: card ? (intent) => card.sessionForPaymentIntent(intent) : undefined,
    routes(enqueue, now) {
      const routes: Route[] = [...paymentPageRoutes()];
      if (gateways.multisafepay && msp) routes.push(multisafepayNotificationRoute({ apiKey: msp.apiKey, now, enqueue, log }));
      if (stripe && stripeConfig?.webhookSecret) routes.push(stripeWebhookRoute({ stripe, webhookSecret: stripeConfig.webhookSecret, enqueue, log }));
      return routes;
    },
  };
}
