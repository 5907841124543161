import type { ActionButton, Button, Reply } from './reply';

/** The start of a notification button's id. */
export const NOTIFICATION_PREFIX = '~';

/**
 * Button ids are `<nonce>:<flow>.<verb>[.<arg>]`: the nonce (base 36) names the message the
 * button belongs to, so a button of an older message is recognised and never acts; the flow
 * and verb say what it does, each verb meaning one thing in its flow. Ids stay far below
 * Telegram's 64-byte callback_data limit. Notification buttons start with `~` (which no
 * nonce can, being base 36) and start their own flow whenever they are pressed.
 */
export function stamp(reply: Reply, nonce: number): Reply {
  const prefix = `${nonce.toString(36)}:`;
  return {
    ...reply,
    buttons: reply.buttons.map((row) => row.map((b): Button => ('url' in b ? b : { id: b.id.startsWith(NOTIFICATION_PREFIX) ? b.id : prefix + b.id, label: b.label }))),
  };
}

/** A pressed button's action: the flow it belongs to, its verb and its argument. */
export interface Action {
  flow: string;
  verb: string;
  arg: string | undefined;
}

/** A pressed id split into the nonce of its message and its action; undefined when malformed. */
export function parseButtonId(id: string): { nonce: number; action: Action } | { notification: Action } | undefined {
  if (id.startsWith(NOTIFICATION_PREFIX)) {
    const action = parseAction(legacyNotification(id.slice(NOTIFICATION_PREFIX.length)));
    return action ? { notification: action } : undefined;
  }
  const match = /^([0-9a-z]{1,8}):(.{1,60})$/.exec(id);
  const action = match?.[2] ? parseAction(match[2]) : undefined;
  if (!match?.[1] || !action) return undefined;
  return { nonce: parseInt(match[1], 36), action };
}

/**
 * Whether an id has the shape of a button id this product ever gave: a notification's (`~…`),
 * or `<nonce>:<action>` as this version and earlier ones wrote the action (`3:pay.offline`,
 * `5:rm.2`). Any other id was never sent by the bot: a forged or garbled press, told apart from a
 * button of an older message. (An id of that shape cannot be told apart: the buttons of an
 * earlier version's messages, and of another group member's, have nonces and actions this
 * conversation does not know either.)
 */
export function hasButtonIdShape(id: string): boolean {
  return id.startsWith(NOTIFICATION_PREFIX) || /^[0-9a-z]{1,8}:[\w.:-]{1,60}$/.test(id);
}

// Notifications sent before buttons named their flow (`~lic`, `~ra:KEY`) keep working.
const LEGACY_NOTIFICATIONS: Readonly<Record<string, string>> = { lic: 'licenses.list', inv: 'invoices.list', cart: 'cart.show', menu: 'nav.menu' };
const LEGACY_KEYED: Readonly<Record<string, string>> = { ra: 'renew.annual', rm: 'renew.maintenance', later: 'remind.later', stop: 'remind.stop' };

function legacyNotification(action: string): string {
  const plain = LEGACY_NOTIFICATIONS[action];
  if (plain) return plain;
  const colon = action.indexOf(':');
  const keyed = colon > 0 ? LEGACY_KEYED[action.slice(0, colon)] : undefined;
  return keyed ? `${keyed}.${action.slice(colon + 1)}` : action;
}

/** `flow.verb` or `flow.verb.arg` (the argument may hold dots and dashes: a license key, an amount). */
export function parseAction(action: string): Action | undefined {
  const match = /^([a-z]{2,12})\.([a-z_]{1,12})(?:\.([\w.-]{1,40}))?$/.exec(action);
  if (!match?.[1] || !match[2]) return undefined;
  return { flow: match[1], verb: match[2], arg: match[3] };
}

/**
 * The buttons of one flow, typed by its verbs: `cartButtons('remove', 'Remove 1', 0)` is the
 * id `cart.remove.0`. A flow's verbs are listed once, where the flow is written.
 */
export function flowButtons<V extends string>(flow: string, _verbs: readonly V[]): (verb: V, label: string, arg?: string | number) => ActionButton {
  return (verb, label, arg) => ({ id: arg === undefined ? `${flow}.${verb}` : `${flow}.${verb}.${arg}`, label });
}

/** Buttons that move around rather than choose something; consoles give them letter keys. */
export const NAV_FLOW = 'nav';
export const NAV_VERBS = ['back', 'cancel', 'menu'] as const;
export type NavVerb = (typeof NAV_VERBS)[number];
export const navButton = flowButtons(NAV_FLOW, NAV_VERBS);

/** The navigation verb of a (stamped) button id, if it is a navigation button. */
export function navigationVerb(id: string): NavVerb | undefined {
  const parsed = parseButtonId(id);
  const action = parsed && 'action' in parsed ? parsed.action : undefined;
  return action?.flow === NAV_FLOW ? (NAV_VERBS as readonly string[]).find((v) => v === action.verb) as NavVerb | undefined : undefined;
}

/**
 * Whether a button pressed in a team chat continues in the presser's private chat: an
 * approval request's buttons lead to paying, which is nobody else's business.
 */
export function continuesPrivately(id: string): boolean {
  const parsed = parseButtonId(id);
  return parsed !== undefined && 'notification' in parsed && parsed.notification.flow === 'approval';
}

/** A button that starts its own flow when pressed, whatever the user is doing (notifications). */
export function notificationButton(flow: string, verb: string, label: string, arg?: string): ActionButton {
  return { id: `${NOTIFICATION_PREFIX}${flow}.${verb}${arg === undefined ? '' : `.${arg}`}`, label };
}

/** A button's argument as a list index or page number; undefined when it is not one. */
export function indexArg(arg: string | undefined): number | undefined {
  return arg !== undefined && /^\d{1,4}$/.test(arg) ? Number(arg) : undefined;
}

/** Buttons laid out in rows of `perRow`. */
export function rows(buttons: ActionButton[], perRow: number): ActionButton[][] {
  const out: ActionButton[][] = [];
  for (let i = 0; i < buttons.length; i += perRow) out.push(buttons.slice(i, i + perRow));
  return out;
}
