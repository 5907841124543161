import { UnrecoverableError } from 'bullmq';
import type { LicenseProvider, PaymentGateway, ProviderPayment, Store } from '../domain/ports';
import { settlePayment, type SettleResult } from '../domain/use-cases/settle-payment';
import type { Logger } from '../infra/log';
import { paymentConfirmationJob, type PaymentConfirmationJob } from './queues';

export interface PaymentConfirmationDeps {
  store: Store;
  licenses: LicenseProvider;
  gateways: Partial<Record<'card' | 'multisafepay', PaymentGateway>>;
  /** Finds the Checkout Session of a Stripe payment intent (refund and dispute events name only that). */
  stripeSessionFor?: (paymentIntent: string) => Promise<string | undefined>;
  clock: { now(): Date; today(timeZone?: string): string };
  timeZone(): Promise<string>;
  /** Queues the delivery of outbox messages written by the settlement. */
  deliver(outboxIds: number[]): Promise<void>;
  log: Logger;
}

/**
 * The payment-confirmation job: asks the provider for the payment's status (never trusting a
 * webhook body), then settles the order in one transaction. Delivery is at least once: every
 * effect is guarded in the database, so running a job twice changes nothing the second time.
 */
export function paymentConfirmationProcessor(deps: PaymentConfirmationDeps) {
  return async (job: { data: unknown; id?: string }): Promise<SettleResult> => {
    const parsed = paymentConfirmationJob.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`payment-confirmation job ${job.id} has malformed data`);
    const { orderId, method, providerRef, payment, confirmedBy } = await identify(parsed.data);
    const timeZone = await deps.timeZone();
    const result = await deps.store.transaction((repos) =>
      settlePayment(repos, deps.licenses, { orderId, method, providerRef, payment, confirmedBy, at: deps.clock.now(), today: deps.clock.today(timeZone) }),
    );
    if (result.kind === 'unknown_order') throw new UnrecoverableError(`order ${orderId} does not exist`);
    if ('outbox' in result && result.outbox.length > 0) await deps.deliver(result.outbox);
    deps.log.info(`payment ${method} ${providerRef}: ${result.kind}`, { orderId });
    return result;
  };

  /** The order, the payment and what its provider (or staff) says about it now. */
  async function identify(data: PaymentConfirmationJob): Promise<{ orderId: string; method: 'card' | 'multisafepay' | 'offline'; providerRef: string; payment: ProviderPayment; confirmedBy: string | null }> {
    if (data.source === 'staff') {
      const payment: ProviderPayment = { outcome: 'completed', providerStatus: 'confirmed_by_staff', amountCents: data.amountCents, currency: data.currency };
      return { orderId: data.orderId, method: 'offline', providerRef: data.reference, payment, confirmedBy: data.confirmedBy };
    }
    const method = data.source === 'provider' ? data.method : 'card';
    const gateway = deps.gateways[method];
    if (!gateway) throw new UnrecoverableError(`payment method ${method} is not configured`);
    const providerRef = data.source === 'provider' ? data.providerRef : await deps.stripeSessionFor?.(data.paymentIntent);
    if (!providerRef) throw new UnrecoverableError(`no Checkout Session for payment intent ${data.source === 'stripe_payment_intent' ? data.paymentIntent : ''}`);
    const known = await deps.store.transaction((repos) => repos.payments.find(method, providerRef));
    if (!known) throw new UnrecoverableError(`no order has the ${method} payment ${providerRef}`);
    return { orderId: known.orderId, method, providerRef, payment: await gateway.fetchPayment(providerRef), confirmedBy: null };
  }
}
