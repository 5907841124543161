// Logging in and out: login_username, login_password and the answers about the session.
import { describe, expect, it } from 'vitest';
import { step } from '../../../src/conversation/step';
import { menuButtons } from '../../../src/conversation/views';
import { t } from '../../../src/conversation/wording';
import { actionsOf, answer, labelsOf, expectCommand, expectShown, last, press, said, type } from './drive';
import { CTX, GROUP_CTX, NONCE, aLoggedOutState, aSession, exampleState } from './states';

const PASSWORD = ' Correct horse battery staple! ';

describe('login_username', () => {
  const state = exampleState('login_username');

  it('takes the typed username, trimmed, and asks for its password as a secret', () => {
    const out = type(state, '  anna.owner  ');
    expectShown(state, out, { name: 'login_password', username: 'anna.owner' });
    expect(last(out)).toEqual({ text: t.askPassword('anna.owner'), buttons: [], secret: true });
    expect(out.state.session).toBeNull();
  });

  it('keeps at most 100 characters of a username', () => {
    const out = type(state, 'u'.repeat(150));
    expect(out.state.step).toEqual({ name: 'login_password', username: 'u'.repeat(100) });
  });

  it('/start greets, /help helps and /menu asks to log in first; none asks the domain', () => {
    expect(said(type(state, '/start'))).toContain(t.welcome('Test Distribution BV'));
    expect(said(type(state, '/help'))).toContain(t.help);
    expect(said(type(state, '/menu'))).toContain(t.notLoggedIn);
    expect(said(type(state, '/cart'))).toContain(t.notLoggedIn);
    for (const text of ['/start', '/help', '/menu', '/cart']) {
      const out = type(state, text);
      expect(out.command).toBeNull();
      expect(out.state.step).toEqual({ name: 'login_username' });
      expect(last(out).text).toBe(t.askUsername);
    }
  });

  it('a button (of any nonce) does nothing before logging in', () => {
    for (const action of ['menu', 'buy', 'dash']) {
      const out = press(state, action);
      expect(out.command).toBeNull();
      expect(out.state.step).toEqual({ name: 'login_username' });
      expect(out.state.session).toBeNull();
    }
  });
});

describe('login_password', () => {
  const state = exampleState('login_password');

  it('sends the password, exactly as typed, to the login command and back to the username step', () => {
    const out = type(state, PASSWORD);
    expectCommand(state, out, { kind: 'login', username: 'anna.owner', password: PASSWORD });
    expect(out.state.step).toEqual({ name: 'login_username' });
  });

  it('a password given in a private form (Slack) is the password, even a slash word', () => {
    for (const password of [PASSWORD, '/menu']) {
      const out = step(state, { kind: 'input', input: { kind: 'secret', text: password } }, CTX);
      expect(out.command).toEqual({ kind: 'login', username: 'anna.owner', password });
    }
  });

  it('a password form submitted anywhere but at the password prompt does nothing, and shows nothing of it', () => {
    for (const elsewhere of [exampleState('login_username'), exampleState('menu'), exampleState('cart')]) {
      const out = step(elsewhere, { kind: 'input', input: { kind: 'secret', text: PASSWORD } }, CTX);
      expect(out.command).toBeNull();
      expect(out.replies[0]?.text).toBe(t.staleForm);
      expect(JSON.stringify(out)).not.toContain(PASSWORD.trim());
      expect(out.state.step).toEqual(elsewhere.step);
    }
  });

  it('takes every text as the password, even one that reads like a button or a bare command word', () => {
    for (const password of ['menu', 'help', 'Cancel', '« Back', '12345']) {
      expect(type(state, password).command).toEqual({ kind: 'login', username: 'anna.owner', password });
    }
  });

  it('the password never ends up in the state, before or after the domain answers', () => {
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

  it('logged_in: welcomes the user by name and company and shows the menu for their role', () => {
    const session = aSession('purchase', { cartCount: 3 });
    const out = answer(waiting, { kind: 'logged_in', session });
    expectShown(waiting, out, { name: 'menu' });
    expect(out.state.session).toEqual(session);
    expect(out.replies[0]?.text).toBe(t.loggedIn('Test purchase', 'Acme Telecom BV'));
    expect(actionsOf(last(out))).toEqual(menuButtons(session).flat().map((b) => b.id));
    expect(labelsOf(last(out))).toContain('Cart (3)');
  });

  it('login_refused wrong_credentials: says so and asks for the username again', () => {
    const out = answer(waiting, { kind: 'login_refused', reason: 'wrong_credentials' });
    expectShown(waiting, out, { name: 'login_username' });
    expect(out.replies.map((r) => r.text)).toEqual([t.loginWrong, t.askUsername]);
    expect(out.state.session).toBeNull();
  });

  it('login_refused locked: says until when, in UTC', () => {
    const out = answer(waiting, { kind: 'login_refused', reason: 'locked', until: '2026-11-26T14:30:00.000Z' });
    expectShown(waiting, out, { name: 'login_username' });
    expect(out.replies[0]?.text).toBe(t.loginLocked('2026-11-26T14:30:00.000Z'));
    expect(out.replies[0]?.text).toContain('14:30 UTC');
  });

  it('login_refused private_only: asks for a private chat and asks no password here', () => {
    const out = answer(waiting, { kind: 'login_refused', reason: 'private_only' });
    expect(out.command).toBeNull();
    expect(out.replies.map((r) => r.text)).toEqual([t.privateLoginOnly]);
    expect(out.state).toMatchObject({ session: null, step: { name: 'login_username' }, misses: 0 });
  });

  it('logged_out: forgets the session and asks for the username', () => {
    const state = exampleState('menu');
    const out = answer(state, { kind: 'logged_out' });
    expectShown(state, out, { name: 'login_username' });
    expect(out.state.session).toBeNull();
    expect(out.replies[0]?.text).toBe(t.loggedOut);
  });

  it('session_ended: wherever the user was, the session is gone and they log in again', () => {
    for (const name of ['cart', 'checkout_review', 'new_customer'] as const) {
      const state = exampleState(name);
      const out = answer(state, { kind: 'session_ended' });
      expectShown(state, out, { name: 'login_username' });
      expect(out.state.session).toBeNull();
      expect(out.replies[0]?.text).toBe(t.sessionEnded);
    }
  });

  it('the menu button Log out asks the domain to log out', () => {
    expectCommand(exampleState('menu'), press(exampleState('menu'), 'out'), { kind: 'logout' });
  });
});

describe('in a group chat', () => {
  it('a user who is not logged in is recognised by their private login instead of being asked for a password', () => {
    const state = aLoggedOutState();
    for (const out of [type(state, 'hello', GROUP_CTX), type(state, '/start', GROUP_CTX), press(state, 'menu', NONCE, GROUP_CTX)]) {
      expectCommand(state, out, { kind: 'linked_session' });
    }
  });

  it('after logging out or a session that ended, nobody is asked for a username in the group', () => {
    for (const a of [{ kind: 'logged_out' }, { kind: 'session_ended' }] as const) {
      const out = answer(exampleState('menu'), a, GROUP_CTX);
      expect(out.state.session).toBeNull();
      expect(out.replies.map((r) => r.text), a.kind).not.toContain(t.askUsername);
    }
  });

  it('a logged-in user is served as in a private chat', () => {
    const state = exampleState('menu');
    expectCommand(state, press(state, 'dash', NONCE, GROUP_CTX), { kind: 'dashboard' });
  });
});
