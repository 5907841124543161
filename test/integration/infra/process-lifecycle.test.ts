// The product as a newcomer runs it, as child processes: `npm start` on the embedded
// PostgreSQL, `npm run chat -- --jsonl` and `npm run ops` beside it (they use the running
// server instead of refusing its data folder), and SIGTERM to npm ending npm, the app and the
// database, with one log line. Then SIGTERM while Redis is down (a redis-server of the test's
// own): the process exits in time, and the outage was one line when it went and one when it
// came back.
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { freePort } from '../../support/http-helpers';
import { waitFor } from '../../support/payments-harness';
import { embeddedServerPid, isRunning, jsonlChild, run, runToEnd, type RunningProcess } from '../../support/process-driver';
import { ownRedis, type OwnRedis } from '../../support/redis-server';

/** Each test starts several node processes (cold starts of a few seconds each on a busy machine). */
const PROCESSES_TIMEOUT_MS = 120_000;

/** The product's log entries (JSON lines: stderr is no terminal); throws at a line that is not one. */
function entries(lines: string[]): Array<{ level: string; msg: string; time: string }> {
  return lines.map((line) => {
    const entry = JSON.parse(line) as { level: string; msg: string; time: string };
    if (typeof entry.level !== 'string' || typeof entry.msg !== 'string' || typeof entry.time !== 'string') throw new Error(`not a log entry: ${line}`);
    return entry;
  });
}

describe('npm start on the embedded PostgreSQL, with the chat and the ops CLI beside it', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let app: RunningProcess;
  const started: RunningProcess[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'threecx-lifecycle-'));
    env = { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), PORT: String(await freePort()), LOG_LEVEL: 'info', APP_TODAY: '2026-11-26' };
    app = run('npm', ['start'], env);
    started.push(app);
    app.child.stdin?.end(); // no terminal: no console chat in this process
    await app.stderrLine(/http: listening on port/, 110_000);
  }, 120_000);

  afterAll(async () => {
    for (const p of started) if (!p.done) p.child.kill('SIGKILL');
    // A server orphaned by a failed test would hold the folder: stopped as the product stops a stale one.
    const pid = await embeddedServerPid(dataDir).catch(() => undefined);
    if (pid !== undefined && isRunning(pid)) process.kill(pid, 'SIGINT');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('`npm run --silent chat -- --jsonl` prints only JSON on stdout and places an order; `npm run ops -- payment:confirm` confirms it through the running server', async () => {
    const chatProcess = run('npm', ['run', '--silent', 'chat', '--', '--jsonl'], env);
    started.push(chatProcess);
    const chat = jsonlChild(chatProcess);
    await chat.ready();
    await chat.send('demo');
    expect(chat.text(await chat.send('demo-pass-1'))).toMatch(/Welcome, /);
    await chat.press('Buy');
    await chat.press('New license');
    await chat.press('Professional');
    await chat.press('8 SC');
    await chat.press('1');
    await chat.press('1');
    await chat.press('Skip');
    await chat.press('Add to cart');
    await chat.send('/cart');
    await chat.press('Proceed to checkout');
    await chat.press('Skip');
    const placed = chat.text(await chat.press('Bank transfer (offline)'));
    const number = /Order (\d+) is placed/.exec(placed)?.[1];
    expect(number).toBeDefined();
    // Every line the chat printed on stdout was JSON (no npm banner, no log line).
    for (const line of chatProcess.stdout) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(chatProcess.stderr.join('\n')).toMatch(/Using the embedded PostgreSQL that another process of the product runs/);

    const confirmed = await runToEnd('npm', ['run', '--silent', 'ops', '--', 'payment:confirm', String(number), '--reference', 'BANK-123'], env);
    expect(confirmed.stderr).not.toMatch(/in use/);
    expect(confirmed.stdout).toMatch(new RegExp(`queued the confirmation of order ${number}`));
    expect(confirmed.stdout).toMatch(/done: fulfilled/);
    expect(confirmed.code).toBe(0);

    // The payment message reaches the chat, whichever process's worker took it (npm start's or the chat's own).
    await waitFor(async () => {
      await chat.raw('');
      return chat.transcript.some((m) => new RegExp(`Payment received for order ${number}\\b`).test(m.text));
    }, { timeoutMs: 30_000, intervalMs: 250, what: 'the chat to print the payment message' });

    chatProcess.child.stdin?.end();
    expect((await chatProcess.exited).code).toBe(0);
    // The chat neither stopped the server it used nor left its own.
    expect(isRunning(await embeddedServerPid(dataDir))).toBe(true);
  }, PROCESSES_TIMEOUT_MS);

  it('without a terminal and with no bot, npm start says where to chat instead of waiting silently', async () => {
    const line = await app.stderrLine(/no chat here/);
    expect(line).toMatch(/npm run chat/);
  }, PROCESSES_TIMEOUT_MS);

  it('SIGTERM to npm ends npm, the app and the embedded PostgreSQL, with one log line and no dump', async () => {
    const serverPid = await embeddedServerPid(dataDir);
    const appPid = childOf(app.child);
    expect(isRunning(serverPid)).toBe(true);
    app.child.kill('SIGTERM');
    const exit = await app.exited;
    expect(exit.code).toBe(0);
    await waitFor(() => !isRunning(serverPid) && (appPid === undefined || !isRunning(appPid)), { timeoutMs: 15_000, what: 'the app and its PostgreSQL to exit' });
    const logged = entries(app.stderr); // every line an entry: no dump of client objects
    expect(logged.filter((e) => /SIGTERM/.test(e.msg)).map((e) => `${e.level} ${e.msg}`)).toEqual(['info SIGTERM: shutting down']);
    expect(logged.filter((e) => e.level === 'warn' || e.level === 'error')).toEqual([]);
  }, PROCESSES_TIMEOUT_MS);
});

