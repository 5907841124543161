// The set-based claim of renewal reminders on real PostgreSQL, with a fixed clock walked day
// by day over two months of the demo loaded on 2026-11-26: every offset is claimed once per
// recipient chat, none twice when the sweep runs twice a day or on two instances at once,
// none after renewal; recipients by role and reachability; stopped licenses; missed sweeps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../../../src/domain/pricing/dates';
import { dueOffset, DEFAULT_REMINDER_OFFSETS } from '../../../src/domain/reminders/reminder-offsets';
import type { ClaimedReminder } from '../../../src/jobs/ports';
import { consoleSession } from '../../support/console-driver';
import {
  datesFrom, KEY_7Q2M, KEY_B2RV, KEY_M8C4, KEY_P4RP, remindersDemo, TERM_END_7Q2M, type ReminderRow, type RemindersDemo,
} from '../../support/reminders-harness';

/** (date claimed, offset) pairs of the rows of one license and one chat, in claim order. */
function timeline(rows: ReminderRow[], claimedOn: Map<number, string>, key: string, chatId: string): Array<[string, number]> {
  return rows.filter((r) => r.key === key && r.chatId === chatId).map((r) => [claimedOn.get(r.id) ?? '?', r.offset]);
}

const WALK_7Q2M: Array<[string, number]> = [
  ['2026-12-02', 14],
  ['2026-12-09', 7],
  ['2026-12-15', 1],
  ['2026-12-16', 0],
  ['2026-12-17', -1],
  ['2026-12-23', -7],
];

