// Broadcasts through `npm run ops`: previewed (nothing sent), sent through the outbox to the
// private chats of the chosen resellers' owners and purchase users, delivered by the real
// notifications worker; the history says who got it and how many arrived. To 1,000 resellers
// the notifier keeps its pace: never more than 30 messages in any second, each chat once (the
// pace the Telegram bot takes before each message, shared through PostgreSQL: send-pace.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxStore } from '../../../src/infra/store/outbox';
import { reminderStore } from '../../../src/infra/store/reminders';
import { createQueueFactory, type QueueFactory } from '../../../src/infra/queue/connection';
import { fixedClock } from '../../../src/infra/clock';
import { sendPace, TELEGRAM_PACE } from '../../../src/infra/store/send-pace';
import { startJobs, type Jobs } from '../../../src/jobs/workers';
import type { ChannelNotifier } from '../../../src/jobs/notifier';
import type { Logger } from '../../../src/infra/log';
import { adminCli } from '../../support/admin-cli';
import { redisUrlForTests, uniquePrefix } from '../../support/db';
import { demoStore } from '../../support/demo-store';
import { waitFor } from '../../support/payments-harness';

type Demo = Awaited<ReturnType<typeof demoStore>>;
const RESELLERS = 1000;

describe('npm run ops -- broadcast:…', () => {
  let demo: Demo;
  let cli: ReturnType<typeof adminCli>;
  let factory: QueueFactory;
  let redisUrl: string | undefined;
  const prefix = uniquePrefix();
  let jobs: Jobs;
  const deliveries: Array<{ chatId: string; text: string; at: number }> = [];
  let expected = 0;
  let allDelivered: () => void = () => undefined;
  const logs: string[] = [];
  const log: Logger = { debug: () => undefined, info: () => undefined, warn: (m) => void logs.push(m), error: (m) => void logs.push(m) };

  beforeAll(async () => {
    demo = await demoStore();
    // 1,000 resellers at bronze (half in NL, half in DE), each with an owner on Telegram; one with a
    // support user (never messaged) and one suspended (never messaged).
    const rows = Array.from({ length: RESELLERS }, (_, i) => ({ partner_id: `9${String(i).padStart(5, '0')}`, company: `Bulk ${i}`, country: i % 2 === 0 ? 'NL' : 'DE', level_code: 'bronze', discount_bp: 1500, vat_rate_bp: 0 }));
    const resellers = await demo.knex('resellers').insert(rows).returning(['id', 'partner_id']);
    const hash = 'scrypt$16384$8$1$c2FsdA$aGFzaA';
    const users = await demo.knex('reseller_users').insert(resellers.map((r, i) => ({ reseller_id: r.id, username: `bulk${i}`, name: `Owner ${i}`, role: i === 1 ? 'support' : 'owner', password_hash: hash }))).returning(['id']);
    await demo.knex('channel_identities').insert(users.map((u, i) => ({ channel: 'telegram', external_user_id: String(500_000 + i), chat_id: String(500_000 + i), reseller_user_id: u.id })));
    await demo.knex('resellers').where({ partner_id: '900003' }).update({ suspended_at: new Date('2026-11-20T00:00:00Z') });

    const pace = sendPace(demo.knex, TELEGRAM_PACE);
    const telegram: ChannelNotifier = {
      async deliver(chatId, replies) {
        for (let i = 0; i < replies.length; i++) await pace.take();
        deliveries.push({ chatId, text: replies.map((r) => r.text).join('\n'), at: Date.now() });
        if (deliveries.length === expected) allDelivered();
        return { kind: 'delivered' };
      },
    };
    redisUrl = await redisUrlForTests();
    factory = await createQueueFactory({ redisUrl, databaseUrl: demo.url, prefix });
    const clock = fixedClock('2026-11-26T10:00:00Z');
    jobs = await startJobs({
      factory, store: demo.store, licenses: demo.provider, gateways: {}, outbox: outboxStore(demo.knex), notifiers: { telegram }, clock,
      timeZone: async () => 'Europe/Amsterdam', log, reminderStore: reminderStore(demo.knex), reminders: { hourUtc: 9, offsetsDays: [30] }, work: true,
    });
    cli = adminCli(demo, { clock, deliver: (ids) => jobs.deliver(ids) });
  }, 60_000);
  afterAll(async () => {
    await jobs?.close();
    await factory?.close();
    await demo?.drop();
    // The queues' keys on a shared Redis go too (on PostgreSQL they went with the database).
    if (redisUrl) {
      const { Redis } = await import('ioredis');
      const redis = new Redis(redisUrl);
      try {
        for (let cursor = '0', first = true; first || cursor !== '0'; first = false) {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
          if (keys.length > 0) await redis.del(...keys);
          cursor = next;
        }
      } finally {
        redis.disconnect();
      }
    }
  });

  it('previews whom a broadcast reaches and sends nothing; refuses bad input and a staff role', async () => {
    const outbox = async () => (await demo.knex('outbox')).length;
    const before = await outbox();
    const result = await cli.run('broadcast:preview', ['--country', 'de', '--level', 'bronze', '--text', 'Maintenance window Sunday 02:00–04:00 CET.']);
    // Of the 500 in DE: 900001 has only a support user, 900003 is suspended.
    expect(result.stdout.split('\n')[0]).toBe('broadcast 1 to partner level bronze, in DE: 498 reseller(s), 498 owner and purchase user(s), 498 chat(s)');
    expect(result.stdout).toContain('nothing is sent yet: npm run ops -- broadcast:send 1');
    expect(await outbox()).toBe(before);
    const cases: Array<[string, string[], number, string]> = [
      ['broadcast:preview', ['--text', 'Hello'], 2, 'give --level and/or --country, or --all for every reseller: nothing changed\n'],
      ['broadcast:preview', ['--level', 'wood', '--text', 'Hello'], 1, '--level must be one of the partner levels: bronze, silver, gold, platinum, titanium: nothing changed\n'],
      ['broadcast:preview', ['--country', 'FR', '--text', 'Bonjour'], 1, 'no chat of an active reseller\'s owner or purchase user matches: nothing changed\n'],
      ['broadcast:send', ['1', '--by', 'staff1'], 1, 'staff1 is staff, not an administrator: only an administrator may do this: nothing changed\n'],
      ['broadcast:send', ['77'], 1, 'no broadcast 77: nothing changed\n'],
    ];
    for (const [name, args, code, line] of cases) expect({ name, args, ...(await cli.run(name, args)) }).toEqual({ name, args, code, stdout: '', stderr: line });
    expect(await outbox()).toBe(before);
  });

  it('sends to 1,000 resellers at the notifier\'s pace: each chat once, no faster than 30 a second; the history counts them', async () => {
    const preview = await cli.json('broadcast:preview', ['--all', '--text', 'New prices from 1 January: see prices:export.']);
    const id = (preview.broadcast as { id: number }).id;
    // Every reseller's reachable owner: the 1,000 bulk ones less the support-only and the
    // suspended one, and the demo's own owners and purchase users with a chat (none here).
    expect(preview.reach).toEqual({ resellers: 998, users: 998, chats: 998 });
    expected = 998;
    const done = new Promise<void>((resolve) => (allDelivered = resolve));
    const sent = await cli.run('broadcast:send', [String(id)]);
    expect(sent.stdout).toMatch(/^broadcast \d+ queued to 998 chat\(s\) of 998 reseller\(s\)/);
    expect((await cli.run('broadcast:send', [String(id)])).stderr).toBe(`broadcast ${id} was sent already: nothing changed\n`);
    await done;

    expect(new Set(deliveries.map((d) => d.chatId)).size).toBe(998);
    expect(deliveries.every((d) => d.text === 'New prices from 1 January: see prices:export.')).toBe(true);
    expect(deliveries.some((d) => d.chatId === '500001' || d.chatId === '500003')).toBe(false);
    // The pace: no faster than 30 messages a second (Telegram's limit per bot) from the first to
    // the last. Measured over the whole run, which a busy machine can only slow down: a window of
    // one second could hold a 31st message whose worker was delayed after its turn had come.
    const times = deliveries.map((d) => d.at).sort((a, b) => a - b);
    const seconds = ((times.at(-1) as number) - (times[0] as number)) / 1000;
    expect((times.length - 1) / seconds).toBeLessThanOrEqual(30);

    // The last delivery is recorded as delivered after the notifier took it: waited for, not raced.
    const history = await waitFor(async () => {
      const now = await cli.json('broadcast:history', [String(id)]);
      return (now.broadcast as { delivered: number }).delivered === 998 ? now : undefined;
    }, { what: 'every delivery recorded in the history' });
    expect(history.broadcast).toMatchObject({ id, recipients: 998, delivered: 998, givenUp: 0, sentBy: 'staff:admin1' });
    expect((history.recipients as unknown[])[0]).toEqual({ partnerId: '900000', company: 'Bulk 0', username: 'bulk0', channel: 'telegram', status: 'delivered' });
    expect((await cli.run('broadcast:history', [])).stdout).toMatch(new RegExp(`^${id}\\tsent 2026-11-26T10:00:00.000Z by admin1\\tevery reseller\\t998 chat\\(s\\), 998 delivered, 0 given up, 0 waiting\\tNew prices`));
    expect(await demo.knex('audit_log').where({ action: 'broadcast.sent' }).first()).toMatchObject({ actor: 'staff:admin1', details: { before: { sentAt: null }, after: { sentAt: '2026-11-26T10:00:00.000Z' }, chats: 998 } });
    expect(logs).toEqual([]);
  }, 120_000);
});
