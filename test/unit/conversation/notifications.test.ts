// The notifications flow: the buttons of a message about an order or a renewal reminder start
// their own flow whenever they are pressed (no nonce: the message may be old), ids written
// before buttons named their flow still work, and the answer about reminders.
import { describe, expect, it } from 'vitest';
import { parseButtonId } from '../../../src/conversation/buttons';
import { composeDigest, composeNotification, composeReminder, type OrderNotification, type ReminderItem } from '../../../src/conversation/notifications';
import type { Reply } from '../../../src/conversation/reply';
import { t } from '../../../src/conversation/wording';
import type { OrderMessageKind } from '../../../src/domain/ports';
import { answer, expectCommand, expectRefused, expectShown, expectStale, idsOf, labelsOf, pressId } from './drive';
import { CTX, GROUP_CTX, NONCE, ROLES, aLoggedOutState, aSession, exampleState } from './states';

const KEY = 'ABCD-EFGH-JKLM-NP23';
/** Every step a user may be at when a notification button is pressed. */
const anywhere = () => [exampleState('menu'), exampleState('new_customer'), exampleState('checkout_review', { nonce: 7 }), exampleState('license_card')];

describe('notification buttons', () => {
  it.each([
    ['~renew.annual.KEY', { kind: 'verify', key: KEY, purpose: 'renew_annual' }],
    ['~renew.maintenance.KEY', { kind: 'verify', key: KEY, purpose: 'renew_maintenance' }],
    ['~remind.later.KEY', { kind: 'reminders', change: 'snooze', key: KEY }],
    ['~remind.stop.KEY', { kind: 'reminders', change: 'stop', key: KEY }],
    ['~licenses.list', { kind: 'licenses', page: 0, filter: 'all' }],
    ['~invoices.list', { kind: 'invoices', page: 0 }],
    ['~cart.show', { kind: 'cart' }],
    ['~nav.menu', { kind: 'menu' }],
  ])('%s asks the domain for %j, from any step, whatever the nonce', (id, command) => {
    for (const state of anywhere()) expectCommand(state, pressId(state, id.replace('KEY', KEY)), command);
  });

  it.each([
    ['~ra:KEY', '~renew.annual.KEY'],
    ['~rm:KEY', '~renew.maintenance.KEY'],
    ['~later:KEY', '~remind.later.KEY'],
    ['~stop:KEY', '~remind.stop.KEY'],
    ['~lic', '~licenses.list'],
    ['~inv', '~invoices.list'],
    ['~cart', '~cart.show'],
    ['~menu', '~nav.menu'],
  ])('an id sent before buttons named their flow, %s, does what %s does', (legacy, current) => {
    const state = exampleState('dashboard');
    expect(pressId(state, legacy.replace('KEY', KEY))).toEqual(pressId(state, current.replace('KEY', KEY)));
    expect(pressId(state, legacy.replace('KEY', KEY)).command).not.toBeNull();
  });

  it('a notification button that is not one, or lacks its key, is not used', () => {
    const state = exampleState('cart');
    for (const id of ['~', '~zzz', '~renew:KEY', '~renew.annual', '~remind.later', '~ra:', '~renew.other.KEY', '~nav.back', '~nav.cancel', '~menu.buy']) {
      expectStale(state, pressId(state, id.replace('KEY', KEY)));
    }
  });

  it('before logging in, a notification button asks to log in; in a group it recognises the user first', () => {
    const out = pressId(aLoggedOutState(), `~renew.annual.${KEY}`);
    expectShown(aLoggedOutState(), out, { name: 'login_username' });
    expect(out.replies[0]?.text).toBe(t.notLoggedIn);
    expectCommand(aLoggedOutState(), pressId(aLoggedOutState(), '~lic', GROUP_CTX), { kind: 'linked_session' });
  });

  it.each(['owner', 'purchase', 'sales'] as const)('%s may renew from a reminder', (role) => {
    const state = exampleState('menu', { session: aSession(role) });
    expectCommand(state, pressId(state, `~renew.annual.${KEY}`), { kind: 'verify', key: KEY, purpose: 'renew_annual' });
  });

  it('support is refused Renew, the cart and the invoices from a notification, by role', () => {
    const support = exampleState('menu', { session: aSession('support') });
    for (const id of [`~renew.annual.${KEY}`, `~rm:${KEY}`, '~cart', '~invoices.list']) expectRefused(support, pressId(support, id), t.notAllowed('support'));
    expectCommand(support, pressId(support, '~lic'), { kind: 'licenses', page: 0, filter: 'all' });
  });

  it.each(['owner', 'purchase'] as const)('%s may snooze or stop reminders', (role) => {
    const state = exampleState('menu', { session: aSession(role) });
    expectCommand(state, pressId(state, `~remind.stop.${KEY}`), { kind: 'reminders', change: 'stop', key: KEY });
  });

  it.each(['sales', 'support'] as const)('%s, who gets no reminders, may not snooze or stop them', (role) => {
    const state = exampleState('menu', { session: aSession(role) });
    for (const id of [`~remind.later.${KEY}`, `~stop:${KEY}`]) expectRefused(state, pressId(state, id), t.notAllowed(role));
  });
});

