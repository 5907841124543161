// Drives the step function the way a channel does: a press of a stamped button id, a typed
// text, a password form, or the domain's answer to the last command; and reads what came back.
import { expect } from 'vitest';
import type { Answer } from '../../../src/conversation/commands';
import type { Reply } from '../../../src/conversation/reply';
import type { ConversationState, Step, StepName } from '../../../src/conversation/state';
import { showCurrent, step, type Outcome, type StepContext } from '../../../src/conversation/step';
import { view } from '../../../src/conversation/views';
import { t } from '../../../src/conversation/wording';
import { CTX } from './states';

/** The id a button with `action` (`flow.verb[.arg]`) has on a message stamped with `nonce`. */
export function idOf(action: string, nonce: number): string {
  return `${nonce.toString(36)}:${action}`;
}

/** The user presses the button `action` of the message the state is at (or of an older one). */
export function press(state: ConversationState, action: string, nonce = state.nonce, ctx: StepContext = CTX): Outcome {
  return step(state, { kind: 'input', input: { kind: 'press', id: idOf(action, nonce) } }, ctx);
}

/** The user presses a button with exactly this id. */
export function pressId(state: ConversationState, id: string, ctx: StepContext = CTX): Outcome {
  return step(state, { kind: 'input', input: { kind: 'press', id } }, ctx);
}

/** The user types `text`. */
export function type(state: ConversationState, text: string, ctx: StepContext = CTX): Outcome {
  return step(state, { kind: 'input', input: { kind: 'text', text } }, ctx);
}

/** The user submits a password form (Slack) with `text`. */
export function secret(state: ConversationState, text: string, ctx: StepContext = CTX): Outcome {
  return step(state, { kind: 'input', input: { kind: 'secret', text } }, ctx);
}

/** The domain answers the last command. */
export function answer(state: ConversationState, a: Answer, ctx: StepContext = CTX): Outcome {
  return step(state, { kind: 'answer', answer: a }, ctx);
}

/** The message of the step the state is at, as sent when it is shown again (stamped with the next nonce). */
export function message(state: ConversationState, ctx: StepContext = CTX): Reply {
  return last(showCurrent(state, ctx));
}

/** The ids of a reply's action buttons, as sent. */
export function idsOf(reply: Reply | undefined): string[] {
  return (reply?.buttons ?? []).flat().flatMap((b) => ('id' in b ? [b.id] : []));
}

/** A reply's actions (`flow.verb[.arg]`), without the nonce. */
export function actionsOf(reply: Reply | undefined): string[] {
  return idsOf(reply).map((id) => id.slice(id.indexOf(':') + 1));
}

/** A reply's button labels, url buttons included. */
export function labelsOf(reply: Reply | undefined): string[] {
  return (reply?.buttons ?? []).flat().map((b) => b.label);
}

/** The last reply: the message of the step the conversation is at. */
export function last(outcome: Outcome): Reply {
  const reply = outcome.replies.at(-1);
  if (!reply) throw new Error('no reply');
  return reply;
}

/** Every reply's text, joined, for `toContain` checks. */
export function said(outcome: Outcome): string {
  return outcome.replies.map((r) => r.text).join('\n');
}

/** The step `outcome` is at, narrowed to `name` (fails the test otherwise). */
export function stepAt<N extends StepName>(outcome: Outcome, name: N): Extract<Step, { name: N }> {
  expect(outcome.state.step.name).toBe(name);
  return outcome.state.step as Extract<Step, { name: N }>;
}

/**
 * `outcome` shows `expected` as a fresh message: no command, the next nonce, no misses, and
 * the last reply is that step's message with its buttons stamped with the new nonce.
 */
export function expectShown(before: ConversationState, outcome: Outcome, expected: Step, ctx: StepContext = CTX): void {
  expect(outcome.command).toBeNull();
  expect(outcome.state.step).toEqual(expected);
  expect(outcome.state.nonce).toBe(before.nonce + 1);
  expect(outcome.state.misses).toBe(0);
  expectStamped(outcome);
  const shown = view(expected, outcome.state, ctx);
  expect(last(outcome).text).toBe(shown.text);
  // The view's ids are bare actions; the reply's are the same actions stamped.
  expect(actionsOf(last(outcome))).toEqual(idsOf(shown));
}

/** `outcome` asks the domain for `command` and says nothing yet; the nonce stays. */
export function expectCommand(before: ConversationState, outcome: Outcome, command: unknown): void {
  expect(outcome.command).toEqual(command);
  expect(outcome.replies).toEqual([]);
  expect(outcome.state.nonce).toBe(before.nonce);
  expect(outcome.state.misses).toBe(0);
}

/** `outcome` did nothing but say the button was not used, and showed the step again. */
export function expectStale(before: ConversationState, outcome: Outcome): void {
  expect(outcome.replies[0]?.text).toBe(t.staleButton);
  expect(outcome.replies).toHaveLength(2);
  expectShown(before, outcome, before.step);
  expect(outcome.state.session).toEqual(before.session);
}

/** `outcome` refused the input by role: `why`, then the main menu; no command. */
export function expectRefused(before: ConversationState, outcome: Outcome, why: string): void {
  expect(outcome.replies[0]?.text).toBe(why);
  expect(outcome.replies).toHaveLength(2);
  expectShown(before, outcome, { name: 'menu' });
  expect(outcome.state.session).toEqual(before.session);
}

/** `outcome` is a miss (not the third): what is expected, the same step again, one more miss counted. */
export function expectMissed(before: ConversationState, outcome: Outcome, expected: string): void {
  expect(outcome.command).toBeNull();
  expect(outcome.replies.map((r) => r.text)).toEqual([t.notUnderstood(expected), view(before.step, before, CTX).text]);
  expect(outcome.state.step).toEqual(before.step);
  expect(outcome.state.misses).toBe(before.misses + 1);
  expect(outcome.state.nonce).toBe(before.nonce + 1);
  expectStamped(outcome);
}

/** A deep-frozen copy of `value`, so that any mutation throws. */
export function deepFreeze<T>(value: T): T {
  // A file's bytes (an attached PDF) cannot be frozen; they are not state either.
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value) && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** Every action button of every reply carries the nonce of the state the outcome is at. */
/** A text the step understood and refused: `why`, then the step again, no miss counted. */
export function expectAgain(before: ConversationState, outcome: Outcome, why: string): void {
  expect(outcome.command).toBeNull();
  expect(outcome.replies.map((r) => r.text)).toEqual([why, view(before.step, before, CTX).text]);
  expect(outcome.state.step).toEqual(before.step);
  expect(outcome.state.misses).toBe(before.misses);
  expectStamped(outcome);
}

/** A number typed out of the step's range: said so ("51 is more than 50"), the step again, no miss counted. */
export function expectOutOfRange(before: ConversationState, outcome: Outcome, n: number, min: number, max: number): void {
  expectAgain(before, outcome, t.numberOutOfRange(n, min, max));
}

export function expectStamped(outcome: Outcome): void {
  const prefix = `${outcome.state.nonce.toString(36)}:`;
  for (const id of outcome.replies.flatMap(idsOf)) expect(id.startsWith(prefix), `${id} is stamped ${prefix}`).toBe(true);
}
