// Many Slack workspaces: the app installed through /slack/install and Slack's OAuth redirect
// (the state single use, lapsing, bound to the installer's browser), each workspace answered
// with its own bot token (the fake Slack refuses another workspace's channels and users to a
// token), the tokens sealed in PostgreSQL, and an uninstall or revoked token forgetting the
// workspace and unlinking its members while their orders stay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_SCOPES, STATE_LIFETIME_MS, stateCookie } from '../../../src/bots/slack/install';
import { t } from '../../../src/conversation/wording';
import { keyIdOf } from '../../../src/infra/crypto/token-cipher';
import { demoStore } from '../../support/demo-store';
import { waitFor } from '../../support/payments-harness';
import { ALICE, browser, SLACK_BOT_TOKEN, SLACK_CLIENT_ID, SLACK_TOKEN_KEY, slackDriver, textOf, type SlackDriver } from '../../support/slack-driver';

const CAROL = 'UCAROL';
const DAVE = 'UDAVE';
const BLUE = 'TBLUE';
const GREEN = 'TGREEN';

/** The installer `user` of workspace `team` goes through /slack/install, Slack's authorize page and back. */
async function install(d: SlackDriver, team: string, user: string, teamName?: string, o: { enterprise?: boolean } = {}) {
  const installer = browser();
  const started = await installer.get(`${d.baseUrl}/slack/install`);
  expect(started.status).toBe(302);
  const back = d.fake.authorizeInstall(started.location ?? '', { team, user, teamName, ...o });
  const done = await installer.get(back);
  return { installer, started, back, done };
}

/** The one bot token the fake issued for `team` that still works. */
function tokenOf(d: SlackDriver, team: string): string {
  const token = d.fake.tokensOf(team).at(-1);
  if (!token) throw new Error(`no token for ${team}`);
  return token;
}

