import { may, type Permission } from '../domain/accounts/roles';
import { isEdition, isTierOf } from '../domain/pricing/catalog';
import type { LineQuoteResult, LineRequest } from '../domain/pricing/line';
import { upgradeTargets } from '../domain/pricing/upgrade-paths';
import type { PaymentMethod } from '../domain/orders/order';
import { parseButtonId, stamp } from './buttons';
import type { Answer, Command } from './commands';
import { globalCommandOf, type GlobalCommand, type Input } from './input';
import { say, type Reply } from './reply';
import { PAGE_SIZE, type ConversationState, type KeyOffer, type KeyPurpose, type NewLicenseDraft, type Step } from './state';
import { view, type StepContext } from './views';
import { t } from './wording';

export type { StepContext } from './views';

/** Something that happened: the user did something, or the domain answered a command. */
export type StepEvent = { kind: 'input'; input: Input } | { kind: 'answer'; answer: Answer };

/** The next state, what to say, and what the domain must do next (its answer comes back as an event). */
export interface Outcome {
  state: ConversationState;
  replies: Reply[];
  command: Command | null;
}

const MISSES_BEFORE_MENU = 3;

/**
 * The conversation's step function: pure, so every decision is data. The interpreter
 * runs `command` and calls `step` again with the answer until there is no command.
 */
export function step(state: ConversationState, event: StepEvent, ctx: StepContext): Outcome {
  return event.kind === 'answer' ? onAnswer(state, event.answer, ctx) : onInput(state, event.input, ctx);
}

/** The current step shown again with fresh buttons, after `before` (used after a restart or a stale button). */
export function showCurrent(state: ConversationState, ctx: StepContext, before: Reply[] = []): Outcome {
  return show(state, state.step, ctx, before);
}

// ——— building outcomes ———

function show(state: ConversationState, next: Step, ctx: StepContext, before: Reply[] = [], patch: Partial<ConversationState> = {}): Outcome {
  const nonce = state.nonce + 1;
  const nextState: ConversationState = { ...state, ...patch, step: next, nonce, misses: 0 };
  return { state: nextState, replies: [...before, stamp(view(next, nextState, ctx), nonce)], command: null };
}

function run(state: ConversationState, command: Command, patch: Partial<ConversationState> = {}): Outcome {
  return { state: { ...state, ...patch, misses: 0 }, replies: [], command };
}

function loginPrompt(state: ConversationState, ctx: StepContext, text: string): Outcome {
  if (!ctx.privateChat) {
    // Nobody logs in in a group: the user is sent to a private chat instead.
    return { state: { ...state, session: null, step: { name: 'login_username' }, misses: 0 }, replies: [say(text), say(t.privateLoginOnly)], command: null };
  }
  return show({ ...state, session: null }, { name: 'login_username' }, ctx, [say(text)]);
}

function miss(state: ConversationState, ctx: StepContext, expected: string): Outcome {
  const misses = state.misses + 1;
  const current = view(state.step, state, ctx);
  const nonce = state.nonce + 1;
  if (misses >= MISSES_BEFORE_MENU && state.session) {
    const hasMenu = state.step.name === 'menu' || current.buttons.some((row) => row.some((b) => 'id' in b && b.id === 'menu'));
    const withMenu = hasMenu ? current : { ...current, buttons: [...current.buttons, [{ id: 'menu', label: t.toMenu }]] };
    return { state: { ...state, nonce, misses: 0 }, replies: [say(`${t.notUnderstood(expected)}\n${t.offerMenu}`), stamp(withMenu, nonce)], command: null };
  }
  return { state: { ...state, nonce, misses }, replies: [say(t.notUnderstood(expected)), stamp(current, nonce)], command: null };
}

function refuse(state: ConversationState, ctx: StepContext, permission: Permission): Outcome {
  const role = state.session?.role ?? 'support';
  return show(state, { name: 'menu' }, ctx, [say(permission === 'place_order' ? t.cannotPlaceOrder(role) : t.notAllowed(role))]);
}

// ——— inputs ———

