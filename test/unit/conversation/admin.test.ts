// The admin flow's steps: the Admin entry of an administrator's staff menu (a staff user does not
// have it, and a forged press of it is refused, as is a reseller's), and the audit log searched by
// a person, a partner id, an order or a day, paged.
import { describe, expect, it } from 'vitest';
import { t } from '../../../src/conversation/wording';
import { auditCriterionOf } from '../../../src/conversation/flows/admin/steps';
import { answer, expectCommand, expectShown, expectStale, labelsOf, last, message, press, type } from './drive';
import { aSession, aStaffSession, anAdminSession, aState, exampleState } from './states';

describe('the Admin entry of the staff menu', () => {
  it('an administrator\'s staff menu has Admin, which opens the admin menu', () => {
    const menu = aState({ name: 'staff_menu' }, { session: anAdminSession({ waiting: 0 }) });
    expect(labelsOf(message(menu))).toEqual(['Find', 'Needs attention', 'Admin', 'Log out']);
    expectShown(menu, press(menu, 'staff.admin'), { name: 'admin_menu' });
    expect(labelsOf(message(exampleState('admin_menu')))).toEqual(['Audit log', 'Staff menu']);
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
    expect(shown.text).toMatch(/^Audit log of reseller 100001, newest first \(page 2\):\n• 2026-11-26 10:00 staff:admin1 — reseller\.suspended/);
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
