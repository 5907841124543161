// What every step does alike: stale and unknown buttons, /cancel, /back, text that does not
// fit, the nonce on every button, Telegram's 64-byte callback_data, and purity.
import { describe, expect, it } from 'vitest';
import type { Command } from '../../../src/conversation/commands';
import type { ConversationState, Step, StepName } from '../../../src/conversation/state';
import { step } from '../../../src/conversation/step';
import { parseButtonId } from '../../../src/conversation/buttons';
import { view } from '../../../src/conversation/views';
import { t } from '../../../src/conversation/wording';
import { actionsOf, deepFreeze, expectCommand, expectShown, expectStamped, idsOf, labelsOf, last, press, pressId, type } from './drive';
import { CTX, EXAMPLE_STEPS, NONCE, SESSION_STEP_NAMES, STEP_NAMES, everyAnswer, exampleState } from './states';

describe('the examples', () => {
  it('cover every step of the Step union', () => {
    // EXAMPLE_STEPS is typed as a record over StepName, so a new step breaks the build here.
    expect(STEP_NAMES).toHaveLength(26);
    for (const name of STEP_NAMES) expect(EXAMPLE_STEPS[name]().name).toBe(name);
  });
});

describe.each(STEP_NAMES)('at %s', (name) => {
  const state = exampleState(name);

  it('a button of an older message is not used: the step is shown again, with no command', () => {
    const out = press(state, 'menu', NONCE - 1);
    expect(out.replies[0]?.text).toBe(t.staleButton);
    expectShown(state, out, state.step);
    expect(out.state.session).toEqual(state.session);
  });

  it('a button of a newer message (a nonce from the future) is not used either', () => {
    const out = press(state, 'cancel', NONCE + 1);
    expect(out.replies[0]?.text).toBe(t.staleButton);
    expectShown(state, out, state.step);
  });

  it('a malformed id is not used', () => {
    for (const id of ['garbage', `${NONCE.toString(36)}:`, `${NONCE.toString(36)}:menu!`, `:menu`, `${'1'.repeat(9)}:menu`]) {
      const out = pressId(state, id);
      expect(out.replies[0]?.text).toBe(t.staleButton);
      expectShown(state, out, state.step);
    }
  });

  it('a notification button (no nonce) starts its own flow when logged in, and asks for nothing otherwise', () => {
    const unknown = pressId(state, '~renew:ABCD-EFGH-JKLM-NP23');
    expect(unknown.command).toBeNull();
    if (state.session) expect(unknown.state.step).toEqual(state.step);
    const menu = pressId(state, '~menu');
    if (state.session) expect(menu.command).toEqual({ kind: 'menu' });
    else expect(menu.command).toBeNull();
  });

  it('an action the step does not know re-shows the step, with no command', () => {
    for (const action of ['zzz', 'rm.99', 'e.platinum', 'pay.bitcoin', 'o.other']) {
      const out = press(state, action);
      expect(out.replies[0]?.text, action).toBe(t.staleButton);
      expectShown(state, out, state.step);
    }
  });
});

describe.each(SESSION_STEP_NAMES)('/cancel at %s', (name) => {
  const state = exampleState(name, { misses: 2 });

  it('says Cancelled and asks for the main menu', () => {
    for (const text of ['/cancel', 'cancel', '/Cancel@AcmeOrderBot', '  CANCEL ']) {
      const out = type(state, text);
      expect(out.command).toEqual({ kind: 'menu' });
      expect(out.replies).toEqual([{ text: t.cancelled, buttons: [], secret: false }]);
      expect(out.state.misses).toBe(0);
      expect(out.state.session).toEqual(state.session);
    }
  });

  it('the Cancel button, where the step has one, does the same', () => {
    if (!actionsOf(view(state.step, state, CTX)).includes('cancel')) return;
    const out = press(state, 'cancel');
    expect(out.command).toEqual({ kind: 'menu' });
    expect(out.replies.map((r) => r.text)).toEqual([t.cancelled]);
  });
});

describe('/cancel and /back before logging in', () => {
  it.each(['/cancel', '/back'])('%s at the username prompt asks for the username again, with no command', (text) => {
    const state = exampleState('login_username');
    const out = type(state, text);
    expect(out.command).toBeNull();
    expect(out.state.step).toEqual({ name: 'login_username' });
    expect(out.state.session).toBeNull();
    expect(last(out).text).toBe(t.askUsername);
  });

  it.each(['/cancel', '/back'])('%s at the password prompt goes back to the username prompt and is not sent as the password', (text) => {
    const state = exampleState('login_password');
    const out = type(state, text);
    expect(out.command).toBeNull();
    expect(out.state.step).toEqual({ name: 'login_username' });
    expect(JSON.stringify(out)).not.toContain(text);
  });
});