describe('the reminders_changed answer', () => {
  const state = exampleState('cart');

  it.each([
    [{ kind: 'snoozed', key: KEY, until: '2026-12-03' } as const, `OK: I will remind you about ${KEY} again on 2026-12-03.`],
    [{ kind: 'stopped', key: KEY } as const, t.remind.stopped(KEY)],
    [{ kind: 'not_found' } as const, 'That license is no longer one of yours.'],
  ])('%j: says so, and shows where the user was', (result, words) => {
    const out = answer(state, { kind: 'reminders_changed', result });
    expect(out.replies[0]?.text).toBe(words);
    expectShown(state, out, state.step);
  });
});

// ——— the messages whose buttons these are ———

const item = (overrides: Partial<ReminderItem> = {}): ReminderItem => ({
  key: KEY, type: 'annual', edition: 'professional', sc: 16, termEnd: '2026-12-26', daysLeft: 30, customerName: 'Acme BV',
  yearlyListCents: 59_500, yearlyNetCents: 44_625, currency: 'EUR', ...overrides,
});

function order(kind: OrderMessageKind): OrderNotification {
  return {
    kind, orderNumber: 42, totalCents: 12_100, currency: 'EUR', reference: 'TCX-000042-17', invoiceNumber: '2026-0042', licenses: [], providerStatus: null,
    refundedCents: null, sandbox: false, problems: [],
  };
}

// A record over the kinds, so that a new kind of message breaks the build until it is here.
const ORDER_KINDS = Object.keys({
  order_fulfilled: true, payment_failed: true, payment_reversed: true, payment_partially_refunded: true, order_expired: true, late_payment: true, fulfilment_delayed: true, invoice_resent: true, payment_part_received: true,
} satisfies Record<OrderMessageKind, true>) as OrderMessageKind[];

/** Each button of `reply` pressed at a state of `role`: what it asks the domain. */
function pressEach(reply: Reply, role: (typeof ROLES)[number] = 'owner') {
  const state = exampleState('menu', { session: aSession(role) });
  return idsOf(reply).map((id) => pressId(state, id, CTX).command);
}

describe('the buttons of notifications, pressed', () => {
  it('every button of every message is a notification id (no nonce), parses, and fits Telegram\'s 64 bytes even with a key', () => {
    const replies = [...ORDER_KINDS.map((k) => composeNotification(order(k))), composeReminder(item()), composeReminder(item({ type: 'perpetual' })), composeDigest([item(), item({ key: 'PERP-0000-1111-2222', type: 'perpetual' })])];
    for (const reply of replies) {
      for (const id of idsOf(reply)) {
        expect(id.startsWith('~'), id).toBe(true);
        expect(parseButtonId(id), id).toHaveProperty('notification');
        expect(new TextEncoder().encode(id).length, id).toBeLessThanOrEqual(64);
      }
      for (const label of labelsOf(reply)) expect(label.trim().length).toBeGreaterThan(0);
    }
  });

  it('a reminder: Renew now verifies the key for its renewal; Remind me later and Stop change the reminders', () => {
    expect(pressEach(composeReminder(item()))).toEqual([
      { kind: 'verify', key: KEY, purpose: 'renew_annual' },
      { kind: 'reminders', change: 'snooze', key: KEY },
      { kind: 'reminders', change: 'stop', key: KEY },
    ]);
    expect(pressEach(composeReminder(item({ type: 'perpetual' })))[0]).toEqual({ kind: 'verify', key: KEY, purpose: 'renew_maintenance' });
  });

  it('a digest: one Renew per license, then Main menu', () => {
    expect(pressEach(composeDigest([item(), item({ key: 'PERP-0000-1111-2222', type: 'perpetual' })]))).toEqual([
      { kind: 'verify', key: KEY, purpose: 'renew_annual' },
      { kind: 'verify', key: 'PERP-0000-1111-2222', purpose: 'renew_maintenance' },
      { kind: 'menu' },
    ]);
  });

  it('a paid order: My licenses, Invoices and Main menu; a failed payment: Cart and Main menu', () => {
    expect(pressEach(composeNotification(order('order_fulfilled')))).toEqual([{ kind: 'licenses', page: 0, filter: 'all' }, { kind: 'invoices', page: 0 }, { kind: 'menu' }]);
    expect(pressEach(composeNotification(order('payment_failed')))).toEqual([{ kind: 'cart' }, { kind: 'menu' }]);
  });

  it('every button of every message does something for an owner (none is stale)', () => {
    for (const k of ORDER_KINDS) expect(pressEach(composeNotification(order(k))), k).not.toContain(null);
  });

  it('the buttons of an old notification still work after the conversation moved on many messages', () => {
    const later = exampleState('checkout_coupon', { nonce: NONCE + 500 });
    expect(pressId(later, idsOf(composeReminder(item()))[0] as string).command).toEqual({ kind: 'verify', key: KEY, purpose: 'renew_annual' });
  });
});
