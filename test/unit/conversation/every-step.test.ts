// What every step does alike: its view for every role, stale and forged buttons, /cancel,
// /back, text that does not fit (and the menu after three misses), the nonce on every button,
// Telegram's 64-byte callback_data, purity, and restoring a saved state.
import { describe, expect, it } from 'vitest';
import { NAV_FLOW, parseAction, parseButtonId } from '../../../src/conversation/buttons';
import { ANSWERS, STEPS } from '../../../src/conversation/flows/index';
import { MAX_INPUT_LENGTH } from '../../../src/conversation/input';
import { restoreState } from '../../../src/conversation/restore';
import { STATE_VERSION, type ConversationState, type StepName } from '../../../src/conversation/state';
import { showCurrent, step } from '../../../src/conversation/step';
import { stepDef, view } from '../../../src/conversation/views';
import { t } from '../../../src/conversation/wording';
import { CATALOGUE_BAD_TEXT, CATALOGUE_STEP_NAMES } from './catalogue-states';
import { actionsOf, deepFreeze, expectCommand, expectShown, expectStale, expectStamped, idOf, idsOf, labelsOf, last, message, press, pressId, secret, type } from './drive';
import { PEOPLE_STEP_NAMES } from './people-states';
import { TEAM_STEP_NAMES } from './team-states';
import { CUSTOMERS_EXAMPLE_STEPS } from './customers-states';
import {
  CTX,
  EXAMPLE_ANSWERS,
  EXAMPLE_STEPS,
  NONCE,
  ROLES,
  SESSION_STEP_NAMES,
  STEP_NAMES,
  aSession,
  everyAnswer,
  exampleState,
  someCartLines,
  totalsOf,
} from './states';

/** The example state of a step for each role, and logged out. */
const WHO = [...ROLES, null] as const;
const as = (name: StepName, who: (typeof WHO)[number]) => exampleState(name, { session: who === null ? null : aSession(who) });

describe('the examples', () => {
  it('cover every step of the Step union and every kind of answer', () => {
    // EXAMPLE_STEPS and EXAMPLE_ANSWERS are typed as records over the names and kinds, so a new
    // step or answer breaks the build; these check the tables of flows agree.
    expect([...STEP_NAMES].sort()).toEqual(Object.keys(STEPS).sort());
    expect(Object.keys(EXAMPLE_ANSWERS).sort()).toEqual(Object.keys(ANSWERS).sort());
    expect(STEP_NAMES).toHaveLength(55 + CATALOGUE_STEP_NAMES.length + PEOPLE_STEP_NAMES.length + Object.keys(CUSTOMERS_EXAMPLE_STEPS).length + TEAM_STEP_NAMES.length);
    for (const name of STEP_NAMES) expect(EXAMPLE_STEPS[name]().name).toBe(name);
  });
});

describe.each(STEP_NAMES)('the view of %s', (name) => {
  it.each(WHO)('renders for %s, with text, labelled buttons and no empty row, every id naming the step\'s flow', (who) => {
    const state = as(name, who);
    const reply = view(state.step, state, CTX);
    expect(reply.text.trim().length).toBeGreaterThan(0);
    for (const row of reply.buttons) expect(row.length).toBeGreaterThan(0);
    for (const label of labelsOf(reply)) expect(label.trim().length).toBeGreaterThan(0);
    const flow = stepDef(state.step).flow;
    for (const id of idsOf(reply)) expect([flow, NAV_FLOW], id).toContain(parseAction(id)?.flow);
  });
});