function onInput(state: ConversationState, input: Input, ctx: StepContext): Outcome {
  // In a group nobody types a password: a user who logged in privately is recognised instead.
  if (!state.session && !ctx.privateChat) return run(state, { kind: 'linked_session' });
  if (input.kind === 'press') {
    const parsed = parseButtonId(input.id);
    if (parsed && 'notification' in parsed) return onNotificationPress(state, parsed.notification, ctx);
    if (!parsed || parsed.nonce !== state.nonce) return showCurrent(state, ctx, [say(t.staleButton)]);
    return onPress(state, parsed.action, ctx);
  }
  if (input.kind === 'secret') {
    // A password form answers the password prompt only: left open after it, it does nothing.
    if (state.step.name === 'login_password') return onText(state, input.text, ctx);
    return showCurrent(state, ctx, [say(t.staleForm)]);
  }
  const text = input.text.trim();
  // At the password prompt only a slash command is a command: a bare word may be a password.
  if (state.step.name !== 'login_password' || text.startsWith('/')) {
    const command = globalCommandOf(text);
    if (command) return onGlobal(state, command, ctx);
    const byLabel = buttonWithLabel(state, text, ctx);
    if (byLabel) return onPress(state, byLabel, ctx);
    // The main menu's words work from anywhere, and are refused by role like its buttons.
    const menuAction = state.session ? menuActionOf(text) : undefined;
    if (menuAction) return onPress({ ...state, step: { name: 'menu' } }, menuAction, ctx);
  }
  return onText(state, input.text, ctx);
}

/** The main-menu action a typed word names ("buy", "Invoices"), whatever the role. */
function menuActionOf(text: string): string | undefined {
  const m = t.menu;
  const words: Record<string, string> = {
    [m.dashboard]: 'dash', [m.buy]: 'buy', [m.cart(0)]: 'cart', [m.licenses]: 'lic', [m.invoices]: 'inv', [m.logout]: 'out',
  };
  const wanted = text.toLowerCase();
  return Object.entries(words).find(([label]) => label.toLowerCase() === wanted)?.[1];
}

/** The action of the current step's button whose label is `text` (someone typed "Buy"). */
function buttonWithLabel(state: ConversationState, text: string, ctx: StepContext): string | undefined {
  if (!text || /^\d+$/.test(text)) return undefined;
  const wanted = text.toLowerCase();
  for (const row of view(state.step, state, ctx).buttons) {
    for (const b of row) if ('id' in b && b.label.toLowerCase() === wanted) return b.id;
  }
  return undefined;
}

function onGlobal(state: ConversationState, command: GlobalCommand, ctx: StepContext): Outcome {
  const session = state.session;
  if (!session) {
    return loginPrompt(state, ctx, command === 'help' ? t.help : command === 'start' ? t.welcome(ctx.distributorName) : t.notLoggedIn);
  }
  switch (command) {
    case 'start':
    case 'menu':
      return run(state, { kind: 'menu' });
    case 'cart':
      return may(session.role, 'fill_cart') ? run(state, { kind: 'cart' }) : refuse(state, ctx, 'fill_cart');
    case 'help':
      return show(state, { name: 'help' }, ctx);
    case 'cancel':
      return { ...run(state, { kind: 'menu' }), replies: [say(t.cancelled)] };
    case 'back':
      return back(state, ctx);
    default: {
      const never: never = command;
      throw new Error(`unknown command ${String(never)}`);
    }
  }
}

function back(state: ConversationState, ctx: StepContext): Outcome {
  const s = state.step;
  switch (s.name) {
    case 'login_username':
    case 'login_password':
      return show(state, { name: 'login_username' }, ctx);
    case 'notices':
      return show(state, { name: 'dashboard', dashboard: s.dashboard }, ctx);
    case 'new_edition':
    case 'key_entry':
      return show(state, { name: 'buy' }, ctx);
    case 'new_sc':
      return show(state, { name: 'new_edition' }, ctx);
    case 'new_quantity':
      return show(state, { name: 'new_sc', draft: { edition: s.draft.edition } }, ctx);
    case 'new_years':
      return show(state, { name: 'new_quantity', draft: { edition: s.draft.edition, sc: s.draft.sc } }, ctx);
    case 'new_customer':
      return show(state, { name: 'new_years', draft: { ...s.draft, years: undefined } }, ctx);
    case 'new_customer_name':
      return show(state, { name: 'new_customer', draft: s.draft, customers: s.customers, page: 0 }, ctx);
    case 'upgrade_edition':
      return show(state, { name: 'key_entry', purpose: 'upgrade', offers: [] }, ctx);
    case 'upgrade_sc':
      return show(state, { name: 'upgrade_edition', license: s.license }, ctx);
    case 'renew_years':
      return show(state, { name: 'key_entry', purpose: s.purpose, offers: [] }, ctx);
    case 'line_summary':
      return show(state, s.from, ctx);
    case 'checkout_review':
      return run(state, { kind: 'requote' });
    case 'checkout_changes':
    case 'checkout_coupon':
      return run(state, { kind: 'cart' });
    default:
      return run(state, { kind: 'menu' });
  }
}

