// The conversation's step function: pure, so every decision is data. An input is read here
// (a button of the current message, a global command, a typed label, a stated intent, or the
// step's own text) and handed to the flow that owns it; the flow's decision (`Next`) becomes
// the next state and the replies. The interpreter runs a command and calls `step` again with
// the answer until there is no command.
import { hasButtonIdShape, NAV_FLOW, navButton, parseAction, parseButtonId, stamp, type Action } from './buttons';
import type { Answer, Command } from './commands';
import type { Next, StepContext } from './flow';
import { ANSWERS, INTENTS } from './flows/index';
import { goTo } from './flows/menu/steps';
import { resellerOf } from './session';
import { onNotificationPress } from './flows/notifications/steps';
import { globalCommandOf, hasUnusableCharacters, MAX_INPUT_LENGTH, type GlobalCommand, type Input } from './input';
import type { Intent } from './intents/intent';
import { say, type Reply } from './reply';
import type { ConversationState, Step } from './state';
import { stepDef, view } from './views';
import { t } from './wording';

export type { StepContext } from './flow';

/** Something that happened: the user did something, or the domain answered a command. */
export type StepEvent = { kind: 'input'; input: Input } | { kind: 'answer'; answer: Answer };

/** The next state, what to say, and what the domain must do next (its answer comes back as an event). */
export interface Outcome {
  state: ConversationState;
  replies: Reply[];
  command: Command | null;
}

const MISSES_BEFORE_MENU = 3;

/** The conversation's step function. */
export function step(state: ConversationState, event: StepEvent, ctx: StepContext): Outcome {
  const decided = event.kind === 'answer' ? answerOf(event.answer, state, ctx) : onInput(state, event.input, ctx);
  return outcome(state, decided, ctx);
}

/** The current step shown again with fresh buttons, after `before` (used after a restart or a stale button). */
export function showCurrent(state: ConversationState, ctx: StepContext, before: Reply[] = []): Outcome {
  return outcome(state, { kind: 'again', say: before }, ctx);
}

// ——— from a decision to an outcome ———

function outcome(state: ConversationState, n: Next, ctx: StepContext): Outcome {
  switch (n.kind) {
    case 'show': return show({ ...state, ...n.patch }, n.step, ctx, n.say);
    case 'again': return show(state, state.step, ctx, n.say);
    case 'stale': return show(state, state.step, ctx, [say(t.staleButton)]);
    case 'run': return { state: { ...state, ...n.patch, misses: 0 }, replies: n.say, command: n.command };
    case 'say': return { state: { ...state, ...n.patch, misses: 0 }, replies: n.say, command: null };
    case 'miss': return miss(state, ctx, n.expected);
    case 'login': return loginPrompt(state, ctx, n.say);
    case 'refuse': {
      // Staff place no reseller orders: whatever a reseller's flow refuses them, their menu says so.
      if (state.session?.account === 'staff') return show(state, { name: 'staff_menu' }, ctx, [say(t.staff.notForStaff)]);
      const role = resellerOf(state)?.role ?? 'support';
      return show(state, { name: 'menu' }, ctx, [say(n.permission === 'place_order' ? t.cannotPlaceOrder(role) : t.notAllowed(role))]);
    }
    default: {
      const never: never = n;
      throw new Error(`unknown decision ${JSON.stringify(never)}`);
    }
  }
}

function show(state: ConversationState, next: Step, ctx: StepContext, before: Reply[] = []): Outcome {
  const nonce = state.nonce + 1;
  const nextState: ConversationState = { ...state, step: next, nonce, misses: 0 };
  return { state: nextState, replies: [...before, stamp(view(next, nextState, ctx), nonce)], command: null };
}

function loginPrompt(state: ConversationState, ctx: StepContext, text: string): Outcome {
  if (!ctx.privateChat) {
    // Nobody logs in in a group: the user is sent to a private chat instead.
    return { state: { ...state, session: null, step: { name: 'login_username' }, misses: 0 }, replies: [say(text), say(t.login.privateLoginOnly)], command: null };
  }
  return show({ ...state, session: null }, { name: 'login_username' }, ctx, [say(text)]);
}

function miss(state: ConversationState, ctx: StepContext, expected: string): Outcome {
  const misses = state.misses + 1;
  const current = view(state.step, state, ctx);
  const nonce = state.nonce + 1;
  if (misses >= MISSES_BEFORE_MENU && state.session) {
    const menu = navButton('menu', t.toMenu);
    const hasMenu = state.step.name === 'menu' || current.buttons.some((row) => row.some((b) => 'id' in b && b.id === menu.id));
    const withMenu = hasMenu ? current : { ...current, buttons: [...current.buttons, [menu]] };
    return { state: { ...state, nonce, misses: 0 }, replies: [say(`${t.notUnderstood(expected)}\n${t.offerMenu}`), stamp(withMenu, nonce)], command: null };
  }
  return { state: { ...state, nonce, misses }, replies: [say(t.notUnderstood(expected)), stamp(current, nonce)], command: null };
}

// ——— inputs ———

const isLoginStep = (s: Step) => s.name === 'login_username' || s.name === 'login_password';