describe.each(STEP_NAMES)('at %s', (name) => {
  const state = exampleState(name);

  it('a button of an older message is not used: the step is shown again, with no command', () => {
    for (const action of ['nav.menu', 'nav.cancel', ...actionsOf(message(state))]) expectStale(state, press(state, action, NONCE - 1));
  });

  it('a button of a newer message (a nonce from the future) is not used either', () => {
    expectStale(state, press(state, 'nav.cancel', NONCE + 1));
  });

  it('a malformed id of a button id\'s shape (an earlier version\'s button) is not used', () => {
    const n = NONCE.toString(36);
    for (const id of [`${n}:nav`, `${n}:NAV.MENU`, `${n}:nav.menu.${'x'.repeat(41)}`, `${n}:pay.offline`, `${n}:rm.2`]) expectStale(state, pressId(state, id));
  });

  it('an id no button ever had (forged, or garbled) is not used, and is said to be unknown rather than old', () => {
    const n = NONCE.toString(36);
    for (const id of ['garbage', `${n}:`, `${n}:nav.menu!`, ':nav.menu', `${'1'.repeat(9)}:nav.menu`, `${n.toUpperCase()}X:nav.menu`, `${n}:${'x'.repeat(61)}`, 'x', '']) {
      const out = pressId(state, id);
      expect(out.replies[0]?.text, id).toBe(t.unknownButton);
      expect(out.replies).toHaveLength(2);
      expectShown(state, out, state.step);
      expect(out.state.session).toEqual(state.session);
    }
  });

  it('a forged button of another flow, or a verb or argument this step does not offer, is not used', () => {
    const own = stepDef(state.step).flow;
    const others = STEP_NAMES.flatMap((other) => actionsOf(message(exampleState(other)))).filter((action) => ![own, NAV_FLOW].includes(parseAction(action)?.flow ?? ''));
    const nonsense = ['zzz.zzz', 'cart.remove.99', 'new.edition.platinum', 'checkout.pay.bitcoin', 'key.offer.other', 'nav.nowhere', 'notices.remove.9', 'licenses.renew.9', 'invoices.page.x', 'upgrade.sc.20', 'menu.admin', 'card.delete'];
    for (const action of [...new Set([...others, ...nonsense])]) expectStale(state, press(state, action));
  });

  it('a notification button (no nonce) starts its own flow when logged in, and asks to log in otherwise', () => {
    const out = pressId(state, '~nav.menu');
    if (state.session) expectCommand(state, out, { kind: state.session.account === 'staff' ? 'staff_menu' : 'menu' });
    else expectShown(state, out, { name: 'login_username' });
  });

  it('text with control characters is not taken, whatever the step', () => {
    const out = type(state, 'ABCD-EFGH\u0000-JKLM-NP23');
    expect(out.command).toBeNull();
    expect(out.replies[0]?.text).toBe(t.controlCharacters);
    expectShown(state, out, state.step);
  });

  it('a photo, a sticker, a file, a voice message or a location is answered that only text and buttons are read, with the step again and nothing else changed', () => {
    const out = step(state, { kind: 'input', input: { kind: 'unreadable' } }, CTX);
    expect(out.replies[0]?.text).toBe(t.textAndButtonsOnly);
    expect(out.replies).toHaveLength(2);
    expectShown(state, out, state.step);
    expect(out.state.session).toEqual(state.session);
  });

  it('a text longer than a message may be is refused whole, without echoing it', () => {
    const long = `renew ABCD-EFGH-JKLM-NP23 ${'x'.repeat(MAX_INPUT_LENGTH)}`;
    const out = type(state, long);
    expect(out.command).toBeNull();
    expect(out.replies[0]?.text).toBe(t.tooLong(long.length, MAX_INPUT_LENGTH));
    expect(JSON.stringify(out)).not.toContain('x'.repeat(100));
    expectShown(state, out, state.step);
  });
});

describe.each(SESSION_STEP_NAMES)('/cancel at %s', (name) => {
  const state = exampleState(name, { misses: 2 });

  it('says Cancelled and asks for the main menu, however it is typed', () => {
    for (const text of ['/cancel', 'cancel', '/Cancel@AcmeOrderBot', '  CANCEL ']) {
      const out = type(state, text);
      expect(out.command).toEqual({ kind: 'menu' });
      expect(out.replies).toEqual([{ text: t.cancelled, buttons: [], secret: false }]);
      expect(out.state.misses).toBe(0);
      expect(out.state.session).toEqual(state.session);
    }
  });

  it('the Cancel button, where the step has one, does the same', () => {
    const out = press(state, 'nav.cancel');
    expect(out).toEqual(type(state, '/cancel'));
  });
});

describe('/cancel and /back before logging in', () => {
  it.each(['/cancel', '/back', 'cancel'])('%s at the username prompt asks for the username again, with no command', (text) => {
    const state = exampleState('login_username');
    const out = type(state, text);
    expect(out.command).toBeNull();
    expect(out.state.step).toEqual({ name: 'login_username' });
    expect(out.state.session).toBeNull();
    expect(last(out).text).toBe(t.login.askUsername);
  });

  it.each(['/cancel', '/back'])('%s at the password prompt goes back to the username prompt and is not sent as the password', (text) => {
    const out = type(exampleState('login_password'), text);
    expect(out.command).toBeNull();
    expect(out.state.step).toEqual({ name: 'login_username' });
    expect(JSON.stringify(out)).not.toContain(text);
  });
});