/** A button of a notification starts its own flow, whatever step the user is at. */
function onNotificationPress(state: ConversationState, action: string, ctx: StepContext): Outcome {
  const session = state.session;
  if (!session) return loginPrompt(state, ctx, t.notLoggedIn);
  switch (action) {
    case 'lic': return run(state, { kind: 'licenses', page: 0 });
    case 'inv': return may(session.role, 'view_invoices') ? run(state, { kind: 'invoices', page: 0 }) : refuse(state, ctx, 'view_invoices');
    case 'cart': return may(session.role, 'fill_cart') ? run(state, { kind: 'cart' }) : refuse(state, ctx, 'fill_cart');
    case 'menu': return run(state, { kind: 'menu' });
    default: break;
  }
  // Renewal reminders: Renew now (annual or maintenance), Remind me later, Stop reminders.
  const [verb, key] = [action.slice(0, action.indexOf(':')), action.slice(action.indexOf(':') + 1)];
  if (key && action.includes(':')) {
    if ((verb === 'ra' || verb === 'rm') && may(session.role, 'fill_cart')) return run(state, { kind: 'verify', key, purpose: verb === 'ra' ? 'renew_annual' : 'renew_maintenance' });
    if (verb === 'ra' || verb === 'rm') return refuse(state, ctx, 'fill_cart');
    if ((verb === 'later' || verb === 'stop') && !may(session.role, 'receive_renewal_reminders')) return refuse(state, ctx, 'receive_renewal_reminders');
    if (verb === 'later') return run(state, { kind: 'reminders', change: 'snooze', key });
    if (verb === 'stop') return run(state, { kind: 'reminders', change: 'stop', key });
  }
  return showCurrent(state, ctx, [say(t.staleButton)]);
}

