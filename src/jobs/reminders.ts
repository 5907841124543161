import { DelayedError, UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import { composeDigest, composeReminder, type ReminderItem } from '../conversation/notifications';
import { priceListOn, yearlyRenewalPrice } from '../domain/pricing/catalog';
import { daysBetween } from '../domain/pricing/dates';
import { percentOf } from '../domain/pricing/money';
import { DIGEST_THRESHOLD } from '../domain/reminders/reminder-offsets';
import { nextDeliveryTime } from '../domain/reminders/quiet-hours';
import type { Logger } from '../infra/log';
import type { ClaimedReminder, ReminderFacts, ReminderStore } from './ports';
import type { Notifiers } from './notifier';

export const reminderJob = z.object({ reminderIds: z.array(z.number().int().positive()).min(1).max(500) });
export type ReminderJob = z.infer<typeof reminderJob>;

/** A delivery to queue: the reminders of one recipient, and when the quiet hours allow it. */
export interface ReminderDelivery {
  jobId: string;
  data: ReminderJob;
  deliverAt: Date;
}

/**
 * Groups claimed reminders into deliveries: per recipient (a user's chat), one message per
 * reminder, or one digest when there are more than DIGEST_THRESHOLD; each delivered at the
 * first working hour of the reseller's time zone.
 */
export function plannedDeliveries(claimed: readonly ClaimedReminder[], now: Date): ReminderDelivery[] {
  const byRecipient = new Map<number, ClaimedReminder[]>();
  for (const reminder of claimed) {
    const group = byRecipient.get(reminder.identityId);
    if (group) group.push(reminder);
    else byRecipient.set(reminder.identityId, [reminder]);
  }
  const windows = new Map<string, Date>();
  const deliveries: ReminderDelivery[] = [];
  for (const group of byRecipient.values()) {
    const zone = group[0]?.timezone ?? 'UTC';
    const deliverAt = windows.get(zone) ?? nextDeliveryTime(now, zone);
    windows.set(zone, deliverAt);
    const ids = group.map((r) => r.id).sort((a, b) => a - b);
    const jobs = ids.length > DIGEST_THRESHOLD ? chunks(ids, MAX_REMINDERS_PER_JOB) : ids.map((id) => [id]);
    // One message a second per chat: a recipient's messages are spaced from the start.
    jobs.forEach((chunk, i) => {
      deliveries.push({
        jobId: chunk.length === 1 ? `reminder-${chunk[0]}` : `reminders-${chunk[0]}-${chunk.length}`,
        data: { reminderIds: chunk },
        deliverAt: new Date(deliverAt.getTime() + i * 1_000),
      });
    });
  }
  return deliveries;
}

/** The most reminders one digest message lists. */
const MAX_REMINDERS_PER_JOB = 100;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface ReminderDeps {
  reminders: ReminderStore;
  notifiers: Notifiers;
  clock: { now(): Date; today(timeZone?: string): string };
  timeZone(): Promise<string>;
  offsets: readonly number[];
  /** Adds delivery jobs (delayed to `deliverAt`), each once by its job id. */
  enqueue(deliveries: ReminderDelivery[]): Promise<void>;
  log: Logger;
}

/**
 * The sweep claims the resellers in this many shares, each committed before its deliveries are
 * queued, and claims the next share while the one before is queued, so that PostgreSQL and the
 * queue work at the same time (with a million licenses, the claim and the queueing take
 * seconds each).
 */
export const SWEEP_SHARES = 4;

/** The daily sweep: claims what is due (set-based, exactly once) and queues its deliveries. */
export async function sweepReminders(deps: ReminderDeps): Promise<{ claimed: number; deliveries: number; requeued: number }> {
  const now = deps.clock.now();
  const today = deps.clock.today(await deps.timeZone());
  const claim = (part: number) => {
    const claiming = deps.reminders.claimDue({ today, now, offsets: deps.offsets, share: { part, parts: SWEEP_SHARES } });
    // Awaited below; when the queueing before it fails first, its failure is that one's.
    claiming.catch(() => undefined);
    return claiming;
  };
  let claimed = 0;
  let queued = 0;
  let next = claim(0);
  for (let part = 0; part < SWEEP_SHARES; part++) {
    const share = await next;
    if (part + 1 < SWEEP_SHARES) next = claim(part + 1);
    // A recipient's reminders are all in one share: its digest is whole.
    const deliveries = plannedDeliveries(share, now);
    await deps.enqueue(deliveries);
    claimed += share.length;
    queued += deliveries.length;
  }
  // Claimed days ago and still not sent (a sweep that stopped before queueing, a lost job):
  // queued again. Reminders merely waiting for working hours are younger than that.
  const stale = await deps.reminders.unsettled(new Date(now.getTime() - 4 * 86_400_000), 5000);
  const requeue = plannedDeliveries(stale, now);
  await deps.enqueue(requeue);
  deps.log.info(`reminders: ${claimed} claimed for ${today}, ${queued} deliveries queued, ${requeue.length} queued again`);
  return { claimed, deliveries: queued, requeued: requeue.length };
}

/**
 * Delivers the reminders of one job to their recipient's chat. Reminders renewed, stopped or
 * snoozed since they were claimed are settled without a message; outside working hours the
 * job waits for the next window; a 429 waits its retry_after without counting as a failure.
 */
export function reminderDeliveryProcessor(deps: Omit<ReminderDeps, 'enqueue' | 'offsets'>) {
  return async (job: { data: unknown; id?: string; moveToDelayed(timestamp: number, token?: string): Promise<void> }, token?: string): Promise<string> => {
    const parsed = reminderJob.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`reminder job ${job.id} has malformed data`);
    const facts = (await deps.reminders.facts(parsed.data.reminderIds)).filter((f) => f.sentAt === null);
    if (facts.length === 0) return 'already settled';
    const today = deps.clock.today(await deps.timeZone());
    const moot = facts.filter((f) => f.currentTermEnd !== f.termEnd || f.remindersStopped);
    await deps.reminders.settle(moot.map((f) => f.id), 'renewed or stopped');
    const snoozed = await deps.reminders.snoozed(facts.map((f) => f.id), today);
    await deps.reminders.settle(snoozed, 'snoozed');
    const live = facts.filter((f) => !moot.includes(f) && !snoozed.includes(f.id));
    if (live.length === 0) return 'nothing left to say';

    const first = live[0] as ReminderFacts;
    const zone = await deps.reminders.timeZoneOf(first.id);
    const now = deps.clock.now();
    const allowed = nextDeliveryTime(now, zone);
    if (allowed.getTime() > now.getTime()) {
      await job.moveToDelayed(allowed.getTime(), token);
      throw new DelayedError();
    }
    const notifier = deps.notifiers[first.channel];
    if (!notifier) {
      await deps.reminders.settle(live.map((f) => f.id), `no ${first.channel} channel running`);
      return 'no channel';
    }
    // Taken atomically: another job holding some of these reminders sends only the rest.
    const taken = new Set(await deps.reminders.take(live.map((f) => f.id)));
    const mine = live.filter((f) => taken.has(f.id));
    if (mine.length === 0) return 'taken by another job';
    const prices = priceListOn(await deps.reminders.prices(), today);
    const items: ReminderItem[] = mine.map((f) => {
      const yearly = yearlyRenewalPrice(prices, f) ?? null;
      return {
        key: f.key, type: f.type, edition: f.edition, sc: f.sc, termEnd: f.termEnd, daysLeft: daysBetween(today, f.termEnd), customerName: f.customerName,
        yearlyListCents: yearly, yearlyNetCents: yearly === null ? null : yearly - percentOf(yearly, f.discountBp), currency: f.currency,
      };
    });
    // One message per job: one reminder with its own buttons, or a digest of several.
    const reply = items.length === 1 ? composeReminder(items[0] as ReminderItem) : composeDigest(items);
    const ids = mine.map((f) => f.id);
    let outcome: Awaited<ReturnType<NonNullable<typeof notifier>['deliver']>>;
    try {
      outcome = await notifier.deliver(first.chatId, [reply]);
    } catch (error) {
      await deps.reminders.release(ids);
      throw error;
    }
    switch (outcome.kind) {
      case 'delivered':
        await deps.reminders.finish(ids, 'sent');
        return 'sent';
      case 'unreachable':
        await deps.reminders.finish(ids, `unreachable: ${outcome.reason}`);
        return 'unreachable';
      case 'retry':
        await deps.reminders.release(ids);
        await job.moveToDelayed(Date.now() + outcome.afterMs, token);
        throw new DelayedError();
      default: {
        const never: never = outcome;
        throw new Error(`unknown delivery outcome ${JSON.stringify(never)}`);
      }
    }
  };
}
