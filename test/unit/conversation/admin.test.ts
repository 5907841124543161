// The admin flow's steps: the Admin entry of an administrator's staff menu (a staff user does not
// have it, and a forged press of it is refused, as is a reseller's), and the audit log searched by
// a person, a partner id, an order or a day, paged.
import { describe, expect, it } from 'vitest';
import { t } from '../../../src/conversation/wording';
import { auditCriterionOf } from '../../../src/conversation/flows/admin/audit-search';
import { answer, expectCommand, expectShown, expectStale, labelsOf, last, message, press, type } from './drive';
import { aResellerView, aSession, aStaffSession, anAdminSession, aState, exampleState } from './states';

describe('the Admin entry of the staff menu', () => {
  it('an administrator\'s staff menu has Admin, which opens the admin menu', () => {
    const menu = aState({ name: 'staff_menu' }, { session: anAdminSession({ waiting: 0 }) });
    expect(labelsOf(message(menu))).toEqual(['Find', 'Needs attention', 'Admin', 'Log out']);
    expectShown(menu, press(menu, 'staff.admin'), { name: 'admin_menu' });
    expect(labelsOf(message(exampleState('admin_menu')))).toEqual(['Resellers', 'Audit log', 'Catalogue & messages', 'Staff', 'Staff menu']);
  });

  it('a staff user\'s menu has no Admin, and a forged press of it is refused, saying so', () => {
    const menu = aState({ name: 'staff_menu' }, { session: aStaffSession({ waiting: 0 }) });
    expect(labelsOf(message(menu))).toEqual(['Find', 'Needs attention', 'Log out']);
    const out = press(menu, 'staff.admin');
    expect(out.command).toBeNull();
    expect(out.replies[0]?.text).toBe(t.admin.adminsOnly);
    expect(out.state.step).toEqual({ name: 'staff_menu' });
  });

  it('a staff user at an admin step (an administrator made staff) is refused each button and text', () => {
    for (const name of ['admin_menu', 'admin_audit_ask', 'admin_audit'] as const) {
      const state = exampleState(name, { session: aStaffSession() });
      const typed = name === 'admin_menu' ? [] : [type(state, 'reseller 100001')];
      for (const out of [press(state, 'admin.audit'), press(state, 'admin.older'), ...typed]) {
        expect(out.command).toEqual({ kind: 'staff_menu' });
        expect(out.replies.map((r) => r.text)).toEqual([t.admin.adminsOnly]);
      }
    }
  });

  it('a reseller\'s forged admin or staff press does nothing but say the button was not used', () => {
    const menu = aState({ name: 'menu' }, { session: aSession('owner') });
    for (const action of ['staff.admin', 'admin.audit', 'admin.menu']) expectStale(menu, press(menu, action));
  });

  it('the domain refusing an admin command (the role changed) says so at the staff menu', () => {
    const state = exampleState('admin_audit_ask');
    const out = answer(state, { kind: 'admin_only' });
    expect(out.command).toEqual({ kind: 'staff_menu' });
    expect(out.replies.map((r) => r.text)).toEqual([t.admin.adminsOnly]);
  });
});

