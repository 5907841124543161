// Slack's own surfaces through the product's events route and the fake Slack: the /3cx slash
// command (acknowledged at once, answered in the user's direct messages) and the App Home
// (a Log in button for a new user; a reseller's figures, licenses ending soon with Renew
// buttons, cart, approvals and orders, published again when they change).
import { describe, expect, it } from 'vitest';
import { t } from '../../../src/conversation/wording';
import type { SlackBlock } from '../../support/fake-slack';
import { waitFor } from '../../support/payments-harness';
import { ALICE, BOB, CHANNEL, slackDriverForTests, textOf, type SlackDriver } from '../../support/slack-driver';

const KEY_7Q2M = '7Q2M-4K8P-ZX3N-1A9B';

describe('Slack surfaces: /3cx and the App Home', () => {
  let d: SlackDriver;

  slackDriverForTests((driver) => (d = driver));

  /** The text of a published home view, its sections joined. */
  const homeText = (user: string): string =>
    ((d.fake.home(user)?.blocks ?? []) as SlackBlock[]).filter((b) => b.type === 'section').map((b) => (b as { text?: { text?: string } }).text?.text ?? '').join('\n');
  const homeLabels = (user: string): string[] => ((d.fake.home(user)?.blocks ?? []) as SlackBlock[]).flatMap((b) => d.fake.buttonsOf({ blocks: [b] }).map((x) => x.text));
  const publishes = (user: string) => d.fake.callsOf('views.publish').filter((c) => c.body.user_id === user).length;

  /** Opens the Home tab of `user`; answers once the bot published it. */
  async function openHome(user: string): Promise<string> {
    const before = publishes(user);
    const sent = await d.fake.sendEvent(d.routeUrl, d.fake.appHomeOpened(user));
    expect(sent.status).toBe(200);
    await waitFor(() => publishes(user) > before, { what: `the home of ${user} published` });
    return homeText(user);
  }

  describe('/3cx', () => {
    it('typed in a channel by a new user: acknowledged empty at once, said to continue privately, greeted there with the username question; its words are not a username', async () => {
      const user = 'UNEWCOMER';
      const before = d.fake.messages().length;
      const sent = await d.fake.slashCommand(d.routeUrl, { user, channel: CHANNEL, text: 'hello' });
      expect(sent.status).toBe(200);
      expect(sent.body).toBe('');
      // Two answers on their own paths (the note in the channel, the greeting in the DM): both waited for.
      const posted = await d.settled(before, 10_000, (got) => got.some((m) => m.channel === `D${user}` && m.text.includes(t.login.askUsername)));
      const inChannel = posted.filter((m) => m.channel === CHANNEL);
      expect(inChannel.map((m) => [m.text, m.ephemeralTo])).toEqual([[t.continuedInDirectMessages, user]]);
      const dm = textOf(posted.filter((m) => m.channel === `D${user}`));
      expect(dm).toContain(t.login.welcome('Demo Distribution B.V.'));
      expect(dm).toContain(t.login.askUsername);
      const saved = await d.demo.knex('conversations').where({ channel: 'slack', chat_id: `D${user}`, external_user_id: user }).first('state');
      expect(saved.state.step).toEqual({ name: 'login_username' });
    });

    it('typed in the direct messages with words: answered there, nothing said elsewhere', async () => {
      const alice = d.chat(ALICE);
      await alice.login();
      const before = d.fake.messages().length;
      const sent = await d.fake.slashCommand(d.routeUrl, { user: ALICE, channel: `D${ALICE}`, text: 'cart' });
      expect(sent.status).toBe(200);
      const posted = await d.settled(before);
      expect(posted.every((m) => m.channel === `D${ALICE}` && m.ephemeralTo === undefined)).toBe(true);
      expect(textOf(posted)).toMatch(/cart is empty/i);
    });

    it('without words opens the main menu', async () => {
      const before = d.fake.messages().length;
      await d.fake.slashCommand(d.routeUrl, { user: ALICE, channel: `D${ALICE}` });
      const posted = await d.settled(before);
      expect(posted.flatMap((m) => d.fake.buttonsOf(m).map((b) => b.text))).toContain(t.menu.dashboard);
    });
  });

  describe('acknowledgement', () => {
    it('acknowledges a message, a slash command and a button press while the database holds the conversation; the answers follow once it is free', async () => {
      const bob = d.chat(BOB);
      await bob.login('sales1', 'sales-pass-1');
      await bob.send('/menu');
      const menu = bob.lastWithButtons();
      const before = d.fake.messages(`D${BOB}`).length;
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      // Another transaction holds Bob's conversation: every input of his waits for it.
      const holder = d.demo.knex.transaction(async (trx) => {
        await trx('conversations').where({ channel: 'slack', chat_id: `D${BOB}`, external_user_id: BOB }).forUpdate().first('id');
        locked();
        await released;
      });
      await isLocked;
      try {
        const answers = await Promise.all([
          d.fake.sendEvent(d.routeUrl, d.fake.dm(BOB, 'cart')),
          d.fake.slashCommand(d.routeUrl, { user: BOB, channel: `D${BOB}`, text: 'licenses' }),
          d.fake.pressButton(d.routeUrl, BOB, menu, t.menu.dashboard),
        ]);
        expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
        // Acknowledged, and nothing answered yet: the work waits for the database.
        expect(d.fake.messages(`D${BOB}`)).toHaveLength(before);
      } finally {
        release();
        await holder;
      }
      await waitFor(() => d.fake.messages(`D${BOB}`).length >= before + 3, { what: 'the three answers' });
    });
  });

  describe('the App Home', () => {
    it('shows a new user a Log in button that starts the login in the direct messages', async () => {
      const user = 'UGUEST';
      const text = await openHome(user);
      expect(text).toBe(t.home.guest('Demo Distribution B.V.'));
      expect(homeLabels(user)).toEqual([t.home.logIn]);
      // Opening the tab starts no conversation: a first message would still be greeted.
      expect(await d.demo.knex('conversations').where({ channel: 'slack', external_user_id: user })).toEqual([]);

      const before = d.fake.messages().length;
      await d.fake.pressInHome(d.routeUrl, user, t.home.logIn);
      const dm = textOf((await d.settled(before, 10_000, (got) => got.some((m) => m.channel === `D${user}` && m.text.includes(t.login.askUsername)))).filter((m) => m.channel === `D${user}`));
      expect(dm).toContain(t.login.askUsername);
      // Now the answer to "What is your username?" is a username.
      const guest = d.chat(user);
      expect(textOf(await guest.send('demo'))).toContain(t.login.askPassword);
    });

    it("shows a logged-in owner the figures, the licenses ending within 30 days with Renew buttons, the cart and the latest orders", async () => {
      const text = await openHome(ALICE);
      expect(text).toContain('Dana Demo — Acme Telecom B.V.');
      expect(text).toMatch(/License keys: \d+ in total/);
      expect(text).toMatch(new RegExp(`${KEY_7Q2M} — Professional 8 SC, expires \\d{4}-\\d{2}-\\d{2} \\(\\d+ days left\\)`));
      expect(text).toContain(t.home.cartEmpty);
      expect(text).toContain(t.home.ordersNone);
      expect(homeLabels(ALICE)).toContain(t.home.renew(KEY_7Q2M));
      // A license ending later than 30 days from now is not listed.
      expect(text).not.toContain('H3LT-9W2E-6RQ1-PK7V');
    });

    it('its Renew button opens the renew flow in the direct messages; the home is published again with the cart once the line is added', async () => {
      const before = d.fake.messages().length;
      await d.fake.pressInHome(d.routeUrl, ALICE, t.home.renew(KEY_7Q2M));
      const posted = await d.settled(before);
      expect(posted.every((m) => m.channel === `D${ALICE}`)).toBe(true);
      expect(textOf(posted)).toContain(KEY_7Q2M);

      const alice = d.chat(ALICE);
      // Through the renew flow to the cart, whatever its steps: the first choice each time.
      for (let i = 0; i < 6 && !alice.labels().includes(t.quote.addToCart); i++) await alice.press(alice.labels()[0] as string);
      await alice.press(t.quote.addToCart);
      await waitFor(() => /Cart: 1 line, EUR [\d,.]+ with VAT/.test(homeText(ALICE)), { what: 'the home showing the cart' });
      expect(homeLabels(ALICE)).toContain(t.home.openCart);
    });

    it("shows the owner a sales user's request waiting for approval, opened from the home", async () => {
      // Bob logged in as the sales user above.
      const bob = d.chat(BOB);
      await bob.send('buy 1 pro 8 for 1 year');
      await bob.press('Skip');
      await bob.press(t.quote.addToCart);
      await bob.send('/cart');
      await bob.press(t.cart.proceed);
      await bob.press('Skip');
      const asked = await bob.press(t.approvals.askApproval);
      expect(textOf(asked)).toMatch(/sent/i);

      const text = await openHome(ALICE);
      expect(text).toMatch(/Waiting for your approval \(1\):\nSam Sales asks for EUR [\d,.]+/);
      const before = d.fake.messages().length;
      await d.fake.pressInHome(d.routeUrl, ALICE, t.home.openApproval('Sam Sales'));
      const posted = await d.settled(before);
      // The request as the approver decides it: its figures, a payment method to approve with, or Reject.
      expect(posted.every((m) => m.channel === `D${ALICE}`)).toBe(true);
      expect(textOf(posted)).toContain('Sam Sales');
      expect(posted.flatMap((m) => d.fake.buttonsOf(m).map((b) => b.text))).toEqual(expect.arrayContaining(['Bank transfer (offline)', t.approvals.reject]));
    });

    it('is published again when a notification reaches the user', async () => {
      // A delivery publishes the home before it resolves, so its publication is among the calls
      // made while it ran. (Counting all of Alice's publications would also count one still on its
      // way from an earlier input or notification, which lands whenever it lands.)
      const from = d.fake.calls.length;
      expect(await d.bot.deliver(`D${ALICE}`, [{ text: 'Payment received for order 1.', buttons: [], secret: false }])).toEqual({ kind: 'delivered' });
      const during = d.fake.calls.slice(from);
      expect(during.filter((c) => c.method === 'views.publish' && c.body.user_id === ALICE).length).toBeGreaterThanOrEqual(1);
    });

    it('shows the Log in button again once the user logged out', async () => {
      expect(textOf(await d.chat(ALICE).send('log out'))).toContain(t.login.loggedOut);
      const text = await openHome(ALICE);
      expect(text).toBe(t.home.guest('Demo Distribution B.V.'));
    });
  });
});
