import { z } from 'zod';

/** The queues of the product; their names are part of the deployment (both backends). */
export const QUEUE_NAMES = {
  paymentConfirmation: 'payment-confirmation',
  notifications: 'notifications',
  maintenance: 'maintenance',
} as const;

/** A payment to confirm: only identifiers; the status is always asked from the provider. */
export const paymentConfirmationJob = z.discriminatedUnion('source', [
  z.object({ source: z.literal('provider'), method: z.enum(['card', 'multisafepay']), providerRef: z.string().min(1).max(200) }),
  z.object({ source: z.literal('stripe_payment_intent'), paymentIntent: z.string().min(1).max(200) }),
  z.object({
    source: z.literal('staff'),
    orderId: z.string().uuid(),
    reference: z.string().min(1).max(200),
    amountCents: z.number().int().min(0),
    currency: z.string().regex(/^[A-Z]{3}$/),
    confirmedBy: z.string().min(1).max(200),
  }),
  // A paid order to fulfil again: its placement at 3CX was delayed, or staff reopened it.
  z.object({ source: z.literal('fulfilment'), orderId: z.string().uuid() }),
]);
export type PaymentConfirmationJob = z.infer<typeof paymentConfirmationJob>;

export const notificationJob = z.object({ outboxId: z.number().int().positive() });
export type NotificationJob = z.infer<typeof notificationJob>;

/** Retries with exponential backoff: 2 s, 4 s, 8 s … for about 17 minutes in all. */
export const RETRYING = { attempts: 10, backoff: { type: 'exponential' as const, delay: 2_000 }, removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 30 * 24 * 3600 } };
