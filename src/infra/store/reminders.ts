import type { Knex } from 'knex';
import type { ReminderSettings } from '../../domain/ports';
import { CATCH_UP_DAYS } from '../../domain/reminders/reminder-offsets';
import { PRIVATE_CHAT } from './private-chat';
import type { ClaimedReminder, ReminderFacts, ReminderStore } from '../../jobs/ports';
import { priceRepository } from './licenses';

export interface ClaimInput {
  today: string;
  now: Date;
  offsets: readonly number[];
  /** Only the resellers of this share (absent: all); see ReminderStore.claimDue. */
  share?: { part: number; parts: number };
}

/**
 * The resellers of one share, as a condition on a reseller id: the share `part` of `parts`
 * equal ranges of ids (random UUIDs, so the ranges hold about as many resellers each).
 */
function resellersOfShare(share: ClaimInput['share']): { sql: (column: string) => string; bindings: string[] } {
  if (!share) return { sql: () => 'true', bindings: [] };
  if (!Number.isInteger(share.parts) || share.parts < 1 || !Number.isInteger(share.part) || share.part < 0 || share.part >= share.parts) {
    throw new Error(`no share ${share.part} of ${share.parts}`);
  }
  const bound = (part: number) => `${Math.floor((part * 0x1_0000_0000) / share.parts).toString(16).padStart(8, '0')}-0000-0000-0000-000000000000`;
  if (share.part === share.parts - 1) return { sql: (column) => `${column} >= ?::uuid`, bindings: [bound(share.part)] };
  return { sql: (column) => `${column} >= ?::uuid and ${column} < ?::uuid`, bindings: [bound(share.part), bound(share.part + 1)] };
}

/**
 * Claims every reminder due today in one statement per kind, set-based: for each license in
 * the window, the latest offset whose day has come, times every recipient (the reseller's
 * owner and purchase users, and sales users when the reseller asked for it, on every chat
 * they linked and that can be reached). The unique index (license, term end, offset,
 * recipient) makes a second sweep, or a sweep on another instance, claim nothing twice.
 * Each reminder comes back with its reseller's time zone.
 */