describe('the audit log', () => {
  it('a typed text is a criterion: a keyword says which, a day is a day, anything else is guessed', () => {
    expect(auditCriterionOf('  reseller 100001 ')).toEqual({ by: 'reseller', value: '100001' });
    expect(auditCriterionOf('order TCX-000042-17')).toEqual({ by: 'order', value: 'TCX-000042-17' });
    expect(auditCriterionOf('person demo')).toEqual({ by: 'person', value: 'demo' });
    expect(auditCriterionOf('date 2026-11-26')).toEqual({ by: 'date', value: '2026-11-26' });
    expect(auditCriterionOf('2026-11-26')).toEqual({ by: 'date', value: '2026-11-26' });
    expect(auditCriterionOf('42')).toEqual({ by: 'auto', value: '42' });
    expect(auditCriterionOf('reseller')).toEqual({ by: 'auto', value: 'reseller' });
    expect(auditCriterionOf('   ')).toBeUndefined();
  });

  it('Audit log asks what to look for; the text asks the domain for the first page', () => {
    const menu = exampleState('admin_menu');
    expectShown(menu, press(menu, 'admin.audit'), { name: 'admin_audit_ask' });
    const ask = exampleState('admin_audit_ask');
    expectCommand(ask, type(ask, 'demo'), { kind: 'admin_audit', criterion: { by: 'auto', value: 'demo' }, page: 0 });
    expectShown(ask, press(ask, 'admin.menu'), { name: 'admin_menu' });
    expectShown(ask, type(ask, '/back'), { name: 'admin_menu' });
  });

  it('a page shows who, when, what, before and after; Older and Newer page; another text searches again', () => {
    const page = exampleState('admin_audit');
    const shown = message(page);
    expect(shown.text).toMatch(/^Audit log of reseller 100001, newest first \(page 2\):\n• 2026-11-26 10:00 admin1 — reseller\.suspended Acme Telecom B\.V\. \(partner 100001\)/);
    expect(labelsOf(shown)).toEqual(['Older', 'Newer', 'Search again', 'Admin menu']);
    expectCommand(page, press(page, 'admin.older'), { kind: 'admin_audit', criterion: { by: 'reseller', value: '100001' }, page: 2 });
    expectCommand(page, press(page, 'admin.newer'), { kind: 'admin_audit', criterion: { by: 'reseller', value: '100001' }, page: 0 });
    expectCommand(page, type(page, 'order 42'), { kind: 'admin_audit', criterion: { by: 'order', value: '42' }, page: 0 });
    const first = exampleState('admin_audit', { step: { name: 'admin_audit', criterion: { by: 'date', value: '2026-11-26' }, page: 0, lines: [], more: false } });
    expect(message(first).text).toBe('No audit entries on 2026-11-26.');
    expect(labelsOf(message(first))).toEqual(['Search again', 'Admin menu']);
    expectStale(first, press(first, 'admin.older'));
    expectStale(first, press(first, 'admin.newer'));
  });

  it('the answer shows the entries under what the search matched; a refusal says why and asks again', () => {
    const ask = exampleState('admin_audit_ask');
    const found = answer(ask, { kind: 'admin_audit', criterion: { by: 'auto', value: '100001' }, page: 0, result: { kind: 'found', by: 'reseller', lines: ['• x'], more: false } });
    expect(last(found).text).toBe('Audit log of reseller 100001, newest first:\n• x');
    const refused = answer(ask, { kind: 'admin_audit', criterion: { by: 'order', value: '999' }, page: 0, result: { kind: 'order_not_found' } });
    expect(refused.replies[0]?.text).toBe('There is no order 999: give its number (42) or its payment reference (TCX-000042-xx).');
    expect(refused.state.step).toEqual({ name: 'admin_audit_ask' });
  });
});

