// A console's notifications reach it whichever process's worker takes them: two relays on one
// database stand for `npm start` (its worker takes the message, no console open there) and
// `npm run chat` (the console is open there, its workers are elsewhere).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../../src/conversation/reply';
import { consoleRelay, type ConsoleRelay } from '../../../src/infra/console-relay';
import { silentLogger } from '../../../src/infra/log';
import { consoleNotifier } from '../../../src/jobs/notifier';
import { createTestDatabase, type TestDatabase } from '../../support/db';

const message = (text: string): Reply[] => [{ text, buttons: [[{ id: '~renew:1', label: 'Renew now' }]], secret: false }];

describe('console notifications across processes', () => {
  let db: TestDatabase;
  let start: ConsoleRelay;
  let chat: ConsoleRelay;
  let impatient: ConsoleRelay;

  beforeAll(async () => {
    db = await createTestDatabase();
    start = await consoleRelay({ databaseUrl: db.url, local: consoleNotifier(), log: silentLogger });
    // Waits 1 s for an answer where the product waits 10: the closed-console cases need not take longer.
    impatient = await consoleRelay({ databaseUrl: db.url, local: consoleNotifier(), log: silentLogger, answerWithinMs: 1_000 });
    chat = await consoleRelay({ databaseUrl: db.url, local: consoleNotifier(), log: silentLogger });
  });

  afterAll(async () => {
    await start?.close();
    await chat?.close();
    await impatient?.close();
    await db?.drop();
  });

  it('a message taken by the process without the console is printed by the process that has it open, and counts as delivered', async () => {
    const printed: Reply[] = [];
    const detach = chat.attach('alice', (replies) => void printed.push(...replies));
    try {
      expect(await start.deliver('alice', message('Payment received for order 7'))).toEqual({ kind: 'delivered' });
      expect(printed).toEqual(message('Payment received for order 7'));
    } finally {
      detach();
    }
  });

  it('a console open in the same process prints it directly', async () => {
    const printed: Reply[] = [];
    const detach = start.attach('bob', (replies) => void printed.push(...replies));
    try {
      expect(await start.deliver('bob', message('hello'))).toEqual({ kind: 'delivered' });
      expect(printed.map((r) => r.text)).toEqual(['hello']);
    } finally {
      detach();
    }
  });

  it('with no console of that name open anywhere, the message waits to be tried again; another console prints nothing', async () => {
    const elsewhere: Reply[] = [];
    const detach = chat.attach('carol', (replies) => void elsewhere.push(...replies));
    try {
      expect(await impatient.deliver('dave', message('for dave'))).toMatchObject({ kind: 'retry', reason: 'no console session is open' });
      expect(elsewhere).toEqual([]);
    } finally {
      detach();
    }
    // Closed consoles take nothing either.
    expect(await impatient.deliver('carol', message('for carol'))).toMatchObject({ kind: 'retry' });
  });
});