function onPress(state: ConversationState, action: string, ctx: StepContext): Outcome {
  const session = state.session;
  if (action === 'cancel') return onGlobal(state, 'cancel', ctx);
  if (action === 'back') return back(state, ctx);
  if (!session) return showCurrent(state, ctx, [say(t.staleButton)]);
  if (action === 'menu') return run(state, { kind: 'menu' });
  const [verb, arg = ''] = splitAction(action);
  const s = state.step;
  const buyer = may(session.role, 'fill_cart');
  switch (s.name) {
    case 'menu':
      switch (verb) {
        case 'dash': return run(state, { kind: 'dashboard' });
        case 'buy': return buyer ? show(state, { name: 'buy' }, ctx) : refuse(state, ctx, 'fill_cart');
        case 'cart': return buyer ? run(state, { kind: 'cart' }) : refuse(state, ctx, 'fill_cart');
        case 'lic': return run(state, { kind: 'licenses', page: 0 });
        case 'inv': return may(session.role, 'view_invoices') ? run(state, { kind: 'invoices', page: 0 }) : refuse(state, ctx, 'view_invoices');
        case 'help': return show(state, { name: 'help' }, ctx);
        case 'out': return run(state, { kind: 'logout' });
      }
      break;
    case 'dashboard':
      if (verb === 'nref' || verb === 'nmon') return show(state, { name: 'notices', kind: verb === 'nref' ? 'referral_payment' : 'monthly_payment', dashboard: s.dashboard }, ctx);
      break;
    case 'notices': {
      const list = s.kind === 'referral_payment' ? s.dashboard.referralPayments : s.dashboard.monthlyPayments;
      const notice = verb === 'rm' ? list[Number(arg)] : undefined;
      if (notice) return run(state, { kind: 'dismiss_notice', notice: notice.kind, ref: notice.ref });
      break;
    }
    case 'buy':
      if (!buyer) return refuse(state, ctx, 'fill_cart');
      switch (verb) {
        case 'new': return show(state, { name: 'new_edition' }, ctx);
        case 'upg': return show(state, { name: 'key_entry', purpose: 'upgrade', offers: [] }, ctx);
        case 'ren': return show(state, { name: 'key_entry', purpose: 'renew_annual', offers: [] }, ctx);
        case 'mnt': return show(state, { name: 'key_entry', purpose: 'renew_maintenance', offers: [] }, ctx);
      }
      break;
    case 'new_edition':
      if (verb === 'e' && isEdition(arg)) return show(state, { name: 'new_sc', draft: { edition: arg } }, ctx);
      break;
    case 'new_sc': {
      const sc = Number(arg);
      if (verb === 's' && isTierOf(s.draft.edition, sc)) return show(state, { name: 'new_quantity', draft: { ...s.draft, sc } }, ctx);
      break;
    }
    case 'new_quantity':
    case 'new_years':
    case 'renew_years':
      if (verb === 'n') return onText(state, arg, ctx);
      break;
    case 'new_customer': {
      if (verb === 'prev' || verb === 'next') {
        const page = Math.max(0, Math.min(s.page + (verb === 'next' ? 1 : -1), Math.floor(Math.max(0, s.customers.length - 1) / PAGE_SIZE)));
        return show(state, { ...s, page }, ctx);
      }
      if (verb === 'cnew') return show(state, { name: 'new_customer_name', draft: s.draft, customers: s.customers }, ctx);
      if (verb === 'cskip') return run(state, { kind: 'quote', request: newLicenseRequest(s.draft, null) });
      const customer = verb === 'c' ? s.customers[Number(arg)] : undefined;
      if (customer) return run(state, { kind: 'quote', request: newLicenseRequest(s.draft, customer.id) });
      break;
    }
    case 'key_entry': {
      const offer = verb === 'o' ? s.offers.find((o) => o.kind === arg) : undefined;
      if (offer?.kind === 'new_license') return show(state, { name: 'new_edition' }, ctx);
      if (offer) return run(state, { kind: 'verify', key: offer.key, purpose: offer.kind });
      break;
    }
    case 'upgrade_edition':
      if (verb === 'e' && isEdition(arg) && upgradeTargets(s.license).some((x) => x.edition === arg)) {
        return show(state, { name: 'upgrade_sc', license: s.license, edition: arg }, ctx);
      }
      break;
    case 'upgrade_sc': {
      const sc = Number(arg);
      const allowed = upgradeTargets(s.license).find((x) => x.edition === s.edition)?.scs.includes(sc);
      if (verb === 's' && allowed) return run(state, { kind: 'quote', request: { kind: 'upgrade', licenseId: s.license.id, licenseKey: s.license.key, toEdition: s.edition, toSc: sc } });
      break;
    }
    case 'line_summary':
      if (verb === 'add') return run(state, { kind: 'add_to_cart', request: s.request });
      if (verb === 'cart') return run(state, { kind: 'cart' });
      break;
    case 'added':
      if (verb === 'cart') return run(state, { kind: 'cart' });
      if (verb === 'buy') return show(state, { name: 'buy' }, ctx);
      break;
    case 'cart': {
      const line = verb === 'rm' ? s.lines[Number(arg)] : undefined;
      if (line) return run(state, { kind: 'remove_line', lineId: line.id });
      if (verb === 'more') return show(state, { name: 'buy' }, ctx);
      if (verb === 'buy') return show(state, { name: 'buy' }, ctx);
      if (verb === 'empty') return run(state, { kind: 'empty_cart' });
      if (verb === 'go') return may(session.role, 'place_order') ? run(state, { kind: 'requote' }) : showCurrent(state, ctx, [say(t.cannotPlaceOrder(session.role))]);
      break;
    }
    case 'checkout_changes':
      if (verb === 'ok') return show(state, { name: 'checkout_coupon', totals: s.totals, methods: s.methods }, ctx);
      if (verb === 'cart') return run(state, { kind: 'cart' });
      break;
    case 'checkout_coupon':
      if (verb === 'skip') return show(state, { name: 'checkout_review', couponCode: null, totals: s.totals, methods: s.methods }, ctx);
      if (verb === 'cart') return run(state, { kind: 'cart' });
      break;
    case 'checkout_review': {
      // An order with nothing to pay is confirmed as an offline order (it needs no payment page).
      const offered = s.totals.totalCents === 0 ? ['offline'] : s.methods;
      if (verb === 'pay' && offered.includes(arg as PaymentMethod)) {
        // The nonce of the summary the user confirmed: the same confirmation places one order.
        return run(state, { kind: 'place_order', method: arg as PaymentMethod, couponCode: s.couponCode, confirmedTotalCents: s.totals.totalCents, attempt: state.nonce });
      }
      // Priced again without the coupon, so that Skip shows the figures without it.
      if (verb === 'coupon') return run(state, { kind: 'requote' });
      if (verb === 'cart') return run(state, { kind: 'cart' });
      break;
    }
    case 'order_placed':
      if (verb === 'inv') return run(state, { kind: 'invoices', page: 0 });
      break;
    case 'licenses': {
      if (verb === 'prev' || verb === 'next') return run(state, { kind: 'licenses', page: Math.max(0, s.page + (verb === 'next' ? 1 : -1)) });
      const license = verb === 'r' || verb === 'u' ? s.items[Number(arg)] : undefined;
      if (license && buyer) {
        const purpose = verb === 'u' ? 'upgrade' : license.type === 'perpetual' ? 'renew_maintenance' : 'renew_annual';
        return run(state, { kind: 'verify', key: license.key, purpose });
      }
      break;
    }
    case 'invoices':
      if (verb === 'prev' || verb === 'next') return run(state, { kind: 'invoices', page: Math.max(0, s.page + (verb === 'next' ? 1 : -1)) });
      break;
    default:
      break;
  }
  return showCurrent(state, ctx, [say(t.staleButton)]);
}

