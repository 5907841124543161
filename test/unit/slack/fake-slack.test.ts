// The fake Slack answers the real WebClient as Slack would, and signs what it sends the
// product so that Bolt's own verification accepts it (and rejects the forged ones).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isValidSlackRequest, webApi } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { slackSignature, startFakeSlack, type FakeSlack } from '../../support/fake-slack';

const BOT_TOKEN = 'xoxb-1-fake-bot-token';
const SIGNING_SECRET = 'fake-signing-secret';
// No retries: a failure the fake was told to give must show at once.
const client = (fake: FakeSlack, token = BOT_TOKEN, o: webApi.WebClientOptions = {}) =>
  new webApi.WebClient(token, { slackApiUrl: fake.url, retryConfig: { retries: 0 }, logLevel: webApi.LogLevel.ERROR, ...o });

const orderBlocks = [
  { type: 'section', text: { type: 'mrkdwn', text: '*3CX Professional*, 8 simultaneous calls' } },
  { type: 'actions', block_id: 'order', elements: [
    { type: 'button', action_id: 'buy', value: 'PRO-8', text: { type: 'plain_text', text: 'Buy' }, style: 'primary' },
    { type: 'button', action_id: 'cancel', text: { type: 'plain_text', text: 'Cancel' } },
  ] },
];