describe('Slack in many workspaces (OAuth alone)', () => {
  let d: SlackDriver;
  // The real time as the product sees it: moved on to let an install state lapse.
  let shiftMs = 0;

  beforeAll(async () => {
    d = await slackDriver({ oauth: { botToken: false, now: () => new Date(Date.now() + shiftMs) } });
  });

  afterAll(async () => {
    await d?.close();
  });

  it('installs in a workspace from /slack/install through Slack\'s redirect, the bot token sealed in the database', async () => {
    const { installer, started, back, done } = await install(d, BLUE, CAROL, 'Blue Partners');
    const authorize = new URL(started.location ?? '');
    expect(authorize.pathname).toBe('/oauth/v2/authorize');
    expect(authorize.searchParams.get('client_id')).toBe(SLACK_CLIENT_ID);
    expect(authorize.searchParams.get('scope')?.split(',')).toEqual([...BOT_SCOPES]);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${d.baseUrl}/slack/oauth_redirect`);
    const state = authorize.searchParams.get('state') ?? '';
    expect(state.length).toBeGreaterThanOrEqual(40);
    expect(new URL(back).searchParams.get('state')).toBe(state);
    expect(done.status).toBe(200);
    expect(done.body).toContain('Installed in Blue Partners');
    // The state's cookie is gone once used.
    expect(installer.cookies.size).toBe(0);

    // The code traded once with the app's credentials; the new token asked who the bot is.
    const token = tokenOf(d, BLUE);
    const access = d.fake.callsOf('oauth.v2.access');
    expect(access).toHaveLength(1);
    expect(access[0]?.answered.ok).toBe(true);
    expect(d.fake.callsOf('auth.test').map((c) => c.token)).toEqual([token]);

    const rows = await d.demo.knex('slack_installations').select('*');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ team_id: BLUE, team_name: 'Blue Partners', bot_user_id: d.fake.botUserOf(BLUE), bot_id: `BBOT${BLUE}`, installed_by: CAROL, token_key_id: keyIdOf(SLACK_TOKEN_KEY) });
    // Nowhere in the row, in any form, is the token.
    const secretPart = token.split('-').at(-1) ?? '';
    const asText = await d.demo.knex.raw(`select row_to_json(i)::text as row from slack_installations i`);
    expect(asText.rows[0].row).not.toContain(secretPart);
    expect((rows[0].bot_token_sealed as Buffer).includes(Buffer.from(secretPart))).toBe(false);
    expect((rows[0].bot_token_sealed as Buffer).toString('base64')).not.toContain(Buffer.from(secretPart).toString('base64').slice(0, 12));
    // The store opens it again with the key.
    expect((await d.workspaces?.installation(BLUE))?.botToken).toBe(token);
  });

  it('refuses a state forged, from another browser, used twice or expired, and trades no code for them', async () => {
    const trades = () => d.fake.callsOf('oauth.v2.access').length;
    const before = trades();

    // Forged: a state the product never issued, even with a matching cookie.
    const forger = browser();
    forger.cookies.set(stateCookie('forged-state'), 'forged-state');
    const forged = await forger.get(`${d.baseUrl}/slack/oauth_redirect?code=stolen&state=forged-state`);
    expect(forged.status).toBe(400);
    expect(forged.body).toContain('not valid');

    // Another browser than the one that started: refused, and the installer's own still works.
    const installer = browser();
    const started = await installer.get(`${d.baseUrl}/slack/install`);
    const back = d.fake.authorizeInstall(started.location ?? '', { team: 'TORANGE', user: 'UERIN' });
    const other = await browser().get(back);
    expect(other.status).toBe(400);
    expect(other.body).toContain('not started in this browser');
    expect(trades()).toBe(before);
    const done = await installer.get(back);
    expect(done.status).toBe(200);
    expect(trades()).toBe(before + 1);

    // Used twice: the same redirect again, its cookie put back, is refused.
    const usedState = new URL(back).searchParams.get('state') ?? '';
    installer.cookies.set(stateCookie(usedState), usedState);
    const again = await installer.get(back);
    expect(again.status).toBe(400);
    expect(again.body).toContain('not valid');
    expect(trades()).toBe(before + 1);

    // Expired: back from Slack after the state's 10 minutes.
    const late = browser();
    const lateStart = await late.get(`${d.baseUrl}/slack/install`);
    const lateBack = d.fake.authorizeInstall(lateStart.location ?? '', { team: 'TPURPLE', user: 'UFRED' });
    shiftMs = STATE_LIFETIME_MS + 1_000;
    try {
      const expired = await late.get(lateBack);
      expect(expired.status).toBe(400);
      expect(expired.body).toContain('expired');
    } finally {
      shiftMs = 0;
    }
    // Cancelled at Slack: nothing installed.
    const cancelling = browser();
    const cancelStart = await cancelling.get(`${d.baseUrl}/slack/install`);
    const cancelled = await cancelling.get(d.fake.authorizeInstall(cancelStart.location ?? '', { team: 'TPINK', user: 'UGINA', deny: true }));
    expect(cancelled.body).toContain('cancelled');
    expect(trades()).toBe(before + 1);
    expect((await d.demo.knex('slack_installations').pluck('team_id')).sort()).toEqual([BLUE, 'TORANGE']);
  });

  it('asks the installer to start again when Slack fails during the install, and installs nothing', async () => {
    const before = await d.demo.knex('slack_installations').pluck('team_id');
    d.fake.failNext('oauth.v2.access', { error: 'internal_error' });
    expect((await install(d, 'TRED', 'UHAL')).done).toMatchObject({ status: 502, body: expect.stringContaining('Start again') });
    d.fake.failNext('auth.test', { error: 'internal_error' });
    expect((await install(d, 'TRED', 'UHAL')).done).toMatchObject({ status: 502, body: expect.stringContaining('Start again') });
    expect(await d.demo.knex('slack_installations').pluck('team_id')).toEqual(before);
  });

  it('undoes at Slack an install it does not keep: organisation-wide, with token rotation, or its new token not answering', async () => {
    const installed = () => d.demo.knex('slack_installations').orderBy('team_id').pluck('team_id');
    const before = await installed();
    const undone = d.fake.uninstalledTeams().length;
    const undoneSince = () => d.fake.uninstalledTeams().slice(undone);
    // Organisation-wide (Enterprise Grid): refused, and the app removed from the organisation again.
    const org = await install(d, 'TORG', 'UIVY', 'Org', { enterprise: true });
    expect(org.done).toMatchObject({ status: 400, body: expect.stringContaining('organisation-wide install is not supported') });
    // Token rotation on: the token would lapse in 12 hours; refused with what to change.
    d.fake.setTokenRotation(true);
    try {
      const rotating = await install(d, 'TROT', 'UJOE', 'Rotating');
      expect(rotating.done).toMatchObject({ status: 400, body: expect.stringContaining('token rotation is turned on') });
    } finally {
      d.fake.setTokenRotation(false);
    }
    // A new workspace whose token cannot be checked: removed again.
    d.fake.failNext('auth.test', { error: 'internal_error' });
    expect((await install(d, 'TNEW', 'UKIM')).done.status).toBe(502);
    expect(undoneSince()).toEqual(['TORG', 'TROT', 'TNEW']);
    for (const team of ['TORG', 'TROT', 'TNEW']) {
      const uninstall = d.fake.callsOf('apps.uninstall').find((c) => c.team === team);
      expect(uninstall?.answered.ok).toBe(true);
      expect(uninstall?.body).toMatchObject({ client_id: SLACK_CLIENT_ID });
    }
    // A workspace installed before keeps its installation (and the app) when a new install fails.
    d.fake.failNext('auth.test', { error: 'internal_error' });
    expect((await install(d, 'TORANGE', 'UERIN')).done.status).toBe(502);
    expect(undoneSince()).toEqual(['TORG', 'TROT', 'TNEW']);
    expect(await installed()).toEqual(before);
  });

  it('never sends a code to Slack twice: a failed trade asks the installer to start again', async () => {
    const trades = d.fake.callsOf('oauth.v2.access').length;
    d.fake.failNext('oauth.v2.access', { status: 500 });
    const { done } = await install(d, 'TLIME', 'ULEO');
    expect(done).toMatchObject({ status: 502, body: expect.stringContaining('Start again') });
    expect(d.fake.callsOf('oauth.v2.access')).toHaveLength(trades + 1);
  });

  it('finishes two installs started in one browser, each with its own state', async () => {
    const admin = browser();
    const first = await admin.get(`${d.baseUrl}/slack/install`);
    const second = await admin.get(`${d.baseUrl}/slack/install`);
    expect(admin.cookies.size).toBe(2);
    const firstBack = d.fake.authorizeInstall(first.location ?? '', { team: 'TTEAL', user: 'UMAX', teamName: 'Teal' });
    const secondBack = d.fake.authorizeInstall(second.location ?? '', { team: 'TCYAN', user: 'UMAX', teamName: 'Cyan' });
    expect(await admin.get(secondBack)).toMatchObject({ status: 200, body: expect.stringContaining('Installed in Cyan') });
    expect(await admin.get(firstBack)).toMatchObject({ status: 200, body: expect.stringContaining('Installed in Teal') });
    expect(admin.cookies.size).toBe(0);
    await d.demo.knex('slack_installations').whereIn('team_id', ['TTEAL', 'TCYAN']).delete();
  });

  it('answers each workspace with its own token: messages, the password form, /3cx, the App Home and notifications', async () => {
    await install(d, GREEN, DAVE, 'Green IT');
    const blue = tokenOf(d, BLUE);
    const green = tokenOf(d, GREEN);
    const from = d.fake.calls.length;

    const carol = d.chat(CAROL);
    const dave = d.chat(DAVE);
    expect(textOf(await carol.login())).toMatch(/Welcome, /);
    expect(textOf(await dave.login('bright', 'bright-pass-1'))).toMatch(/Welcome, /);

    // /3cx typed in a channel of Blue: continued in Carol's direct messages.
    const commanded = d.fake.messages().length;
    await d.fake.slashCommand(d.routeUrl, { user: CAROL, channel: 'CBLUEGENERAL', text: 'cart' });
    await d.settled(commanded);
    // Dave opens the App Home in Green.
    await d.fake.sendEvent(d.routeUrl, d.fake.appHomeOpened(DAVE));
    await waitFor(() => d.fake.home(DAVE), { what: 'the home page of Dave' });
    // A notification to each (the outbox's way), with no request to take the workspace from.
    expect(await d.bot.deliver(`D${CAROL}`, [{ text: 'Your payment was received.', buttons: [], secret: false }])).toEqual({ kind: 'delivered' });
    expect(await d.bot.deliver(`D${DAVE}`, [{ text: 'Your license is ready.', buttons: [], secret: false }])).toEqual({ kind: 'delivered' });
    expect(d.fake.lastMessage(`D${CAROL}`).text).toBe('Your payment was received.');
    expect(d.fake.lastMessage(`D${DAVE}`).text).toBe('Your license is ready.');

    const calls = d.fake.calls.slice(from);
    // Nothing refused (another workspace's token would find no such channel or user).
    expect(calls.filter((c) => c.answered.ok !== true)).toEqual([]);
    const touching = (user: string) => calls.filter((c) => JSON.stringify(c.body).includes(user));
    for (const method of ['chat.postMessage', 'views.open', 'conversations.open']) {
      expect(touching(CAROL).filter((c) => c.method === method).length).toBeGreaterThan(0);
    }
    expect(touching(DAVE).filter((c) => c.method === 'views.publish').length).toBeGreaterThan(0);
    expect(new Set(touching(CAROL).map((c) => c.token))).toEqual(new Set([blue]));
    expect(new Set(touching(DAVE).map((c) => c.token))).toEqual(new Set([green]));
    expect(calls.some((c) => c.token === SLACK_BOT_TOKEN)).toBe(false);
    // Each chat's workspace is kept for the notifications of other processes.
    expect(await d.demo.knex('slack_chats').whereIn('chat_id', [`D${CAROL}`, `D${DAVE}`]).orderBy('chat_id').select('chat_id', 'team_id'))
      .toEqual([{ chat_id: `D${CAROL}`, team_id: BLUE }, { chat_id: `D${DAVE}`, team_id: GREEN }]);
  });

  it('forgets a workspace uninstalled or whose token was revoked: installation gone, members unlinked, orders as they were', async () => {
    const carol = d.chat(CAROL);
    // Carol orders in Blue.
    await carol.send('menu');
    await carol.press('Buy');
    await carol.press('New license');
    await carol.press('Professional');
    await carol.press('16 SC');
    await carol.press('2');
    await carol.press('2');
    await carol.press('Skip');
    await carol.press('Add to cart');
    await carol.send('cart');
    await carol.press('Proceed to checkout');
    await carol.press('Skip');
    const placed = await carol.press('Bank transfer (offline)');
    expect(textOf(placed)).toMatch(/Order \d+ is placed/);
    const orders = await d.demo.knex('orders').orderBy('number').select('*');
    expect(orders.filter((o) => o.chat_id === `D${CAROL}`)).toHaveLength(1);
    // Carol, an owner, chose a channel of Blue for the approvals.
    expect(textOf(await d.chat(CAROL, 'CBLUEDESK').send('approvals here'))).toContain(t.approvals.teamChat('here'));
    expect(await d.demo.knex('approval_team_chats').pluck('chat_id')).toEqual(['CBLUEDESK']);
    const linked = () => d.demo.knex('channel_identities').where({ channel: 'slack' }).whereNotNull('reseller_user_id').orderBy('chat_id').pluck('chat_id');
    expect(await linked()).toEqual(expect.arrayContaining([`D${CAROL}`, `D${DAVE}`]));

    // Blue uninstalls the app.
    const uninstalled = await d.fake.sendEvent(d.routeUrl, d.fake.appUninstalled(), { teamId: BLUE });
    expect(uninstalled.status).toBe(200);
    d.fake.revokeTokens(BLUE);
    await waitFor(async () => (await d.demo.knex('slack_installations').where({ team_id: BLUE })).length === 0, { what: 'Blue\'s installation removed' });
    expect(await linked()).toEqual([`D${DAVE}`]);
    expect(await d.demo.knex('approval_team_chats')).toEqual([]);
    expect(await d.demo.knex('orders').orderBy('number').select('*')).toEqual(orders);
    // Carol writing from Blue meanwhile is acknowledged and left unanswered.
    const postedToCarol = d.fake.messages(`D${CAROL}`).length;
    expect((await d.fake.sendEvent(d.routeUrl, d.fake.dm(CAROL, 'hello?'))).status).toBe(200);
    await waitFor(() => d.logs.some((line) => line.includes('the app is not installed in Slack workspace TBLUE')), { what: 'the unanswered request logged' });
    expect(d.fake.messages(`D${CAROL}`)).toHaveLength(postedToCarol);
    // A notification for Blue has nowhere to go.
    expect(await d.bot.deliver(`D${CAROL}`, [{ text: 'Reminder', buttons: [], secret: false }])).toMatchObject({ kind: 'unreachable' });

    // Green's bot token is revoked.
    await d.fake.sendEvent(d.routeUrl, d.fake.tokensRevoked(GREEN), { teamId: GREEN });
    await waitFor(async () => (await d.demo.knex('slack_installations').where({ team_id: GREEN })).length === 0, { what: 'Green\'s installation removed' });
    expect(await linked()).toEqual([]);
    expect(await d.demo.knex('orders').orderBy('number').select('*')).toEqual(orders);
    expect((await d.demo.knex('slack_installations').pluck('team_id'))).toEqual(['TORANGE']);

    // Installed again, Blue is answered with its new token, and Carol logs in again.
    await install(d, BLUE, CAROL, 'Blue Partners');
    const from = d.fake.calls.length;
    const answer = await carol.send('menu');
    expect(textOf(answer)).toContain('What is your username?');
    expect(new Set(d.fake.calls.slice(from).map((c) => c.token))).toEqual(new Set([tokenOf(d, BLUE)]));
    expect(d.fake.calls.slice(from).every((c) => c.answered.ok === true)).toBe(true);
  });

  it('leaves a workspace installed again alone when Slack delivers its uninstall late, or revokes another bot\'s token', async () => {
    const installedAt = (await d.demo.knex('slack_installations').where({ team_id: BLUE }).first('installed_at')).installed_at as Date;
    // The uninstall of before the new install arrives now (Slack retried it).
    await d.fake.sendEvent(d.routeUrl, d.fake.appUninstalled(), { teamId: BLUE, eventTime: Math.floor(installedAt.getTime() / 1000) - 60 });
    await waitFor(() => d.logs.some((line) => line.includes(`the app was uninstalled in workspace ${BLUE}, but it installed the app again since`)), { what: 'the late uninstall ignored' });
    // Another bot's token revoked in Blue.
    await d.fake.sendEvent(d.routeUrl, { ...d.fake.tokensRevoked(BLUE), tokens: { oauth: [], bot: ['UOTHERBOT'] } }, { teamId: BLUE });
    await waitFor(() => d.logs.some((line) => line.includes(`the bot token was revoked in workspace ${BLUE}, but that was not the installed bot`)), { what: 'the other bot\'s revocation ignored' });
    expect(await d.demo.knex('slack_installations').where({ team_id: BLUE }).pluck('team_id')).toEqual([BLUE]);
    expect(textOf(await d.chat(CAROL).send('menu'))).toContain('What is your username?');
  });
});

describe('Slack with SLACK_BOT_TOKEN and OAuth together', () => {
  let d: SlackDriver;
  const ERIN = 'UERIN';
  const ORANGE = 'TORANGE';

  beforeAll(async () => {
    // Alice wrote to the bot (and was linked) while SLACK_BOT_TOKEN alone served, before the
    // workspaces of chats were recorded; an approval channel was chosen then too.
    const demo = await demoStore();
    const { user } = await demo.userNamed('demo');
    await demo.knex('channel_identities').insert({ channel: 'slack', external_user_id: ALICE, chat_id: `D${ALICE}`, reseller_user_id: user.id });
    await demo.knex('approval_team_chats').insert({ reseller_id: user.resellerId, channel: 'slack', chat_id: 'COLDDESK', chosen_by: user.id });
    // As the product runs: auth.test names the bot token's workspace.
    d = await slackDriver({ demo, askAuthTest: true, oauth: { botToken: true } });
  });

  afterAll(async () => {
    await d?.close();
  });

  it('records the bot token\'s workspace for the chats known from before, at start', async () => {
    expect(await d.demo.knex('slack_chats').whereIn('chat_id', [`D${ALICE}`, 'COLDDESK']).orderBy('chat_id').select('chat_id', 'team_id'))
      .toEqual([{ chat_id: 'COLDDESK', team_id: d.fake.teamId }, { chat_id: `D${ALICE}`, team_id: d.fake.teamId }]);
  });

  it('answers the bot token\'s own workspace with it and an installed one with its token', async () => {
    const alice = d.chat(ALICE);
    await alice.send('hi');
    await install(d, BLUE, CAROL);
    const carol = d.chat(CAROL);
    await carol.send('hi');
    expect(await d.bot.deliver(`D${ALICE}`, [{ text: 'To Alice', buttons: [], secret: false }])).toEqual({ kind: 'delivered' });
    expect(await d.bot.deliver(`D${CAROL}`, [{ text: 'To Carol', buttons: [], secret: false }])).toEqual({ kind: 'delivered' });
    const posts = d.fake.callsOf('chat.postMessage');
    expect(posts.every((c) => c.answered.ok === true)).toBe(true);
    expect(new Set(posts.filter((c) => c.body.channel === `D${ALICE}`).map((c) => c.token))).toEqual(new Set([SLACK_BOT_TOKEN]));
    expect(new Set(posts.filter((c) => c.body.channel === `D${CAROL}`).map((c) => c.token))).toEqual(new Set([tokenOf(d, BLUE)]));
  });

  it('answers no other workspace with the bot token: not one never installed, nor its own once uninstalled', async () => {
    // Erin's workspace never installed the app.
    d.fake.joinTeam(ORANGE, ERIN);
    const from = d.fake.calls.length;
    expect((await d.fake.sendEvent(d.routeUrl, d.fake.dm(ERIN, 'hello'))).status).toBe(200);
    await waitFor(() => d.logs.some((line) => line.includes(`the app is not installed in Slack workspace ${ORANGE}`)), { what: 'Erin\'s request left unanswered' });
    expect(d.fake.calls.slice(from).filter((c) => JSON.stringify(c.body).includes(ERIN))).toEqual([]);
    // A workspace not installed is a warning, not an error of the product.
    expect(d.errorLogs.filter((line) => line.includes(ORANGE))).toEqual([]);

    // The bot token's own workspace uninstalls the app: its token answers nobody any more.
    await d.fake.sendEvent(d.routeUrl, d.fake.appUninstalled(), { teamId: d.fake.teamId });
    await waitFor(() => d.logs.some((line) => line.includes(`the app was uninstalled in workspace ${d.fake.teamId}`)), { what: 'the uninstall handled' });
    const since = d.fake.calls.length;
    expect((await d.fake.sendEvent(d.routeUrl, d.fake.dm(ALICE, 'still there?'))).status).toBe(200);
    await waitFor(() => d.logs.some((line) => line.includes(`the app is not installed in Slack workspace ${d.fake.teamId}`)), { what: 'Alice\'s request left unanswered' });
    expect(d.fake.calls.slice(since).filter((c) => c.token === SLACK_BOT_TOKEN)).toEqual([]);
    // Blue is answered as before.
    expect(textOf(await d.chat(CAROL).send('menu'))).not.toBe('');
  });
});

describe('Slack with a SLACK_BOT_TOKEN that Slack rejects, and OAuth', () => {
  let d: SlackDriver;

  beforeAll(async () => {
    d = await slackDriver({ askAuthTest: true, oauth: { botToken: true, botTokenRevoked: true } });
  });

  afterAll(async () => {
    await d?.close();
  });

  it('loses the bot token\'s workspace only: the installed workspaces are installed and answered', async () => {
    expect(d.errorLogs.some((line) => line.includes('Slack rejected SLACK_BOT_TOKEN (token_revoked)'))).toBe(true);
    expect((await install(d, BLUE, CAROL, 'Blue Partners')).done.status).toBe(200);
    expect(textOf(await d.chat(CAROL).send('hi'))).toContain('What is your username?');
    expect(await d.bot.deliver(`D${CAROL}`, [{ text: 'To Carol', buttons: [], secret: false }])).toEqual({ kind: 'delivered' });
    expect(await d.bot.deliver(`D${ALICE}`, [{ text: 'To Alice', buttons: [], secret: false }])).toMatchObject({ kind: 'unreachable' });
  });
});

describe('Slack with another SLACK_TOKEN_KEY than the tokens were sealed with', () => {
  it('says so at start, and logs the requests it cannot answer as errors', async () => {
    const first = await slackDriver({ oauth: { botToken: false } });
    await install(first, BLUE, CAROL, 'Blue Partners');
    await first.close();
    const d = await slackDriver({ demo: first.demo, oauth: { botToken: false, tokenKey: Buffer.alloc(32, 0x33) } });
    try {
      expect(d.errorLogs.some((line) => line.includes('1 installed workspace(s) have bot tokens sealed with another key than SLACK_TOKEN_KEY'))).toBe(true);
      d.fake.joinTeam(BLUE, CAROL);
      expect((await d.fake.sendEvent(d.routeUrl, d.fake.dm(CAROL, 'hello'))).status).toBe(200);
      await waitFor(() => d.errorLogs.some((line) => line.includes('SLACK_TOKEN_KEY is key')), { what: 'the request that could not be answered logged as an error' });
    } finally {
      await d.close();
    }
  });
});

describe('Slack install with many installs under way', () => {
  it('turns an install away while too many are under way, and takes it again once one is finished', async () => {
    const d = await slackDriver({ oauth: { botToken: false, maxPendingStates: 1 } });
    try {
      const first = browser();
      const started = await first.get(`${d.baseUrl}/slack/install`);
      expect(started.status).toBe(302);
      expect(await browser().get(`${d.baseUrl}/slack/install`)).toMatchObject({ status: 503, body: expect.stringContaining('Too many installs are under way') });
      expect((await first.get(d.fake.authorizeInstall(started.location ?? '', { team: BLUE, user: CAROL }))).status).toBe(200);
      expect((await browser().get(`${d.baseUrl}/slack/install`)).status).toBe(302);
    } finally {
      await d.close();
    }
  });
});