/** Where /back leads from each example step: a step shown again, or a command for the domain. */
const BACK: { [N in StepName]: (s: Extract<Step, { name: N }>) => { show: Step } | { command: Command } } = {
  login_username: () => ({ show: { name: 'login_username' } }),
  login_password: () => ({ show: { name: 'login_username' } }),
  menu: () => ({ command: { kind: 'menu' } }),
  dashboard: () => ({ command: { kind: 'menu' } }),
  notices: (s) => ({ show: { name: 'dashboard', dashboard: s.dashboard } }),
  buy: () => ({ command: { kind: 'menu' } }),
  new_edition: () => ({ show: { name: 'buy' } }),
  new_sc: () => ({ show: { name: 'new_edition' } }),
  new_quantity: (s) => ({ show: { name: 'new_sc', draft: { edition: s.draft.edition } } }),
  new_years: (s) => ({ show: { name: 'new_quantity', draft: { edition: s.draft.edition, sc: s.draft.sc } } }),
  new_customer: (s) => ({ show: { name: 'new_years', draft: { edition: s.draft.edition, sc: s.draft.sc, quantity: s.draft.quantity } } }),
  new_customer_name: (s) => ({ show: { name: 'new_customer', draft: s.draft, customers: s.customers, page: 0 } }),
  key_entry: () => ({ show: { name: 'buy' } }),
  upgrade_edition: () => ({ show: { name: 'key_entry', purpose: 'upgrade', offers: [] } }),
  upgrade_sc: (s) => ({ show: { name: 'upgrade_edition', license: s.license } }),
  renew_years: (s) => ({ show: { name: 'key_entry', purpose: s.purpose, offers: [] } }),
  line_summary: (s) => ({ show: s.from }),
  added: () => ({ command: { kind: 'menu' } }),
  cart: () => ({ command: { kind: 'menu' } }),
  checkout_changes: () => ({ command: { kind: 'cart' } }),
  checkout_coupon: () => ({ command: { kind: 'cart' } }),
  checkout_review: () => ({ command: { kind: 'requote' } }),
  order_placed: () => ({ command: { kind: 'menu' } }),
  licenses: () => ({ command: { kind: 'menu' } }),
  invoices: () => ({ command: { kind: 'menu' } }),
  help: () => ({ command: { kind: 'menu' } }),
};

function backFrom<N extends StepName>(s: Extract<Step, { name: N }>): { show: Step } | { command: Command } {
  return (BACK[s.name as N] as (x: Extract<Step, { name: N }>) => { show: Step } | { command: Command })(s);
}

describe.each(SESSION_STEP_NAMES)('/back at %s', (name) => {
  const state = exampleState(name, { misses: 1 });
  const expected = backFrom(state.step);

  it('goes to the previous step, keeping what was chosen before it', () => {
    for (const text of ['/back', 'back', '/back@AcmeOrderBot']) {
      const out = type(state, text);
      if ('show' in expected) expectShown(state, out, expected.show);
      else expectCommand(state, out, expected.command);
      expect(out.state.session).toEqual(state.session);
    }
  });

  it('the Back button, where the step has one, does the same', () => {
    if (!actionsOf(view(state.step, state, CTX)).includes('back')) return;
    const out = press(state, 'back');
    if ('show' in expected) expectShown(state, out, expected.show);
    else expectCommand(state, out, expected.command);
  });
});

/** Text that does not fit each step, and the hint it gets; the password prompt takes any text. */
const BAD_TEXT: Array<[StepName, string, string]> = [
  ['login_username', '   ', t.askUsername],
  ['menu', 'hello', t.expectChoice],
  ['dashboard', 'hello', t.expectChoice],
  ['notices', 'hello', t.expectChoice],
  ['buy', 'a new phone system', t.expectChoice],
  ['new_edition', 'platinum', t.expectChoice],
  ['new_sc', '20 SC', t.expectChoice],
  ['new_quantity', '51', t.expectNumber(1, 50)],
  ['new_years', '6', t.expectNumber(1, 5)],
  ['new_customer', 'hello', t.expectChoice],
  ['new_customer_name', 'X', t.invalidCustomerName],
  ['key_entry', '   ', t.expectKey],
  ['upgrade_edition', 'gold', t.expectChoice],
  ['upgrade_sc', '20', t.expectChoice],
  ['renew_years', '0', t.expectNumber(1, 5)],
  ['line_summary', 'yes', t.expectChoice],
  ['added', 'thanks', t.expectChoice],
  ['cart', 'checkout please', t.expectChoice],
  ['checkout_changes', 'ok?', t.expectChoice],
  ['checkout_coupon', '   ', t.expectCoupon],
  ['checkout_review', 'pay', t.expectChoice],
  ['order_placed', 'thanks', t.expectChoice],
  ['licenses', 'hello', t.expectChoice],
  ['invoices', 'hello', t.expectChoice],
  ['help', 'hello', t.expectChoice],
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
      if (name === 'menu') {
        // The main menu needs no button to itself: the third miss says where the menu is.
        const third = type(state, text);
        expect(third.state.misses).toBe(0);
        expect(labelsOf(last(third))).not.toContain(t.toMenu);
        return;
      }
      const third = type(state, text);
      expect(third.command).toBeNull();
      expect(third.state.misses).toBe(0);
      expect(third.state.step).toEqual(state.step);
      expect(third.replies[0]?.text).toBe(`${t.notUnderstood(hint)}\n${t.offerMenu}`);
      expect(actionsOf(last(third))).toContain('menu');
      expect(labelsOf(last(third))).toContain(t.toMenu);
      expectStamped(third);
      const menuId = idsOf(last(third)).filter((id) => id.endsWith(':menu')).at(-1) as string;
      expect(pressId(third.state, menuId).command).toEqual({ kind: 'menu' });
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
    expect(press(state, 'menu', NONCE - 1).state.misses).toBe(0);
  });
});

