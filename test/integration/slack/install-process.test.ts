// The product as an operator runs it for many Slack workspaces: `src/main.ts` started with the
// OAuth variables installs the app in a workspace through its own /slack/install and answers
// that workspace with the token it got; the OAuth variables partly set stop it at start.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { startFakeSlack, type FakeSlack } from '../../support/fake-slack';
import { freePort } from '../../support/http-helpers';
import { waitFor } from '../../support/payments-harness';
import { run, runToEnd, type RunningProcess } from '../../support/process-driver';
import { browser } from '../../support/slack-driver';

const CLIENT_ID = '3333333333.4444444444';
const CLIENT_SECRET = 'client-secret-of-the-process-test';
const SIGNING_SECRET = 'signing-secret-of-the-process-test';
const TOKEN_KEY = Buffer.alloc(32, 0x42).toString('base64');

describe('npm start with the Slack OAuth variables', () => {
  let database: TestDatabase;
  let fake: FakeSlack;
  let app: RunningProcess | undefined;
  let base: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    fake = await startFakeSlack({ botToken: 'xoxb-not-used', signingSecret: SIGNING_SECRET, oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = run('node', ['--import', 'tsx', 'src/main.ts'], {
      DATABASE_URL: database.url, PORT: String(port), PUBLIC_URL: base, LOG_LEVEL: 'info', LOG_FORMAT: 'json',
      SLACK_CLIENT_ID: CLIENT_ID, SLACK_CLIENT_SECRET: CLIENT_SECRET, SLACK_TOKEN_KEY: TOKEN_KEY, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.url,
    });
    app.child.stdin?.end();
    await app.stderrLine(/http: listening on port/, 110_000);
  }, 120_000);

  afterAll(async () => {
    if (app && !app.done) {
      app.child.kill('SIGTERM');
      await app.exited;
    }
    await fake?.close();
    await database?.drop();
  });

  it('installs in a workspace from /slack/install and answers it with that workspace\'s token', async () => {
    expect(app?.stderr.find((line) => /http: listening on port/.test(line))).toMatch(/\/slack\/install, \/slack\/oauth_redirect/);
    const installer = browser();
    const started = await installer.get(`${base}/slack/install`);
    expect(started.status).toBe(302);
    const authorize = new URL(started.location ?? '');
    expect(`${authorize.origin}${authorize.pathname}`).toBe('https://slack.com/oauth/v2/authorize');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${base}/slack/oauth_redirect`);
    const done = await installer.get(fake.authorizeInstall(started.location ?? '', { team: 'TBLUE', user: 'UCAROL', teamName: 'Blue Partners' }));
    expect(done.body).toContain('Installed in Blue Partners');
    const token = fake.tokensOf('TBLUE').at(-1);

    const sent = await fake.sendEvent(`${base}/slack/events`, fake.dm('UCAROL', 'hi'));
    expect(sent.status).toBe(200);
    // The greeting, then the username prompt, in Carol's direct messages.
    await waitFor(() => fake.messages('DUCAROL').some((m) => m.text.includes('What is your username?')), { timeoutMs: 20_000, what: 'the username prompt in Carol\'s direct messages' });
    const posts = fake.callsOf('chat.postMessage');
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.every((c) => c.token === token && c.answered.ok === true)).toBe(true);

    const row = await database.knex.raw(`select row_to_json(i)::text as row from slack_installations i`);
    expect(row.rows).toHaveLength(1);
    expect(row.rows[0].row).toContain('TBLUE');
    expect(row.rows[0].row).not.toContain(token?.split('-').at(-1));
  });

  it('refuses to start with the OAuth variables partly set, naming the missing ones', async () => {
    const result = await runToEnd('node', ['--import', 'tsx', 'src/main.ts'], {
      DATABASE_URL: database.url, PORT: String(await freePort()), SLACK_CLIENT_ID: CLIENT_ID, SLACK_SIGNING_SECRET: SIGNING_SECRET,
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/SLACK_CLIENT_SECRET: is needed as well/);
    expect(result.stderr).toMatch(/SLACK_TOKEN_KEY: is needed as well/);
    expect(result.stderr).not.toMatch(/listening/);
  }, 60_000);
});
