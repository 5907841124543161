// The SQL of one update, counted as PostgreSQL receives it (knex's 'query' event, BEGIN and
// COMMIT included): a logged-in user's /menu is at most 5 statements in 1 transaction.
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastText, loggedInChat, textOf, type Chat } from '../../support/console-flows';

interface Counted { sql: string; transaction: string | null; name: string | undefined }

/** Every statement `knex` sends while `work` runs, with the transaction it ran in. */
async function statementsOf(knex: Knex, work: () => Promise<unknown>): Promise<Counted[]> {
  const seen: Counted[] = [];
  const listener = (query: { sql: string; __knexTxId?: string; options?: { name?: string } }) =>
    seen.push({ sql: query.sql, transaction: query.__knexTxId ?? null, name: query.options?.name });
  knex.on('query', listener);
  try {
    await work();
  } finally {
    knex.removeListener('query', listener);
  }
  return seen;
}

describe('statements per update', () => {
  let chat: Chat;
  beforeAll(async () => {
    chat = await loggedInChat('demo', { key: { channel: 'telegram', chatId: '7001', userId: '7001' } });
  });
  afterAll(async () => {
    await chat?.close();
    await chat?.demo.drop();
  });

  it('a /menu of a logged-in user is at most 5 statements in 1 transaction', async () => {
    let replies: Awaited<ReturnType<Chat['engine']['handle']>> = [];
    const statements = await statementsOf(chat.demo.knex, async () => {
      replies = await chat.engine.handle(chat.key, { kind: 'text', text: '/menu' }, 'update-menu-1');
    });
    expect(lastText(replies)).toBe('Main menu. What would you like to do?');
    expect(statements.length).toBeLessThanOrEqual(5);
    expect(new Set(statements.map((s) => s.transaction)).size).toBe(1);
    expect(statements.every((s) => s.transaction !== null)).toBe(true);
    // The statement that starts the input and the save are prepared once per connection (pg named statements).
    expect(statements.map((s) => s.name).filter(Boolean)).toEqual(['conversation_start_input', 'conversation_save']);
  });

  it('adding to the cart finds and locks the cart once, and finds no pending approval in one statement', async () => {
    expect(lastText(await chat.send('buy 1 professional 8 sc for 1 year'))).toMatch(/^Which end customer/);
    expect(lastText(await chat.press('Skip'))).toMatch(/^Professional 8 SC, 1 license, 1 year/);
    const statements = await statementsOf(chat.demo.knex, () => chat.press('Add to cart'));
    expect(textOf(chat.transcript)).toMatch(/Added to your cart/);
    const matching = (pattern: RegExp) => statements.filter((s) => pattern.test(s.sql)).length;
    expect(matching(/^insert into "?carts"? /)).toBe(1);
    expect(matching(/from "carts" .* for update/)).toBe(1);
    expect(matching(/"approval_requests"/)).toBe(1);
    expect(new Set(statements.map((s) => s.transaction)).size).toBe(1);
    await chat.press('View cart');
    expect(lastText(await chat.press('Empty cart'))).toMatch(/^Your cart is empty/);
  });

  it('a chat that had blocked the bot is reachable again from its next input, in the same statements', async () => {
    const where = { channel: 'telegram', chat_id: '7001' };
    await chat.demo.knex('channel_identities').where(where).update({ unreachable_since: chat.demo.knex.fn.now() });
    const statements = await statementsOf(chat.demo.knex, () => chat.engine.handle(chat.key, { kind: 'text', text: '/menu' }, 'update-menu-2'));
    expect(statements.length).toBeLessThanOrEqual(5);
    expect(await chat.demo.knex('channel_identities').where(where).pluck('unreachable_since')).toEqual([null]);
  });

  it('a redelivered update changes nothing: not even the reachability of a chat marked unreachable since', async () => {
    const where = { channel: 'telegram', chat_id: '7001' };
    await chat.demo.knex('channel_identities').where(where).update({ unreachable_since: chat.demo.knex.fn.now() });
    expect(await chat.engine.handle(chat.key, { kind: 'text', text: '/menu' }, 'update-menu-2')).toEqual([]);
    expect((await chat.demo.knex('channel_identities').where(where).pluck('unreachable_since'))[0]).not.toBeNull();
    await chat.demo.knex('channel_identities').where(where).update({ unreachable_since: null });
  });

  it('keeps the distributor settings in memory, and reads them again at the next input once they changed', async () => {
    const greeting = async (n: number) => {
      const key = { channel: 'telegram' as const, chatId: `80${n}`, userId: `80${n}` };
      let replies: Awaited<ReturnType<Chat['engine']['handle']>> = [];
      const statements = await statementsOf(chat.demo.knex, async () => {
        replies = await chat.engine.handle(key, { kind: 'text', text: 'hello' }, `update-hello-${n}`);
      });
      return { settingsRead: statements.filter((s) => /from "distributor_settings"/.test(s.sql)).length, welcome: replies[0]?.text };
    };
    expect(await greeting(1)).toEqual({ settingsRead: 0, welcome: "Welcome to Demo Distribution B.V.'s 3CX ordering assistant. Please log in." });
    await chat.demo.knex('distributor_settings').where({ id: 1 }).update({ name: 'Renamed Distribution' });
    expect(await greeting(2)).toEqual({ settingsRead: 1, welcome: "Welcome to Renamed Distribution's 3CX ordering assistant. Please log in." });
    expect((await greeting(3)).settingsRead).toBe(0);
  });

  it('reads who the chat is logged in as again when what it read with the conversation was older than its lock', async () => {
    const identity = { channel: 'telegram', chat_id: '7001', external_user_id: '7001' };
    const userId = (await chat.demo.knex('channel_identities').where(identity).first('reseller_user_id')).reseller_user_id as string;
    await chat.demo.knex('channel_identities').where(identity).update({ reseller_user_id: null });
    // Another input of this conversation holds its lock and logs the chat in again (as a login does).
    let commit!: () => void;
    const committed = new Promise<void>((resolve) => (commit = resolve));
    let locked!: () => void;
    const holding = new Promise<void>((resolve) => (locked = resolve));
    const holder = chat.demo.knex.transaction(async (trx) => {
      await trx('conversations').where({ channel: 'telegram', chat_id: '7001', external_user_id: '7001' }).forUpdate().first('id');
      await trx('channel_identities').where(identity).update({ reseller_user_id: userId });
      locked();
      await committed;
    });
    // The lock is held before the input starts (which of the two gets a pooled connection first is not for the test to leave to chance).
    await holding;
    const menu = chat.engine.handle(chat.key, { kind: 'text', text: '/menu' }, 'update-menu-stale');
    // The input's first statement has read the chat as logged out and waits for the lock.
    while (Number((await chat.demo.knex.raw("select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'")).rows[0].n) === 0) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    commit();
    await holder;
    expect(lastText(await menu)).toBe('Main menu. What would you like to do?');
  });
});