function onInput(state: ConversationState, input: Input, ctx: StepContext): Next {
  // In a group nobody types a password: a user who logged in privately is recognised instead.
  if (!state.session && !ctx.privateChat) return { kind: 'run', command: { kind: 'linked_session' }, say: [], patch: {} };
  if (input.kind === 'press') {
    const parsed = parseButtonId(input.id);
    if (parsed && 'notification' in parsed) return onNotificationPress(parsed.notification, state);
    if (!parsed && !hasButtonIdShape(input.id)) return { kind: 'again', say: [say(t.unknownButton)] };
    if (!parsed || parsed.nonce !== state.nonce) return { kind: 'stale' };
    return onPress(state, parsed.action, ctx);
  }
  if (input.kind === 'unreadable') return { kind: 'again', say: [say(t.textAndButtonsOnly)] };
  if (input.text.length > MAX_INPUT_LENGTH) return { kind: 'again', say: [say(t.tooLong(input.text.length, MAX_INPUT_LENGTH))] };
  if (hasUnusableCharacters(input.text)) return { kind: 'again', say: [say(t.controlCharacters)] };
  if (input.kind === 'secret') {
    // A password form answers the password prompt only: left open after it, it does nothing.
    return state.step.name === 'login_password' ? onText(state, input.text, ctx) : { kind: 'again', say: [say(t.staleForm)] };
  }
  const text = input.text.trim();
  // At the password prompt only a slash command is a command: a bare word may be a password.
  if (state.step.name !== 'login_password' || text.startsWith('/')) {
    const command = globalCommandOf(text);
    if (command) return onGlobal(state, command, ctx);
    const byLabel = buttonWithLabel(state, text, ctx);
    if (byLabel) return onPress(state, byLabel, ctx);
  }
  return onText(state, input.text, ctx);
}

/** The action of the current step's button whose label is `text` (someone typed "Buy"). */
function buttonWithLabel(state: ConversationState, text: string, ctx: StepContext): Action | undefined {
  if (!text || /^\d+$/.test(text)) return undefined;
  const wanted = text.toLowerCase();
  for (const row of view(state.step, state, ctx).buttons) {
    for (const b of row) if ('id' in b && b.label.toLowerCase() === wanted) return parseAction(b.id);
  }
  return undefined;
}

function onGlobal(state: ConversationState, command: GlobalCommand, ctx: StepContext): Next {
  if (!state.session) return { kind: 'login', say: command === 'help' ? t.help.text : command === 'start' ? t.login.welcome(ctx.distributorName) : t.notLoggedIn };
  switch (command) {
    case 'start':
    case 'menu':
      return goTo('menu', state);
    case 'cart':
      return goTo('cart', state);
    case 'help':
      return goTo('help', state);
    case 'cancel':
      return { kind: 'run', command: { kind: 'menu' }, say: [say(t.cancelled)], patch: {} };
    case 'back':
      return back(state, ctx);
    default: {
      const never: never = command;
      throw new Error(`unknown command ${String(never)}`);
    }
  }
}

function back(state: ConversationState, ctx: StepContext): Next {
  const def = stepDef(state.step);
  return def.back ? def.back(state.step, state, ctx) : goTo('menu', state);
}

function onPress(state: ConversationState, action: Action, ctx: StepContext): Next {
  if (action.flow === NAV_FLOW) {
    if (action.verb === 'cancel') return onGlobal(state, 'cancel', ctx);
    if (action.verb === 'back') return back(state, ctx);
    if (action.verb === 'menu' && state.session) return goTo('menu', state);
    return { kind: 'stale' };
  }
  if (!state.session && !isLoginStep(state.step)) return { kind: 'stale' };
  const def = stepDef(state.step);
  if (def.flow !== action.flow || !def.press) return { kind: 'stale' };
  return def.press(action.verb, action.arg, state.step, state, ctx) ?? { kind: 'stale' };
}

/**
 * A typed text: an intent stated in full is taken first (except where every text is the
 * step's own, as at the password prompt), then the step's own text (a number, a key, a coupon
 * code), then a license key mentioned in other words, else what the step expects is said.
 */
function onText(state: ConversationState, raw: string, ctx: StepContext): Next {
  const s = state.step;
  if (!state.session && !isLoginStep(s)) return { kind: 'show', step: { name: 'login_username' }, say: [], patch: {} };
  const def = stepDef(s);
  const understood = state.session && !def.ownsText ? t.understand(raw) : undefined;
  if (state.session?.account === 'staff') return onStaffText(understood, state, raw, ctx);
  if (understood?.strength === 'stated') return onIntent(understood.intent, state, ctx);
  const own = def.text?.(raw, s, state, ctx);
  if (own) return own;
  if (understood) return onIntent(understood.intent, state, ctx);
  return { kind: 'miss', expected: def.expects?.(s) ?? t.expectChoice };
}

/**
 * A staff user's text: a place named ("menu", "help", "log out") is gone to, anything a
 * reseller would order ("renew KEY", "buy 3 pro") is refused, and the rest is the step's own
 * (at the staff menu, something to find).
 */
function onStaffText(understood: ReturnType<typeof t.understand>, state: ConversationState, raw: string, ctx: StepContext): Next {
  const def = stepDef(state.step);
  if (understood?.strength === 'stated' && understood.intent.kind !== 'open_key') return onIntent(understood.intent, state, ctx);
  return def.text?.(raw, state.step, state, ctx) ?? { kind: 'miss', expected: def.expects?.(state.step) ?? t.expectChoice };
}

function onIntent(intent: Intent, state: ConversationState, ctx: StepContext): Next {
  const handle = INTENTS[intent.kind] as (intent: Intent, state: ConversationState, ctx: StepContext) => Next;
  return handle(intent, state, ctx);
}

// ——— answers ———

function answerOf(answer: Answer, state: ConversationState, ctx: StepContext): Next {
  const handle = ANSWERS[answer.kind] as (answer: Answer, state: ConversationState, ctx: StepContext) => Next;
  return handle(answer, state, ctx);
}