describe('resellers', () => {
  const suspended = aResellerView({ suspendedAt: '2026-11-26T10:00:00.000Z' });

  it('Resellers asks which; a partner id or a name asks the domain; one found opens its card, several a list, none asks again', () => {
    const menu = exampleState('admin_menu');
    expectShown(menu, press(menu, 'admin.resellers'), { name: 'admin_reseller_find' });
    const find = exampleState('admin_reseller_find');
    expectCommand(find, type(find, ' acme '), { kind: 'admin_find_reseller', query: 'acme' });
    expectShown(find, answer(find, { kind: 'admin_resellers', query: '100001', resellers: [aResellerView()] }), { name: 'admin_reseller', reseller: aResellerView() });
    const two = [aResellerView(), aResellerView({ partnerId: '100002', company: 'Bright' })];
    const list = answer(find, { kind: 'admin_resellers', query: 'a', resellers: two });
    expect(list.state.step).toEqual({ name: 'admin_reseller_list', query: 'a', resellers: two });
    expect(labelsOf(last(list))).toEqual(['Open 1', 'Open 2', 'Find a reseller', 'Admin menu']);
    expectShown(list.state, press(list.state, 'admin.open.1'), { name: 'admin_reseller', reseller: two[1] as ReturnType<typeof aResellerView> });
    expectStale(list.state, press(list.state, 'admin.open.2'));
    const none = answer(find, { kind: 'admin_resellers', query: 'nobody', resellers: [] });
    expect(none.replies[0]?.text).toBe(t.admin.noReseller('nobody'));
    expect(none.state.step).toEqual({ name: 'admin_reseller_find' });
  });

  it('the card shows the status; an active reseller has Suspend, a suspended one Reactivate; the other is not used', () => {
    const active = exampleState('admin_reseller');
    expect(message(active).text).toBe('Reseller Acme Telecom BV (partner 100001), NL, level gold\nStatus: active.');
    expect(labelsOf(message(active))).toEqual(['Suspend', 'Invite a user', 'Edit details', 'Users', 'Find a reseller', 'Admin menu']);
    expectStale(active, press(active, 'admin.reactivate'));
    const off = exampleState('admin_reseller', { step: { name: 'admin_reseller', reseller: suspended } });
    expect(message(off).text).toContain('Status: suspended since 2026-11-26 10:00 UTC');
    expect(labelsOf(message(off))).toEqual(['Reactivate', 'Invite a user', 'Edit details', 'Users', 'Find a reseller', 'Admin menu']);
    expectStale(off, press(off, 'admin.suspend'));
    expectShown(off, press(off, 'admin.reactivate'), { name: 'admin_reseller_reason', reseller: suspended, suspend: false });
  });

  it('Suspend asks a reason, then confirms it; Yes asks the domain, No does nothing', () => {
    const card = exampleState('admin_reseller');
    expectShown(card, press(card, 'admin.suspend'), { name: 'admin_reseller_reason', reseller: aResellerView(), suspend: true });
    const reason = exampleState('admin_reseller_reason');
    expectShown(reason, type(reason, '  unpaid invoices '), { name: 'admin_reseller_confirm', reseller: aResellerView(), suspend: true, reason: 'unpaid invoices' });
    expectShown(reason, type(reason, '/back'), { name: 'admin_reseller', reseller: aResellerView() });
    const confirm = exampleState('admin_reseller_confirm');
    expect(labelsOf(message(confirm))).toEqual(['Yes, suspend', 'No']);
    expectCommand(confirm, press(confirm, 'admin.yes'), { kind: 'admin_suspend', partnerId: '100001', suspend: true, reason: 'unpaid invoices' });
    const no = press(confirm, 'admin.no');
    expect(no.replies[0]?.text).toBe(t.admin.notDone);
    expect(no.state.step).toEqual({ name: 'admin_reseller', reseller: aResellerView() });
  });

  it('the answer says what was done, or why nothing was (twice, or late), and shows the card as it is now', () => {
    const confirm = exampleState('admin_reseller_confirm');
    const done = answer(confirm, { kind: 'admin_suspended', partnerId: '100001', result: 'suspended', reseller: suspended });
    expect(done.replies[0]?.text).toBe('Acme Telecom BV (partner 100001) is suspended: its users cannot log in or order, and it gets no reminders; nothing was deleted.');
    expect(done.state.step).toEqual({ name: 'admin_reseller', reseller: suspended });
    const twice = answer(confirm, { kind: 'admin_suspended', partnerId: '100001', result: 'already_suspended', reseller: suspended });
    expect(twice.replies[0]?.text).toBe('Nothing was done: Acme Telecom BV (partner 100001) is suspended already (since 2026-11-26 10:00 UTC).');
    const gone = answer(confirm, { kind: 'admin_suspended', partnerId: '100001', result: 'not_found', reseller: null });
    expect(gone.state.step).toEqual({ name: 'admin_reseller_find' });
  });
});