describe.each(SESSION_STEP_NAMES)('/back at %s', (name) => {
  const state = exampleState(name, { misses: 1 });

  it('is the same however it is typed, and the same as the Back button; it keeps the session and counts no miss', () => {
    const typed = type(state, '/back');
    for (const text of ['back', '/back@AcmeOrderBot', ' BACK ']) expect(type(state, text), text).toEqual(typed);
    expect(press(state, 'nav.back')).toEqual(typed);
    expect(typed.state.session).toEqual(state.session);
    expect(typed.state.misses).toBe(0);
    expect(typed.replies.map((r) => r.text)).not.toContain(t.staleButton);
    if (typed.command) expect(['menu', 'cart', 'requote', 'invoices', 'orders', 'staff_menu', 'people_users', 'catalogue_broadcast_history', 'customer_list', 'customer_licenses', 'license_customers', 'team_users']).toContain(typed.command.kind);
  });
});

/** Text that does not fit each step, and the hint it gets; the password prompt takes any text. */
const BAD_TEXT: Array<[StepName, string, string]> = [
  ['login_username', '   ', t.login.askUsername],
  ['menu', 'hello', t.expectChoice],
  ['buy', 'a new phone system', t.expectChoice],
  ['dashboard', 'hello', t.expectChoice],
  ['notices', 'hello', t.expectChoice],
  ['new_edition', 'platinum', t.expectChoice],
  ['new_sc', 'twenty', t.expectChoice],
  ['new_quantity', 'fifty', t.expectNumber(1, 50)],
  ['new_years', '6.5', t.expectNumber(1, 5)],
  ['new_customer', 'hello', t.expectChoice],
  ['new_customer_name', 'X', t.newLicense.invalidCustomerName],
  ['key_entry', '   ', t.expectKey],
  ['upgrade_edition', 'gold', t.expectChoice],
  ['upgrade_sc', 'twenty', t.expectChoice],
  ['renew_years', 'zero', t.expectNumber(1, 5)],
  ['line_summary', 'yes', t.expectChoice],
  ['added', 'thanks', t.expectChoice],
  ['cart', 'checkout please', t.expectChoice],
  ['checkout_changes', 'ok?', t.expectChoice],
  ['checkout_coupon', '   ', t.checkout.expectCoupon],
  ['checkout_review', 'with gold bars', t.expectChoice],
  ['order_placed', 'thanks', t.expectChoice],
  ['licenses', 'hello', t.expectChoice],
  ['license_card', 'hello', t.expectChoice],
  ['invoices', 'hello', t.expectChoice],
  ['help', 'hello', t.expectChoice],
  ['approval_sent', 'hello', t.expectChoice],
  ['approval_list', 'hello', t.expectChoice],
  ['approval_review', 'hello', t.expectChoice],
  ['approval_reason', '   ', t.approvals.askReason('Sam Sales')],
  ['invoice_card', 'hello', t.expectChoice],
  ['orders', 'hello', t.expectChoice],
  ['order_card', 'hello', t.expectChoice],
  ['order_cancel_confirm', 'hello', t.expectChoice],
  ['statement_year', 'last year', t.invoices.askYear],
  ['quote_years', 'seven', t.expectNumber(1, 5)],
  ['quote_company', 'X', t.customerQuote.invalidCompany],
  ['quote_pricing', 'a lot', t.customerQuote.typedMarkup],
  ['quote_prices', 'lots', t.customerQuote.invalidPrices(2)],
  ['staff_menu', '   ', t.staff.expectFind],
  ['staff_find', '   ', t.staff.expectFind],
  ['staff_found', '   ', t.staff.expectFind],
  ['staff_card', '   ', t.staff.expectFind],
  ['staff_ask', 'hello', t.staff.expectInput.confirm],
  ['staff_attention', '   ', t.staff.expectFind],
  ['admin_menu', 'hello', t.expectChoice],
  ['admin_audit_ask', '   ', t.admin.expectAudit],
  ['admin_audit', '   ', t.admin.expectAudit],
  ['admin_reseller_find', '   ', t.admin.expectReseller],
  ['admin_reseller_list', '   ', t.admin.expectReseller],
  ['admin_reseller', '   ', t.admin.expectReseller],
  ['admin_reseller_reason', '   ', t.admin.expectReason],
  ['admin_reseller_confirm', 'hello', t.expectChoice],
  ['admin_invite', 'jdoe', t.admin.expectInvitee],
  ...CATALOGUE_BAD_TEXT,
  ['people_reseller_form', '   ', t.people.expectForm],
  ['people_users', 'hello', t.expectChoice],
  ['people_user', 'hello', t.expectChoice],
  ['people_role', 'hello', t.expectChoice],
  ['people_invite', 'jdoe', t.people.expectInvitee],
  ['people_confirm', 'hello', t.expectChoice],
  ['team_users', 'hello', t.expectChoice],
  ['team_user', 'hello', t.expectChoice],
  ['team_role', 'hello', t.expectChoice],
  ['team_invite', 'jdoe', t.admin.expectInvitee],
  ['team_confirm', 'hello', t.expectChoice],
  ['customer_list', 'hello', t.expectChoice],
  ['customer', 'hello', t.expectChoice],
  ['customer_name', 'X', t.newLicense.invalidCustomerName],
  ['customer_email', 'it at globex', t.customers.invalidEmail],
  ['customer_delete_confirm', 'hello', t.expectChoice],
  ['license_customer', 'hello', t.expectChoice],
  ['license_customer_confirm', 'hello', t.expectChoice],
];

