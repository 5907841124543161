// The buttons of notifications (a payment received, a renewal reminder): they start their own
// flow whenever they are pressed, whatever the user is doing, since the message may be old.
import { resellerOf } from '../../session';
import { may } from '../../../domain/accounts/roles';
import type { Action } from '../../buttons';
import { next, type Flow, type Next } from '../../flow';
import { say } from '../../reply';
import type { ConversationState } from '../../state';
import { t } from '../../wording';
import { onApprovalNotification } from '../approvals/steps';
import { goTo } from '../menu/steps';

/** The flows and verbs of notification buttons, written once for the composer and the handler. */
export const NOTIFICATION_ACTIONS = {
  licenses: { flow: 'licenses', verb: 'list' },
  invoices: { flow: 'invoices', verb: 'list' },
  cart: { flow: 'cart', verb: 'show' },
  menu: { flow: 'nav', verb: 'menu' },
  renewAnnual: { flow: 'renew', verb: 'annual' },
  renewMaintenance: { flow: 'renew', verb: 'maintenance' },
  remindLater: { flow: 'remind', verb: 'later' },
  stopReminders: { flow: 'remind', verb: 'stop' },
} as const;

const is = (action: Action, which: keyof typeof NOTIFICATION_ACTIONS) => action.flow === NOTIFICATION_ACTIONS[which].flow && action.verb === NOTIFICATION_ACTIONS[which].verb;

/** What a notification button does, for the logged-in user of `state`. */
export function onNotificationPress(action: Action, state: ConversationState): Next {
  // A member of staff's only notification button is the one to the chat (their home page's).
  if (state.session?.account === 'staff') return is(action, 'menu') ? goTo('menu', state) : next.refuse('place_order');
  const role = resellerOf(state)?.role;
  if (!role) return next.login(t.notLoggedIn);
  if (action.flow === 'approval') return onApprovalNotification(action, state);
  if (is(action, 'licenses')) return goTo('licenses', state);
  if (is(action, 'invoices')) return goTo('invoices', state);
  if (is(action, 'cart')) return goTo('cart', state);
  if (is(action, 'menu')) return goTo('menu', state);
  const key = action.arg;
  if (!key) return next.stale();
  if (is(action, 'renewAnnual') || is(action, 'renewMaintenance')) {
    if (!may(role, 'fill_cart')) return next.refuse('fill_cart');
    return next.run({ kind: 'verify', key, purpose: is(action, 'renewAnnual') ? 'renew_annual' : 'renew_maintenance' });
  }
  if (is(action, 'remindLater') || is(action, 'stopReminders')) {
    if (!may(role, 'receive_renewal_reminders')) return next.refuse('receive_renewal_reminders');
    return next.run({ kind: 'reminders', change: is(action, 'remindLater') ? 'snooze' : 'stop', key });
  }
  return next.stale();
}

export const notificationsFlow: Flow<never, 'reminders_changed'> = {
  steps: {},
  answers: {
    reminders_changed: (a) => {
      const r = a.result;
      return next.again(say(r.kind === 'snoozed' ? t.remind.snoozed(r.key, r.until) : r.kind === 'stopped' ? t.remind.stopped(r.key) : t.remind.unknownKey));
    },
  },
  intents: {},
};
