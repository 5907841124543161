// The help flow: what this user can do (the entries of their own menu, in its order), what their
// role does not do and who does, what they can type, and the commands that work at every step.
import { describe, expect, it } from 'vitest';
import { t } from '../../../src/conversation/wording';
import type { ConversationState } from '../../../src/conversation/state';
import { actionsOf, expectCommand, expectShown, expectStale, labelsOf, message, press, type } from './drive';
import { ROLES, STEP_NAMES, aSession, aStaffSession, anAdminSession, asRole, exampleState } from './states';

/** The help's lines for a state's user. */
const helpOf = (state: ConversationState) => message({ ...exampleState('help'), session: state.session }).text.split('\n');
/** The lines of a section: those after `heading` up to the next blank line. */
function section(lines: string[], heading: string | ((l: string) => boolean)): string[] {
  const at = lines.findIndex(typeof heading === 'string' ? (l) => l === heading : heading);
  if (at < 0) return [];
  const end = lines.indexOf('', at);
  return lines.slice(at + 1, end < 0 ? undefined : end);
}
/** A menu's labels as the help names them: without counts ("Cart (2)" is "Cart"). */
const plain = (labels: string[]) => labels.map((l) => l.replace(/ \(\d+\)$/, ''));

describe('help', () => {
  const state = exampleState('help');

  it('shows the help with a Main menu button', () => {
    expect(message(state).buttons).toEqual([[{ id: `${(state.nonce + 1).toString(36)}:nav.menu`, label: t.toMenu }]]);
    expect(message(state).secret).toBe(false);
  });

  it.each(ROLES)('a %s user reads the entries of their own menu, in its order, each with what it does', (role) => {
    // With an approval request waiting, so that an owner's or purchase user's menu shows Approvals.
    const menu = labelsOf(message(exampleState('menu', { session: aSession(role, { pendingApprovals: 1 }) })));
    const lines = helpOf(asRole(state, role));
    expect(lines[0]).toBe(t.help.text.split('\n')[0]);
    expect(lines[1]).toBe(`As ${role === 'owner' ? 'an owner' : `a ${role} user`} of Acme Telecom BV, your main menu has:`);
    const entries = section(lines, (l) => l.endsWith('your main menu has:'));
    expect(entries.map((l) => /^• ([^:(]+?)(?: \(|:|$)/.exec(l)?.[1])).toEqual(plain(menu));
  });

  it('says what the role does not do, and who does: a sales user learns an owner or purchase user places the order', () => {
    const owner = helpOf(asRole(state, 'owner'));
    expect(owner.some((l) => l.startsWith('Not for your role'))).toBe(false);
    expect(section(helpOf(asRole(state, 'purchase')), 'Not for your role (purchase):')).toEqual([
      '• Team (inviting colleagues, new password codes, roles, removing users): an owner of your company does that.',
    ]);
    expect(section(helpOf(asRole(state, 'sales')), 'Not for your role (sales):')).toEqual([
      '• Orders and Invoices: an owner or purchase user of your company sees them.',
      '• Team (inviting colleagues, new password codes, roles, removing users): an owner of your company does that.',
      '• Placing and paying an order: an owner or purchase user of your company does that. Check out your cart and press "Ask an owner to approve": they approve it and pay, and you are told.',
    ]);
    expect(section(helpOf(asRole(state, 'support')), 'Not for your role (support):')).toEqual([
      '• Buy and Cart: buying is done by an owner, purchase or sales user of your company. Ask them.',
      '• Orders and Invoices: an owner or purchase user of your company sees them.',
      '• Team (inviting colleagues, new password codes, roles, removing users): an owner of your company does that.',
      '• Placing and paying an order: an owner or purchase user of your company does that.',
    ]);
  });

  it('every entry another role has and this one lacks is named under "Not for your role"', () => {
    const owners = plain(labelsOf(message(exampleState('menu', { session: aSession('owner', { pendingApprovals: 1 }) }))));
    for (const role of ROLES) {
      const menu = plain(labelsOf(message(exampleState('menu', { session: aSession(role, { pendingApprovals: 1 }) }))));
      const lacking = section(helpOf(asRole(state, role)), `Not for your role (${role}):`).join('\n');
      for (const label of owners.filter((l) => !menu.includes(l))) expect(lacking, `${role}: ${label}`).toMatch(new RegExp(label === 'Approvals' ? 'Placing and paying an order' : label));
    }
  });

  it('offers only what the role may type: buying examples and /cart to those who buy, an order number to those who see orders', () => {
    const support = helpOf(asRole(state, 'support')).join('\n');
    expect(support).not.toContain('/cart');
    expect(support).not.toContain('buy 3 pro 16');
    expect(support).not.toContain('order 12');
    const sales = helpOf(asRole(state, 'sales')).join('\n');
    expect(sales).toContain('buy 3 pro 16 for 2 years');
    expect(sales).not.toContain('order 12');
    expect(helpOf(asRole(state, 'purchase')).join('\n')).toContain('order 12');
  });

  it('names every global command it says works at every step', () => {
    for (const role of ROLES) {
      const commands = section(helpOf(asRole(state, role)), 'Commands that work at every step:');
      expect(commands.map((l) => l.split(' ')[0])).toEqual(role === 'support' ? ['/menu', '/back', '/cancel', '/help'] : ['/menu', '/cart', '/back', '/cancel', '/help']);
    }
    for (const command of ['/menu', '/cart', '/back', '/cancel', '/help']) expect(t.help.text).toContain(command);
  });

  it('staff read the entries of the staff menu; a staff role learns an administrator does Admin', () => {
    for (const session of [aStaffSession(), anAdminSession()]) {
      const menu = labelsOf(message(exampleState('staff_menu', { session })));
      const lines = helpOf({ ...state, session });
      const entries = section(lines, (l) => l.endsWith('Your staff menu has:'));
      expect(entries.map((l) => /^• ([^:(]+?)(?: \(|:|$)/.exec(l)?.[1])).toEqual(plain(menu));
      const lacking = section(lines, 'Not for your role (staff):');
      expect(lacking).toEqual(session.staffRole === 'admin' ? [] : ['• Admin (the audit log, resellers and their users, prices, coupons, broadcasts): an administrator does that.']);
      expect(section(lines, 'Commands that work at every step:').map((l) => l.split(' ')[0])).toEqual(['/menu', '/back', '/cancel', '/help']);
    }
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