describe('text that does not fit the step', () => {
  it('every step but the password prompt has a bad text', () => {
    expect(BAD_TEXT.map(([n]) => n).sort()).toEqual(STEP_NAMES.filter((n) => n !== 'login_password').sort());
  });

  describe.each(BAD_TEXT)('at %s, %j', (name, text, hint) => {
    it('the first and second miss say what is expected, show the step again and count', () => {
      const first = type(exampleState(name), text);
      expect(first.command).toBeNull();
      expect(first.replies[0]?.text).toBe(t.notUnderstood(hint));
      expect(first.state.step).toEqual(exampleState(name).step);
      expect(first.state.misses).toBe(1);
      expect(first.state.nonce).toBe(NONCE + 1);
      expect(last(first).text).toBe(view(first.state.step, first.state, CTX).text);
      expectStamped(first);
      const second = type(first.state, text);
      expect(second.state.misses).toBe(2);
      expect(second.state.nonce).toBe(NONCE + 2);
      expect(actionsOf(last(second))).toEqual(actionsOf(last(first)));
    });

    if (name === 'login_username') {
      it('without a session there is no main menu to offer: the third miss only counts', () => {
        const third = type(exampleState(name, { misses: 2 }), text);
        expect(third.state.misses).toBe(3);
        expect(labelsOf(last(third))).not.toContain(t.toMenu);
      });
      return;
    }

    it('the third miss offers a Main menu button and starts counting again', () => {
      const state = exampleState(name, { misses: 2 });
      const third = type(state, text);
      expect(third.command).toBeNull();
      expect(third.state.misses).toBe(0);
      expect(third.state.step).toEqual(state.step);
      expect(third.replies[0]?.text).toBe(`${t.notUnderstood(hint)}\n${t.offerMenu}`);
      expectStamped(third);
      if (name === 'menu') {
        // The main menu needs no button to itself: the third miss says where the menu is.
        expect(labelsOf(last(third))).not.toContain(t.toMenu);
        return;
      }
      expect(actionsOf(last(third))).toContain('nav.menu');
      expect(labelsOf(last(third))).toContain(t.toMenu);
      const menuId = idsOf(last(third)).filter((id) => id.endsWith(':nav.menu')).at(-1) as string;
      expectCommand(third.state, pressId(third.state, menuId), { kind: state.session?.account === 'staff' ? 'staff_menu' : 'menu' });
      // The next miss counts from one again.
      expect(type(third.state, text).state.misses).toBe(1);
    });
  });

  it('the third miss never shows two Main menu buttons on one message', () => {
    const doubled = BAD_TEXT.filter(([name]) => name !== 'login_username').filter(([name, text]) => {
      const third = type(exampleState(name, { misses: 2 }), text);
      return labelsOf(last(third)).filter((l) => l === t.toMenu).length > 1;
    }).map(([name]) => name);
    expect(doubled).toEqual([]);
  });

  it('a button pressed or a step shown in between starts the count again', () => {
    const state = exampleState('new_quantity', { misses: 2 });
    expect(type(state, '3').state.misses).toBe(0);
    expect(press(state, 'nav.menu', NONCE - 1).state.misses).toBe(0);
  });
});

