// What a chat flow is made of. A flow (src/conversation/flows/<name>/) owns its steps: what
// each shows, how a press, a text, /back and the domain's answers move it, and the commands
// it asks the domain for. Flows decide with `Next` values (data); the dispatcher in step.ts
// turns them into the next state and the replies, so a flow never renders another's screen.
import type { Permission } from '../domain/accounts/roles';
import type { Answer, Command } from './commands';
import type { Intent } from './intents/intent';
import type { Reply } from './reply';
import type { ConversationState, Step, StepName } from './state';

/** What the step function knows besides the state: the date and who runs the assistant. */
export interface StepContext {
  today: string;
  distributorName: string;
  /** False in a group chat: passwords are asked only in a private chat. */
  privateChat: boolean;
}

/** A flow's decision, as data. */
export type Next =
  /** Show `step` as a new message (after `say`), with a fresh nonce. */
  | { kind: 'show'; step: Step; say: Reply[]; patch: Partial<ConversationState> }
  /** Ask the domain for `command`; its answer comes back to the flow that owns it. */
  | { kind: 'run'; command: Command; say: Reply[]; patch: Partial<ConversationState> }
  /** The current step again, after `say`. */
  | { kind: 'again'; say: Reply[] }
  /** The input does not fit the step: say what is expected (the menu is offered after three). */
  | { kind: 'miss'; expected: string }
  /** A button this step does not have: the step is shown again, saying the button was not used. */
  | { kind: 'stale' }
  /** The user's role does not allow this. */
  | { kind: 'refuse'; permission: Permission }
  /** Logged out (or never in): `say`, then the username prompt (or, in a group, a pointer to a private chat). */
  | { kind: 'login'; say: string }
  /** Say something and wait, changing only `patch` (no message with buttons). */
  | { kind: 'say'; say: Reply[]; patch: Partial<ConversationState> };

type Extra = { say?: Reply[]; patch?: Partial<ConversationState> };

/** Decisions, built short. */
export const next = {
  show: (step: Step, extra: Extra = {}): Next => ({ kind: 'show', step, say: extra.say ?? [], patch: extra.patch ?? {} }),
  run: (command: Command, extra: Extra = {}): Next => ({ kind: 'run', command, say: extra.say ?? [], patch: extra.patch ?? {} }),
  again: (...say: Reply[]): Next => ({ kind: 'again', say }),
  miss: (expected: string): Next => ({ kind: 'miss', expected }),
  stale: (): Next => ({ kind: 'stale' }),
  refuse: (permission: Permission): Next => ({ kind: 'refuse', permission }),
  login: (say: string): Next => ({ kind: 'login', say }),
  say: (say: Reply[], patch: Partial<ConversationState> = {}): Next => ({ kind: 'say', say, patch }),
};

/**
 * One step of a flow. `press` gets the verb and argument of a button of this flow (its id is
 * `<flow>.<verb>[.<arg>]`); `undefined` means the step has no such button.
 */
export interface StepDef<S extends Step, V extends string = string> {
  /** The flow whose buttons the step shows. */
  flow: string;
  view(step: S, state: ConversationState, ctx: StepContext): Reply;
  press?(verb: V, arg: string | undefined, step: S, state: ConversationState, ctx: StepContext): Next | undefined;
  /**
   * Typed text the step itself takes (a number, a key, a coupon code): `undefined` lets a
   * stated intent or the "not understood" answer have it.
   */
  text?(text: string, step: S, state: ConversationState, ctx: StepContext): Next | undefined;
  /** What the step expects, said when a text is not understood. */
  expects?(step: S): string;
  /** Where /back goes; the main menu when not set. */
  back?(step: S, state: ConversationState, ctx: StepContext): Next;
  /**
   * Every text is this step's (a new customer's company name): intents are not read from it.
   * Otherwise an intent typed in full ("renew KEY for 2 years") is taken before the step's text.
   */
  ownsText?: boolean;
}

type Press<S> = (verb: string, arg: string | undefined, step: S, state: ConversationState, ctx: StepContext) => Next | undefined;
type Text<S> = (text: string, step: S, state: ConversationState, ctx: StepContext) => Next | undefined;

/**
 * Wrappers for a step's press and text handlers that act only for whom `allowed` admits (a
 * staff session, an administrator's); anyone else gets `otherwise` (nothing, by default).
 */
export function onlyFor(allowed: (state: ConversationState) => boolean, otherwise: (state: ConversationState) => Next | undefined = () => undefined) {
  return {
    press: <S>(press: Press<S>): Press<S> => (verb, arg, step, state, ctx) => (allowed(state) ? press(verb, arg, step, state, ctx) : otherwise(state)),
    text: <S>(text: Text<S>): Text<S> => (typed, step, state, ctx) => (allowed(state) ? text(typed, step, state, ctx) : otherwise(state)),
  };
}

/** Steps of a flow, by name. */
export type StepDefs<N extends StepName, V extends string = string> = { [K in N]: StepDef<Extract<Step, { name: K }>, V> };

/** Handlers of the domain's answers, by answer kind. */
export type AnswerHandlers<K extends Answer['kind']> = {
  [A in K]: (answer: Extract<Answer, { kind: A }>, state: ConversationState, ctx: StepContext) => Next;
};

/** Handlers of stated intents, by intent kind. */
export type IntentHandlers<K extends Intent['kind']> = {
  [I in K]: (intent: Extract<Intent, { kind: I }>, state: ConversationState, ctx: StepContext) => Next;
};

/** A flow: its steps, the answers it handles, and the intents it takes. */
export interface Flow<N extends StepName, A extends Answer['kind'], I extends Intent['kind'] = never> {
  steps: StepDefs<N>;
  answers: AnswerHandlers<A>;
  intents: IntentHandlers<I>;
}
