// Renewal reminders on a demo database of their own: recipients linked to chats, a fixed clock
// moved day by day, the set-based claim (claimDueReminders) run as the sweep runs it, the
// reminders read back with their license key, user and chat, and a fake BullMQ job for
// calling reminderDeliveryProcessor directly.
import type { Knex } from 'knex';
import { DEFAULT_REMINDER_OFFSETS } from '../../src/domain/reminders/reminder-offsets';
import { addDays, addYears } from '../../src/domain/pricing/dates';
import type { Reply } from '../../src/conversation/reply';
import { fixedClock, type FixedClock } from '../../src/infra/clock';
import type { Logger } from '../../src/infra/log';
import { claimDueReminders } from '../../src/infra/store/reminders';
import type { ClaimedReminder } from '../../src/jobs/ports';
import { consoleNotifier, type DeliveryOutcome } from '../../src/jobs/notifier';
import { demoStore, testHasher } from './demo-store';

export type Demo = Awaited<ReturnType<typeof demoStore>>;

/** The demo's license that expires in 20 days (2026-12-16 when today is 2026-11-26): Acme, Professional 8 SC, Harbor Dental. */
export const KEY_7Q2M = '7Q2M-4K8P-ZX3N-1A9B';
/** Acme's perpetual license whose maintenance ends in 5 days. */
export const KEY_P4RP = 'P4RP-7TNE-3L6S-9FWA';
/** Acme's annual license that expired 10 days ago. */
export const KEY_M8C4 = 'M8C4-2VZK-P5TD-0QJX';
/** Bright Voice's (Europe/London) only license, expiring in 45 days. */
export const KEY_B2RV = 'B2RV-6P1W-3HQK-8ZNT';

export const DEMO_TODAY = '2026-11-26';
/** 7Q2M's term end in the demo loaded on DEMO_TODAY. */
export const TERM_END_7Q2M = '2026-12-16';

/** A claimed reminder as stored, with the names a test reads. */
export interface ReminderRow {
  id: number;
  key: string;
  termEnd: string;
  offset: number;
  dueOn: string;
  username: string;
  role: string;
  channel: string;
  chatId: string;
  identityId: number;
  sentAt: Date | null;
  outcome: string | null;
}

/** A fake BullMQ job for the delivery processor: records moveToDelayed. */
export interface FakeJob {
  id: string;
  data: unknown;
  delayedTo: number[];
  moveToDelayed(timestamp: number, token?: string): Promise<void>;
}

export function fakeJob(reminderIds: number[], id = `reminder-${reminderIds.join('-')}`): FakeJob {
  const job: FakeJob = {
    id,
    data: { reminderIds },
    delayedTo: [],
    async moveToDelayed(timestamp: number) {
      job.delayedTo.push(timestamp);
    },
  };
  return job;
}

/** A logger that keeps its lines (for a failing test to show them). */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    debug: () => undefined,
    info: (message: string) => lines.push(`INFO ${message}`),
    warn: (message: string) => lines.push(`WARN ${message}`),
    error: (message: string) => lines.push(`ERROR ${message}`),
  };
}

/** A console notifier with chats attached that record what was printed to them. */
export function recordingConsole(...chatIds: string[]) {
  const notifier = consoleNotifier();
  const printed = new Map<string, Reply[]>();
  for (const chatId of chatIds) {
    printed.set(chatId, []);
    notifier.attach(chatId, (replies) => printed.get(chatId)?.push(...replies));
  }
  return {
    notifier,
    printed: (chatId: string): Reply[] => printed.get(chatId) ?? [],
    all: (): Reply[] => [...printed.values()].flat(),
    deliver: (chatId: string, replies: Reply[]): Promise<DeliveryOutcome> => notifier.deliver(chatId, replies),
  };
}

let nextKey = 1;

/** A license key of the right shape that no demo license has (…-T0ST-…). */
export function testKey(): string {
  const n = (nextKey++).toString(36).toUpperCase().padStart(8, '0');
  return `T0ST-${n.slice(0, 4)}-${n.slice(4, 8)}-${(process.pid % 10000).toString(36).toUpperCase().padStart(4, '0')}`;
}

