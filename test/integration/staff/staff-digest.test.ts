// The daily digest to STAFF_CHAT, wired as src/main.ts wires it (startJobs with its workers, a
// console notifier) and printed by the console open as the staff chat: payments received, the
// bank transfers waiting and their age (what came in part and what is still due), orders needing
// staff, reminders sent, renewals won; once
// per period however often its job runs, and the next period starts where the last one ended.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_REMINDER_OFFSETS } from '../../../src/domain/reminders/reminder-offsets';
import { actAsStaff } from '../../../src/domain/use-cases/staff/actions';
import { money } from '../../../src/conversation/i18n/common.en';
import { fixedClock } from '../../../src/infra/clock';
import { createQueueFactory } from '../../../src/infra/queue/connection';
import { outboxStore } from '../../../src/infra/store/outbox';
import { reminderStore } from '../../../src/infra/store/reminders';
import { staffDigestStore } from '../../../src/infra/store/staff-digests';
import { consoleNotifier } from '../../../src/jobs/notifier';
import { startJobs, type Jobs } from '../../../src/jobs/workers';
import { consoleSession } from '../../support/console-driver';
import { addToCart, newLicenseSummary, placeOfflineOrder, renewalSummary, textOf, type Chat } from '../../support/console-flows';
import { redisUrlForTests, uniquePrefix } from '../../support/db';
import { demoStore } from '../../support/demo-store';
import { eventually, KEY_7Q2M, memoryLogger } from '../../support/reminders-harness';

