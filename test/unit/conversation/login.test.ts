// The login flow: login_username, login_password, the answers about the session, and logging
// in from a group chat.
import { describe, expect, it } from 'vitest';
import { menuButtons } from '../../../src/conversation/views';
import { t } from '../../../src/conversation/wording';
import { actionsOf, answer, expectCommand, expectShown, expectStale, labelsOf, last, press, said, secret, type } from './drive';
import { GROUP_CTX, NONCE, aLoggedOutState, aSession, exampleState } from './states';

const PASSWORD = ' Correct horse battery staple! ';

describe('login_username', () => {
  const state = exampleState('login_username');

  it('asks for the username, with no buttons', () => {
    const out = press(state, 'nav.menu', 0);
    expect(last(out)).toEqual({ text: t.login.askUsername, buttons: [], secret: false });
  });

  it('takes the typed username, trimmed, and asks for its password as a secret (not repeating the username)', () => {
    const out = type(state, '  anna.owner  ');
    expectShown(state, out, { name: 'login_password', username: 'anna.owner' });
    expect(last(out)).toEqual({ text: t.login.askPassword, buttons: [], secret: true });
    expect(said(out)).not.toContain('anna.owner');
    expect(out.state.session).toBeNull();
  });

  it('keeps at most 100 characters of a username', () => {
    expect(type(state, 'u'.repeat(150)).state.step).toEqual({ name: 'login_password', username: 'u'.repeat(100) });
  });

  it('every text is a username, even one that states an intent or names a place', () => {
    for (const text of ['renew ABCD-EFGH-JKLM-NP23 for 2 years', 'my licenses', 'ABCD-EFGH-JKLM-NP23', 'buy 3 pro 16']) {
      expect(type(state, text).state.step).toEqual({ name: 'login_password', username: text });
    }
  });

  it('a greeting ("hi", "Hello!", "good morning") is greeted and the username asked again, never taken as a login name', () => {
    for (const text of ['hi', 'Hi!', ' hello there ', 'Hey', 'good morning.', 'HELLO', 'start']) {
      const out = type(state, text);
      expect(out.state.step).toEqual({ name: 'login_username' });
      expect(said(out)).toContain(t.login.welcome('Test Distribution BV'));
      expect(last(out)).toEqual({ text: t.login.askUsername, buttons: [], secret: false });
    }
    // A login name that merely starts like one is a login name.
    expect(type(state, 'hidde').state.step).toEqual({ name: 'login_password', username: 'hidde' });
  });

  it('/start greets, /help helps, /menu and /cart ask to log in first; none asks the domain', () => {
    expect(said(type(state, '/start'))).toContain(t.login.welcome('Test Distribution BV'));
    expect(said(type(state, '/help'))).toContain(t.help.text);
    expect(said(type(state, '/menu'))).toContain(t.notLoggedIn);
    expect(said(type(state, '/cart'))).toContain(t.notLoggedIn);
    for (const text of ['/start', '/help', '/menu', '/cart', 'menu', 'cart']) {
      const out = type(state, text);
      expect(out.command).toBeNull();
      expect(out.state.step).toEqual({ name: 'login_username' });
      expect(out.state.session).toBeNull();
      expect(last(out).text).toBe(t.login.askUsername);
    }
  });

  it('a button, of any flow, does nothing before logging in', () => {
    for (const action of ['menu.buy', 'menu.dashboard', 'dash.referrals', 'nav.menu', 'login.username']) {
      const out = press(state, action);
      expectStale(state, out);
      expect(out.state.session).toBeNull();
    }
  });

  it('/back goes nowhere but the username prompt', () => {
    expectShown(state, press(state, 'nav.back'), { name: 'login_username' });
    const typed = type(state, '/back');
    expect(typed.command).toBeNull();
    expect(typed.state.step).toEqual({ name: 'login_username' });
  });
});

