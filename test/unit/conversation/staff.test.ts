// The staff flow's steps: the staff menu after a staff login, finding, a card's actions and the
// prompts before them (what is typed, then the reason), the attention list's buttons, and what a
// staff session is refused (anything of a reseller's) and a reseller session never reaches.
import { describe, expect, it } from 'vitest';
import { money } from '../../../src/conversation/i18n/common.en';
import { t } from '../../../src/conversation/wording';
import { actionsOf, answer, expectCommand, expectShown, expectStale, labelsOf, last, message, press, pressId, said, type } from './drive';
import { aSession, aStaffSession, anAttentionEntry, anOrderCardView, aLoggedOutState, aState, exampleState, ORDER_ID } from './states';

describe('a staff login', () => {
  it('logged_in with a staff session welcomes them and asks for the staff menu (its count of what waits)', () => {
    const waiting = aLoggedOutState();
    const session = aStaffSession({ waiting: undefined });
    const out = answer(waiting, { kind: 'logged_in', session });
    expect(out.command).toEqual({ kind: 'staff_menu' });
    expect(out.state.session).toEqual(session);
    expect(said(out)).toBe(t.staff.welcome('Sam Staff'));
  });

  it('the staff menu answer shows Find, Needs attention (with the count) and Log out, and keeps the count in the session', () => {
    const state = aState({ name: 'login_username' }, { session: aStaffSession({ waiting: 0 }) });
    const out = answer(state, { kind: 'staff_menu', waiting: 3 });
    expectShown(state, out, { name: 'staff_menu' });
    expect(labelsOf(last(out))).toEqual(['Find', 'Needs attention (3)', 'Log out']);
    expect(out.state.session).toMatchObject({ account: 'staff', waiting: 3 });
  });
});

describe('the staff menu', () => {
  const menu = exampleState('staff_menu');

  it('a typed text is looked for; Find asks what; Needs attention asks the domain', () => {
    expectCommand(menu, type(menu, '  acme telecom '), { kind: 'staff_search', query: 'acme telecom' });
    expectCommand(menu, type(menu, '7Q2M-4K8P-ZX3N-1A9B'), { kind: 'staff_search', query: '7Q2M-4K8P-ZX3N-1A9B' });
    expectShown(menu, press(menu, 'staff.find'), { name: 'staff_find' });
    expectCommand(menu, press(menu, 'staff.attention'), { kind: 'staff_attention' });
    expectCommand(menu, press(menu, 'staff.logout'), { kind: 'logout' });
  });

  it('/menu and the main-menu button go to the staff menu, never the reseller one', () => {
    for (const name of ['staff_card', 'staff_found', 'staff_attention', 'help'] as const) {
      const state = exampleState(name, { session: aStaffSession() });
      expectCommand(state, type(state, '/menu'), { kind: 'staff_menu' });
      expectCommand(state, press(state, 'nav.menu'), { kind: 'staff_menu' });
      expectCommand(state, pressId(state, '~nav.menu'), { kind: 'staff_menu' });
    }
  });

  it('a reseller\'s things (cart, buying, renewing, licenses, invoices) are refused clearly, at the staff menu', () => {
    for (const text of ['/cart', 'cart', 'checkout', 'buy 3 pro 16', 'renew ABCD-EFGH-JKLM-NP23 for 2 years', 'upgrade ABCD-EFGH-JKLM-NP23 to enterprise', 'my licenses', 'invoices', 'approvals here']) {
      const out = type(menu, text);
      expect(out.command, text).toBeNull();
      expect(out.replies[0]?.text, text).toBe(t.staff.notForStaff);
      expect(out.state.step, text).toEqual({ name: 'staff_menu' });
    }
    for (const id of ['~renew.annual.ABCD-EFGH-JKLM-NP23', '~cart.show', '~licenses.list']) {
      expect(pressId(menu, id).replies[0]?.text, id).toBe(t.staff.notForStaff);
    }
  });

  it('a domain refusal (a reseller command run for staff) shows the staff menu saying why', () => {
    const out = answer(menu, { kind: 'not_allowed' });
    expect(out.replies[0]?.text).toBe(t.staff.notForStaff);
    expect(out.state.step).toEqual({ name: 'staff_menu' });
  });
});