describe('buttons', () => {
  // The largest nonce a button id can carry (8 base-36 digits), less one so that showing the step reaches it.
  const BIG_NONCE = 36 ** 8 - 2;

  it.each(STEP_NAMES)('at %s every id carries the new nonce, fits Telegram\'s 64-byte callback_data and parses back', (name) => {
    const state = exampleState(name, { nonce: BIG_NONCE });
    const out = press(state, 'nav.menu', 0);
    expect(out.state.nonce).toBe(36 ** 8 - 1);
    for (const id of idsOf(last(out))) {
      expect(new TextEncoder().encode(id).length, id).toBeLessThanOrEqual(64);
      expect(parseButtonId(id), id).toEqual({ nonce: out.state.nonce, action: parseAction(id.slice(id.indexOf(':') + 1)) });
      expect(idOf(id.slice(id.indexOf(':') + 1), out.state.nonce)).toBe(id);
    }
  });

  it('ids stay within 64 bytes after a third miss adds the Main menu button', () => {
    for (const name of SESSION_STEP_NAMES) {
      const out = type(exampleState(name, { nonce: BIG_NONCE, misses: 2 }), '   ');
      for (const id of idsOf(last(out))) expect(new TextEncoder().encode(id).length).toBeLessThanOrEqual(64);
    }
  });

  it('ids stay within 64 bytes with the largest arguments a step can hold: the 50th cart line, a long list page', () => {
    const lines = someCartLines().slice(0, 1).flatMap((line) => Array.from({ length: 50 }, (_, i) => ({ ...line, id: `line-${i}` })));
    const cart = exampleState('cart', { nonce: BIG_NONCE, step: { name: 'cart', lines, totals: totalsOf(lines), customers: [] } });
    const licenses = exampleState('licenses', { nonce: BIG_NONCE, step: { name: 'licenses', page: 9998, total: 99_999, items: [], filter: 'expiring' } });
    for (const state of [cart, licenses]) {
      for (const id of idsOf(last(showCurrent(state, CTX)))) expect(new TextEncoder().encode(id).length, id).toBeLessThanOrEqual(64);
    }
  });

  it.each(STEP_NAMES)('at %s every reply of every answer is stamped with the nonce of the state it leads to', (name) => {
    for (const a of everyAnswer()) expectStamped(step(exampleState(name), { kind: 'answer', answer: a }, CTX));
  });

  it('the password prompt is the only secret one: its answer is not echoed, logged or stored', () => {
    expect(message(exampleState('login_password')).secret).toBe(true);
    for (const name of STEP_NAMES.filter((n) => n !== 'login_password')) expect(message(exampleState(name)).secret, name).toBe(false);
  });
});

describe('the step function is pure', () => {
  function inputsFor(state: ConversationState) {
    return [
      ...idsOf(view(state.step, state, CTX)).map((action) => ({ kind: 'press' as const, id: idOf(action, state.nonce) })),
      { kind: 'press' as const, id: idOf('nav.menu', state.nonce - 1) },
      { kind: 'press' as const, id: '~renew.annual.ABCD-EFGH-JKLM-NP23' },
      { kind: 'secret' as const, text: 'pass-word' },
      { kind: 'unreadable' as const },
      ...['hello', '3', '/back', '/cancel', '/cart', '/help', '/start', 'ABCD-EFGH-JKLM-NP23', 'renew ABCD-EFGH-JKLM-NP23 for 2 years', 'buy 3 pro 16', 'checkout', 'Globex Corp', '  ']
        .map((text) => ({ kind: 'text' as const, text })),
    ];
  }

  it.each(STEP_NAMES)('at %s, for every role and logged out: every input and every answer is handled; the same event twice gives deep-equal outcomes; the frozen state is not changed', (name) => {
    for (const who of WHO) {
      const state = deepFreeze(as(name, who));
      const copy = structuredClone(state);
      for (const input of inputsFor(state)) {
        const event = deepFreeze({ kind: 'input' as const, input });
        expect(step(state, event, CTX), JSON.stringify(input)).toEqual(step(state, event, CTX));
      }
      for (const a of everyAnswer()) {
        const event = deepFreeze({ kind: 'answer' as const, answer: a });
        expect(step(state, event, CTX), a.kind).toEqual(step(state, event, CTX));
      }
      expect(state).toEqual(copy);
    }
  });

  it('an outcome\'s state is plain data: it survives a JSON round trip unchanged', () => {
    for (const name of STEP_NAMES) {
      for (const input of inputsFor(exampleState(name))) {
        const { state } = step(exampleState(name), { kind: 'input', input }, CTX);
        expect(JSON.parse(JSON.stringify(state)), `${name} ${JSON.stringify(input)}`).toEqual(state);
      }
    }
  });
});