describe('inviting a user to a reseller', () => {
  it('Invite a user asks the role, then the login name and full name, then asks the domain', () => {
    const card = exampleState('admin_reseller');
    expectShown(card, press(card, 'admin.invite'), { name: 'admin_invite', reseller: aResellerView(), role: null });
    const role = exampleState('admin_invite', { step: { name: 'admin_invite', reseller: aResellerView(), role: null } });
    expect(labelsOf(message(role))).toEqual(['Owner', 'Purchase', 'Sales', 'Support', t.back, 'Admin menu']);
    expectShown(role, press(role, 'admin.role.purchase'), { name: 'admin_invite', reseller: aResellerView(), role: 'purchase' });
    expectStale(role, press(role, 'admin.role.admin'));
    const who = exampleState('admin_invite');
    expectCommand(who, type(who, ' jdoe  Jane Doe '), { kind: 'admin_invite', reseller: aResellerView(), role: 'sales', username: 'jdoe', name: 'Jane Doe' });
    expectShown(who, type(who, '/back'), { name: 'admin_invite', reseller: aResellerView(), role: null });
  });

  it('the code is shown with the reseller\'s card; a taken name asks again, keeping the role', () => {
    const who = exampleState('admin_invite');
    const lines = ['one-time code for jdoe (Jane Doe, sales), valid until 2026-12-03T10:00:00.000Z: INV-ABCDEFGHJKLMNPQRSTUV', 'Telegram: https://t.me/bot?start=INV-ABCDEFGHJKLMNPQRSTUV'];
    const done = answer(who, { kind: 'admin_invited', reseller: aResellerView(), role: 'sales', result: { kind: 'invited', lines } });
    expect(done.replies[0]?.text).toBe(lines.join('\n'));
    expect(done.state.step).toEqual({ name: 'admin_reseller', reseller: aResellerView() });
    const taken = answer(who, { kind: 'admin_invited', reseller: aResellerView(), role: 'sales', result: { kind: 'username_taken' } });
    expect(taken.replies[0]?.text).toBe(t.admin.inviteRefused.username_taken);
    expect(taken.state.step).toEqual({ name: 'admin_invite', reseller: aResellerView(), role: 'sales' });
  });
});

describe('the report of one coupon', () => {
  it('Coupons and the report of all offer the report of one, which asks the code and asks the domain for that coupon only', () => {
    const couponsMenu = exampleState('cat_coupons');
    expect(labelsOf(message(couponsMenu))).toEqual(['Create a coupon', 'Disable a coupon', 'Report', 'Report of one coupon', t.catalogue.back]);
    expectShown(couponsMenu, press(couponsMenu, 'catalogue.one'), { name: 'cat_coupon_one' });
    const all = exampleState('cat_coupon_report');
    expectShown(all, press(all, 'catalogue.one'), { name: 'cat_coupon_one' });
    const ask = exampleState('cat_coupon_one');
    expect(message(ask).text).toBe('Which coupon\'s use? Type its code.');
    expectCommand(ask, type(ask, '  winter10 '), { kind: 'catalogue_coupon_report', code: 'WINTER10' });
    expectShown(ask, type(ask, '/back'), { name: 'cat_coupons' });
  });

  it('shows the coupon\'s use with a way to another coupon; an unknown code is said and asked again', () => {
    const ask = exampleState('cat_coupon_one');
    const lines = ['• WINTER10: 1 redeemed, 0 reserved', '   100001 Acme Telecom BV: 1 redeemed, 0 reserved'];
    const shown = answer(ask, { kind: 'catalogue_coupon_report', lines, code: 'WINTER10', found: true });
    expect(shown.state.step).toEqual({ name: 'cat_coupon_report', lines, code: 'WINTER10' });
    expect(last(shown).text).toBe(['Coupon WINTER10 and its use (redeemed: paid orders; reserved: orders not paid yet):', ...lines].join('\n'));
    expect(labelsOf(last(shown))).toEqual(['Another coupon', t.catalogue.couponsButton, t.catalogue.back]);
    const unknown = answer(ask, { kind: 'catalogue_coupon_report', lines: [], code: 'NOSUCH', found: false });
    expect(unknown.state.step).toEqual({ name: 'cat_coupon_one' });
    expect(unknown.replies.map((r) => r.text)).toEqual(['There is no coupon NOSUCH. Type another code (codes are matched in any case).', 'Which coupon\'s use? Type its code.']);
  });

  it('a staff user (no administrator) typing a code is refused and nothing is asked', () => {
    const ask = exampleState('cat_coupon_one', { session: aStaffSession() });
    const out = type(ask, 'WINTER10');
    expect(out.command).toEqual({ kind: 'staff_menu' });
    expect(out.replies.map((r) => r.text)).toEqual([t.admin.adminsOnly]);
  });
});
