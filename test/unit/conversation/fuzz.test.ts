// Fuzzing the conversation: at every prompt (each step's example state, logged in as each role,
// in a private chat and in a group), 10,000 generated inputs — random and huge texts, control
// characters, emoji and lone surrogates, typed labels and intents, this message's buttons,
// older and future ones, forged and foreign ids, notification ids, password forms — each
// followed by a random answer of the domain when it asks for one. Whatever comes, the step
// function does not throw, its state stays restorable plain data, and every reply is a clear
// message: text that is not empty and not a dump of the input, buttons Telegram and Slack take.
// A fixed seed per prompt: a failure names its seed and input, and happens again the same way.
import { describe, expect, it } from 'vitest';
import { restoreState } from '../../../src/conversation/restore';
import type { Input } from '../../../src/conversation/input';
import type { ConversationState } from '../../../src/conversation/state';
import { step, type Outcome, type StepContext } from '../../../src/conversation/step';
import { view } from '../../../src/conversation/views';
import { fuzzText } from '../../support/fuzz';
import { asRole, CTX, everyAnswer, exampleState, GROUP_CTX, ROLES, STEP_NAMES } from './states';

const INPUTS_PER_PROMPT = 10_000;
/** The longest reply text a step may write: long lists are paged, and a typed text is never echoed whole. */
const MAX_REPLY_LENGTH = 12_000;
const ANSWERS = everyAnswer();

function generator(seed: number) {
  const { pick, int, text } = fuzzText(seed);

  /** A button id: of this message, an older or newer one, forged, foreign, a notification's, or garbage. */
  function buttonId(state: ConversationState, ctx: StepContext): string {
    const offered = view(state.step, state, ctx).buttons.flat().flatMap((b) => ('id' in b ? [b.id] : []));
    const nonce = (n: number) => Math.max(0, n).toString(36);
    switch (int(7)) {
      case 0: return offered.length > 0 ? `${nonce(state.nonce)}:${pick(offered)}` : `${nonce(state.nonce)}:nav.menu`;
      case 1: return `${nonce(state.nonce - 1 - int(3))}:${offered.length > 0 ? pick(offered) : 'nav.back'}`;
      case 2: return `${nonce(state.nonce + 1 + int(3))}:${offered.length > 0 ? pick(offered) : 'nav.back'}`;
      case 3: return `${nonce(state.nonce)}:${pick(['cart', 'checkout', 'approval', 'staff', 'renew', 'nav', 'quote', 'menu', 'zz'])}.${pick(['remove', 'pay', 'open', 'approve', 'back', 'x'])}${int(2) ? `.${pick(['0', '49', '-1', '1e9', 'card', 'ABCD-EFGH-JKLM-NP23', text().slice(0, 40)])}` : ''}`;
      case 4: return `~${pick(['renew.annual', 'renew.maintenance', 'remind.later', 'remind.stop', 'approval.approve', 'approval.reject', 'approval.open', 'cart.show', 'nav.menu', 'lic', 'ra', 'zz.zz'])}${int(2) ? `.${pick(['ABCD-EFGH-JKLM-NP23', 'a0000000-0000-4000-8000-0000000000a1', 'not-a-uuid', ''])}` : ''}`;
      case 5: return text().slice(0, 64);
      default: return `${nonce(state.nonce)}:${text().slice(0, 60)}`;
    }
  }

  function input(state: ConversationState, ctx: StepContext): Input {
    const roll = int(10);
    if (roll < 4) return { kind: 'press', id: buttonId(state, ctx) };
    if (roll < 5) {
      // A label of this message's buttons, typed.
      const labels = view(state.step, state, ctx).buttons.flat().map((b) => b.label);
      return { kind: 'text', text: labels.length > 0 ? pick(labels) : text() };
    }
    if (roll < 6) return int(4) ? { kind: 'secret', text: text() } : { kind: 'unreadable' };
    return { kind: 'text', text: text() };
  }

  return { input, answer: () => pick(ANSWERS), int };
}

/**
 * What must hold after any event, at any step: the first broken rule, or `undefined`.
 * Plain checks rather than `expect` per input: a million inputs would spend their time in
 * the assertion library; a broken rule is then asserted with its place and input.
 */