describe('restoring a saved state', () => {
  it('a state of this version is used as it is', () => {
    for (const name of STEP_NAMES) {
      const saved = JSON.parse(JSON.stringify(exampleState(name, { misses: 2 })));
      expect(restoreState(saved)).toEqual(saved);
    }
  });

  it('nothing saved is no state', () => {
    expect(restoreState(null)).toBeNull();
    expect(restoreState(undefined)).toBeNull();
  });

  it('a version-1 state keeps its session and nonce and goes to the main menu', () => {
    const v1 = { version: 1, session: aSession('sales'), step: { name: 'cart', lines: [], totals: totalsOf([]) }, nonce: 29, misses: 2 };
    const restored = restoreState(v1);
    expect(restored).toEqual({ version: STATE_VERSION, session: aSession('sales'), step: { name: 'menu' }, nonce: 29, misses: 0 });
    const resumed = showCurrent(restored as ConversationState, CTX);
    expect(resumed.state.nonce).toBe(30);
    expect(last(resumed).text).toBe(t.menu.title);
  });

  it('a version-1 state without a session asks for the username', () => {
    expect(restoreState({ version: 1, session: null, step: { name: 'login_password', username: 'anna' }, nonce: 4, misses: 0 }))
      .toEqual({ version: STATE_VERSION, session: null, step: { name: 'login_username' }, nonce: 4, misses: 0 });
  });

  it('the buttons of a version-1 message are not used on the restored state', () => {
    const restored = restoreState({ version: 1, session: aSession(), step: { name: 'checkout_review' }, nonce: 29, misses: 0 }) as ConversationState;
    for (const old of ['rm.0', 'go', 'pay.offline', 'n.3', 'e.professional', 'menu', 'cart', 'dash', 'add', 'inv']) expectStale(restored, press(restored, old));
  });

  const UNKNOWN: Array<[string, unknown]> = [
    ['a number', 42],
    ['a string', 'state'],
    ['an array', []],
    ['an empty object', {}],
    ['a future version with a session', { version: 99, session: aSession(), step: { name: 'teleport' }, nonce: 5 }],
    ['no version, a session that is not one', { session: 'nobody', nonce: 3 }],
    ['version 1, a session without a role', { version: 1, session: { userId: 'user-1' }, nonce: 3 }],
    ['version 1, a nonce that is not a whole number', { version: 1, session: aSession(), nonce: 2.5 }],
    ['version 1, a negative nonce', { version: 1, session: aSession(), nonce: -5 }],
    ['this version, a step this code does not know', { version: STATE_VERSION, session: aSession(), step: { name: 'teleport' }, nonce: 3, misses: 0 }],
  ];

  it.each(UNKNOWN)('%s gives a safe state: shown without error, logged in only with a real session, with buttons that work', (_, saved) => {
    const restored = restoreState(saved);
    if (restored === null) return;
    expect(restored.version).toBe(STATE_VERSION);
    if (restored.session !== null && restored.session.account !== 'staff') expect(ROLES).toContain(restored.session.role);
    expect(Number.isSafeInteger(restored.nonce) && restored.nonce >= 0, `nonce ${restored.nonce}`).toBe(true);
    const shown = showCurrent(restored, CTX);
    for (const id of idsOf(last(shown))) expect(pressId(shown.state, id).replies[0]?.text, id).not.toBe(t.staleButton);
    expect(() => step(shown.state, { kind: 'input', input: { kind: 'text', text: 'hello' } }, CTX)).not.toThrow();
  });

  it('a password form left open over a restored state does nothing', () => {
    const restored = restoreState({ version: 1, session: aSession(), nonce: 3 }) as ConversationState;
    const out = secret(restored, 'pass-word');
    expect(out.command).toBeNull();
    expect(out.replies[0]?.text).toBe(t.staleForm);
  });
});