describe('the fake Slack Web API', () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET });
  });
  afterAll(() => fake.close());

  it('records chat.postMessage with its blocks parsed, and answers increasing ts', async () => {
    const api = client(fake);
    expect(await api.auth.test()).toMatchObject({ ok: true, user_id: 'UBOT', bot_id: 'BBOT' });
    const first = await api.chat.postMessage({ channel: 'U123', text: 'Your order', blocks: orderBlocks });
    const second = await api.chat.postMessage({ channel: first.channel!, text: 'Anything else?' });
    expect(first).toMatchObject({ ok: true, channel: 'DU123', ts: '1700000000.000100', message: { text: 'Your order', bot_id: 'BBOT' } });
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));

    const call = fake.callsOf('chat.postMessage')[0];
    expect(call).toMatchObject({ token: BOT_TOKEN, status: 200, body: { channel: 'U123', text: 'Your order', blocks: orderBlocks }, answered: { ok: true } });
    const [message] = fake.messages('DU123');
    expect(fake.buttonsOf(message!)).toEqual([
      { actionId: 'buy', blockId: 'order', text: 'Buy', value: 'PRO-8', style: 'primary' },
      { actionId: 'cancel', blockId: 'order', text: 'Cancel' },
    ]);

    await api.chat.update({ channel: 'DU123', ts: first.ts!, text: 'Your order, paid', blocks: [] });
    expect(fake.messages('DU123').map((m) => [m.text, m.blocks, m.edits])).toEqual([['Your order, paid', undefined, 1], ['Anything else?', undefined, 0]]);
  });

  it('rejects a wrong token, unknown methods and blocks Slack would reject', async () => {
    await expect(client(fake, 'xoxb-wrong').chat.postMessage({ channel: 'C1', text: 'hi' })).rejects.toMatchObject({ code: webApi.ErrorCode.PlatformError, data: { ok: false, error: 'invalid_auth' } });
    await expect(client(fake).apiCall('chat.fly')).rejects.toMatchObject({ data: { error: 'unknown_method' } });
    const tooLong = [{ type: 'actions', elements: [{ type: 'button', action_id: 'x', text: { type: 'plain_text', text: 'x'.repeat(76) } }] }];
    await expect(client(fake).chat.postMessage({ channel: 'C1', text: 'hi', blocks: tooLong })).rejects.toMatchObject({ data: { error: 'invalid_blocks' } });
  });

  it('fails calls when told to: 429 with Retry-After, or ok: false', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 7 });
    const error: unknown = await client(fake, BOT_TOKEN, { rejectRateLimitedCalls: true }).chat.postMessage({ channel: 'C1', text: 'too fast' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(webApi.WebAPIRateLimitedError);
    expect(error).toMatchObject({ code: webApi.ErrorCode.RateLimitedError, retryAfter: 7 });

    fake.failNext('chat.postMessage', { error: 'channel_not_found' });
    await expect(client(fake).chat.postMessage({ channel: 'C404', text: 'hello' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    await client(fake).chat.postMessage({ channel: 'C1', text: 'fine again' });
    expect(fake.callsOf('chat.postMessage').slice(-3).map((c) => c.status)).toEqual([429, 200, 200]);
    expect(fake.callsOf('chat.postMessage').slice(-3).map((c) => c.answered.ok)).toEqual([false, false, true]);
  });
});

describe('what the fake Slack sends the product', () => {
  let fake: FakeSlack;
  let server: Server;
  let route: string;
  const received: Array<{ headers: IncomingHttpHeaders; body: string; valid: boolean }> = [];

  beforeAll(async () => {
    fake = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET });
    // The product's route, reduced to Bolt's verification.
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const valid = isValidSlackRequest({
          signingSecret: SIGNING_SECRET,
          body,
          headers: { 'x-slack-signature': String(req.headers['x-slack-signature']), 'x-slack-request-timestamp': Number(req.headers['x-slack-request-timestamp']) },
        });
        received.push({ headers: req.headers, body, valid });
        res.writeHead(valid ? 200 : 401).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    route = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });
  beforeEach(() => {
    received.length = 0;
  });
  afterAll(async () => {
    await fake.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('signs events so that Bolt verifies them', async () => {
    const sent = await fake.sendEvent(route, fake.dm('U123', 'hello'));
    expect(sent.status).toBe(200);
    const request = received[0]!;
    expect(request).toMatchObject({ valid: true, headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(request.body)).toMatchObject({
      type: 'event_callback', event_id: expect.stringMatching(/^Ev/), authorizations: [{ user_id: 'UBOT', is_bot: true }],
      event: { type: 'message', channel: 'DU123', channel_type: 'im', user: 'U123', text: 'hello' },
    });
    const timestamp = Number(request.headers['x-slack-request-timestamp']);
    expect(request.headers['x-slack-signature']).toBe(slackSignature(request.body, timestamp, SIGNING_SECRET));
  });

  it('forges requests that Bolt rejects', async () => {
    const event = fake.mention('U123', 'C1', 'price list');
    const forged = [
      await fake.sendEvent(route, event, { secret: 'someone-elses-secret' }),
      await fake.sendEvent(route, event, { tamper: (body) => body.replace('price list', 'free licenses') }),
      await fake.sendEvent(route, event, { omitSignature: true }),
      await fake.sendEvent(route, event, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }),
    ];
    expect(forged.map((r) => r.status)).toEqual([401, 401, 401, 401]);
    expect(received[2]?.headers['x-slack-signature']).toBeUndefined();

    const retry = await fake.sendEvent(route, event, { eventId: 'Ev0SAME', retryNum: 1 });
    expect(retry.status).toBe(200);
    expect(received[4]?.headers).toMatchObject({ 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
  });

  it('presses a button with a signed form body, and opens a modal with its trigger', async () => {
    const api = client(fake);
    const posted = await api.chat.postMessage({ channel: 'C1', text: 'Your order', blocks: orderBlocks });
    const message = fake.lastMessage('C1');
    expect(message.ts).toBe(posted.ts);

    expect((await fake.pressButton(route, 'U123', message, 'Buy')).status).toBe(200);
    const request = received[0]!;
    expect(request).toMatchObject({ valid: true, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const payload = JSON.parse(new URLSearchParams(request.body).get('payload') ?? '{}') as Record<string, unknown>;
    expect(payload).toMatchObject({
      type: 'block_actions', user: { id: 'U123' }, container: { type: 'message', message_ts: message.ts, channel_id: 'C1', is_ephemeral: false },
      message: { ts: message.ts, text: 'Your order' }, actions: [{ type: 'button', action_id: 'buy', block_id: 'order', value: 'PRO-8' }],
    });
    await expect(fake.press(route, { user: 'U123', message, actionId: 'refund' })).rejects.toThrow(/no button matches/);

    const modal = { type: 'modal' as const, callback_id: 'licence', title: { type: 'plain_text' as const, text: 'Licence key' }, submit: { type: 'plain_text' as const, text: 'Check' },
      blocks: [{ type: 'input' as const, block_id: 'key', label: { type: 'plain_text' as const, text: 'Key' }, element: { type: 'plain_text_input' as const, action_id: 'value' } }] };
    const opened = await api.views.open({ trigger_id: String(payload.trigger_id), view: modal });
    await expect(api.views.open({ trigger_id: String(payload.trigger_id), view: modal })).rejects.toMatchObject({ data: { error: 'exchanged_trigger_id' } });
    expect(fake.views()[0]).toMatchObject({ id: opened.view?.id, callback_id: 'licence' });

    await fake.submitView(route, { user: 'U123', view: opened.view!.id!, values: { key: { value: 'ABCD-1234' } } });
    const submitted = JSON.parse(new URLSearchParams(received[1]!.body).get('payload') ?? '{}') as Record<string, unknown>;
    expect(submitted).toMatchObject({ type: 'view_submission', view: { callback_id: 'licence', state: { values: { key: { value: { type: 'plain_text_input', value: 'ABCD-1234' } } } } } });
  });

  it('sends the url_verification challenge, signed', async () => {
    const sent = await fake.urlVerification(route);
    expect(received[0]?.valid).toBe(true);
    expect(JSON.parse(received[0]!.body)).toEqual({ token: expect.any(String), challenge: sent.challenge, type: 'url_verification' });
  });
});

describe('the fake Slack in many workspaces', () => {
  let fake: FakeSlack;
  const oauth = { clientId: '1.2', clientSecret: 'app-secret' };
  const authorizeUrl = (state: string, clientId = oauth.clientId) =>
    `https://slack.com/oauth/v2/authorize?client_id=${clientId}&scope=chat:write,im:write&redirect_uri=${encodeURIComponent('http://product/slack/oauth_redirect')}&state=${state}`;
  const codeOf = (back: string) => new URL(back).searchParams.get('code') ?? '';
  beforeAll(async () => {
    fake = await startFakeSlack({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, oauth });
  });
  afterAll(() => fake.close());

  it('trades a code once, with the app\'s credentials and the same redirect URL, for a token of that workspace', async () => {
    const back = fake.authorizeInstall(authorizeUrl('s1'), { team: 'TBLUE', user: 'UCAROL', teamName: 'Blue' });
    expect(new URL(back).searchParams.get('state')).toBe('s1');
    const anonymous = new webApi.WebClient(undefined, { slackApiUrl: fake.url, retryConfig: { retries: 0 }, logLevel: webApi.LogLevel.ERROR });
    const trade = (o: Partial<{ client_id: string; client_secret: string; code: string; redirect_uri: string }>) =>
      anonymous.oauth.v2.access({ client_id: oauth.clientId, client_secret: oauth.clientSecret, code: codeOf(back), redirect_uri: 'http://product/slack/oauth_redirect', ...o });
    await expect(trade({ client_secret: 'guessed' })).rejects.toMatchObject({ data: { error: 'bad_client_secret' } });
    const granted = await trade({});
    expect(granted).toMatchObject({ ok: true, token_type: 'bot', scope: 'chat:write,im:write', team: { id: 'TBLUE', name: 'Blue' }, authed_user: { id: 'UCAROL' }, bot_user_id: 'UBOTTBLUE' });
    await expect(trade({})).rejects.toMatchObject({ data: { error: 'invalid_code' } });
    const other = fake.authorizeInstall(authorizeUrl('s2'), { team: 'TBLUE', user: 'UCAROL' });
    await expect(trade({ code: codeOf(other), redirect_uri: 'http://elsewhere/' })).rejects.toMatchObject({ data: { error: 'bad_redirect_uri' } });
    expect(() => fake.authorizeInstall(authorizeUrl('s3', '9.9'), { team: 'TBLUE', user: 'UCAROL' })).toThrow(/refuses client_id/);
    expect(fake.tokensOf('TBLUE')).toEqual([granted.access_token]);
  });

  it('answers auth.test per token, finds no other workspace\'s channel or user, and refuses revoked tokens', async () => {
    const blue = client(fake, fake.tokensOf('TBLUE')[0]);
    expect(await blue.auth.test()).toMatchObject({ team_id: 'TBLUE', user_id: 'UBOTTBLUE', bot_id: 'BBOTTBLUE' });
    expect(await client(fake).auth.test()).toMatchObject({ team_id: 'TFAKE', user_id: 'UBOT' });
    expect(fake.calls.at(-2)?.team).toBe('TBLUE');
    // Carol is Blue's; Alice is the first workspace's.
    fake.dm('UCAROL', 'hi');
    await expect(client(fake).chat.postMessage({ channel: 'DUCAROL', text: 'wrong workspace' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    await expect(blue.chat.postMessage({ channel: 'DUALICE', text: 'wrong workspace' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    await expect(blue.views.publish({ user_id: 'UALICE', view: { type: 'home', blocks: [] } })).rejects.toMatchObject({ data: { error: 'user_not_found' } });
    expect(await blue.chat.postMessage({ channel: 'DUCAROL', text: 'right workspace' })).toMatchObject({ ok: true });
    fake.revokeTokens('TBLUE');
    await expect(blue.chat.postMessage({ channel: 'DUCAROL', text: 'after the uninstall' })).rejects.toMatchObject({ data: { error: 'token_revoked' } });
  });
});