describe('a fixed clock walks the demo through every reminder offset (2026-11-26 → 2027-01-25)', () => {
  let rd: RemindersDemo;
  const claimedOn = new Map<number, string>();
  const perCall: Array<{ date: string; call: string; ids: number[] }> = [];
  let rows: ReminderRow[] = [];

  beforeAll(async () => {
    rd = await remindersDemo();
    // The owner logs in at the console, as a reseller does: that links the console chat.
    const chat = await consoleSession({ demo: rd.demo, clock: rd.clock, key: { chatId: 'acme-console', userId: 'acme-console' } });
    const welcome = await chat.login('demo');
    expect(chat.text(welcome)).toMatch(/Welcome, /);
    await chat.close();
    // …and in Telegram (a second channel of the same user), as do the other users below.
    await rd.link('demo', { chatId: '7001' });
    await rd.addUser('demo', 'buyer1', 'purchase');
    await rd.link('buyer1', { chatId: '7101' });
    await rd.addUser('demo', 'buyer2', 'purchase');
    await rd.link('buyer2', { chatId: '7102', unreachable: true });
    await rd.addUser('demo', 'gone1', 'purchase', false);
    await rd.link('gone1', { chatId: '7103' });
    await rd.link('sales1', { chatId: '7201' });
    await rd.link('support1', { chatId: '7301' });
    await rd.link('bright', { chatId: '8001' });
    // An Acme user who never linked a chat gets nothing (and breaks nothing).
    await rd.addUser('demo', 'buyer3', 'purchase');
    // M8C4 (expired 10 days ago, its −7 reminder due on day one) had its reminders stopped.
    await rd.knex('licenses').where({ license_key: KEY_M8C4 }).update({ reminders_stopped: true });

    for (const date of datesFrom('2026-11-26', '2027-01-25')) {
      const record = (call: string, claimed: ClaimedReminder[]) => {
        perCall.push({ date, call, ids: claimed.map((c) => c.id) });
        for (const c of claimed) if (!claimedOn.has(c.id)) claimedOn.set(c.id, date);
      };
      if (date === '2026-12-02') {
        // Two instances sweep at the same moment.
        rd.clock.set(`${date}T08:00:00Z`);
        const [a, b] = await Promise.all([rd.claim(), rd.claim()]);
        record('instance A', a);
        record('instance B', b);
      } else {
        record('morning', await rd.claim(date));
      }
      record('evening', await rd.claim(`${date}T20:00:00Z`));
    }
    rows = await rd.rows();
  }, 60_000);

  afterAll(async () => {
    await rd?.close();
  });

  it('claims every reminder exactly once: no id comes back from a second call, and every row was claimed by one call', () => {
    const all = perCall.flatMap((c) => c.ids);
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort((a, b) => a - b)).toEqual(rows.map((r) => r.id).sort((a, b) => a - b));
    // The unique key holds in the data too.
    const keys = rows.map((r) => `${r.key}|${r.termEnd}|${r.offset}|${r.identityId}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('the second sweep of every day claims nothing', () => {
    const evenings = perCall.filter((c) => c.call === 'evening' && c.ids.length > 0);
    expect(evenings).toEqual([]);
  });

  it('two instances sweeping at once on 2026-12-02 share the work: together they claim each reminder once', () => {
    const a = perCall.find((c) => c.call === 'instance A')?.ids ?? [];
    const b = perCall.find((c) => c.call === 'instance B')?.ids ?? [];
    expect(a.filter((id) => b.includes(id))).toEqual([]);
    const day = rows.filter((r) => claimedOn.get(r.id) === '2026-12-02');
    expect([...a, ...b].sort((x, y) => x - y)).toEqual(day.map((r) => r.id));
    // 7Q2M's 14-day reminder to three chats, P4RP's −1 to the same three.
    expect(day.map((r) => `${r.key} ${r.offset} ${r.chatId}`).sort()).toEqual(
      [
        `${KEY_7Q2M} 14 acme-console`, `${KEY_7Q2M} 14 7001`, `${KEY_7Q2M} 14 7101`,
        `${KEY_P4RP} -1 acme-console`, `${KEY_P4RP} -1 7001`, `${KEY_P4RP} -1 7101`,
      ].sort(),
    );
  });

  it(`7Q2M (expires ${TERM_END_7Q2M}, 20 days after the demo's today) gets 14 on 12-02, then 7, 1, 0, −1, −7 — the 30-day one is past catching up`, () => {
    expect(timeline(rows, claimedOn, KEY_7Q2M, 'acme-console')).toEqual(WALK_7Q2M);
    expect(timeline(rows, claimedOn, KEY_7Q2M, '7001')).toEqual(WALK_7Q2M);
    expect(timeline(rows, claimedOn, KEY_7Q2M, '7101')).toEqual(WALK_7Q2M);
    for (const r of rows.filter((x) => x.key === KEY_7Q2M)) {
      expect(r.termEnd).toBe(TERM_END_7Q2M);
      expect(r.dueOn).toBe(claimedOn.get(r.id));
    }
  });

  it('P4RP (perpetual, maintenance ends 2026-12-01) gets its 7-day reminder on day one (caught up), then 1, 0, −1, −7', () => {
    expect(timeline(rows, claimedOn, KEY_P4RP, '7001')).toEqual([
      ['2026-11-26', 7],
      ['2026-11-30', 1],
      ['2026-12-01', 0],
      ['2026-12-02', -1],
      ['2026-12-08', -7],
    ]);
    expect(rows.find((r) => r.key === KEY_P4RP && r.offset === 7)?.dueOn).toBe('2026-11-24');
  });

  it('Bright Voice’s B2RV (expires 2027-01-10) walks through all seven offsets, to its owner only', () => {
    expect(timeline(rows, claimedOn, KEY_B2RV, '8001')).toEqual([
      ['2026-12-11', 30],
      ['2026-12-27', 14],
      ['2027-01-03', 7],
      ['2027-01-09', 1],
      ['2027-01-10', 0],
      ['2027-01-11', -1],
      ['2027-01-17', -7],
    ]);
    expect(new Set(rows.filter((r) => r.key === KEY_B2RV).map((r) => r.username))).toEqual(new Set(['bright']));
  });

  it('each claim is the offset dueOffset gives for that day (the SQL and the domain agree)', () => {
    for (const r of rows) {
      const day = claimedOn.get(r.id) ?? '';
      expect(r.offset, `${r.key} on ${day}`).toBe(dueOffset(daysBetween(day, r.termEnd), DEFAULT_REMINDER_OFFSETS));
    }
  });

  it('recipients: owner (both chats) and purchase; never sales (not opted in), support, an inactive user, an unreachable chat', () => {
    expect(new Set(rows.filter((r) => r.key !== KEY_B2RV).map((r) => `${r.username}/${r.chatId}`))).toEqual(new Set(['demo/acme-console', 'demo/7001', 'buyer1/7101']));
    expect(rows.filter((r) => ['sales', 'support'].includes(r.role))).toEqual([]);
    expect(rows.filter((r) => ['7102', '7103'].includes(r.chatId))).toEqual([]);
  });

  it('a license whose reminders were stopped (M8C4) and licenses far from their term end get none', () => {
    const keys = new Set(rows.map((r) => r.key));
    expect(keys).toEqual(new Set([KEY_7Q2M, KEY_P4RP, KEY_B2RV]));
  });
});

describe('renewing silences the rest', () => {
  let rd: RemindersDemo;
  beforeAll(async () => {
    rd = await remindersDemo();
    await rd.link('demo', { chatId: '7001' });
    await rd.knex('licenses').whereNot({ license_key: KEY_7Q2M }).update({ reminders_stopped: true });
  });
  afterAll(async () => {
    await rd?.close();
  });

  it('7Q2M renewed on 2026-12-09 after its 7-day reminder: nothing more until the new term, whose 30-day reminder comes on 2027-11-16', async () => {
    const got: Array<[string, number]> = [];
    for (const date of datesFrom('2026-11-26', '2026-12-09')) for (const r of await rd.rows((await rd.claim(date)).map((c) => c.id))) got.push([date, r.offset]);
    expect(got).toEqual([['2026-12-02', 14], ['2026-12-09', 7]]);

    // Fulfilment renews it for a year: the term end moves to 2027-12-16.
    expect(await rd.renew(KEY_7Q2M)).toBe('2027-12-16');
    const after: string[] = [];
    for (const date of datesFrom('2026-12-10', '2027-01-31')) for (const c of await rd.claim(date)) after.push(`${date} #${c.id}`);
    expect(after).toEqual([]);

    // The new term is reminded of in its turn, keyed by its own term end.
    const next = await rd.rows((await rd.claim('2027-11-16')).map((c) => c.id));
    expect(next.map((r) => [r.key, r.termEnd, r.offset])).toEqual([[KEY_7Q2M, '2027-12-16', 30]]);
  }, 20_000);
});

describe('missed sweeps send only the latest due offset', () => {
  let rd: RemindersDemo;
  beforeAll(async () => {
    rd = await remindersDemo();
    await rd.link('demo', { chatId: '7001' });
  });
  afterAll(async () => {
    await rd?.close();
  });

  it('no sweep ran from 2026-11-26 to 2026-12-09: on 12-10 7Q2M gets its 7-day reminder only (not 14), P4RP its −7 only', async () => {
    const got = await rd.rows((await rd.claim('2026-12-10')).map((c) => c.id));
    expect(got.map((r) => `${r.key} ${r.offset} due ${r.dueOn}`).sort()).toEqual([`${KEY_7Q2M} 7 due 2026-12-09`, `${KEY_P4RP} -7 due 2026-12-08`]);
  });

  it('none again until 2026-12-25: 7Q2M gets −7 only (1, 0 and −1 were missed); the −7 of P4RP is not claimed twice', async () => {
    const got = await rd.rows((await rd.claim('2026-12-25')).map((c) => c.id));
    expect(got.map((r) => `${r.key} ${r.offset}`)).toEqual([`${KEY_7Q2M} -7`]);
  });

  it('a reminder more than a week late is not sent at all: a term that ended 15 days before the first sweep gets nothing, 14 days gets −7', async () => {
    const fifteen = await rd.addLicense('demo', '2026-12-11');
    const fourteen = await rd.addLicense('demo', '2026-12-12');
    const got = await rd.rows((await rd.claim('2026-12-26')).map((c) => c.id));
    expect(got.filter((r) => r.key === fourteen).map((r) => r.offset)).toEqual([-7]);
    expect(got.filter((r) => r.key === fifteen)).toEqual([]);
  });
});

describe('recipients', () => {
  let rd: RemindersDemo;
  beforeAll(async () => {
    rd = await remindersDemo();
    await rd.link('demo', { chatId: '7001' });
    await rd.link('demo', { channel: 'console', chatId: 'acme-console' });
    await rd.addUser('demo', 'buyer1', 'purchase');
    await rd.link('buyer1', { chatId: '7101' });
    await rd.link('sales1', { chatId: '7201' });
    await rd.link('support1', { chatId: '7301' });
  });
  afterAll(async () => {
    await rd?.close();
  });

  const recipientsOf = (rows: ReminderRow[], key: string) => rows.filter((r) => r.key === key).map((r) => `${r.role}:${r.chatId}`).sort();

  it('owner on every linked chat and purchase users; not sales while the reseller has not opted in; never support', async () => {
    const rows = await rd.rows((await rd.claim('2026-12-02')).map((c) => c.id));
    expect(recipientsOf(rows, KEY_7Q2M)).toEqual(['owner:7001', 'owner:acme-console', 'purchase:7101']);
  });

  it('once Acme opts in (remind_sales_users), the next sweep the same day claims the sales user’s reminder, and only that', async () => {
    await rd.knex('resellers').where({ partner_id: '100001' }).update({ remind_sales_users: true });
    const rows = await rd.rows((await rd.claim('2026-12-02T09:00:00Z')).map((c) => c.id));
    expect(recipientsOf(rows, KEY_7Q2M)).toEqual(['sales:7201']);
    expect(rows.filter((r) => r.role === 'support')).toEqual([]);
  });

  it('a chat that blocked the bot (unreachable_since) is skipped; the user’s other chats are not', async () => {
    await rd.knex('channel_identities').where({ channel: 'telegram', chat_id: '7001' }).update({ unreachable_since: rd.knex.fn.now() });
    const rows = await rd.rows((await rd.claim('2026-12-09')).map((c) => c.id));
    expect(recipientsOf(rows, KEY_7Q2M)).toEqual(['owner:acme-console', 'purchase:7101', 'sales:7201']);
  });

  it('a license whose reminders are stopped is skipped for everyone', async () => {
    await rd.knex('licenses').where({ license_key: KEY_7Q2M }).update({ reminders_stopped: true });
    const rows = await rd.rows((await rd.claim('2026-12-15')).map((c) => c.id));
    expect(recipientsOf(rows, KEY_7Q2M)).toEqual([]);
  });
});

describe('the set-based claim agrees with dueOffset for every term end from 20 days ago to 40 days ahead', () => {
  let rd: RemindersDemo;
  beforeAll(async () => {
    rd = await remindersDemo();
    await rd.link('bright', { chatId: '8001' });
    await rd.knex('licenses').update({ reminders_stopped: true });
  });
  afterAll(async () => {
    await rd?.close();
  });

  it('annual and perpetual licenses, one per term end, claimed in one sweep on 2026-12-02', async () => {
    const today = '2026-12-02';
    const wanted: Array<{ days: number; type: 'annual' | 'perpetual'; termEnd: string }> = [];
    for (let days = -20; days <= 40; days++) {
      for (const type of ['annual', 'perpetual'] as const) wanted.push({ days, type, termEnd: addDays(today, days) });
    }
    const added = await rd.addLicenses('bright', wanted);
    const keys = new Map(added.map((key, i) => [key, wanted[i] ?? { days: NaN, type: 'annual' }]));
    const rows = await rd.rows((await rd.claim(today)).map((c) => c.id));
    const got = new Map(rows.map((r) => [r.key, r.offset]));
    const mismatches: string[] = [];
    for (const [key, { days, type }] of keys) {
      const expected = dueOffset(days, DEFAULT_REMINDER_OFFSETS);
      if (got.get(key) !== expected) mismatches.push(`${type} ${days} days left: claimed ${String(got.get(key))}, dueOffset ${String(expected)}`);
    }
    expect(mismatches).toEqual([]);
    expect(rows).toHaveLength([...keys.values()].filter((k) => dueOffset(k.days, DEFAULT_REMINDER_OFFSETS) !== undefined).length);
  });
});

describe('four instances sweeping at the same moment, 120 licenses due for three chats each', () => {
  let rd: RemindersDemo;
  beforeAll(async () => {
    rd = await remindersDemo();
    await rd.link('demo', { chatId: '7001' });
    await rd.link('demo', { channel: 'console', chatId: 'acme-console' });
    await rd.addUser('demo', 'buyer1', 'purchase');
    await rd.link('buyer1', { chatId: '7101' });
    await rd.addLicenses('demo', Array.from({ length: 120 }, (_, i) => (i % 2 === 0 ? '2026-12-16' : '2026-12-09')));
  });
  afterAll(async () => {
    await rd?.close();
  });

  it('claim every reminder once between them, without an error or a deadlock, two days running', async () => {
    for (const date of ['2026-12-02', '2026-12-09']) {
      rd.clock.set(`${date}T08:00:00Z`);
      const results = await Promise.all([rd.claim(), rd.claim(), rd.claim(), rd.claim()]);
      const ids = results.flat().map((c) => c.id);
      expect(new Set(ids).size, date).toBe(ids.length);
      const stored = await rd.knex('reminders').where('claimed_at', rd.clock.now()).pluck('id');
      expect([...ids].sort((a, b) => a - b), date).toEqual(stored.map(Number).sort((a, b) => a - b));
      expect(ids, date).toHaveLength(122 * 3);
    }
    // 12-02: 60 licenses at 14 days, 60 at 7, 7Q2M (14), P4RP (−1); 12-09: 60 at 7 days, 60 at 0, 7Q2M (7), P4RP (−7); three chats each.
    expect(Number((await rd.knex('reminders').count('id as count'))[0]?.count)).toBe((122 + 122) * 3);
  });
});