export async function claimDueReminders(knex: Knex, input: ClaimInput): Promise<ClaimedReminder[]> {
  const minOffset = Math.min(...input.offsets);
  const maxOffset = Math.max(...input.offsets);
  const share = resellersOfShare(input.share);
  const regular = await knex.raw(
    `
    -- Materialised: planned on its own, the window of licenses is read once rather than per user.
    with due as materialized (
      select l.id as license_id, l.reseller_id, coalesce(l.expires_on, l.maintenance_until) as term_end,
             (select min(o) from unnest(?::int[]) as o where o >= coalesce(l.expires_on, l.maintenance_until) - ?::date) as offset_days
      from licenses l
      where not l.reminders_stopped
        and coalesce(l.expires_on, l.maintenance_until) between ?::date + ?::int - ?::int and ?::date + ?::int
        and ${share.sql('l.reseller_id')}
    ),
    claimed as (
    insert into reminders (license_id, reseller_id, term_end, offset_days, identity_id, reseller_user_id, due_on, deliver_after, claimed_at)
    select d.license_id, d.reseller_id, d.term_end, d.offset_days, ci.id, u.id, d.term_end - d.offset_days, ?::timestamptz, ?::timestamptz
    from due d
    join resellers r on r.id = d.reseller_id and r.suspended_at is null
    join reseller_users u on u.reseller_id = d.reseller_id and u.active
      and (u.role in ('owner', 'purchase') or (u.role = 'sales' and r.remind_sales_users))
    join channel_identities ci on ci.reseller_user_id = u.id and ci.unreachable_since is null
      and ${PRIVATE_CHAT}
    where d.offset_days is not null
      and d.offset_days - (d.term_end - ?::date) <= ?::int
      and not exists (
        select 1 from reminder_snoozes s
        where s.license_id = d.license_id and s.reseller_user_id = u.id and s.term_end = d.term_end and s.until >= ?::date)
    on conflict (license_id, term_end, offset_days, identity_id) do nothing
    returning id, reseller_id, reseller_user_id, identity_id
    )
    select id, reseller_id, reseller_user_id, identity_id from claimed
    `,
    [`{${input.offsets.map((o) => Math.trunc(o)).join(',')}}`, input.today, input.today, minOffset, CATCH_UP_DAYS, input.today, maxOffset, ...share.bindings, input.now, input.now, input.today, CATCH_UP_DAYS, input.today],
  );
  // A snooze that has run out brings its license back once, keyed by the days left then.
  const snoozed = await knex.raw(
    `
    with ended as (
      delete from reminder_snoozes s
      using licenses l, resellers r
      where l.id = s.license_id and s.until <= ?::date and r.id = l.reseller_id and r.suspended_at is null
        and coalesce(l.expires_on, l.maintenance_until) = s.term_end and not l.reminders_stopped
        and ${share.sql('l.reseller_id')}
      returning s.license_id, s.reseller_user_id, s.term_end, s.until, l.reseller_id
    ),
    claimed as (
    insert into reminders (license_id, reseller_id, term_end, offset_days, identity_id, reseller_user_id, due_on, deliver_after, claimed_at)
    select e.license_id, e.reseller_id, e.term_end, e.term_end - e.until, ci.id, e.reseller_user_id, e.until, ?::timestamptz, ?::timestamptz
    from ended e
    join channel_identities ci on ci.reseller_user_id = e.reseller_user_id and ci.unreachable_since is null
      and ${PRIVATE_CHAT}
    on conflict (license_id, term_end, offset_days, identity_id) do nothing
    returning id, reseller_id, reseller_user_id, identity_id
    )
    select id, reseller_id, reseller_user_id, identity_id from claimed
    `,
    [input.today, ...share.bindings, input.now, input.now],
  );
  const rows = [...regular.rows, ...snoozed.rows] as Array<{ id: string | number; reseller_id: string; reseller_user_id: string; identity_id: string | number }>;
  // Each reseller's time zone read once: joined in the claim, it was read once per reminder.
  const zones = new Map<string, string>();
  const resellerIds = [...new Set(rows.map((r) => r.reseller_id))];
  if (resellerIds.length > 0) {
    const found = await knex.raw<{ rows: Array<{ id: string; timezone: string }> }>('select id, timezone from resellers where id = any(?::uuid[])', [`{${resellerIds.join(',')}}`]);
    for (const r of found.rows) zones.set(r.id, r.timezone);
  }
  return rows.map((r) => ({ id: Number(r.id), resellerId: r.reseller_id, userId: r.reseller_user_id, identityId: Number(r.identity_id), timezone: zones.get(r.reseller_id) ?? 'UTC' }));
}

/** The reminders as they are to be shown now. */
export async function reminderFacts(knex: Knex, ids: readonly number[]): Promise<ReminderFacts[]> {
  const rows = await knex('reminders as m')
    .join('licenses as l', 'l.id', 'm.license_id')
    .join('channel_identities as ci', 'ci.id', 'm.identity_id')
    .join('resellers as r', 'r.id', 'm.reseller_id')
    .leftJoin('end_customers as c', 'c.id', 'l.end_customer_id')
    .crossJoin(knex.raw('(select currency from distributor_settings where id = 1) as d'))
    .whereIn('m.id', ids)
    .orderBy([{ column: 'm.term_end' }, { column: 'l.license_key' }])
    .select(
      'm.id', 'm.license_id', 'l.license_key', 'l.type', 'l.edition', 'l.sc', 'm.term_end', knex.raw('(l.reminders_stopped or r.suspended_at is not null) as reminders_stopped'), 'c.company', 'ci.channel', 'ci.chat_id', 'm.sent_at',
      'r.discount_bp', 'd.currency', knex.raw('coalesce(l.expires_on, l.maintenance_until) as current_term_end'),
    );
  return rows.map((r) => ({
    id: Number(r.id), licenseId: r.license_id, key: r.license_key, type: r.type, edition: r.edition, sc: r.sc, termEnd: r.term_end,
    currentTermEnd: r.current_term_end, remindersStopped: r.reminders_stopped, customerName: r.company ?? null, channel: r.channel,
    chatId: r.chat_id, sentAt: r.sent_at, discountBp: r.discount_bp, currency: String(r.currency),
  }));
}

