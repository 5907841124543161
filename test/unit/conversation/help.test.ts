// The help flow: what the assistant does and the commands that work at every step.
import { describe, expect, it } from 'vitest';
import { t } from '../../../src/conversation/wording';
import { actionsOf, expectCommand, expectShown, expectStale, message, press, type } from './drive';
import { ROLES, STEP_NAMES, asRole, exampleState } from './states';

describe('help', () => {
  const state = exampleState('help');

  it('shows the help with a Main menu button, the same for every role', () => {
    expect(message(state)).toEqual({ text: t.help.text, buttons: [[{ id: `${(state.nonce + 1).toString(36)}:nav.menu`, label: t.toMenu }]], secret: false });
    for (const role of ROLES) expect(message(asRole(state, role))).toEqual(message(state));
  });

  it('names every global command it says works at every step', () => {
    for (const command of ['/menu', '/cart', '/back', '/cancel', '/help']) expect(t.help.text).toContain(command);
  });

  it('Main menu (button or label) and /back ask for the menu', () => {
    expectCommand(state, press(state, 'nav.menu'), { kind: 'menu' });
    expectCommand(state, type(state, 'main menu'), { kind: 'menu' });
    expectCommand(state, type(state, '/back'), { kind: 'menu' });
  });

  it('has no buttons of its own to press', () => {
    for (const action of ['help.menu', 'help.show', 'menu.help']) expectStale(state, press(state, action));
  });

  it('is reachable from every step with /help, which keeps the session', () => {
    for (const name of STEP_NAMES.filter((n) => n !== 'login_username' && n !== 'login_password')) {
      const from = exampleState(name);
      const out = type(from, '/help');
      expectShown(from, out, { name: 'help' });
      expect(out.state.session).toEqual(from.session);
      expect(actionsOf(message(out.state))).toEqual(['nav.menu']);
    }
  });

  it.each(ROLES)('%s reaches help from the menu', (role) => {
    const menu = asRole(exampleState('menu'), role);
    expectShown(menu, press(menu, 'menu.help'), { name: 'help' });
    expectShown(menu, type(menu, 'help'), { name: 'help' });
  });
});