function unsound(outcome: Outcome, input: Input | undefined, before: ConversationState): string | undefined {
  const { state } = outcome;
  const notPlain = notPlainData(state, 'state');
  if (notPlain) return `${notPlain} is not plain data`;
  const saved: unknown = JSON.parse(JSON.stringify(state));
  if (!sameData(restoreState(saved), saved)) return 'the saved state does not restore to itself';
  // Every input is answered, unless the step first asks the domain (the answer then speaks).
  if (!outcome.command && outcome.replies.length === 0) return 'no reply';
  const secret = input?.kind === 'secret' ? input.text.trim() : '';
  for (const reply of outcome.replies) {
    if (reply.text.trim().length === 0) return 'an empty reply';
    if (reply.text.length > MAX_REPLY_LENGTH) return `a reply of ${reply.text.length} characters`;
    for (const button of reply.buttons.flat()) {
      if (button.label.trim().length === 0) return 'a button without a label';
      if ('id' in button && Buffer.byteLength(button.id) > 64) return `button id ${button.id} is over 64 bytes`;
    }
    // A typed text or a password is never repeated back whole (a long one would flood the chat;
    // a secret is secret), unless the prompt showed those words anyway ("licenses", a key of the card).
    if (input && 'text' in input && input.text.trim().length >= 200 && reply.text.includes(input.text.trim())) return 'the input was echoed';
    if (secret.length >= 8 && reply.text.includes(secret) && !shownAnyway(secret, before)) return 'a password was echoed';
  }
  return undefined;
}

/** The path of the first value JSON would not keep as it is (a Date, a Map, NaN, a class), or `undefined`. */
function notPlainData(value: unknown, path: string): string | undefined {
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = notPlainData(item, `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return path;
  for (const [key, item] of Object.entries(value)) {
    const found = notPlainData(item, `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}

/** Whether two plain values hold the same data (an undefined property counts as absent, as in JSON). */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameData(item, b[i]));
  }
  const left = Object.entries(a).filter(([, item]) => item !== undefined);
  const right = Object.entries(b).filter(([, item]) => item !== undefined);
  const rightByKey = new Map(right);
  return left.length === right.length && left.every(([key, item]) => rightByKey.has(key) && sameData(item, rightByKey.get(key)));
}

/** Whether `words` are part of the state itself or of the prompt it shows, whatever was typed. */
function shownAnyway(words: string, state: ConversationState): boolean {
  return JSON.stringify(state).includes(JSON.stringify(words).slice(1, -1)) || view(state.step, state, CTX).text.includes(words) || view(state.step, state, GROUP_CTX).text.includes(words);
}

/** `where` is worked out only for a failure: describing a huge input a million times costs more than the step. */
function expectSound(outcome: Outcome, input: Input | undefined, before: ConversationState, where: () => string): void {
  const problem = unsound(outcome, input, before);
  if (problem) expect.fail(`${where()}: ${problem}`);
}

describe('fuzzing every prompt', () => {
  const prompts = STEP_NAMES.flatMap((name, i) => [
    { name, role: ROLES[i % ROLES.length] ?? 'owner', ctx: CTX, where: 'private' },
    { name, role: ROLES[(i + 1) % ROLES.length] ?? 'owner', ctx: GROUP_CTX, where: 'group' },
  ]);

  it.each(prompts.map((p, i) => [p.name, p.role, p.where, i] as const))('at %s as %s in a %s chat: 10,000 generated inputs, each answered clearly (seed %i)', (name, role, _where, seed) => {
    const prompt = prompts[seed] as (typeof prompts)[number];
    const start = exampleState(name);
    const initial = start.session ? asRole(start, role) : start;
    const gen = generator(seed + 1);
    let state = initial;
    for (let n = 0; n < INPUTS_PER_PROMPT; n++) {
      // Mostly from the prompt itself; now and then a walk on from where the last input led.
      if (gen.int(4) > 0) state = initial;
      const input = gen.input(state, prompt.ctx);
      const where = () => `${name} #${n} (seed ${seed}) ${JSON.stringify(input).slice(0, 200)}`;
      let outcome = step(state, { kind: 'input', input }, prompt.ctx);
      expectSound(outcome, input, state, where);
      // The domain answers what it was asked, or anything at all (a stale answer, a bug elsewhere).
      for (let k = 0; outcome.command && k < 3; k++) {
        const asked = outcome.state;
        outcome = step(asked, { kind: 'answer', answer: gen.answer() }, prompt.ctx);
        expectSound(outcome, undefined, asked, () => `${where()} then an answer`);
      }
      state = outcome.state;
    }
  });
});
