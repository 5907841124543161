// The Slack channel through the product's real events route and the fake Slack: requests
// that are not Slack's are refused before anything is handled, Slack's retries and quick
// messages are handled once and in order, old buttons do nothing, passwords stay out of the
// chat, channels only hear mentions and never ask for a password, and notifications keep
// Slack's pace, wait out its rate limits and stop at channels that are gone.
import { describe, expect, it, vi } from 'vitest';
import type { Reply } from '../../../src/conversation/reply';
import { t } from '../../../src/conversation/wording';
import { PASSWORD_ACTION } from '../../../src/bots/slack/render';
import type { SlackMessage } from '../../support/fake-slack';
import { CHANNEL, postSigned, slackDriverForTests, textOf, type SlackDriver } from '../../support/slack-driver';

const PASSWORD = 'demo-pass-1';
const firstLine = (m: SlackMessage): string => textOf([m]).split('\n')[0] ?? '';

describe('the Slack channel', () => {
  let d: SlackDriver;

  slackDriverForTests((driver) => (d = driver));

  const conversationsOf = (user: string) => d.demo.knex('conversations').where({ channel: 'slack', external_user_id: user }).orderBy('chat_id').select('chat_id', 'state', 'version');
  const conversation = async (user: string, chatId: string) =>
    (await d.demo.knex('conversations').where({ channel: 'slack', external_user_id: user, chat_id: chatId }).first('state', 'version')) as
      | { state: { step: { name: string }; session: { name: string } | null }; version: number }
      | undefined;
  const identitiesOf = (user: string) => d.demo.knex('channel_identities').where({ channel: 'slack', external_user_id: user }).orderBy('chat_id').pluck('chat_id');
  /** The event ids handled (an event's input id is its event_id and a digest of the event). */
  const processed = async (ids: string[]) =>
    ((await d.demo.knex('processed_inputs').where({ channel: 'slack' }).pluck('input_id')) as string[]).map((id) => id.split(':')[0] ?? '').filter((id) => ids.includes(id));
  /** Every Web API call the bot made since `from`, as one string (to look for a password in). */
  const callsSince = (from: number) => JSON.stringify(d.fake.calls.slice(from).map((c) => c.body));

  describe('requests that are not Slack’s', () => {
    const MALLORY = 'UMALLORY';

    it('answers 401 to a request signed with another secret, a tampered one, an unsigned one and one 6 minutes old, and handles none of them', async () => {
      const callsBefore = d.fake.calls.length;
      const forgeries = {
        'another secret': { secret: 'a-forgers-signing-secret' },
        'a tampered body': { tamper: (raw: string) => raw.replace('/start', '/menu') },
        'no signature': { omitSignature: true },
        '6 minutes old': { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 },
      };
      const eventIds: string[] = [];
      for (const [what, forgery] of Object.entries(forgeries)) {
        const eventId = `EvFORGED${eventIds.length}`;
        eventIds.push(eventId);
        const result = await d.fake.sendEvent(d.routeUrl, d.fake.dm(MALLORY, '/start'), { ...forgery, eventId });
        expect(result.status, what).toBe(401);
      }
      // Checked only after a genuine request was handled start to end.
      const genuine = await d.chat('UTRENT').send('/start');
      expect(textOf(genuine)).toContain(t.login.welcome('Demo Distribution B.V.'));
      expect(d.fake.messages(`D${MALLORY}`)).toEqual([]);
      expect(d.fake.calls.slice(callsBefore).filter((c) => JSON.stringify(c.body).includes(MALLORY))).toEqual([]);
      expect(await conversationsOf(MALLORY)).toEqual([]);
      expect(await processed(eventIds)).toEqual([]);

      // The same event, signed properly, is handled: the forgeries were refused for their signatures alone.
      const signed = await d.chat(MALLORY).send('/start');
      expect(textOf(signed)).toContain(t.login.askUsername);
      expect((await conversationsOf(MALLORY)).map((c) => c.version)).toEqual([1]);
    });

    it('answers 401 to a forged button press, and the press does nothing', async () => {
      const oscar = d.chat('UOSCAR');
      await oscar.login();
      const menu = oscar.lastWithButtons();
      const before = d.fake.messages().length;
      const result = await d.fake.press(d.routeUrl, { user: oscar.user, message: menu, label: t.menu.logout }, { secret: 'a-forgers-signing-secret' });
      expect(result.status).toBe(401);
      // The genuine press of another button is handled, and the forged one left nothing behind.
      const buy = await oscar.press(t.menu.buy);
      expect(textOf(buy)).toMatch(/What would you like to buy/);
      expect(d.fake.messages().slice(before).map(firstLine)).not.toContain(t.login.loggedOut);
      expect(await identitiesOf(oscar.user)).toEqual([oscar.channel]);
    });

    it('answers 400 to a properly signed body it cannot read, and handles nothing', async () => {
      const callsBefore = d.fake.calls.length;
      const conversationsBefore = await d.demo.knex('conversations').count<{ count: string }[]>('* as count');
      expect(await postSigned(d.routeUrl, '{"type": "event_callback", "event": ')).toMatchObject({ status: 400 });
      expect(await postSigned(d.routeUrl, '42')).toMatchObject({ status: 400 });
      expect(await postSigned(d.routeUrl, 'token=x&type=block_actions', { contentType: 'application/x-www-form-urlencoded' })).toMatchObject({ status: 400 });
      expect(await postSigned(d.routeUrl, 'payload=%7Bnot%20json', { contentType: 'application/x-www-form-urlencoded' })).toMatchObject({ status: 400 });
      // The signature is checked first: an unreadable body with a forged signature is a 401.
      expect(await postSigned(d.routeUrl, '{not json', { secret: 'a-forgers-signing-secret' })).toMatchObject({ status: 401 });
      await d.chat('UTRENT').send('/help');
      expect(d.fake.calls.slice(callsBefore).every((c) => c.body.channel === 'DUTRENT')).toBe(true);
      expect(await d.demo.knex('conversations').count<{ count: string }[]>('* as count')).toEqual(conversationsBefore);
    });

    it('answers 200 to the ssl_check Slack sends to a slash command URL, and handles nothing', async () => {
      const callsBefore = d.fake.calls.length;
      expect(await postSigned(d.routeUrl, 'ssl_check=1&token=fake-verification-token', { contentType: 'application/x-www-form-urlencoded' })).toMatchObject({ status: 200 });
      expect(d.fake.calls.slice(callsBefore)).toEqual([]);
    });
  });

  describe('events that come twice, or quickly one after the other', () => {
    it('handles an event Slack sends again (the same event_id, X-Slack-Retry-Num: 1) once', async () => {
      const erin = d.chat('UERIN');
      const event = d.fake.dm(erin.user, '/start');
      const before = d.fake.messages().length;
      expect((await d.fake.sendEvent(d.routeUrl, event, { eventId: 'EvRETRIED1' })).status).toBe(200);
      const first = await d.settled(before);
      expect(first.map(firstLine)).toEqual([t.login.welcome('Demo Distribution B.V.'), t.login.askUsername]);

      const afterFirst = d.fake.messages(erin.channel).length;
      const retry = await d.fake.sendEvent(d.routeUrl, event, { eventId: 'EvRETRIED1', retryNum: 1, retryReason: 'http_timeout' });
      expect(retry.status).toBe(200);
      // A later message of the chat is answered after anything the retry would have said.
      await erin.send('/help');
      const since = d.fake.messages(erin.channel).slice(afterFirst);
      expect(firstLine(since[0] as SlackMessage)).toBe(t.help.text.split('\n')[0]);
      expect(textOf(since)).not.toContain(t.login.welcome('Demo Distribution B.V.'));
      expect((await conversation(erin.user, erin.channel))?.version).toBe(2);
    });

    it('answers a new message that comes with an event_id handled before (a Slack emulator started afresh numbers its events again)', async () => {
      const gil = d.chat('UGIL');
      const before = d.fake.messages().length;
      expect((await d.fake.sendEvent(d.routeUrl, d.fake.dm(gil.user, '/start'), { eventId: 'EvREUSED1' })).status).toBe(200);
      await d.settled(before);
      const afterFirst = d.fake.messages().length;
      expect((await d.fake.sendEvent(d.routeUrl, d.fake.dm(gil.user, '/help'), { eventId: 'EvREUSED1' })).status).toBe(200);
      const second = await d.settled(afterFirst);
      expect(second.map(firstLine)).toContain(t.help.text.split('\n')[0]);
      expect((await conversation(gil.user, gil.channel))?.version).toBe(2);
    });

    it('handles a button press delivered twice (the same payload) once, and answers a new press that comes with the ids of one handled before (an emulator started afresh)', async () => {
      const pia = d.chat('UPIA');
      await pia.login();
      const actionTs = '1790000010.000100';
      const from = d.fake.messages().length;
      const sent = await d.fake.press(d.routeUrl, { user: pia.user, message: pia.lastWithButtons(), label: t.menu.buy, actionTs });
      expect((await d.settled(from)).map(firstLine)).toContain(t.menu.buyTitle);
      const version = (await conversation(pia.user, pia.channel))?.version ?? 0;

      const afterFirst = d.fake.messages(pia.channel).length;
      expect((await d.fake.sendAgain(d.routeUrl, sent)).status).toBe(200);
      await pia.send('/help');
      expect(firstLine(d.fake.messages(pia.channel)[afterFirst] as SlackMessage)).toBe(t.help.text.split('\n')[0]);
      expect((await conversation(pia.user, pia.channel))?.version).toBe(version + 1);

      const beforeNew = d.fake.messages().length;
      await d.fake.press(d.routeUrl, { user: pia.user, message: pia.lastWithButtons(), label: t.toMenu, actionTs });
      expect((await d.settled(beforeNew)).map(firstLine)).toContain(t.menu.title);
      expect((await conversation(pia.user, pia.channel))?.version).toBe(version + 2);
    });

    it('handles a slash command delivered twice (the same fields) once, and answers a new one that comes with the trigger_id of one handled before', async () => {
      const quinn = d.chat('UQUINN');
      await quinn.login();
      const triggerId = '1790000011.1.reused-trigger';
      const from = d.fake.messages().length;
      const sent = await d.fake.slashCommand(d.routeUrl, { user: quinn.user, channel: quinn.channel, text: 'help', triggerId });
      expect(firstLine((await d.settled(from))[0] as SlackMessage)).toBe(t.help.text.split('\n')[0]);
      const version = (await conversation(quinn.user, quinn.channel))?.version ?? 0;

      const afterFirst = d.fake.messages(quinn.channel).length;
      expect((await d.fake.sendAgain(d.routeUrl, sent)).status).toBe(200);
      await quinn.send('/menu');
      expect(firstLine(d.fake.messages(quinn.channel)[afterFirst] as SlackMessage)).toBe(t.menu.title);
      expect((await conversation(quinn.user, quinn.channel))?.version).toBe(version + 1);

      const beforeNew = d.fake.messages().length;
      await d.fake.slashCommand(d.routeUrl, { user: quinn.user, channel: quinn.channel, text: 'help', triggerId });
      expect(firstLine((await d.settled(beforeNew))[0] as SlackMessage)).toBe(t.help.text.split('\n')[0]);
      expect((await conversation(quinn.user, quinn.channel))?.version).toBe(version + 2);
    });

    it('handles a password form submitted twice (the same payload) once, and answers a new submission that comes with the view id and hash of one handled before', async () => {
      const rex = d.chat('UREX');
      const wrong = 'Rex-Wr0ng-Secret!';
      const logsBefore = d.logs.length;
      await rex.send('/start');
      await rex.send('demo');
      const views = d.fake.views().length;
      await d.fake.pressButton(d.routeUrl, rex.user, rex.lastWithButtons(), t.login.enterPasswordPrivately);
      await vi.waitFor(() => expect(d.fake.views().length).toBeGreaterThan(views), { timeout: 5_000, interval: 20 });
      const form = d.fake.views().at(-1) as Record<string, unknown>;
      const from = d.fake.messages().length;
      const sent = await d.fake.submitView(d.routeUrl, { user: rex.user, view: form, values: { password: { value: wrong } } });
      expect(textOf(await d.settled(from))).toContain(t.login.loginWrong);
      const version = (await conversation(rex.user, rex.channel))?.version ?? 0;

      // Sent again as it was: not a second wrong attempt.
      const afterFirst = d.fake.messages(rex.channel).length;
      expect((await d.fake.sendAgain(d.routeUrl, sent)).status).toBe(200);
      await rex.send('demo');
      expect(textOf(d.fake.messages(rex.channel).slice(afterFirst))).not.toContain(t.login.loginWrong);
      expect((await conversation(rex.user, rex.channel))?.version).toBe(version + 1);

      // The same view id and hash with another password (an emulator started afresh hands them out again): handled.
      const beforeNew = d.fake.messages().length;
      await d.fake.submitView(d.routeUrl, { user: rex.user, view: form, values: { password: { value: PASSWORD } } });
      expect(textOf(await d.settled(beforeNew))).toContain(t.login.loggedIn('Dana Demo', 'Acme Telecom B.V.'));
      expect((await conversation(rex.user, rex.channel))?.version).toBe(version + 2);

      // Neither password is kept in the ids handled, nor logged.
      const ids = JSON.stringify(await d.demo.knex('processed_inputs').where({ channel: 'slack' }).where('input_id', 'like', `view:${String(form.id)}:%`).pluck('input_id'));
      expect(ids).toMatch(/view:/);
      for (const password of [wrong, PASSWORD]) {
        expect(ids).not.toContain(password);
        expect(d.logs.slice(logsBefore).join('\n')).not.toContain(password);
      }
    });

    it('handles an event and its retry arriving together once', async () => {
      const fay = d.chat('UFAY');
      const event = d.fake.dm(fay.user, '/start');
      const before = d.fake.messages().length;
      const results = await Promise.all([
        d.fake.sendEvent(d.routeUrl, event, { eventId: 'EvTWICE1' }),
        d.fake.sendEvent(d.routeUrl, event, { eventId: 'EvTWICE1', retryNum: 1 }),
      ]);
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      await d.settled(before);
      await fay.send('/help');
      expect(fay.messages().map(firstLine).filter((line) => line === t.login.welcome('Demo Distribution B.V.'))).toHaveLength(1);
      expect((await conversation(fay.user, fay.channel))?.version).toBe(2);
    });

    it('answers quick messages of one direct message in the order they were sent, each answer whole', async () => {
      const frank = d.chat('UFRANK');
      await frank.login();
      const before = d.fake.messages().length;
      // Each is sent as soon as the previous one was acknowledged, long before it is answered.
      for (const text of ['/cancel', 'hello there', '/help']) expect((await d.fake.sendEvent(d.routeUrl, d.fake.dm(frank.user, text))).status).toBe(200);
      await vi.waitFor(() => expect(d.fake.messages().length).toBeGreaterThanOrEqual(before + 5), { timeout: 5_000, interval: 20 });
      const posted = await d.settled(before);
      expect(posted.every((m) => m.channel === frank.channel)).toBe(true);
      expect(posted.map(firstLine)).toEqual([
        t.cancelled,
        t.menu.title,
        t.notUnderstood('Please choose one of the buttons.'),
        t.menu.title,
        t.help.text.split('\n')[0],
      ]);
    });
  });

  describe('direct messages that are not text', () => {
    it('answers a file shared in a direct message that only text and buttons are read, with the current step again, once however often it comes', async () => {
      const lena = d.chat('ULENA');
      await lena.login();
      await lena.press(t.menu.buy);
      const before = await conversation(lena.user, lena.channel);
      const shared = { ...d.fake.dm(lena.user, 'here is our price list'), subtype: 'file_share', files: [{ id: 'F0001', name: 'prices.csv', mimetype: 'text/csv' }] };
      const from = d.fake.messages().length;
      expect((await d.fake.sendEvent(d.routeUrl, shared, { eventId: 'EvFILE1' })).status).toBe(200);
      const answer = await d.settled(from);
      expect(answer.map(firstLine)).toEqual([t.textAndButtonsOnly, t.menu.buyTitle]);
      const after = await conversation(lena.user, lena.channel);
      expect(after?.state.step).toEqual(before?.state.step);
      expect(after?.state.session).toEqual(before?.state.session);

      // Slack's retry of it is not answered again: the next message's answer comes first.
      const afterFirst = d.fake.messages(lena.channel).length;
      expect((await d.fake.sendEvent(d.routeUrl, shared, { eventId: 'EvFILE1', retryNum: 1 })).status).toBe(200);
      await lena.send('/help');
      expect(d.fake.messages(lena.channel).slice(afterFirst).map(firstLine)[0]).toBe(t.help.text.split('\n')[0]);
      expect((await conversation(lena.user, lena.channel))?.version).toBe((after?.version ?? 0) + 1);
    });

    it('reads a /me message as the text it is', async () => {
      const lena = d.chat('ULENA');
      const from = d.fake.messages().length;
      expect((await d.fake.sendEvent(d.routeUrl, { ...d.fake.dm(lena.user, 'cart'), subtype: 'me_message' })).status).toBe(200);
      expect((await d.settled(from)).map(firstLine)[0]).toMatch(/cart/i);
    });
  });

  describe('threads', () => {
    it('answers a reply inside a direct message’s thread in that thread, and its buttons there too; the direct message itself stays where it was', async () => {
      const mona = d.chat('UMONA');
      await mona.login();
      const thread = '1790000001.000100';
      const from = d.fake.messages().length;
      expect((await d.fake.sendEvent(d.routeUrl, d.fake.dm(mona.user, 'cart', { threadTs: thread }))).status).toBe(200);
      const answer = await d.settled(from);
      expect(answer.map((m) => [m.channel, m.threadTs])).toEqual(answer.map(() => [mona.channel, thread]));
      expect(answer.map(firstLine).join('\n')).toMatch(/cart/i);

      const inThread = [...answer].reverse().find((m) => d.fake.buttonsOf(m).length > 0);
      if (!inThread) throw new Error('no buttons in the thread');
      const beforePress = d.fake.messages().length;
      await d.fake.pressButton(d.routeUrl, mona.user, inThread, t.toMenu);
      const pressed = await d.settled(beforePress);
      expect(pressed.map(firstLine)).toContain(t.menu.title);
      expect(pressed.every((m) => m.threadTs === thread)).toBe(true);

      // A message in the direct message itself is answered there, not in the thread.
      const direct = await mona.send('/help');
      expect(direct.every((m) => m.channel === mona.channel && m.threadTs === undefined)).toBe(true);
    });

    it('logs in inside a direct message’s thread: the password form’s answer comes in that thread', async () => {
      const olga = d.chat('UOLGA');
      const thread = '1790000003.000300';
      for (const text of ['/start', 'demo']) {
        const from = d.fake.messages().length;
        await d.fake.sendEvent(d.routeUrl, d.fake.dm(olga.user, text, { threadTs: thread }));
        await d.settled(from);
      }
      const views = d.fake.views().length;
      await d.fake.pressButton(d.routeUrl, olga.user, olga.lastWithButtons(), 'Enter the password privately');
      await vi.waitFor(() => expect(d.fake.views().length).toBeGreaterThan(views), { timeout: 5_000, interval: 20 });
      const form = d.fake.views().at(-1);
      if (!form) throw new Error('no password form');
      const from = d.fake.messages().length;
      await d.fake.submitView(d.routeUrl, { user: olga.user, view: form, values: { password: { value: PASSWORD } } });
      const answer = await d.settled(from);
      expect(textOf(answer)).toContain('Dana Demo');
      expect(answer.every((m) => m.channel === olga.channel && m.threadTs === thread)).toBe(true);
    });

    it('answers a mention inside a channel’s thread in that thread', async () => {
      const nina = d.chat('UNINA');
      await nina.login();
      const thread = '1790000002.000200';
      const from = d.fake.messages().length;
      expect((await d.fake.sendEvent(d.routeUrl, { ...d.fake.mention(nina.user, CHANNEL, 'menu'), thread_ts: thread })).status).toBe(200);
      const answer = await d.settled(from);
      expect(answer.map(firstLine)).toContain(t.menu.title);
      expect(answer.every((m) => m.channel === CHANNEL && m.threadTs === thread)).toBe(true);
    });
  });

  describe('buttons', () => {
    const GINA = 'UGINA';

    it('says a button pressed a second time is out of date, and adds one cart line', async () => {
      const gina = d.chat(GINA);
      await gina.login();
      for (const label of [t.menu.buy, 'New license', 'Startup', '4 SC', '1', '1', 'Skip']) await gina.press(label);
      const summary = gina.lastWithButtons();
      const linesBefore = (await d.demo.knex('cart_lines')).length;
      const added = await gina.press('Add to cart');
      expect(textOf(added)).toMatch(/cart has 1 line/);

      const before = d.fake.messages().length;
      const again = await d.fake.pressButton(d.routeUrl, GINA, summary, 'Add to cart');
      expect(again.status).toBe(200);
      const stale = await d.settled(before);
      expect(firstLine(stale[0] as SlackMessage)).toBe(t.staleButton);
      expect(textOf(stale)).not.toMatch(/cart has 2 lines/);
      expect(await d.demo.knex('cart_lines')).toHaveLength(linesBefore + 1);
    });

    it('acts on nothing when a button of an older message is pressed', async () => {
      const gina = d.chat(GINA);
      await gina.send('/menu');
      const menu = gina.lastWithButtons();
      await gina.press(t.menu.buy);
      const before = d.fake.messages().length;
      await d.fake.pressButton(d.routeUrl, GINA, menu, t.menu.logout);
      const stale = await d.settled(before);
      expect(stale.map(firstLine)).toEqual([t.staleButton, 'What would you like to buy?']);
      expect(textOf(stale)).not.toContain(t.login.loggedOut);
      const state = (await conversation(GINA, gina.channel))?.state;
      expect(state?.step.name).toBe('buy');
      expect(state?.session).not.toBeNull();
      expect(await identitiesOf(GINA)).toEqual([gina.channel]);
    });
  });

  describe('passwords', () => {
    it.each(['hi', 'hello', 'menu', 'demo'])('a new user\'s first message "%s" is greeted and asked for the username; it is never taken as one, nor the next as a password', async (first) => {
      const newcomer = d.chat(`UNEW${first.toUpperCase()}`);
      const greeted = await newcomer.send(first);
      expect(greeted.map(firstLine)).toEqual([t.login.welcome('Demo Distribution B.V.'), t.login.askUsername]);
      expect(d.fake.buttonsOf(greeted.at(-1) as SlackMessage).map((b) => b.actionId)).not.toContain(PASSWORD_ACTION);
      const prompt = await newcomer.send('demo');
      expect(d.fake.buttonsOf(prompt.at(-1) as SlackMessage).map((b) => b.actionId)).toContain(PASSWORD_ACTION);
      expect((await d.demo.knex('reseller_users').where({ username: 'demo' }).first('failed_attempts')).failed_attempts).toBe(0);
    });

    it('logs in with a password typed into the direct message, but first asks the user to delete that message', async () => {
      const hank = d.chat('UHANK');
      await hank.send('/start');
      const prompt = await hank.send('demo');
      expect(d.fake.buttonsOf(prompt.at(-1) as SlackMessage).map((b) => b.actionId)).toContain(PASSWORD_ACTION);
      const callsBefore = d.fake.calls.length;
      const typed = await hank.send(PASSWORD);
      expect(typed.map(firstLine)).toEqual([t.login.deletePasswordYourself, t.login.loggedIn('Dana Demo', 'Acme Telecom B.V.'), t.menu.title]);
      expect(callsSince(callsBefore)).not.toContain(PASSWORD);
      expect(await identitiesOf(hank.user)).toEqual([hank.channel]);
    });

    it('refuses a wrong password given in the form, and the password is in no Web API call', async () => {
      const ivy = d.chat('UIVY');
      const wrong = 'Wr0ng-Secret-of-Ivy!';
      const callsBefore = d.fake.calls.length;
      await ivy.send('/start');
      await ivy.send('demo');
      await d.fake.pressButton(d.routeUrl, ivy.user, ivy.lastWithButtons(), t.login.enterPasswordPrivately);
      await vi.waitFor(() => expect(d.fake.views().some((v) => v.private_metadata === ivy.channel)).toBe(true), { timeout: 5_000, interval: 20 });
      const view = d.fake.views().filter((v) => v.private_metadata === ivy.channel).at(-1) as Record<string, unknown>;
      const before = d.fake.messages().length;
      expect((await d.fake.submitView(d.routeUrl, { user: ivy.user, view, values: { password: { value: wrong } } })).status).toBe(200);
      const refused = await d.settled(before);
      expect(textOf(refused)).toContain(t.login.loginWrong);
      expect(textOf(refused)).not.toContain('Welcome, ');
      expect(await identitiesOf(ivy.user)).toEqual([]);
      expect(callsSince(callsBefore)).not.toContain(wrong);
      expect(JSON.stringify(d.fake.responses)).not.toContain(wrong);
      expect(JSON.stringify(d.fake.messages())).not.toContain(wrong);
    });
    it('does not ask to delete a message when the password was given in the form', async () => {
      const jack = d.chat('UJACK');
      const posted = await jack.login();
      expect(textOf(posted)).toContain('Welcome, Dana Demo');
      expect(textOf(posted)).not.toContain(t.login.deletePasswordYourself);
    });
    it('never posts a password given in a form submitted after the password prompt was left', async () => {
      const lou = d.chat('ULOU');
      const secret = 'Lou-Secret-Pw-123';
      const callsBefore = d.fake.calls.length;
      await lou.send('/start');
      await lou.send('demo');
      await d.fake.pressButton(d.routeUrl, lou.user, lou.lastWithButtons(), t.login.enterPasswordPrivately);
      await vi.waitFor(() => expect(d.fake.views().some((v) => v.private_metadata === lou.channel)).toBe(true), { timeout: 5_000, interval: 20 });
      const view = d.fake.views().filter((v) => v.private_metadata === lou.channel).at(-1) as Record<string, unknown>;
      await lou.send('/cancel');
      const before = d.fake.messages().length;
      expect((await d.fake.submitView(d.routeUrl, { user: lou.user, view, values: { password: { value: secret } } })).status).toBe(200);
      // Whatever it answers (or nothing), the password is in no call: checked after the chat settled.
      await lou.send('/help');
      expect(d.fake.messages().length).toBeGreaterThan(before);
      expect(callsSince(callsBefore)).not.toContain(secret);
    });
    it('does not ask to delete a command typed at the password prompt', async () => {
      const max = d.chat('UMAX');
      await max.send('/start');
      await max.send('demo');
      const cancelled = await max.send('/cancel');
      expect(textOf(cancelled)).not.toContain(t.login.deletePasswordYourself);
    });
  });

  describe('in a channel', () => {
    const CAROL = 'UCAROL';
    const JUDY = 'UJUDY';

    it('tells a user who logged in nowhere to log in privately, and never asks for a password in the channel', async () => {
      const carol = d.chat(CAROL, CHANNEL);
      const before = d.fake.messages().length;
      for (const text of ['/start', 'demo', PASSWORD, '/menu']) {
        const answer = await carol.send(text);
        expect(textOf(answer), text).toContain(t.login.privateLoginOnly);
      }
      const posted = d.fake.messages().slice(before);
      expect(posted.every((m) => m.channel === CHANNEL)).toBe(true);
      expect(textOf(posted)).not.toContain(t.login.askUsername);
      expect(textOf(posted)).not.toMatch(/Password for/);
      expect(posted.flatMap((m) => d.fake.buttonsOf(m)).map((b) => b.actionId)).not.toContain(PASSWORD_ACTION);
      expect(d.fake.callsOf('views.open').filter((c) => JSON.stringify(c.body).includes(CHANNEL))).toEqual([]);
      expect(await identitiesOf(CAROL)).toEqual([]);
    });

    it('recognises in the channel a user who logged in by direct message', async () => {
      await d.chat(CAROL).login();
      const carol = d.chat(CAROL, CHANNEL);
      const menu = await carol.send('hello');
      expect(menu.map(firstLine)).toEqual([t.login.loggedIn('Dana Demo', 'Acme Telecom B.V.'), t.menu.title]);
      expect(menu.every((m) => m.channel === CHANNEL)).toBe(true);
      // All the users here log in as the demo user, whose cart another test filled.
      expect(carol.labels()).toEqual([t.menu.dashboard, t.menu.buy, expect.stringMatching(/^Cart/), t.menu.licenses, t.customers.menuButton, t.menu.orders, t.menu.invoices, t.team.menuButton, t.menu.help, t.menu.logout]);
      expect(await identitiesOf(CAROL)).toEqual([CHANNEL, `D${CAROL}`].sort());
      const buy = await carol.press(t.menu.buy);
      expect(textOf(buy)).toMatch(/What would you like to buy/);
    });

    it('keeps a conversation of its own for each member, and one member’s buttons do nothing for another', async () => {
      await d.chat(JUDY).login();
      const judy = d.chat(JUDY, CHANNEL);
      expect(textOf(await judy.send('/menu'))).toContain(t.menu.title);
      expect((await conversationsOf(CAROL)).map((c) => c.chat_id)).toEqual([CHANNEL, `D${CAROL}`].sort());
      expect((await conversationsOf(JUDY)).map((c) => c.chat_id)).toEqual([CHANNEL, `D${JUDY}`].sort());
      expect((await conversation(CAROL, CHANNEL))?.state.step.name).toBe('buy');
      expect((await conversation(JUDY, CHANNEL))?.state.step.name).toBe('menu');

      // Judy presses a button of Carol's Buy message.
      const carolsBuy = [...d.fake.messages(CHANNEL)].reverse().find((m) => d.fake.buttonsOf(m).some((b) => b.text === 'New license'));
      if (!carolsBuy) throw new Error('Carol’s Buy message is not in the channel');
      const carolBefore = await conversation(CAROL, CHANNEL);
      const before = d.fake.messages().length;
      await d.fake.pressButton(d.routeUrl, JUDY, carolsBuy, 'New license');
      const answer = await d.settled(before);
      expect(firstLine(answer[0] as SlackMessage)).toBe(t.staleButton);
      expect(await conversation(CAROL, CHANNEL)).toEqual(carolBefore);
      expect((await conversation(JUDY, CHANNEL))?.state.step.name).toBe('menu');
    });

    it('ignores channel messages that do not mention the bot, and the bot’s own messages', async () => {
      const ignored = [
        { eventId: 'EvPLAIN1', event: d.fake.channelMessage(CAROL, CHANNEL, '/menu') },
        { eventId: 'EvPLAIN2', event: d.fake.channelMessage(JUDY, CHANNEL, 'demo-pass-1') },
        { eventId: 'EvBOTSELF', event: { ...d.fake.dm(d.fake.botUserId, 'Main menu. What would you like to do?', { channel: `D${CAROL}` }), bot_id: 'BBOT' } },
        { eventId: 'EvEDITED', event: { ...d.fake.dm(CAROL, '/help'), subtype: 'message_changed' } },
      ];
      const versions = await d.demo.knex('conversations').where({ channel: 'slack' }).orderBy('id').pluck('version');
      const before = d.fake.messages().length;
      for (const { eventId, event } of ignored) expect((await d.fake.sendEvent(d.routeUrl, event, { eventId })).status).toBe(200);
      // Answered after anything the ignored ones would have said, in the same channel.
      await d.chat(CAROL, CHANNEL).send('/help');
      const posted = d.fake.messages().slice(before);
      expect(firstLine(posted[0] as SlackMessage)).toBe(t.help.text.split('\n')[0]);
      expect(posted.every((m) => m.channel === CHANNEL)).toBe(true);
      expect(await processed(ignored.map((i) => i.eventId))).toEqual([]);
      const after = await d.demo.knex('conversations').where({ channel: 'slack' }).orderBy('id').pluck('version');
      // Only Carol's channel conversation moved, by the one mention.
      expect(after.reduce((sum: number, v: number) => sum + v, 0) - versions.reduce((sum: number, v: number) => sum + v, 0)).toBe(1);
    });

    it('handles a mention inside a direct message once, as the direct message', async () => {
      const ken = d.chat('UKEN');
      await ken.login();
      const version = (await conversation(ken.user, ken.channel))?.version ?? 0;
      const ts = '1790000000.000100';
      const asMessage = d.fake.dm(ken.user, `<@${d.fake.botUserId}> /menu`, { ts });
      const asMention = { ...d.fake.mention(ken.user, ken.channel, '/menu', { ts }) };
      const before = d.fake.messages().length;
      expect((await d.fake.sendEvent(d.routeUrl, asMessage, { eventId: 'EvDMMENTION1' })).status).toBe(200);
      expect((await d.fake.sendEvent(d.routeUrl, asMention, { eventId: 'EvDMMENTION2' })).status).toBe(200);
      await d.settled(before);
      await ken.send('/cart');
      expect(await processed(['EvDMMENTION1', 'EvDMMENTION2'])).toEqual(['EvDMMENTION1']);
      expect((await conversation(ken.user, ken.channel))?.version).toBe(version + 2);
      expect(await conversationsOf(ken.user)).toHaveLength(1);
    });
    it('reads "@bot /menu" in a direct message as /menu', async () => {
      const ken = d.chat('UKEN');
      await ken.send('/help');
      const answer = await ken.send(`<@${d.fake.botUserId}> /menu`);
      expect(answer.map(firstLine)).toEqual([t.menu.title]);
    });
  });

  describe('notifications (bot.deliver)', () => {
    const paid: Reply = { text: 'Order 1042 is paid. Thank you!', buttons: [[{ id: '~inv:1042', label: 'Show the invoice' }]], secret: false };
    const unreachableSince = async (chatId: string) =>
      (await d.demo.knex('channel_identities').where({ channel: 'slack', chat_id: chatId }).orderBy('external_user_id').pluck('unreachable_since')) as Array<Date | null>;

    it('shares the invoice PDF in the channel after the message', async () => {
      const pdf = { filename: 'INV-2026-000042.pdf', content: Buffer.from('%PDF-1.7 fake invoice\n%%EOF\n') };
      expect(await d.bot.deliver('DUNOTEPDF', [paid], pdf)).toEqual({ kind: 'delivered' });
      expect(d.fake.messages('DUNOTEPDF')).toHaveLength(1);
      expect(d.fake.files()).toEqual([expect.objectContaining({ channel: 'DUNOTEPDF', filename: 'INV-2026-000042.pdf', length: pdf.content.length, body: expect.stringContaining('%PDF-1.7 fake invoice') })]);
      // A file that cannot be shared does not send the message again.
      d.fake.failNext('files.getUploadURLExternal', { error: 'not_allowed_token_type' });
      expect(await d.bot.deliver('DUNOTEPDF2', [paid], pdf)).toEqual({ kind: 'delivered' });
      expect(d.fake.messages('DUNOTEPDF2')).toHaveLength(1);
      expect(d.logs.some((l) => /INV-2026-000042\.pdf could not be shared/.test(l))).toBe(true);
    });

    it('delivers a notification as a message with its buttons', async () => {
      expect(await d.bot.deliver('DUNOTE1', [paid])).toEqual({ kind: 'delivered' });
      const [message, ...more] = d.fake.messages('DUNOTE1');
      expect(more).toEqual([]);
      expect(textOf([message as SlackMessage])).toBe(paid.text);
      expect(d.fake.buttonsOf(message as SlackMessage).map((b) => [b.text, b.value])).toEqual([['Show the invoice', '~inv:1042']]);
    });

    it('answers retry (within a second) to a second notification of the same channel within a second, and sends it after the wait', async () => {
      expect(await d.bot.deliver('DUNOTE2', [paid])).toEqual({ kind: 'delivered' });
      const second = await d.bot.deliver('DUNOTE2', [paid]);
      expect(second).toMatchObject({ kind: 'retry' });
      const afterMs = second.kind === 'retry' ? second.afterMs : -1;
      expect(afterMs).toBeGreaterThan(0);
      expect(afterMs).toBeLessThanOrEqual(1_000);
      expect(d.fake.messages('DUNOTE2')).toHaveLength(1);
      // Another channel is not held up.
      expect(await d.bot.deliver('DUNOTE3', [paid])).toEqual({ kind: 'delivered' });
      await new Promise((resolve) => setTimeout(resolve, afterMs + 20));
      expect(await d.bot.deliver('DUNOTE2', [paid])).toEqual({ kind: 'delivered' });
      expect(d.fake.messages('DUNOTE2')).toHaveLength(2);
    });

    it('answers retry after Slack’s Retry-After to a 429 and sends nothing, trying once', async () => {
      d.fake.failNext('chat.postMessage', { retryAfterSeconds: 7 });
      const outcome = await d.bot.deliver('DUNOTE4', [paid]);
      expect(outcome).toMatchObject({ kind: 'retry', afterMs: 7_000 });
      expect(d.fake.messages('DUNOTE4')).toEqual([]);
      expect(d.fake.callsOf('chat.postMessage').filter((c) => c.body.channel === 'DUNOTE4').map((c) => c.status)).toEqual([429]);
    });

    it('answers unreachable to channel_not_found and marks the chat unreachable until its user writes again', async () => {
      const leo = d.chat('ULEO');
      await leo.login();
      expect(await unreachableSince(leo.channel)).toEqual([null]);
      d.fake.failNext('chat.postMessage', { error: 'channel_not_found' });
      expect(await d.bot.deliver(leo.channel, [paid])).toEqual({ kind: 'unreachable', reason: 'channel_not_found' });
      const [since] = await unreachableSince(leo.channel);
      expect(since).toBeInstanceOf(Date);
      expect(d.fake.messages(leo.channel).map((m) => textOf([m]))).not.toContain(paid.text);

      const menu = await leo.send('/menu');
      expect(textOf(menu)).toContain(t.menu.title);
      expect(await unreachableSince(leo.channel)).toEqual([null]);
    });

    it('marks every identity of an archived channel unreachable, and no other chat', async () => {
      const now = d.demo.knex.fn.now();
      await d.demo.knex('channel_identities').insert([
        { channel: 'slack', external_user_id: 'UMIA', chat_id: 'CARCHIVED', created_at: now, updated_at: now },
        { channel: 'slack', external_user_id: 'UNED', chat_id: 'CARCHIVED', created_at: now, updated_at: now },
        { channel: 'slack', external_user_id: 'UMIA', chat_id: 'DUMIA', created_at: now, updated_at: now },
      ]);
      d.fake.failNext('chat.postMessage', { error: 'is_archived' });
      expect(await d.bot.deliver('CARCHIVED', [paid])).toEqual({ kind: 'unreachable', reason: 'is_archived' });
      const archived = await unreachableSince('CARCHIVED');
      expect(archived).toHaveLength(2);
      for (const since of archived) expect(since).toBeInstanceOf(Date);
      expect(await unreachableSince('DUMIA')).toEqual([null]);
    });
  });
});