describe('Ctrl-C in the terminal that runs npm start', () => {
  let dataDir: string;
  let app: RunningProcess | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'threecx-ctrl-c-'));
  });

  afterAll(async () => {
    if (app && !app.done) process.kill(-app.child.pid!, 'SIGKILL');
    const pid = await embeddedServerPid(dataDir).catch(() => undefined);
    if (pid !== undefined && isRunning(pid)) process.kill(pid, 'SIGINT');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('the SIGINT the terminal sends to the whole group (npm forwards its own copy) is one shutdown: one log line, no warning, all of it ended', async () => {
    const env = { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), PORT: String(await freePort()), LOG_LEVEL: 'info' };
    app = run('npm', ['start'], env, { ownGroup: true });
    app.child.stdin?.end();
    await app.stderrLine(/http: listening on port/, 110_000);
    const serverPid = await embeddedServerPid(dataDir);
    const appPid = childOf(app.child);

    process.kill(-app.child.pid!, 'SIGINT');
    await app.exited;
    await waitFor(() => !isRunning(serverPid) && (appPid === undefined || !isRunning(appPid)), { timeoutMs: 15_000, what: 'the app and its PostgreSQL to exit' });
    const logged = entries(app.stderr);
    expect(logged.filter((e) => /SIGINT/.test(e.msg)).map((e) => `${e.level} ${e.msg}`)).toEqual(['info SIGINT: shutting down']);
    // The database was not stopped under the product's feet: nothing lost its connection.
    expect(logged.filter((e) => e.level === 'warn' || e.level === 'error')).toEqual([]);
  }, PROCESSES_TIMEOUT_MS);
});

describe('Redis down', () => {
  let database: TestDatabase;
  let redis: OwnRedis;
  let app: RunningProcess | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    // Persistent, as a production Redis is: a restart loses no job (a Redis that forgets them
    // makes the workers warn about the jobs they held, which is another matter).
    redis = await ownRedis({ persistent: true });
  });

  afterAll(async () => {
    if (app && !app.done) app.child.kill('SIGKILL');
    await redis?.dispose();
    await database?.drop();
  });

  it('an outage is one line when it goes and one when it is back; SIGTERM while it is down ends the process in time', async () => {
    await redis.start();
    app = run('node', ['--import', 'tsx', 'src/main.ts'], { DATABASE_URL: database.url, REDIS_URL: redis.url, PORT: String(await freePort()), LOG_LEVEL: 'info' });
    app.child.stdin?.end();
    await app.stderrLine(/http: listening on port/);

    await redis.stop();
    await app.stderrLine(/Redis at 127\.0\.0\.1:\d+ is unreachable/);
    await redis.start();
    await app.stderrLine(/Redis at 127\.0\.0\.1:\d+ is back after \d+ s/);
    await redis.stop();
    await waitFor(() => app!.stderr.filter((l) => /is unreachable/.test(l)).length === 2, { timeoutMs: 30_000, what: 'the second outage to be logged' });

    app.child.kill('SIGTERM');
    const exit = await app.exited;
    expect(exit.signal).toBeNull();
    const logged = entries(app.stderr); // every line an entry: no stacks, no client objects
    expect(logged.filter((e) => /Redis .* (is unreachable|is back)/.test(e.msg)).map((e) => `${e.level} ${e.msg.replace(/\d+/g, 'N')}`)).toEqual([
      // The first error a killed Redis gives may be a reset of a connection that was open, or a refused one.
      expect.stringMatching(/^warn Redis at .* is unreachable \((read ECONNRESET|connect ECONNREFUSED .*)\): jobs wait until it is back$/),
      expect.stringMatching(/^info Redis at .* is back after N s$/),
      expect.stringMatching(/^warn Redis at .* is unreachable/),
    ]);
    expect(logged.filter((e) => /SIGTERM/.test(e.msg))).toHaveLength(1);
    // The queues could not close in order with Redis gone: they said so and let go.
    expect(logged.some((e) => /queues: not closed within 5 s \(redis is unreachable\); connections dropped/.test(e.msg))).toBe(true);
    expect(exit.code).toBe(0);
  }, PROCESSES_TIMEOUT_MS);
});

/** The pid of the process npm's script became (npm runs it with `exec`, so it is npm's child). */
function childOf(npm: ChildProcess): number | undefined {
  try {
    return Number(execFileSync('pgrep', ['-P', String(npm.pid)], { encoding: 'utf8' }).trim().split('\n')[0]) || undefined;
  } catch {
    return undefined;
  }
}
