// Logins under load: passwords are checked with no transaction open (no pool connection, no
// row lock held while scrypt runs), and attempts in parallel from many chats still count one
// by one towards the lock after 5 failures.
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationEngine, type ConversationEngine, type ConversationKey } from '../../../src/conversation/engine';
import type { Reply } from '../../../src/conversation/reply';
import type { PasswordHasher } from '../../../src/domain/ports';
import { fixedClock } from '../../../src/infra/clock';
import { knexConversationStore } from '../../../src/infra/store/conversations';
import { demoStore, testHasher } from '../../support/demo-store';

const WRONG = 'That username and password do not match. Please try again.';
const LOCKED = 'Too many failed attempts: this user is locked until 10:15 UTC. Try again later.';

/** The test hasher, noting how many pool connections were in use at each check. */
function watchedHasher(knex: Knex): PasswordHasher & { inUseAtChecks: number[] } {
  const inUseAtChecks: number[] = [];
  const pool = (knex.client as { pool: { numUsed(): number } }).pool;
  return {
    inUseAtChecks,
    dummyHash: testHasher.dummyHash,
    hash: (password) => testHasher.hash(password),
    async verify(password, hash) {
      inUseAtChecks.push(pool.numUsed());
      return testHasher.verify(password, hash);
    },
  };
}

describe('logins under load', () => {
  let demo: Awaited<ReturnType<typeof demoStore>>;
  let engine: ConversationEngine;
  let hasher: ReturnType<typeof watchedHasher>;
  const errors: unknown[] = [];
  beforeAll(async () => {
    demo = await demoStore();
    hasher = watchedHasher(demo.knex);
    engine = conversationEngine({
      conversations: knexConversationStore(demo.knex), licenses: demo.provider, hasher, clock: fixedClock('2026-11-26T10:00:00Z'),
      paymentMethods: ['offline'], onError: (error) => errors.push(error),
    });
  });
  afterAll(async () => {
    await demo?.drop();
  });

  const keyOf = (n: number): ConversationKey => ({ channel: 'console', chatId: `load-${n}`, userId: `load-${n}` });
  const texts = (replies: Reply[]) => replies.map((r) => r.text);
  async function atPasswordPrompt(key: ConversationKey, username: string): Promise<void> {
    await engine.handle(key, { kind: 'text', text: 'hello' });
    expect(texts(await engine.handle(key, { kind: 'text', text: username }))).toEqual(['Your password? (It is not shown or stored.)']);
  }

  it('checks a password while no pool connection is in use, and logs in', async () => {
    const key = keyOf(0);
    await atPasswordPrompt(key, 'demo');
    const checksBefore = hasher.inUseAtChecks.length;
    const replies = await engine.handle(key, { kind: 'text', text: 'demo-pass-1' });
    expect(texts(replies)).toEqual(['Welcome, Dana Demo (Acme Telecom B.V.).', 'Main menu. What would you like to do?']);
    expect(hasher.inUseAtChecks.slice(checksBefore)).toEqual([0]);
    expect(errors).toEqual([]);
  });

  it('ten wrong passwords at once from ten chats count one by one: four refused, then locked, and the right one is locked out too', async () => {
    const keys = Array.from({ length: 10 }, (_, i) => keyOf(i + 1));
    for (const key of keys) await atPasswordPrompt(key, 'bright');
    const answers = await Promise.all(keys.map((key) => engine.handle(key, { kind: 'text', text: 'Wr0ng-Secret-7731' })));
    const first = answers.map((replies) => replies[0]?.text);
    expect(first.filter((text) => text === WRONG)).toHaveLength(4);
    expect(first.filter((text) => text === LOCKED)).toHaveLength(6);
    expect(await demo.knex('reseller_users').where({ username: 'bright' }).first('failed_attempts')).toEqual({ failed_attempts: 5 });

    await engine.handle(keys[0] as ConversationKey, { kind: 'text', text: 'bright' });
    expect(texts(await engine.handle(keys[0] as ConversationKey, { kind: 'text', text: 'bright-pass-1' }))[0]).toBe(LOCKED);
    expect(errors).toEqual([]);
  });

  it('an unknown username costs a check too, made outside any transaction', async () => {
    const key = keyOf(20);
    await atPasswordPrompt(key, 'no-such-user');
    const checksBefore = hasher.inUseAtChecks.length;
    expect(texts(await engine.handle(key, { kind: 'text', text: 'Unkn0wn-Secret-4410' }))[0]).toBe(WRONG);
    expect(hasher.inUseAtChecks.slice(checksBefore)).toEqual([0]);
  });
});
