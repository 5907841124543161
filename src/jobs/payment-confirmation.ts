import { UnrecoverableError } from 'bullmq';
import type { LicenseProvider, PaymentGateway, ProviderPayment, Store } from '../domain/ports';
import { placeAtProvider } from '../domain/use-cases/placement';
import { fulfilPaidOrder, settlePayment, STAFF_CONFIRMED, tellFulfilmentDelayed, type SettleResult } from '../domain/use-cases/settle-payment';
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

/** A paid order whose placement at the license provider waits for staff. */
export interface NeedsStaff {
  kind: 'needs_staff';
  orderId: string;
  status: 'refused' | 'uncertain';
  error: string;
}

/**
 * The payment-confirmation job: asks the provider for the payment's status (never trusting a
 * webhook body), then settles the order in one transaction. Delivery is at least once: every
 * effect is guarded in the database, so running a job twice changes nothing the second time.
 */
export function paymentConfirmationProcessor(deps: PaymentConfirmationDeps) {
  return async (job: { data: unknown; id?: string; attemptsMade?: number }): Promise<SettleResult | NeedsStaff> => {
    const parsed = paymentConfirmationJob.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`payment-confirmation job ${job.id} has malformed data`);
    if (parsed.data.source === 'fulfilment') return fulfil(parsed.data.orderId, job.attemptsMade ?? 0);
    const { orderId, method, providerRef, payment, confirmedBy } = await identify(parsed.data);
    const timeZone = await deps.timeZone();
    const result = await deps.store.transaction((repos) =>
      settlePayment(repos, deps.licenses, { orderId, method, providerRef, payment, confirmedBy, at: deps.clock.now(), today: deps.clock.today(timeZone) }),
    );
    if (result.kind === 'unknown_order') throw new UnrecoverableError(`order ${orderId} does not exist`);
    if ('outbox' in result && result.outbox.length > 0) await deps.deliver(result.outbox);
    deps.log.info(`payment ${method} ${providerRef}: ${result.kind}`, { orderId });
    // Paid, and the licenses are ordered at 3CX now, outside the transaction that recorded the money.
    if (result.kind === 'awaiting_placement') return fulfil(orderId, job.attemptsMade ?? 0);
    return result;
  };

  /**
   * Fulfils a paid order; with a remote provider (3CX) the order is placed there first, at
   * most once. While 3CX cannot be reached the job fails and BullMQ retries it (the
   * maintenance sweep queues it again after that); what staff must decide is handed to them.
   */
  async function fulfil(orderId: string, attemptsMade: number): Promise<SettleResult | NeedsStaff> {
    const { licenses } = deps;
    const now = deps.clock.now();
    const today = deps.clock.today(await deps.timeZone());
    if (licenses.placement === 'remote') {
      const progress = await placeAtProvider(deps.store, licenses, { orderId, now, today });
      switch (progress.kind) {
        case 'in_progress':
          throw new Error(`order ${orderId} is being placed at ${licenses.name} by another worker`);
        case 'retry_later':
          // A moment's hiccup is not worth a message; a third failed attempt (about 6 s) is.
          if (attemptsMade >= 2) await tellDelayed(orderId, 'provider_unavailable');
          throw new Error(`order ${orderId} is not placed at ${licenses.name} yet: ${progress.error}`);
        case 'needs_staff':
          deps.log.error(`order ${orderId}: its placement at ${licenses.name} is ${progress.status} and waits for staff (npm run ops -- orders:show): ${progress.error}`, { orderId });
          await tellDelayed(orderId, 'staff_check');
          return { kind: 'needs_staff', orderId, status: progress.status, error: progress.error };
        case 'placed':
        case 'not_needed':
          break;
        default: {
          const never: never = progress;
          throw new Error(`unknown placement progress ${JSON.stringify(never)}`);
        }
      }
    }
    const result = await deps.store.transaction((repos) => fulfilPaidOrder(repos, licenses, { orderId, at: now, today }));
    if (result.kind === 'unknown_order') throw new UnrecoverableError(`order ${orderId} does not exist`);
    if (result.kind === 'awaiting_placement') throw new Error(`order ${orderId} has no placement at ${licenses.name} yet`);
    if (result.kind === 'fulfilled') await deps.deliver(result.outbox);
    deps.log.info(`order fulfilment: ${result.kind}`, { orderId });
    return result;
  }

  async function tellDelayed(orderId: string, reason: 'provider_unavailable' | 'staff_check'): Promise<void> {
    const outbox = await deps.store.transaction((repos) => tellFulfilmentDelayed(repos, { orderId, reason }));
    if (outbox.length > 0) await deps.deliver(outbox);
  }

  /** The order, the payment and what its provider (or staff) says about it now. */
  async function identify(data: Exclude<PaymentConfirmationJob, { source: 'fulfilment' }>): Promise<{ orderId: string; method: 'card' | 'multisafepay' | 'offline'; providerRef: string; payment: ProviderPayment; confirmedBy: string | null }> {
    if (data.source === 'staff') {
      const payment: ProviderPayment = { outcome: 'completed', providerStatus: STAFF_CONFIRMED, amountCents: data.amountCents, currency: data.currency };
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
