import type { OutboxMessage } from '../domain/ports';
import type { Edition } from '../domain/pricing/catalog';
import type { Reply } from './reply';
import { t } from './wording';

/** A license as a notification about an order shows it. */
export interface NotifiedLicense {
  key: string;
  edition: Edition;
  sc: number;
  change: 'issued' | 'renewed' | 'maintenance_renewed' | 'upgraded';
  expiresOn: string | null;
  maintenanceUntil: string | null;
  customerName: string | null;
}

/** What a message about an order says, gathered from the database when it is delivered. */
export interface OrderNotification {
  kind: OutboxMessage['kind'];
  orderNumber: number;
  totalCents: number;
  currency: string;
  reference: string;
  invoiceNumber: string | null;
  licenses: NotifiedLicense[];
  providerStatus: string | null;
  /** The license provider is the sandbox: keys are not real 3CX keys. */
  sandbox: boolean;
}

/**
 * The message for a notification. Its buttons start their own flow whenever they are pressed
 * (ids starting with `~`), since the user may be in the middle of something else.
 */
export function composeNotification(n: OrderNotification): Reply {
  const buttons = [[{ id: '~lic', label: t.menu.licenses }, { id: '~inv', label: t.menu.invoices }], [{ id: '~menu', label: t.toMenu }]];
  switch (n.kind) {
    case 'order_fulfilled':
      return { text: t.notify.fulfilled(n), buttons, secret: false };
    case 'payment_failed':
      return { text: t.notify.paymentFailed(n), buttons: [[{ id: '~cart', label: t.menu.cart(0) }, { id: '~menu', label: t.toMenu }]], secret: false };
    case 'payment_reversed':
      return { text: t.notify.paymentReversed(n), buttons, secret: false };
    case 'order_expired':
      return { text: t.notify.orderExpired(n), buttons: [[{ id: '~menu', label: t.toMenu }]], secret: false };
    case 'late_payment':
      return { text: t.notify.latePayment(n), buttons: [[{ id: '~menu', label: t.toMenu }]], secret: false };
    default: {
      const never: never = n.kind;
      throw new Error(`no notification for ${String(never)}`);
    }
  }
}
