// The maintenance sweep deletes platform input ids older than their retention, in batches,
// and keeps the recent ones: an input sent again within the retention is still recognised.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/infra/clock';
import { silentLogger } from '../../../src/infra/log';
import { conversationHousekeeping } from '../../../src/infra/store/conversations';
import { maintenanceProcessor, PROCESSED_INPUT_RETENTION_MS } from '../../../src/jobs/maintenance';
import { demoEngine, demoStore } from '../../support/demo-store';

describe('processed input ids', () => {
  let demo: Awaited<ReturnType<typeof demoStore>>;
  const clock = fixedClock('2026-11-26T10:00:00Z');

  beforeAll(async () => {
    demo = await demoStore();
  });
  afterAll(async () => {
    await demo?.drop();
  });

  it('are deleted by the sweep once older than the retention, the recent ones kept and still recognised', async () => {
    const now = clock.now().getTime();
    const old = Array.from({ length: 12 }, (_, i) => ({ channel: 'telegram', input_id: `old-${i}`, at: new Date(now - PROCESSED_INPUT_RETENTION_MS - 60_000 * (i + 1)) }));
    await demo.knex('processed_inputs').insert(old);
    const engine = demoEngine(demo, clock, (error) => {
      throw error;
    });
    const key = { channel: 'telegram' as const, chatId: '501', userId: '501' };
    expect((await engine.handleInput(key, { kind: 'text', text: '/start' }, { inputId: 'recent-1' })).duplicate).toBe(false);

    const housekeeping = conversationHousekeeping(demo.knex);
    // In batches: a small one first, then the sweep takes the rest.
    expect(await housekeeping.pruneProcessedInputs(new Date(now - PROCESSED_INPUT_RETENTION_MS), 5)).toBe(5);
    const sweep = maintenanceProcessor({ store: demo.store, clock, staleOutbox: async () => [], deliver: async () => undefined, fulfil: async () => undefined, housekeeping, log: silentLogger });
    expect((await sweep()).prunedInputs).toBe(7);
    expect(await demo.knex('processed_inputs').pluck('input_id')).toEqual(['recent-1']);
    expect((await engine.handleInput(key, { kind: 'text', text: '/start' }, { inputId: 'recent-1' })).duplicate).toBe(true);
  });

  it('deletes the failed-login records of unknown usernames that decide nothing any more, and keeps those that still count or lock', async () => {
    const now = clock.now();
    const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
    const minutesOn = (m: number) => new Date(now.getTime() + m * 60_000);
    await demo.knex('login_failures').insert([
      { username: 'counting', failed_attempts: 3, locked_until: null, last_failed_at: hoursAgo(23) },
      { username: 'locked', failed_attempts: 5, locked_until: minutesOn(10), last_failed_at: hoursAgo(0) },
      { username: 'forgotten', failed_attempts: 4, locked_until: null, last_failed_at: hoursAgo(24) },
      { username: 'lock-passed', failed_attempts: 5, locked_until: minutesOn(-1), last_failed_at: hoursAgo(1) },
      { username: 'empty', failed_attempts: 0, locked_until: null, last_failed_at: null },
    ]);
    const housekeeping = conversationHousekeeping(demo.knex);
    expect(await housekeeping.pruneLoginFailures(now, 2)).toBe(2);
    const sweep = maintenanceProcessor({ store: demo.store, clock, staleOutbox: async () => [], deliver: async () => undefined, fulfil: async () => undefined, housekeeping, log: silentLogger });
    expect((await sweep()).prunedLoginFailures).toBe(1);
    expect((await demo.knex('login_failures').orderBy('username').pluck('username'))).toEqual(['counting', 'locked']);
  });
});
