// A busy product never answers "something went wrong": with the only pooled connection held
// elsewhere, an input waits (knex's acquire times out and the engine tries again) and gets
// its real answer once a connection is free; past its patience it is told the product is busy
// and that nothing changed.
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBusy, type Patience } from '../../../src/infra/store/busy';
import { conversationEngine, type ConversationEngine, type ConversationKey } from '../../../src/conversation/engine';
import { t } from '../../../src/conversation/wording';
import { fixedClock } from '../../../src/infra/clock';
import { createKnex } from '../../../src/infra/db/connection';
import { silentLog } from '../../../src/infra/db/embedded';
import { knexConversationStore } from '../../../src/infra/store/conversations';
import { demoStore, testHasher } from '../../support/demo-store';

const MENU = 'Main menu. What would you like to do?';

describe('a busy database', () => {
  let demo: Awaited<ReturnType<typeof demoStore>>;
  // One connection, given up on after 100 ms: a single held transaction makes every other input wait.
  let tiny: Knex;
  const errors: unknown[] = [];
  beforeAll(async () => {
    demo = await demoStore();
    tiny = createKnex(demo.url, { poolMax: 1, acquireTimeoutMs: 100, applicationName: 'threecx-test-tiny', log: silentLog });
  });
  afterAll(async () => {
    await tiny?.destroy();
    await demo?.drop();
  });

  function engineOn(patience: Patience, onBusy: (attempt: number) => void): ConversationEngine {
    return conversationEngine({
      conversations: knexConversationStore(tiny, { patience, onBusy: (_error, attempt) => onBusy(attempt) }), licenses: demo.provider, hasher: testHasher,
      clock: fixedClock('2026-11-26T10:00:00Z'), paymentMethods: ['offline'], onError: (error) => errors.push(error),
    });
  }

  /** Holds the tiny pool's only connection (`held` once it does) until `release` is called. */
  function holdThePool(): { held: Promise<void>; release: () => void; done: Promise<void> } {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const done = tiny.transaction(async (trx) => {
      await trx.raw('select 1');
      holding();
      await released;
    });
    return { held, release, done };
  }

  async function loggedIn(engine: ConversationEngine, key: ConversationKey): Promise<void> {
    await engine.handle(key, { kind: 'text', text: 'hello' });
    await engine.handle(key, { kind: 'text', text: 'demo' });
    expect((await engine.handle(key, { kind: 'text', text: 'demo-pass-1' })).at(-1)?.text).toBe(MENU);
  }

  it('waits while the pool is held and answers the real menu once it is free, never "something went wrong"', async () => {
    const pool: { release?: () => void } = {};
    let busyAttempts = 0;
    const engine = engineOn({ totalMs: 120_000, firstPauseMs: 10, maxPauseMs: 50 }, () => {
      busyAttempts += 1;
      // The input found no connection: only now is the pool let go, so the wait is real.
      if (busyAttempts === 2) pool.release?.();
    });
    const key: ConversationKey = { channel: 'console', chatId: 'busy-1', userId: 'busy-1' };
    await loggedIn(engine, key);

    const hold = holdThePool();
    pool.release = hold.release;
    await hold.held;
    const replies = await engine.handle(key, { kind: 'text', text: '/menu' }, 'busy-update-1');
    await hold.done;
    expect(busyAttempts).toBeGreaterThanOrEqual(2);
    expect(replies.map((r) => r.text)).toEqual([MENU]);
    expect(replies.map((r) => r.text)).not.toContain(t.somethingWentWrong);
    expect(errors).toEqual([]);
    // Handled once: the platform's id is recorded, a redelivery is a duplicate.
    expect(await engine.handle(key, { kind: 'text', text: '/menu' }, 'busy-update-1')).toEqual([]);
  });

  it('past its patience it answers that the product is busy and that nothing changed, and the input can be sent again', async () => {
    const engine = engineOn({ totalMs: 0, firstPauseMs: 10, maxPauseMs: 50 }, () => undefined);
    const key: ConversationKey = { channel: 'console', chatId: 'busy-2', userId: 'busy-2' };
    await loggedIn(engine, key);
    const saved = async () => (await demo.knex('conversations').where({ channel: 'console', chat_id: 'busy-2' }).first('version')).version as number;
    const before = await saved();

    const hold = holdThePool();
    await hold.held;
    const replies = await engine.handle(key, { kind: 'text', text: '/menu' }, 'busy-update-2');
    hold.release();
    await hold.done;
    expect(replies.map((r) => r.text)).toEqual([t.busy]);
    expect(errors.splice(0).every(isBusy)).toBe(true);
    expect(await saved()).toBe(before);
    // Nothing was recorded of it: sent again, it is handled.
    expect((await engine.handle(key, { kind: 'text', text: '/menu' }, 'busy-update-2')).map((r) => r.text)).toEqual([MENU]);
  });

  it('tells a busy database from a broken one', () => {
    const timeout = Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), { name: 'KnexTimeoutError' });
    expect([timeout, Object.assign(new Error('x'), { code: '40001' }), Object.assign(new Error('x'), { code: '40P01' }), Object.assign(new Error('x'), { code: '55P03' })].every(isBusy)).toBe(true);
    expect([new Error('relation does not exist'), Object.assign(new Error('x'), { code: '23505' }), 'KnexTimeoutError'].some(isBusy)).toBe(false);
  });
});