describe('login_password', () => {
  const state = exampleState('login_password');

  it('sends the password, exactly as typed, to the login command, and waits at the username step', () => {
    const out = type(state, PASSWORD);
    expectCommand(state, out, { kind: 'login', username: 'anna.owner', password: PASSWORD });
    expect(out.state.step).toEqual({ name: 'login_username' });
  });

  it('a password given in a private form (Slack) is the password, even a slash word', () => {
    for (const password of [PASSWORD, '/menu']) {
      expect(secret(state, password).command).toEqual({ kind: 'login', username: 'anna.owner', password });
    }
  });

  it('a password form submitted anywhere but at the password prompt does nothing, and shows nothing of it', () => {
    for (const elsewhere of [exampleState('login_username'), exampleState('menu'), exampleState('cart')]) {
      const out = secret(elsewhere, PASSWORD);
      expect(out.command).toBeNull();
      expect(out.replies[0]?.text).toBe(t.staleForm);
      expect(JSON.stringify(out)).not.toContain(PASSWORD.trim());
      expect(out.state.step).toEqual(elsewhere.step);
    }
  });

  it('takes every text as the password, even one that reads like a button, a bare command word or an intent', () => {
    for (const password of ['menu', 'help', 'Cancel', '« Back', '12345', 'renew ABCD-EFGH-JKLM-NP23', 'my licenses']) {
      expect(type(state, password).command).toEqual({ kind: 'login', username: 'anna.owner', password });
    }
  });

  it('a slash command is a command, never the password', () => {
    for (const text of ['/cancel', '/back', '/menu']) {
      const out = type(state, text);
      expect(out.command).toBeNull();
      expect(out.state.step).toEqual({ name: 'login_username' });
      expect(JSON.stringify(out)).not.toContain(text);
    }
  });

  it('Back (a forged nav.back) goes to the username prompt', () => {
    expectShown(state, press(state, 'nav.back'), { name: 'login_username' });
  });

  it('the password never ends up in the state or the replies, before or after the domain answers', () => {
    const sent = type(state, PASSWORD);
    expect(JSON.stringify(sent.state)).not.toContain(PASSWORD.trim());
    expect(JSON.stringify(sent.replies)).not.toContain(PASSWORD.trim());
    for (const a of [
      { kind: 'logged_in', session: aSession() },
      { kind: 'login_refused', reason: 'wrong_credentials' },
      { kind: 'login_refused', reason: 'locked', until: '2026-11-26T14:30:00.000Z' },
    ] as const) {
      const after = answer(sent.state, a);
      expect(JSON.stringify(after.state)).not.toContain(PASSWORD.trim());
      expect(JSON.stringify(after.replies)).not.toContain(PASSWORD.trim());
    }
  });
});