function onText(state: ConversationState, raw: string, ctx: StepContext): Outcome {
  const text = raw.trim();
  const s = state.step;
  if (!state.session && s.name !== 'login_username' && s.name !== 'login_password') return show(state, { name: 'login_username' }, ctx);
  switch (s.name) {
    case 'login_username':
      if (!text) return miss(state, ctx, t.askUsername);
      return show(state, { name: 'login_password', username: text.slice(0, 100) }, ctx);
    case 'login_password':
      // The password goes to the command only: it is never part of the state.
      return run({ ...state, step: { name: 'login_username' } }, { kind: 'login', username: s.username, password: raw });
    case 'new_quantity': {
      const quantity = wholeNumber(text, 1, 50);
      if (quantity === undefined) return miss(state, ctx, t.expectNumber(1, 50));
      return show(state, { name: 'new_years', draft: { ...s.draft, quantity } }, ctx);
    }
    case 'new_years': {
      const years = wholeNumber(text, 1, 5);
      if (years === undefined) return miss(state, ctx, t.expectNumber(1, 5));
      return run(state, { kind: 'customers' }, { step: { ...s, draft: { ...s.draft, years } } });
    }
    case 'new_customer_name':
      if (text.length < 2 || text.length > 200) return miss(state, ctx, t.invalidCustomerName);
      return run(state, { kind: 'add_customer', company: text, request: newLicenseRequest(s.draft, null) });
    case 'key_entry':
      if (!text) return miss(state, ctx, t.expectKey);
      return run(state, { kind: 'verify', key: text.slice(0, 60), purpose: s.purpose });
    case 'renew_years': {
      const years = wholeNumber(text, 1, 5);
      if (years === undefined) return miss(state, ctx, t.expectNumber(1, 5));
      return run(state, { kind: 'quote', request: { kind: s.purpose, licenseId: s.license.id, licenseKey: s.license.key, years } });
    }
    case 'checkout_coupon':
      if (!text) return miss(state, ctx, t.expectCoupon);
      return run(state, { kind: 'check_coupon', code: text.slice(0, 60) });
    default:
      return miss(state, ctx, t.expectChoice);
  }
}

// ——— answers ———

