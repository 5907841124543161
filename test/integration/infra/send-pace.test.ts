// Telegram's pace over the whole bot, kept in PostgreSQL for every instance: a burst of as many
// messages as the window allows goes at once, each message after it waits for a window after
// the slot it takes was last used, and senders at once (other instances) never share a slot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendPace } from '../../../src/infra/store/send-pace';
import { createTestDatabase, type TestDatabase } from '../../support/db';

// A window of a minute: every wait asked for is long, whatever the load on the machine, and
// the recorded sleeps return at once.
const WINDOW_MS = 60_000;

describe('the send pace', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  function recordedPace(channel: string, perWindow: number) {
    const waits: number[] = [];
    const pace = sendPace(db.knex, { channel, perWindow, windowMs: WINDOW_MS, sleep: async (ms) => void waits.push(ms) });
    return { take: () => pace.take(), spare: () => pace.spare(), waits };
  }

  it('lets a burst of perWindow messages go at once and makes the next ones wait a window after the slot\'s last message', async () => {
    const { take, waits } = recordedPace('burst', 3);
    for (let i = 0; i < 3; i++) await take();
    expect(waits).toEqual([]);
    for (let i = 0; i < 4; i++) await take();
    // Messages 4–6 a window after messages 1–3; message 7 a window after message 4.
    expect(waits).toHaveLength(4);
    for (const wait of waits.slice(0, 3)) expect(wait).toBeGreaterThan(WINDOW_MS - 10_000);
    for (const wait of waits.slice(0, 3)) expect(wait).toBeLessThanOrEqual(WINDOW_MS);
    expect(waits[3]).toBeGreaterThan(2 * WINDOW_MS - 10_000);
  });

  it('gives senders at once (instances) a slot each: only perWindow of them go without waiting', async () => {
    const first = recordedPace('shared', 4);
    const second = recordedPace('shared', 4);
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? first : second).take()));
    const waits = [...first.waits, ...second.waits];
    // Ten senders, four slots: six waited (the four others went at once and recorded no sleep).
    expect(waits).toHaveLength(6);
    for (const wait of waits) expect(wait).toBeGreaterThan(WINDOW_MS - 10_000);
  });

  it('gives a spare turn (a file after its message) only while nothing was sent within the window', async () => {
    const quiet = recordedPace('spare', 3);
    expect(await quiet.spare()).toBe(true);
    // A slot was just used, though two are free: the bot is not idle, and nothing is waited for.
    expect(await quiet.spare()).toBe(false);
    const busy = recordedPace('spare-busy', 3);
    await busy.take();
    expect(await busy.spare()).toBe(false);
    expect([...quiet.waits, ...busy.waits]).toEqual([]);
    expect(await db.knex('send_pace').where({ channel: 'spare' }).where('used_at', '>', new Date(0)).count<Array<{ n: number }>>('* as n')).toEqual([{ n: 1 }]);
  });

  it('keeps its slots to perWindow when the limit is lowered', async () => {
    await recordedPace('lowered', 5).take();
    const lowered = recordedPace('lowered', 2);
    await lowered.take();
    expect(await db.knex('send_pace').where({ channel: 'lowered' }).orderBy('slot').pluck('slot')).toEqual([0, 1]);
  });
});