/**
 * Takes reminders for sending: only those no other job has taken (an atomic update), so that
 * two jobs holding the same reminder never both send it. `release` gives them back on a retry.
 */
export async function takeReminders(knex: Knex, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await knex('reminders').whereIn('id', ids).whereNull('sent_at').update({ sent_at: knex.fn.now(), outcome: 'sending' }).returning('id');
  return rows.map((r: { id: string | number }) => Number(r.id));
}

export async function releaseReminders(knex: Knex, ids: readonly number[]): Promise<void> {
  if (ids.length > 0) await knex('reminders').whereIn('id', ids).where({ outcome: 'sending' }).update({ sent_at: null, outcome: null });
}

/** Records what became of reminders taken for sending (sent, or why not). */
export async function finishReminders(knex: Knex, ids: readonly number[], outcome: string): Promise<void> {
  if (ids.length > 0) await knex('reminders').whereIn('id', ids).update({ outcome });
}

/** Records what became of reminders (sent, or why not). */
export async function settleReminders(knex: Knex, ids: readonly number[], outcome: string): Promise<void> {
  if (ids.length > 0) await knex('reminders').whereIn('id', ids).whereNull('sent_at').update({ sent_at: knex.fn.now(), outcome });
}

/** Reminders claimed a while ago and still not settled: their delivery job may have been lost. */
export async function unsettledReminders(knex: Knex, olderThan: Date, limit: number): Promise<ClaimedReminder[]> {
  const rows = await knex('reminders as m').join('resellers as r', 'r.id', 'm.reseller_id')
    .whereNull('m.sent_at').where('m.claimed_at', '<', olderThan).orderBy('m.id').limit(limit)
    .select('m.id', 'm.reseller_id', 'm.reseller_user_id', 'm.identity_id', 'r.timezone');
  return rows.map((r) => ({ id: Number(r.id), resellerId: r.reseller_id, userId: r.reseller_user_id, identityId: Number(r.identity_id), timezone: r.timezone }));
}

/** The reminders for the jobs, on PostgreSQL. */
export function reminderStore(knex: Knex): ReminderStore {
  return {
    claimDue: (input) => claimDueReminders(knex, input),
    unsettled: (olderThan, limit) => unsettledReminders(knex, olderThan, limit),
    facts: (ids) => reminderFacts(knex, ids),
    async snoozed(ids, today) {
      if (ids.length === 0) return [];
      const rows = await knex('reminders as m')
        .join('reminder_snoozes as s', function join() {
          this.on('s.license_id', '=', 'm.license_id').andOn('s.reseller_user_id', '=', 'm.reseller_user_id').andOn('s.term_end', '=', 'm.term_end');
        })
        .whereIn('m.id', ids)
        .where('s.until', '>', today)
        .pluck('m.id');
      return rows.map(Number);
    },
    async timeZoneOf(reminderId) {
      const row = await knex('resellers').join('reminders', 'reminders.reseller_id', 'resellers.id').where('reminders.id', reminderId).first('resellers.timezone');
      return (row?.timezone as string | undefined) ?? 'UTC';
    },
    take: (ids) => takeReminders(knex, ids),
    release: (ids) => releaseReminders(knex, ids),
    finish: (ids, outcome) => finishReminders(knex, ids, outcome),
    settle: (ids, outcome) => settleReminders(knex, ids, outcome),
    prices: () => priceRepository(knex as Knex.Transaction).entries(),
  };
}

export function reminderSettings(db: Knex.Transaction): ReminderSettings {
  return {
    async snooze(licenseId, userId, termEnd, until) {
      await db('reminder_snoozes')
        .insert({ license_id: licenseId, reseller_user_id: userId, term_end: termEnd, until })
        .onConflict(['license_id', 'reseller_user_id'])
        .merge({ term_end: termEnd, until, created_at: db.fn.now() });
    },
    async stop(licenseId, actor) {
      const changed = await db('licenses').where({ id: licenseId, reminders_stopped: false }).update({ reminders_stopped: true, updated_at: db.fn.now() });
      if (changed > 0) await db('license_events').insert({ license_id: licenseId, kind: 'reminders_stopped', after: { remindersStopped: true }, actor });
    },
  };
}