function onAnswer(state: ConversationState, answer: Answer, ctx: StepContext): Outcome {
  const s = state.step;
  switch (answer.kind) {
    case 'logged_in':
      return show({ ...state, session: answer.session }, { name: 'menu' }, ctx, [say(t.loggedIn(answer.session.name, answer.session.company))]);
    case 'login_refused':
      if (answer.reason === 'private_only') return { state: { ...state, session: null, step: { name: 'login_username' }, misses: 0 }, replies: [say(t.privateLoginOnly)], command: null };
      return loginPrompt(state, ctx, answer.reason === 'locked' ? t.loginLocked(answer.until) : t.loginWrong);
    case 'logged_out':
      return loginPrompt(state, ctx, t.loggedOut);
    case 'session_ended':
      return loginPrompt(state, ctx, t.sessionEnded);
    case 'not_allowed':
      return refuse(state, ctx, 'fill_cart');
    case 'menu':
      return show(withCartCount(state, answer.cartCount), { name: 'menu' }, ctx);
    case 'dashboard':
      return show(state, s.name === 'notices' ? { ...s, dashboard: answer.dashboard } : { name: 'dashboard', dashboard: answer.dashboard }, ctx);
    case 'verified':
      return onVerified(state, answer, ctx);
    case 'customers':
      if (s.name !== 'new_years') return showCurrent(state, ctx);
      return show(state, { name: 'new_customer', draft: s.draft, customers: answer.customers, page: 0 }, ctx);
    case 'quoted': {
      if (answer.result.kind === 'ok') {
        return show(state, { name: 'line_summary', request: answer.request, quote: answer.result.quote, customerName: answer.customerName, from: s.name === 'line_summary' ? s.from : s }, ctx);
      }
      if (answer.request.kind === 'new_license') return show(state, { name: 'new_edition' }, ctx, [say(t.keyRefused(answer.result, null, ctx.today))]);
      return keyRefusal(state, answer.request.kind, answer.result, ctx);
    }
    case 'added': {
      const r = answer.result;
      switch (r.kind) {
        case 'added': return show(withCartCount(state, r.lineCount), { name: 'added', quote: r.line.quote }, ctx);
        case 'cart_full': return showCurrent(state, ctx, [say(t.cartFull)]);
        case 'duplicate_key': return showCurrent(state, ctx, [say(t.duplicateKey(r.licenseKey))]);
        case 'not_allowed': return refuse(state, ctx, 'fill_cart');
        case 'refused': {
          const request = s.name === 'line_summary' ? s.request : undefined;
          if (request && request.kind !== 'new_license') return keyRefusal(state, request.kind, r.quote, ctx);
          return show(state, { name: 'buy' }, ctx, [say(t.keyRefused(r.quote, null, ctx.today))]);
        }
        default: {
          const never: never = r;
          throw new Error(`unknown add result ${JSON.stringify(never)}`);
        }
      }
    }
    case 'cart': {
      const before = s.name === 'cart' && answer.lines.length < s.lines.length ? [say(answer.lines.length === 0 ? t.cartEmptied : t.lineRemoved)] : [];
      return show(withCartCount(state, answer.lines.length), { name: 'cart', lines: answer.lines, totals: answer.totals }, ctx, before);
    }
    case 'requoted': {
      const next = withCartCount(state, answer.lines.length);
      if (answer.lines.length === 0) return show(next, { name: 'cart', lines: [], totals: answer.totals }, ctx, answer.changes.length ? [say([t.changesTitle, ...answer.changes.map((c) => t.change(c, state.session?.currency ?? 'EUR'))].join('\n'))] : []);
      if (answer.changes.length > 0) return show(next, { name: 'checkout_changes', changes: answer.changes, totals: answer.totals, methods: answer.methods }, ctx);
      return show(next, { name: 'checkout_coupon', totals: answer.totals, methods: answer.methods }, ctx);
    }
    case 'coupon_checked': {
      const methods = s.name === 'checkout_coupon' || s.name === 'checkout_review' ? s.methods : ['offline' as const];
      if (answer.check.kind === 'ok') return show(state, { name: 'checkout_review', couponCode: answer.check.coupon.code, totals: answer.totals, methods }, ctx);
      return show(state, { name: 'checkout_coupon', totals: answer.totals, methods }, ctx, [say(`${t.couponRefused(answer.check, state.session?.currency ?? 'EUR')} ${t.couponTryAgain}`)]);
    }
    case 'order':
      return onOrder(state, answer.result, ctx);
    case 'reminders_changed':
      return showCurrent(state, ctx, [say(answer.result.kind === 'snoozed' ? t.remind.snoozed(answer.result.key, answer.result.until) : answer.result.kind === 'stopped' ? t.remind.stopped(answer.result.key) : t.remind.unknownKey)]);
    case 'licenses':
      return show(state, { name: 'licenses', page: answer.page, total: answer.result.total, items: answer.result.items }, ctx);
    case 'invoices':
      return show(state, { name: 'invoices', page: answer.page, total: answer.result.total, items: answer.result.items }, ctx);
    default: {
      const never: never = answer;
      throw new Error(`unknown answer ${JSON.stringify(never)}`);
    }
  }
}

