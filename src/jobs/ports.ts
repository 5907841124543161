// What the jobs need from the store, as interfaces: the jobs hold no SQL (a lint rule keeps it
// so); src/infra/store implements these on PostgreSQL.
import type { ApprovalNotification, OrderNotification } from '../conversation/notifications';
import type { OutboxMessage } from '../domain/ports';
import type { PriceEntry } from '../domain/pricing/catalog';
import type { DigestFacts } from '../domain/staff/desk';

/** A reminder claimed by a sweep, ready to be queued. */
export interface ClaimedReminder {
  id: number;
  resellerId: string;
  userId: string;
  identityId: number;
  timezone: string;
}

/** Everything a reminder message shows, read when it is delivered. */
export interface ReminderFacts {
  id: number;
  licenseId: string;
  key: string;
  type: 'annual' | 'perpetual';
  edition: 'startup' | 'professional' | 'enterprise';
  sc: number;
  termEnd: string;
  /** The license's term end now: a renewal since the claim makes it differ. */
  currentTermEnd: string;
  remindersStopped: boolean;
  customerName: string | null;
  channel: 'telegram' | 'slack' | 'console';
  chatId: string;
  sentAt: Date | null;
  discountBp: number;
  currency: string;
}

/** The renewal reminders as the sweep and the delivery job see them. */
export interface ReminderStore {
  /**
   * Claims every reminder due today, each once (see infra/store/reminders.ts); with `share`,
   * only those of the resellers in share `part` of `parts` (the shares of one `parts` cover
   * every reseller once, and a reseller's reminders all fall in one share).
   */
  claimDue(input: { today: string; now: Date; offsets: readonly number[]; share?: { part: number; parts: number } }): Promise<ClaimedReminder[]>;
  /** Reminders claimed before `olderThan` and still not settled: their job may have been lost. */
  unsettled(olderThan: Date, limit: number): Promise<ClaimedReminder[]>;
  facts(ids: readonly number[]): Promise<ReminderFacts[]>;
  /** Of `ids`, those whose license and recipient are snoozed past `today`. */
  snoozed(ids: readonly number[], today: string): Promise<number[]>;
  /** The time zone of the reseller a reminder is for. */
  timeZoneOf(reminderId: number): Promise<string>;
  /** Takes reminders for sending, atomically: those another job took are left out. */
  take(ids: readonly number[]): Promise<number[]>;
  /** Gives taken reminders back (a retry). */
  release(ids: readonly number[]): Promise<void>;
  /** Records what became of taken reminders. */
  finish(ids: readonly number[], outcome: string): Promise<void>;
  /** Settles reminders not taken (moot, snoozed, no channel). */
  settle(ids: readonly number[], outcome: string): Promise<void>;
  prices(): Promise<PriceEntry[]>;
}

/** An outbox message as the notifications job reads it. */
export interface PendingMessage {
  id: number;
  kind: OutboxMessage['kind'];
  channel: 'telegram' | 'slack' | 'console' | null;
  chatId: string | null;
  orderId: string | null;
  payload: Record<string, unknown>;
  delivered: boolean;
  givenUp: boolean;
}

/** Reading and settling the outbox, for the notifications job and the maintenance sweep. */
export interface OutboxStore {
  get(id: number): Promise<PendingMessage | undefined>;
  /** The facts a message about an order shows: the order, its licenses as they are now, its invoice. */
  orderNotification(message: PendingMessage, sandbox: boolean): Promise<OrderNotification | undefined>;
  /** The facts a message about an approval request shows, as the request is now. */
  approvalNotification(message: PendingMessage): Promise<ApprovalNotification | undefined>;
  /** Whether the message of that kind about the order was delivered (or given up). */
  settled(orderId: string, kind: OutboxMessage['kind']): Promise<boolean>;
  markDelivered(id: number): Promise<void>;
  markGivenUp(id: number, reason: string): Promise<void>;
  markAttempt(id: number, error: string): Promise<void>;
  /** Messages not delivered a while after they were written: their job may have been lost. */
  stale(olderThanMs: number, limit: number): Promise<number[]>;
}

/** The daily digests to staff, one per period. */
export interface DigestStore {
  /**
   * Claims the digest of the period ending at `periodEnd` (it starts where the last one ended,
   * or a day before) and writes its message with `compose`, in one transaction; undefined when
   * that period's digest was claimed before. Answers the outbox message to deliver.
   */
  claim(periodEnd: Date, compose: (facts: DigestFacts, from: Date) => string): Promise<{ outboxId: number } | undefined>;
}

/** Housekeeping of what the conversations keep. */
export interface Housekeeping {
  /** Deletes up to `limit` platform input ids recorded before `before`; answers how many. */
  pruneProcessedInputs(before: Date, limit: number): Promise<number>;
  /** Deletes up to `limit` records of failed logins with unknown usernames that decide nothing any more at `now`; answers how many. */
  pruneLoginFailures(now: Date, limit: number): Promise<number>;
}