describe('a reseller session', () => {
  it.each(['owner', 'sales'] as const)('%s: staff buttons are never used, whatever step it is at', (role) => {
    for (const name of ['menu', 'staff_menu', 'staff_card', 'staff_attention'] as const) {
      const state = exampleState(name, { session: aSession(role) });
      for (const action of ['staff.find', 'staff.attention', 'staff.confirm', 'staff.cancel', 'staff.note', 'staff.item.0']) {
        const out = press(state, action);
        expect(out.command, `${name} ${action}`).not.toEqual(expect.objectContaining({ kind: expect.stringMatching(/^staff_/) }));
      }
    }
  });

  it('its main menu has no staff button', () => {
    const state = exampleState('menu');
    expect(actionsOf(last(type(state, 'hello')))).not.toContain('staff.find');
  });
});

describe('found and cards', () => {
  it('Open N opens the Nth thing found; nothing found says so', () => {
    const found = exampleState('staff_found');
    expectCommand(found, press(found, 'staff.open.1'), { kind: 'staff_open', target: { kind: 'order', id: ORDER_ID } });
    expectStale(found, press(found, 'staff.open.7'));
    const none = answer(found, { kind: 'staff_found', query: 'zzz', hits: [] });
    expect(last(none).text).toBe(t.staff.foundTitle('zzz', 0));
  });

  it('a card shows an action button for each action that fits, and a payment kept for a refund by its reference', () => {
    const card = exampleState('staff_card');
    expect(labelsOf(message(card))).toEqual(expect.arrayContaining(['Confirm payment', 'Cancel order', 'Payment refunded: BANK-9', 'Resend invoice', 'Add a note', 'Reseller Acme Telecom BV']));
  });

  it('an action the card does not offer is not used (a card of a paid order has no Confirm)', () => {
    const paid = aState({ name: 'staff_card', card: anOrderCardView({ actions: ['refund', 'note'], kept: [] }) }, { session: aStaffSession() });
    expectStale(paid, press(paid, 'staff.confirm'));
    expectStale(paid, press(paid, 'staff.refund_pay.0'));
  });

  it('a card that is gone says so and stays where it was', () => {
    const card = exampleState('staff_card');
    expect(said(answer(card, { kind: 'staff_card', card: null }))).toContain(t.staff.gone);
  });
});