describe('the daily staff digest', () => {
  let demo: Awaited<ReturnType<typeof demoStore>>;
  let owner: Chat;
  let staffRoom: Chat;
  let jobs: Jobs;
  const notifier = consoleNotifier();
  const jobsClock = fixedClock('2026-11-27T07:30:00Z');
  let renewal: { number: number; totalCents: number; netCents: number };
  let waiting: { number: number; totalCents: number };
  let partPaid: { number: number; totalCents: number; receivedCents: number };
  /** The part-paid order's line, as Needs attention says it: what came in part and what is still due. */
  const partLine = (age: string) => `• order ${partPaid.number}, Acme Telecom B.V., ${money(partPaid.totalCents, 'EUR')}, waiting ${age} (${money(partPaid.receivedCents, 'EUR')} received in part, ${money(partPaid.totalCents - partPaid.receivedCents, 'EUR')} still due)`;

  async function place(summary: () => Promise<unknown>): Promise<{ id: string; number: number; totalCents: number }> {
    await summary();
    await addToCart(owner);
    const number = Number(/Order (\d+) is placed/.exec(textOf(await placeOfflineOrder(owner)))?.[1]);
    const row = await demo.knex('orders').where({ number }).first('id', 'total_cents');
    return { id: String(row.id), number, totalCents: Number(row.total_cents) };
  }

  beforeAll(async () => {
    demo = await demoStore();
    owner = await consoleSession({ demo, key: { chatId: 'owner', userId: 'owner' } });
    await owner.login('demo');
    // A renewal paid on 2026-11-26 (staff confirm its transfer), and a new license still waiting for its transfer.
    const paid = await place(() => renewalSummary(owner, 'Renew annual license', KEY_7Q2M, 1));
    const staff = await demo.store.transaction((repos) => repos.staff.findByUsername('staff1'));
    const confirmed = await demo.store.transaction((repos) => actAsStaff(repos, { kind: 'confirm_payment', orderId: paid.id, bankReference: 'BANK-D-1', amountCents: paid.totalCents }, {
      actor: { id: staff?.id ?? '', name: 'Sam Staff' }, reason: 'on the statement', at: new Date('2026-11-26T10:00:00Z'), today: '2026-11-26', licenses: demo.provider,
    }));
    expect(confirmed.kind).toBe('done');
    const line = await demo.knex('order_lines').where({ order_id: paid.id }).first('net_cents');
    renewal = { number: paid.number, totalCents: paid.totalCents, netCents: Number(line.net_cents) };
    waiting = await place(() => newLicenseSummary(owner, { edition: 'Startup', sc: 4, quantity: 1, years: 1 }));
    // And one whose transfer came in part: the rest still due.
    const part = await place(() => newLicenseSummary(owner, { edition: 'Startup', sc: 4, quantity: 2, years: 1 }));
    partPaid = { number: part.number, totalCents: part.totalCents, receivedCents: Math.floor(part.totalCents / 2) };
    const recorded = await demo.store.transaction((repos) => actAsStaff(repos, { kind: 'confirm_payment', orderId: part.id, bankReference: 'BANK-D-2', amountCents: partPaid.receivedCents }, {
      actor: { id: staff?.id ?? '', name: 'Sam Staff' }, reason: 'half of it on the statement', at: new Date('2026-11-26T11:00:00Z'), today: '2026-11-26', licenses: demo.provider,
    }));
    expect(recorded).toMatchObject({ kind: 'done', summary: { dueCents: partPaid.totalCents - partPaid.receivedCents } });

    staffRoom = await consoleSession({ demo, clock: jobsClock, key: { chatId: 'staffroom', userId: 'staffroom' }, notifications: notifier });
    const factory = await createQueueFactory({ redisUrl: await redisUrlForTests(), databaseUrl: demo.url, prefix: uniquePrefix() });
    jobs = await startJobs({
      factory, store: demo.store, licenses: demo.provider, gateways: {}, outbox: outboxStore(demo.knex), notifiers: { console: notifier },
      clock: jobsClock, timeZone: async () => 'UTC', log: memoryLogger(), reminderStore: reminderStore(demo.knex), reminders: { hourUtc: 8, offsetsDays: DEFAULT_REMINDER_OFFSETS },
      staffChat: { channel: 'console', chatId: 'staffroom' }, staffDigest: { hourUtc: 7, digests: staffDigestStore(demo.knex) }, work: true,
    });
  }, 60_000);

  afterAll(async () => {
    await jobs?.close();
    await owner?.close();
    await staffRoom?.close();
    await demo?.drop();
  });

  /** The digests the staff room printed so far. */
  async function printedDigests(count: number) {
    return eventually(async () => {
      await staffRoom.raw('');
      const found = staffRoom.transcript.filter((m) => m.text.startsWith('Daily digest'));
      return found.length >= count ? found : undefined;
    }, `${count} digest(s) printed in the staff room`);
  }

  it('at the digest hour, the staff chat gets the day\'s figures since the day before', async () => {
    expect(await jobs.staffDigest()).toMatchObject({ kind: 'sent', periodEnd: '2026-11-27T07:00:00.000Z' });
    const [digest] = await printedDigests(1);
    const text = digest?.text ?? '';
    expect(text).toContain('Daily digest, 2026-11-26 07:00 to 2026-11-27 07:00 UTC');
    expect(text).toContain(`Payments received: 1 (${money(renewal.totalCents, 'EUR')})`);
    expect(text).toContain('Bank transfers waiting: 2, 1 of them paid in part\n');
    expect(text).toContain(`\n• order ${waiting.number}, Acme Telecom B.V., ${money(waiting.totalCents, 'EUR')}, waiting 21 hours\n`);
    expect(text).toContain(`\n${partLine('21 hours')}\n`);
    expect(text).toContain('Orders needing staff: 0');
    expect(text).toContain('Renewal reminders sent: 0');
    expect(text).toContain(`Renewals won: 1 (${money(renewal.netCents, 'EUR')})`);
  });

  it('run again in the same period (a second instance, a retry), it sends nothing', async () => {
    jobsClock.set('2026-11-27T09:00:00Z');
    expect(await jobs.staffDigest()).toMatchObject({ kind: 'already_sent', periodEnd: '2026-11-27T07:00:00.000Z' });
    expect(await demo.knex('outbox').where({ kind: 'staff_digest' }).count('* as n').first()).toEqual({ n: 1 });
  });

  it('the next day\'s digest covers the period from where the last one ended: nothing paid since', async () => {
    jobsClock.set('2026-11-28T07:00:05Z');
    expect(await jobs.staffDigest()).toMatchObject({ kind: 'sent', periodEnd: '2026-11-28T07:00:00.000Z' });
    const digests = await printedDigests(2);
    const text = digests[1]?.text ?? '';
    expect(text).toContain('Daily digest, 2026-11-27 07:00 to 2026-11-28 07:00 UTC');
    expect(text).toContain('Payments received: 0');
    expect(text).toContain('Renewals won: 0');
    expect(text).toContain(`• order ${waiting.number}, Acme Telecom B.V., ${money(waiting.totalCents, 'EUR')}, waiting 1 day`);
    expect(text).toContain(partLine('1 day'));
    const rows = await demo.knex('staff_digests').orderBy('period_end').select('period_start', 'period_end');
    expect(rows.map((r) => [new Date(r.period_start).toISOString(), new Date(r.period_end).toISOString()])).toEqual([
      ['2026-11-26T07:00:00.000Z', '2026-11-27T07:00:00.000Z'],
      ['2026-11-27T07:00:00.000Z', '2026-11-28T07:00:00.000Z'],
    ]);
  });
});