describe('buttons', () => {
  // The largest nonce a button id can carry (8 base-36 digits), less one so that showing the step reaches it.
  const BIG_NONCE = 36 ** 8 - 2;

  it.each(STEP_NAMES)('at %s every id fits Telegram\'s 64-byte callback_data, parses back, and every label is non-empty', (name) => {
    const state = exampleState(name, { nonce: BIG_NONCE });
    const out = press(state, 'menu', 0);
    expect(out.state.nonce).toBe(36 ** 8 - 1);
    const reply = last(out);
    for (const id of idsOf(reply)) {
      expect(new TextEncoder().encode(id).length, id).toBeLessThanOrEqual(64);
      expect(parseButtonId(id), id).toEqual({ nonce: out.state.nonce, action: id.slice(id.indexOf(':') + 1) });
    }
    for (const label of labelsOf(reply)) expect(label.trim().length).toBeGreaterThan(0);
    for (const row of reply.buttons) expect(row.length).toBeGreaterThan(0);
  });

  it('ids stay within 64 bytes after a third miss adds the Main menu button', () => {
    for (const name of SESSION_STEP_NAMES) {
      const out = type(exampleState(name, { nonce: BIG_NONCE, misses: 2 }), '   ');
      for (const id of idsOf(last(out))) expect(new TextEncoder().encode(id).length).toBeLessThanOrEqual(64);
    }
  });

  it.each(STEP_NAMES)('at %s every reply of every answer is stamped with the state\'s nonce', (name) => {
    for (const a of everyAnswer()) expectStamped(step(exampleState(name), { kind: 'answer', answer: a }, CTX));
  });

  it('the password prompt is a secret: its answer is not echoed, logged or stored', () => {
    const out = press(exampleState('login_password'), 'x', 0);
    expect(last(out).secret).toBe(true);
    for (const name of STEP_NAMES.filter((n) => n !== 'login_password')) expect(last(press(exampleState(name), 'x', 0)).secret, name).toBe(false);
  });
});

describe('the step function is pure', () => {
  function inputsFor(state: ConversationState): Array<{ kind: 'text'; text: string } | { kind: 'press'; id: string }> {
    const ids = idsOf(view(state.step, state, CTX)).map((action) => `${state.nonce.toString(36)}:${action}`);
    return [
      ...ids.map((id) => ({ kind: 'press' as const, id })),
      { kind: 'press', id: `${(state.nonce - 1).toString(36)}:menu` },
      ...['hello', '3', '/back', '/cancel', '/cart', '/help', '/start', 'ABCD-EFGH-JKLM-NP23', 'Globex Corp', '  '].map((text) => ({ kind: 'text' as const, text })),
    ];
  }

  it.each(STEP_NAMES)('at %s: the same input twice gives deep-equal outcomes and the frozen input state is not changed', (name) => {
    for (const session of [undefined, 'support', 'sales'] as const) {
      const base = exampleState(name);
      const state = deepFreeze(session && base.session ? { ...base, session: { ...base.session, role: session } } : base);
      const copy = structuredClone(state);
      for (const input of inputsFor(state)) {
        const event = deepFreeze({ kind: 'input' as const, input });
        const a = step(state, event, CTX);
        const b = step(state, event, CTX);
        expect(a, JSON.stringify(input)).toEqual(b);
      }
      for (const a of everyAnswer()) {
        const event = deepFreeze({ kind: 'answer' as const, answer: a });
        expect(step(state, event, CTX)).toEqual(step(state, event, CTX));
      }
      expect(state).toEqual(copy);
    }
  });
});