describe('acting, with a reason', () => {
  const card = exampleState('staff_card');

  it('Confirm payment asks for the bank reference and the amount, then the reason, then asks the domain', () => {
    const asked = press(card, 'staff.confirm');
    expectShown(card, asked, { name: 'staff_ask', card: anOrderCardView(), verb: 'confirm', arg: null, stage: 'input', input: null });
    expect(last(asked).text).toContain('€1,210.00');
    expect(last(asked).text).toContain('TCX-000042-17');
    const bad = type(asked.state, 'the money came');
    expect(bad.replies[0]?.text).toBe(t.notUnderstood(t.staff.expectInput.confirm));
    const typed = type(asked.state, 'NL TRX 88123 1210,5');
    expect(typed.state.step).toMatchObject({ stage: 'reason', input: { kind: 'payment', bankReference: 'NL TRX 88123', amountCents: 121_050 } });
    expect(last(typed).text).toBe(t.staff.askReason('Confirm payment'));
    expect(type(typed.state, '   ').replies[0]?.text).toBe(t.notUnderstood(t.staff.expectReason));
    expectCommand(typed.state, type(typed.state, ' seen on the statement '), {
      kind: 'staff_act', action: { kind: 'confirm_payment', orderId: ORDER_ID, bankReference: 'NL TRX 88123', amountCents: 121_050 }, reason: 'seen on the statement', target: { kind: 'order', id: ORDER_ID },
    });
  });

  it('Cancel, Resend and a kept payment ask only the reason; a note asks the note', () => {
    const cases = [
      ['staff.cancel', { kind: 'cancel_order', orderId: ORDER_ID }],
      ['staff.resend', { kind: 'resend_invoice', orderId: ORDER_ID }],
      ['staff.refund_pay.0', { kind: 'refund_payment', orderId: ORDER_ID, providerRef: 'BANK-9' }],
      ['staff.note', { kind: 'note', subject: { kind: 'order', id: ORDER_ID } }],
    ] as const;
    for (const [action, expected] of cases) {
      const asked = press(card, action);
      expect(asked.state.step, action).toMatchObject({ name: 'staff_ask', stage: 'reason' });
      expect(last(asked).text).toMatch(action === 'staff.note' ? t.staff.askNote : /why\?/);
      expectCommand(asked.state, type(asked.state, 'a reason'), { kind: 'staff_act', action: expected, reason: 'a reason', target: { kind: 'order', id: ORDER_ID } });
    }
  });

  it('a license is moved to an end customer or another reseller, and corrected by date or size', () => {
    const license = aState({ name: 'staff_card', card: anOrderCardView({ target: { kind: 'license', id: 'lic-1' }, actions: ['move', 'correct', 'note'], kept: [] }) }, { session: aStaffSession() });
    const move = press(license, 'staff.move');
    expect(type(move.state, 'reseller 100002').state.step).toMatchObject({ input: { kind: 'move', move: { to: 'reseller', partnerId: '100002' } } });
    expect(type(move.state, 'Harbor Dental').state.step).toMatchObject({ input: { kind: 'move', move: { to: 'customer', company: 'Harbor Dental' } } });
    const correct = press(license, 'staff.correct');
    expect(type(correct.state, 'expiry 2027-06-30').state.step).toMatchObject({ input: { kind: 'correct', correction: { field: 'expiresOn', date: '2027-06-30' } } });
    expect(type(correct.state, 'Maintenance 2027-06-30').state.step).toMatchObject({ input: { kind: 'correct', correction: { field: 'maintenanceUntil', date: '2027-06-30' } } });
    expect(type(correct.state, 'sc 32').state.step).toMatchObject({ input: { kind: 'correct', correction: { field: 'sc', sc: 32 } } });
    expect(type(correct.state, 'make it bigger').replies[0]?.text).toBe(t.notUnderstood(t.staff.expectInput.correct));
  });

  it('the prompt\'s text is all its own: a reason that reads like a command word or an intent is the reason', () => {
    const asked = press(card, 'staff.cancel');
    expect(type(asked.state, 'renew later, cart was wrong').command).toMatchObject({ kind: 'staff_act', reason: 'renew later, cart was wrong' });
  });

  it('Back from a prompt returns to the card; nothing is asked of the domain', () => {
    const asked = press(card, 'staff.cancel');
    expectShown(asked.state, press(asked.state, 'nav.back'), { name: 'staff_card', card: anOrderCardView() });
  });

  it('the answer shows what was done, or why not, above the card as it is now', () => {
    const done = answer(card, { kind: 'staff_acted', result: { kind: 'done', what: 'note', summary: {}, outbox: [], fulfil: [] }, card: anOrderCardView({ text: 'now' }) });
    expect(done.replies[0]?.text).toBe('Note added.');
    expect(done.state.step).toMatchObject({ name: 'staff_card', card: { text: 'now' } });
    const refused = answer(card, { kind: 'staff_acted', result: { kind: 'refused', why: { kind: 'amount_differs', expectedCents: 121_000, givenCents: 100, currency: 'EUR' } }, card: anOrderCardView() });
    expect(refused.replies[0]?.text).toContain(`is more than the ${money(121_000, 'EUR')} the order still owes`);
  });
});

describe('needs attention', () => {
  const list = exampleState('staff_attention');

  it('each item has Open and its own actions; an action asks as the card would, on that order', () => {
    expect(labelsOf(message(list))).toEqual(expect.arrayContaining(['Open 42', 'Confirm payment 42', 'Cancel order 42', 'Open 43', 'Payment refunded 43']));
    expectCommand(list, press(list, 'staff.item.1'), { kind: 'staff_open', target: { kind: 'order', id: ORDER_ID } });
    const confirm = press(list, 'staff.confirm.0');
    expect(confirm.state.step).toMatchObject({ name: 'staff_ask', verb: 'confirm', stage: 'input', card: { target: { kind: 'order', id: ORDER_ID } } });
    expect(last(confirm).text).toContain('TCX-000042-17');
    const refund = press(list, 'staff.refund_pay.1');
    expectCommand(refund.state, type(refund.state, 'sent back'), { kind: 'staff_act', action: { kind: 'refund_payment', orderId: ORDER_ID, providerRef: 'BANK-9' }, reason: 'sent back', target: { kind: 'order', id: ORDER_ID } });
  });

  it('an action an item does not offer is not used', () => {
    expectStale(list, press(list, 'staff.refund_pay.0'));
    expectStale(list, press(list, 'staff.confirm.1'));
    expectStale(list, press(list, 'staff.confirm.9'));
  });

  it('nothing waiting says so', () => {
    const out = answer(list, { kind: 'staff_attention', title: t.staff.attentionTitle(0), items: [] });
    expect(last(out).text).toBe('Nothing waits for staff.');
    expect(anAttentionEntry().actions).toEqual(['confirm', 'cancel']);
  });
});