describe('answers about the session', () => {
  const waiting = aLoggedOutState({ name: 'login_username' });

  it.each(['owner', 'purchase', 'sales', 'support'] as const)('logged_in as %s: welcomes the user by name and company and shows the menu for the role', (role) => {
    const session = aSession(role, { cartCount: 3 });
    const out = answer(waiting, { kind: 'logged_in', session });
    expectShown(waiting, out, { name: 'menu' });
    expect(out.state.session).toEqual(session);
    expect(out.replies[0]?.text).toBe(t.login.loggedIn(`Test ${role}`, 'Acme Telecom BV'));
    expect(actionsOf(last(out))).toEqual(menuButtons(session).flat().map((b) => b.id));
  });

  it('logged_in shows the cart count on the Cart button', () => {
    expect(labelsOf(last(answer(waiting, { kind: 'logged_in', session: aSession('purchase', { cartCount: 3 }) })))).toContain('Cart (3)');
  });

  it('login_refused wrong_credentials: says so and asks for the username again', () => {
    const out = answer(waiting, { kind: 'login_refused', reason: 'wrong_credentials' });
    expectShown(waiting, out, { name: 'login_username' });
    expect(out.replies.map((r) => r.text)).toEqual([t.login.loginWrong, t.login.askUsername]);
    expect(out.state.session).toBeNull();
  });

  it('login_refused locked: says until when, in UTC', () => {
    const out = answer(waiting, { kind: 'login_refused', reason: 'locked', until: '2026-11-26T14:30:00.000Z' });
    expectShown(waiting, out, { name: 'login_username' });
    expect(out.replies[0]?.text).toBe(t.login.loginLocked('2026-11-26T14:30:00.000Z'));
    expect(out.replies[0]?.text).toContain('14:30 UTC');
  });

  it('login_refused private_only: asks for a private chat and asks no password here', () => {
    const out = answer(waiting, { kind: 'login_refused', reason: 'private_only' });
    expect(out.command).toBeNull();
    expect(out.replies.map((r) => r.text)).toEqual([t.login.privateLoginOnly]);
    expect(out.state).toMatchObject({ session: null, step: { name: 'login_username' }, misses: 0, nonce: NONCE });
  });

  it('logged_out: forgets the session and asks for the username', () => {
    const state = exampleState('menu');
    const out = answer(state, { kind: 'logged_out' });
    expectShown(state, out, { name: 'login_username' });
    expect(out.state.session).toBeNull();
    expect(out.replies.map((r) => r.text)).toEqual([t.login.loggedOut, t.login.askUsername]);
  });

  it('session_ended: wherever the user was, the session is gone and they log in again', () => {
    for (const name of ['cart', 'checkout_review', 'new_customer', 'license_card'] as const) {
      const state = exampleState(name);
      const out = answer(state, { kind: 'session_ended' });
      expectShown(state, out, { name: 'login_username' });
      expect(out.state.session).toBeNull();
      expect(out.replies[0]?.text).toBe(t.login.sessionEnded);
    }
  });

  it('the menu button Log out, and typing "log out", ask the domain to log out', () => {
    const menu = exampleState('menu');
    expectCommand(menu, press(menu, 'menu.logout'), { kind: 'logout' });
    expectCommand(menu, type(menu, 'Log out'), { kind: 'logout' });
    const help = exampleState('help');
    expectCommand(help, type(help, 'log out'), { kind: 'logout' });
  });
});

describe('in a group chat', () => {
  it('a user who is not logged in is recognised by their private login instead of being asked for a password', () => {
    const state = aLoggedOutState();
    for (const out of [type(state, 'hello', GROUP_CTX), type(state, '/start', GROUP_CTX), press(state, 'menu.buy', NONCE, GROUP_CTX), secret(state, PASSWORD, GROUP_CTX)]) {
      expectCommand(state, out, { kind: 'linked_session' });
    }
  });

  it('a user not recognised is sent to a private chat; nothing is asked in the group', () => {
    const out = answer(aLoggedOutState(), { kind: 'login_refused', reason: 'private_only' }, GROUP_CTX);
    expect(out.replies.map((r) => r.text)).toEqual([t.login.privateLoginOnly]);
    expect(out.state.session).toBeNull();
  });

  it('after logging out or a session that ended, nobody is asked for a username in the group', () => {
    for (const a of [{ kind: 'logged_out' }, { kind: 'session_ended' }, { kind: 'login_refused', reason: 'wrong_credentials' }] as const) {
      const before = exampleState('menu');
      const out = answer(before, a, GROUP_CTX);
      expect(out.state.session).toBeNull();
      expect(out.state.step).toEqual({ name: 'login_username' });
      expect(out.state.nonce).toBe(before.nonce);
      expect(out.replies.map((r) => r.text), a.kind).not.toContain(t.login.askUsername);
      expect(out.replies.at(-1)?.text).toBe(t.login.privateLoginOnly);
    }
  });

  it('a logged-in user is served as in a private chat', () => {
    const state = exampleState('menu');
    expectCommand(state, press(state, 'menu.dashboard', NONCE, GROUP_CTX), { kind: 'dashboard' });
  });
});
