import { DelayedError, UnrecoverableError } from 'bullmq';
import { composeApprovalMessage, composeBroadcast, composeNotification, composeStaffAlert } from '../conversation/notifications';
import type { Reply } from '../conversation/reply';
import type { StaffChat } from '../config';
import type { Logger } from '../infra/log';
import type { OutboxStore, PendingMessage } from './ports';
import type { Attachment, Notifiers } from './notifier';
import { notificationJob } from './queues';

export interface NotificationDeps {
  outbox: OutboxStore;
  notifiers: Notifiers;
  sandbox: boolean;
  /** The invoice PDF of an order, when there is one. */
  invoicePdf?: (orderId: string) => Promise<Attachment | undefined>;
  /** Where messages for staff go (STAFF_CHAT); without it they stay in the outbox, given up. */
  staffChat?: StaffChat;
  log: Logger;
}

/** How long an invoice PDF waits for its order's message to go out first, each time. */
const DOCUMENT_AFTER_MESSAGE_MS = 1_000;

/** The message for an outbox row, from the facts as they are now; undefined when they are gone. */
async function composed(deps: NotificationDeps, message: PendingMessage, forStaff: boolean): Promise<Reply | undefined> {
  if (message.kind === 'broadcast') return typeof message.payload.text === 'string' ? composeBroadcast(message.payload.text) : undefined;
  // The daily digest is written whole when its period is claimed.
  if (message.kind === 'staff_digest') return typeof message.payload.text === 'string' ? { text: message.payload.text, buttons: [], secret: false } : undefined;
  if (message.kind === 'approval_requested' || message.kind === 'approval_decided') {
    const facts = await deps.outbox.approvalNotification(message);
    return facts && composeApprovalMessage(facts);
  }
  const facts = await deps.outbox.orderNotification(message, deps.sandbox);
  return facts && (forStaff ? composeStaffAlert(facts) : composeNotification(facts));
}

/**
 * The notifications job: delivers one outbox message to the chat it is for. A platform that
 * asks to slow down (429) gets the message again after its `retry_after`, without counting a
 * failed attempt; a chat that blocked the bot is given up on; a delivered message is not sent twice.
 */
export function notificationProcessor(deps: NotificationDeps) {
  return async (job: { data: unknown; id?: string; attemptsMade?: number; opts?: { attempts?: number }; moveToDelayed(timestamp: number, token?: string): Promise<void> }, token?: string): Promise<string> => {
    const parsed = notificationJob.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`notification job ${job.id} has malformed data`);
    const message = await deps.outbox.get(parsed.data.outboxId);
    if (!message) throw new UnrecoverableError(`outbox message ${parsed.data.outboxId} does not exist`);
    if (message.delivered || message.givenUp) return 'already settled';
    const forStaff = message.payload.forStaff === true;
    if (forStaff && !deps.staffChat) {
      await deps.outbox.markGivenUp(message.id, 'no staff chat is set (STAFF_CHAT)');
      return 'no staff chat';
    }
    const destination = forStaff && deps.staffChat ? deps.staffChat : { channel: message.channel, chatId: message.chatId };
    const notifier = destination.channel ? deps.notifiers[destination.channel] : undefined;
    if (!destination.chatId || !notifier) {
      await deps.outbox.markGivenUp(message.id, `no ${destination.channel ?? 'channel'} to deliver to`);
      return 'no channel';
    }
    let replies: Reply[];
    let attachment: Attachment | undefined;
    if (message.kind === 'invoice_document') {
      // The PDF after the order's message: it waits while "Payment received" is not out yet.
      if (message.orderId && !(await deps.outbox.settled(message.orderId, 'order_fulfilled'))) {
        await job.moveToDelayed(Date.now() + DOCUMENT_AFTER_MESSAGE_MS, token);
        throw new DelayedError();
      }
      attachment = message.orderId ? await deps.invoicePdf?.(message.orderId) : undefined;
      if (!attachment) {
        await deps.outbox.markGivenUp(message.id, 'no invoice PDF to send');
        return 'nothing to send';
      }
      replies = [];
    } else {
      const reply = await composed(deps, message, forStaff);
      if (!reply) {
        await deps.outbox.markGivenUp(message.id, message.orderId ? 'the order is gone' : 'what it is about is gone');
        return 'nothing to say';
      }
      replies = [reply];
      attachment = message.kind === 'invoice_resent' && message.orderId && !forStaff ? await deps.invoicePdf?.(message.orderId) : undefined;
    }
    let outcome: Awaited<ReturnType<typeof notifier.deliver>>;
    try {
      outcome = await notifier.deliver(destination.chatId, replies, attachment);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      // The last attempt gives up visibly, so the message is not queued again forever.
      const last = (job.attemptsMade ?? 0) + 1 >= (job.opts?.attempts ?? 1);
      await (last ? deps.outbox.markGivenUp(message.id, reason) : deps.outbox.markAttempt(message.id, reason));
      throw error;
    }
    switch (outcome.kind) {
      case 'delivered':
        await deps.outbox.markDelivered(message.id);
        return 'delivered';
      case 'unreachable':
        await deps.outbox.markGivenUp(message.id, outcome.reason);
        return 'unreachable';
      case 'retry':
        await deps.outbox.markAttempt(message.id, outcome.reason);
        // Waiting is not failing: the job goes back to the delayed set with its attempts unchanged.
        await job.moveToDelayed(Date.now() + outcome.afterMs, token);
        throw new DelayedError();
      default: {
        const never: never = outcome;
        throw new Error(`unknown delivery outcome ${JSON.stringify(never)}`);
      }
    }
  };
}