function onVerified(state: ConversationState, answer: Extract<Answer, { kind: 'verified' }>, ctx: StepContext): Outcome {
  const v = answer.verification;
  const { purpose } = answer;
  if (v.kind === 'ok') {
    if (purpose === 'upgrade') return show(state, { name: 'upgrade_edition', license: v.license }, ctx);
    if (answer.yearlyCents === null) return show(state, { name: 'key_entry', purpose, offers: [] }, ctx, [say(t.keyRefused({ kind: 'price_missing' }, v.license, ctx.today))]);
    return show(state, { name: 'renew_years', purpose, license: v.license, yearlyCents: answer.yearlyCents }, ctx);
  }
  return keyRefusal(state, purpose, v, ctx);
}

/** A key refused for a purpose, explained, with the next steps that make sense for it. */
function keyRefusal(state: ConversationState, purpose: KeyPurpose, v: Exclude<LineQuoteResult, { kind: 'ok' }>, ctx: StepContext): Outcome {
  const license = 'license' in v ? v.license : null;
  const offers: KeyOffer[] = [];
  const renewFirst = v.kind === 'provider_refused' && v.reason === 'maintenance_expired';
  if (license && (v.kind === 'expired' || v.kind === 'no_upgrade_path' || renewFirst)) offers.push({ kind: license.type === 'annual' ? 'renew_annual' : 'renew_maintenance', key: license.key });
  if (v.kind === 'provider_refused' && v.reason === 'version_deprecated') offers.push({ kind: 'new_license' });
  if (license && v.kind === 'wrong_type') {
    if (license.type === 'perpetual') offers.push({ kind: 'renew_maintenance', key: license.key }, { kind: 'new_license' });
    else offers.push({ kind: 'renew_annual', key: license.key });
  }
  return show(state, { name: 'key_entry', purpose, offers }, ctx, [say(t.keyRefused(v, license, ctx.today))]);
}

function onOrder(state: ConversationState, result: Extract<Answer, { kind: 'order' }>['result'], ctx: StepContext): Outcome {
  const s = state.step;
  const methods = s.name === 'checkout_review' ? s.methods : ['offline' as const];
  switch (result.kind) {
    case 'placed':
      return show(withCartCount(state, 0), { name: 'order_placed', order: result.order, bankDetails: result.bankDetails }, ctx, result.alreadyPlaced ? [say(t.alreadyPlaced)] : []);
    case 'changed':
      return show(state, { name: 'checkout_changes', changes: result.changes, totals: result.totals, methods }, ctx);
    case 'coupon_refused':
      return show(state, { name: 'checkout_coupon', totals: result.totals, methods }, ctx, [say(`${t.couponRefused(result.check, state.session?.currency ?? 'EUR')} ${t.couponTryAgain}`)]);
    case 'total_changed':
      return show(state, { name: 'checkout_review', couponCode: result.couponCode, totals: result.totals, methods }, ctx, [say(t.totalChanged)]);
    case 'cart_empty':
      return show(withCartCount(state, 0), { name: 'cart', lines: [], totals: emptyTotals() }, ctx);
    case 'not_allowed':
      return refuse(state, ctx, 'place_order');
    case 'method_unavailable':
      return showCurrent(state, ctx, [say(t.methodUnavailable)]);
    default: {
      const never: never = result;
      throw new Error(`unknown order result ${JSON.stringify(never)}`);
    }
  }
}

// ——— small helpers ———

function withCartCount(state: ConversationState, cartCount: number): ConversationState {
  return state.session ? { ...state, session: { ...state.session, cartCount } } : state;
}

function splitAction(action: string): [string, string | undefined] {
  const dot = action.indexOf('.');
  return dot < 0 ? [action, undefined] : [action.slice(0, dot), action.slice(dot + 1)];
}

function wholeNumber(text: string, min: number, max: number): number | undefined {
  if (!/^\d{1,3}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= min && n <= max ? n : undefined;
}

function newLicenseRequest(draft: NewLicenseDraft, customerId: string | null): LineRequest {
  return { kind: 'new_license', edition: draft.edition, sc: draft.sc ?? 0, quantity: draft.quantity ?? 0, additionalYears: (draft.years ?? 1) - 1, customerId };
}

function emptyTotals() {
  return { lines: [], listCents: 0, partnerDiscountCents: 0, subtotalCents: 0, couponCents: 0, taxableCents: 0, vatCents: 0, totalCents: 0 };
}