/** The demo loaded on `today`, a fixed clock standing at 08:00 UTC that day, and reminder helpers. */
export async function remindersDemo(today = DEMO_TODAY) {
  const demo = await demoStore(today);
  const knex: Knex = demo.knex;
  const clock: FixedClock = fixedClock(`${today}T08:00:00Z`);
  const offsets = DEFAULT_REMINDER_OFFSETS;

  async function userId(username: string): Promise<string> {
    const row = await knex('reseller_users').whereRaw('lower(username) = lower(?)', [username]).first('id');
    if (!row) throw new Error(`no user ${username}`);
    return String(row.id);
  }

  async function resellerIdOf(username: string): Promise<string> {
    const row = await knex('reseller_users').whereRaw('lower(username) = lower(?)', [username]).first('reseller_id');
    if (!row) throw new Error(`no user ${username}`);
    return String(row.reseller_id);
  }

  async function licenseId(key: string): Promise<string> {
    const row = await knex('licenses').where({ license_key: key }).first('id');
    if (!row) throw new Error(`no license ${key}`);
    return String(row.id);
  }

  const helpers = {
    demo,
    knex,
    clock,
    offsets,
    userId,
    resellerIdOf,
    licenseId,
    /** The distributor's today at the clock's instant (the demo distributor is on UTC). */
    today: () => clock.today('UTC'),

    /** A new user of the reseller that `colleague` works for. */
    async addUser(colleague: string, username: string, role: 'owner' | 'purchase' | 'sales' | 'support', active = true): Promise<string> {
      const [row] = await knex('reseller_users')
        .insert({ reseller_id: await resellerIdOf(colleague), username, name: username, role, password_hash: await testHasher.hash(`${username}-pass-1`), active })
        .returning('id');
      return String(row.id);
    },

    /** Links a chat to a user, as a login there does (channel_identities); answers the identity id. */
    async link(username: string, chat: { channel?: 'telegram' | 'slack' | 'console'; chatId: string; externalUserId?: string; unreachable?: boolean }): Promise<number> {
      const [row] = await knex('channel_identities')
        .insert({
          channel: chat.channel ?? 'telegram',
          external_user_id: chat.externalUserId ?? chat.chatId,
          chat_id: chat.chatId,
          reseller_user_id: await userId(username),
          unreachable_since: chat.unreachable ? knex.fn.now() : null,
        })
        .returning('id');
      return Number(row.id);
    },

    /** A new annual (or perpetual) license of the reseller `colleague` works for, ending on `termEnd`. */
    async addLicense(colleague: string, termEnd: string, o: { key?: string; type?: 'annual' | 'perpetual'; edition?: 'startup' | 'professional' | 'enterprise'; sc?: number } = {}): Promise<string> {
      const key = o.key ?? testKey();
      const type = o.type ?? 'annual';
      await knex('licenses').insert({
        license_key: key, reseller_id: await resellerIdOf(colleague), type, edition: o.edition ?? 'professional', sc: o.sc ?? 8,
        expires_on: type === 'annual' ? termEnd : null, maintenance_until: type === 'perpetual' ? termEnd : null,
      });
      return key;
    },

    /** Many new licenses at once (one insert): answers their keys, in the order of `termEnds`. */
    async addLicenses(colleague: string, termEnds: ReadonlyArray<string | { termEnd: string; type: 'annual' | 'perpetual' }>): Promise<string[]> {
      const resellerId = await resellerIdOf(colleague);
      const rows = termEnds.map((t) => {
        const { termEnd, type } = typeof t === 'string' ? { termEnd: t, type: 'annual' as const } : t;
        return {
          license_key: testKey(), reseller_id: resellerId, type, edition: 'professional', sc: 8,
          expires_on: type === 'annual' ? termEnd : null, maintenance_until: type === 'perpetual' ? termEnd : null,
        };
      });
      await knex('licenses').insert(rows);
      return rows.map((r) => r.license_key);
    },

    /** Renews a license for `years` as fulfilment does: its term end moves, and the history says so. */
    async renew(key: string, years = 1): Promise<string> {
      const row = await knex('licenses').where({ license_key: key }).first('id', 'type', 'expires_on', 'maintenance_until');
      const column = row.type === 'annual' ? 'expires_on' : 'maintenance_until';
      const before = String(row[column]);
      const next = addYears(before, years);
      await knex('licenses').where({ id: row.id }).update({ [column]: next, updated_at: knex.fn.now() });
      await knex('license_events').insert({
        license_id: row.id, kind: row.type === 'annual' ? 'renewed' : 'maintenance_renewed',
        before: { [column]: before }, after: { [column]: next }, actor: 'test',
      });
      return next;
    },

    /** Moves the clock to `at` (a date means 08:00 UTC, the default sweep hour) and claims what is due, as the sweep does. */
    async claim(at?: string): Promise<ClaimedReminder[]> {
      if (at !== undefined) clock.set(/^\d{4}-\d{2}-\d{2}$/.test(at) ? `${at}T08:00:00Z` : at);
      return claimDueReminders(knex, { today: clock.today('UTC'), now: clock.now(), offsets });
    },

    /** Reminders as stored (all, or those with the given ids), oldest first. */
    async rows(ids?: readonly number[]): Promise<ReminderRow[]> {
      const query = knex('reminders as m')
        .join('licenses as l', 'l.id', 'm.license_id')
        .join('reseller_users as u', 'u.id', 'm.reseller_user_id')
        .join('channel_identities as ci', 'ci.id', 'm.identity_id')
        .orderBy('m.id')
        .select('m.id', 'l.license_key', 'm.term_end', 'm.offset_days', 'm.due_on', 'u.username', 'u.role', 'ci.channel', 'ci.chat_id', 'm.identity_id', 'm.sent_at', 'm.outcome');
      if (ids) query.whereIn('m.id', ids);
      const rows = await query;
      return rows.map((r) => ({
        id: Number(r.id), key: String(r.license_key), termEnd: String(r.term_end), offset: Number(r.offset_days), dueOn: String(r.due_on), username: String(r.username),
        role: String(r.role), channel: String(r.channel), chatId: String(r.chat_id), identityId: Number(r.identity_id), sentAt: r.sent_at ?? null, outcome: r.outcome ?? null,
      }));
    },

    close: () => demo.drop(),
  };
  return helpers;
}

export type RemindersDemo = Awaited<ReturnType<typeof remindersDemo>>;

/** Every date from `from` to `to`, both included. */
export function datesFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it answers something truthy; fails after `timeoutMs` (bounded). */
export async function eventually<T>(probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await sleep(50);
  }
}
