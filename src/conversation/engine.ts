// Handles one input of one conversation from start to end: the state is loaded under a
// lock, the input is recognised if it came before, the step function and the interpreter
// take turns until nothing is left to do, and the new state is saved — all in one
// transaction, so two inputs of one conversation never interleave and a failure changes nothing.
// The one exception is a payment page: the provider is asked with no transaction open, after
// the transaction that placed (or locked) the order has committed, and its answer is recorded
// and answered in a second transaction of the same input (see settle and handleInput).
import type { Channel } from '../domain/orders/order';
import type { ChatLogin, PasswordHasher, Repositories } from '../domain/ports';
import { homeFacts } from '../domain/use-cases/home';
import { composeHome, composeStaffHome, type HomeView } from './home/home';
import type { Input } from './input';
import type { Command } from './commands';
import { openPaymentPage } from './flows/checkout/payment-page';
import { interpret, type InterpreterContext } from './interpreter';
import { PasswordCheckNeeded, passwordChecks } from './password-checks';
import { say, type Reply } from './reply';
import { restoreState } from './restore';
import { initialState, type ConversationState, type StaffSession } from './state';
import { invitationCodeIn } from './flows/login/invitation';
import { showCurrent, step, type Outcome, type StepContext } from './step';
import { t } from './wording';

/** One conversation: a user in a chat on a channel (in a group, each member has their own). */
export interface ConversationKey {
  channel: Channel;
  chatId: string;
  userId: string;
}

/**
 * The store stayed busy for as long as an input may wait (no connection free, lock or
 * serialization races lost, each attempt undone and tried again): nothing changed.
 */
export class ConversationStoreBusy extends Error {
  constructor(readonly last: unknown) {
    super('the database stayed busy for as long as an input may wait');
    this.name = 'ConversationStoreBusy';
  }
}

/** Where conversation states are kept (PostgreSQL in production). */
export interface ConversationStore {
  /**
   * Runs `work` with the conversation locked and its state loaded (`null` when new), then
   * saves the state it returns, in one transaction with the repositories it is given. `known`
   * is who the chat was logged in as when the conversation was loaded (see interpret).
   * With an `inputId` that was handled before, `work` is not run and `duplicate` is answered.
   * A busy database is waited for (the transaction is tried again); ConversationStoreBusy when
   * it stays busy too long.
   */
  withConversation<T>(
    key: ConversationKey,
    inputId: string | null,
    work: (saved: unknown, repos: Repositories, known: ChatLogin) => Promise<{ state: ConversationState; result: T }>,
  ): Promise<{ kind: 'handled'; result: T } | { kind: 'duplicate' }>;
  /** Runs `work` on the conversation's saved state (`null` when new), changing nothing and locking nothing. */
  read<T>(key: ConversationKey, work: (saved: unknown, repos: Repositories) => Promise<T>): Promise<T>;
}

export interface EngineDeps extends Omit<InterpreterContext, 'now' | 'today' | 'timeZone' | 'channel' | 'chatId' | 'externalUserId' | 'afterCommit'> {
  conversations: ConversationStore;
  clock: { now(): Date; today(timeZone?: string): string };
  onError?: (error: unknown, key: ConversationKey) => void;
}

export interface HandledInput {
  replies: Reply[];
  /** The input answered a secret prompt (a password): a chat platform should delete it. */
  secretInput: boolean;
  duplicate: boolean;
}

export interface ConversationEngine {
  /** Handles a user's input; `inputId` is the platform's id of it, so a redelivery is handled once. */
  handle(key: ConversationKey, input: Input, inputId?: string | null): Promise<Reply[]>;
  /** As `handle`, also telling whether the input was a secret and whether it came before. */
  handleInput(key: ConversationKey, input: Input, options?: { inputId?: string | null; privateChat?: boolean }): Promise<HandledInput>;
  /** The greeting of a new conversation, or the current step of one that was under way. */
  resume(key: ConversationKey): Promise<Reply[]>;
  /** The home page of the conversation's user: their figures and lists, or a Log in invitation. */
  home(key: ConversationKey): Promise<HomeView>;
}

const MAX_COMMANDS_PER_INPUT = 8;
/** A password changed this many times while one input was checking it is not checked again. */
const MAX_PASSWORD_CHECKS_PER_INPUT = 3;

export function conversationEngine(deps: EngineDeps): ConversationEngine {
  /** The contexts of one attempt at an input; `afterCommit` tasks are collected in `after`. */
  async function contextFor(repos: Repositories, privateChat = true, after: Array<() => Promise<void>> = [], hasher: PasswordHasher = deps.hasher): Promise<{ step: StepContext; interpreter: (key: ConversationKey) => InterpreterContext }> {
    const distributor = await repos.distributor.get();
    const now = deps.clock.now();
    const today = deps.clock.today(distributor.timezone);
    return {
      step: { today, distributorName: distributor.name, privateChat },
      interpreter: (key) => ({
        ...deps, hasher, now, today, timeZone: distributor.timezone, channel: key.channel, chatId: key.chatId, externalUserId: key.userId,
        afterCommit: (task) => void after.push(task),
      }),
    };
  }

  /** Runs what the committed input left to do; a failure is logged (sweeps catch up), the user's answer stands. */
  async function runAfterCommit(tasks: Array<() => Promise<void>>, key: ConversationKey): Promise<void> {
    for (const task of tasks) {
      try {
        await task();
      } catch (error) {
        deps.onError?.(error, key);
      }
    }
  }

  /**
   * Runs the commands of `first` and of the steps that follow; `known` serves the first command's
   * session check only (a command may change it). It stops at a command run with no transaction
   * open (opening a payment page), which the outcome then still holds.
   */
  async function settle(first: Outcome, repos: Repositories, ctx: Awaited<ReturnType<typeof contextFor>>, key: ConversationKey, known?: ChatLogin): Promise<Outcome> {
    let outcome = first;
    const replies = [...first.replies];
    for (let n = 0; outcome.command && !isOutside(outcome.command); n++) {
      if (n >= MAX_COMMANDS_PER_INPUT) throw new Error(`conversation ${key.channel}/${key.chatId} asked for more than ${MAX_COMMANDS_PER_INPUT} commands`);
      const answer = await interpret(outcome.command, outcome.state, repos, ctx.interpreter(key), n === 0 ? known : undefined);
      outcome = step(outcome.state, { kind: 'answer', answer }, ctx.step);
      replies.push(...outcome.replies);
    }
    return { ...outcome, replies };
  }

  /**
   * Runs an input's transaction; a password it needs checked is checked with no transaction
   * open (see password-checks.ts), and the transaction runs again with the verdict.
   */
  async function checkingPasswordsOutside<T>(run: (hasher: PasswordHasher) => Promise<T>): Promise<T> {
    const checks = passwordChecks(deps.hasher);
    for (let round = 1; ; round++) {
      try {
        return await run(checks.hasher);
      } catch (error) {
        if (!(error instanceof PasswordCheckNeeded) || round > MAX_PASSWORD_CHECKS_PER_INPUT) throw error;
        await checks.make(error);
      }
    }
  }

  async function guarded(key: ConversationKey, work: () => Promise<Reply[]>): Promise<Reply[]> {
    try {
      return await work();
    } catch (error) {
      // Busy the whole time: nothing changed, and the user is told so rather than that something broke.
      if (error instanceof ConversationStoreBusy) {
        deps.onError?.(error.last, key);
        return [say(t.busy)];
      }
      deps.onError?.(error, key);
      return [say(t.somethingWentWrong)];
    }
  }

  /** The current step again (the greeting for a new conversation), after `before`. */
  async function resume(key: ConversationKey, before: Reply[] = []): Promise<Reply[]> {
    const done = await deps.conversations.withConversation(key, null, async (saved, repos) => {
      const ctx = await contextFor(repos);
      const state = restoreState(saved);
      const outcome = state ? showCurrent(state, ctx.step, before) : showCurrent(initialState(), ctx.step, [...before, say(t.login.welcome(ctx.step.distributorName))]);
      return { state: outcome.state, result: outcome.replies };
    });
    return done.kind === 'duplicate' ? [] : done.result;
  }

  async function handleInput(key: ConversationKey, input: Input, options: { inputId?: string | null; privateChat?: boolean } = {}): Promise<HandledInput> {
    let secretInput = false;
    let duplicate = false;
    const replies = await guarded(key, async () => {
      const done = await checkingPasswordsOutside((hasher) => deps.conversations.withConversation(key, options.inputId ?? null, async (saved, repos, known) => {
        // Collected afresh by every attempt, so that only the committed one's tasks run.
        const after: Array<() => Promise<void>> = [];
        const ctx = await contextFor(repos, options.privateChat ?? true, after, hasher);
        // Typed into the chat at the password prompt, and not a command: a password to delete.
        const restored = restoreState(saved);
        secretInput = restored?.step.name === 'login_password' && input.kind === 'text' && !input.text.trim().startsWith('/');
        // A new conversation in a private chat is greeted and asked for the username: its first
        // message ("hi") is never taken as one. In a group there is no login to greet for: the
        // step recognises the user or sends them to a private chat.
        // An invitation code (the t.me link's `/start <code>`) is taken as the first message too.
        const code = input.kind === 'text' && invitationCodeIn(input.text) !== undefined;
        const first = restored || code || !ctx.step.privateChat ? step(restored ?? initialState(), { kind: 'input', input }, ctx.step) : greeting(ctx.step);
        let outcome = await settle(first, repos, ctx, key, known);
        if (!ctx.step.privateChat && !restored?.session && outcome.state.session) {
          // Recognised in the group by this message, which is then handled as well ("@bot
          // approvals here"): the welcome stays, the menu it was shown with gives way to the
          // answer. A message that says nothing more ("hello") is not answered "not understood".
          const handled = await settle(step(outcome.state, { kind: 'input', input }, ctx.step), repos, ctx, key);
          if (handled.state.misses === 0) outcome = { ...handled, replies: [...outcome.replies.slice(0, -1), ...handled.replies] };
        }
        return { state: outcome.state, result: { replies: outcome.replies, after, outside: outsideOf(outcome) } };
      }));
      duplicate = done.kind === 'duplicate';
      if (done.kind === 'duplicate') return [];
      // Not awaited: the user's answer does not wait for a queue (the sweeps catch up if it fails).
      void runAfterCommit(done.result.after, key);
      if (!done.result.outside) return done.result.replies;
      return [...done.result.replies, ...(await outside(key, done.result.outside, options.privateChat ?? true))];
    });
    return { replies, secretInput: secretInput && !duplicate, duplicate };
  }

  /**
   * Pages being asked of their provider in this process, by order, method and attempt: the same
   * page asked again meanwhile (the pay button pressed in two chats at once) waits for the same
   * answer rather than asking twice. Across processes the provider's own key does the same.
   */
  const opening = new Map<string, ReturnType<typeof openPaymentPage>>();
  function pageOnce(command: OutsideCommand, key: ConversationKey): ReturnType<typeof openPaymentPage> {
    const id = `${command.page.order.id}:${command.page.method}:${command.page.attempt}`;
    const asked = opening.get(id);
    if (asked) return asked.then((answer) => ({ ...answer, page: command.page }));
    const asking = openPaymentPage(command, deps, (error) => deps.onError?.(error, key)).finally(() => opening.delete(id));
    opening.set(id, asking);
    return asking;
  }

  /**
   * The rest of an input whose transaction stopped at a command run outside it (a payment page):
   * that transaction has committed (the order waits for its payment), the provider is asked with
   * no connection or lock held, and its answer goes on in a transaction of its own, as the
   * command's answer to the conversation as it is then. The channels hand one chat's inputs to
   * the engine one after the other, so the chat's next input is handled, and answered, after
   * this one; an input meanwhile in another process finds the step the user was at (a second
   * press of its button finds the order placed, and the same page: see openPaymentPage).
   */
  async function outside(key: ConversationKey, first: OutsideCommand, privateChat: boolean): Promise<Reply[]> {
    const replies: Reply[] = [];
    let command: OutsideCommand | undefined = first;
    for (let n = 0; command; n++) {
      if (n >= MAX_COMMANDS_PER_INPUT) throw new Error(`conversation ${key.channel}/${key.chatId} asked for more than ${MAX_COMMANDS_PER_INPUT} commands outside a transaction`);
      const follow: Command = await pageOnce(command, key);
      const order = command.page.order.number;
      const done = await deps.conversations.withConversation(key, null, async (saved, repos, known) => {
        const after: Array<() => Promise<void>> = [];
        const ctx = await contextFor(repos, privateChat, after);
        const outcome = await settle({ state: restoreState(saved) ?? initialState(), replies: [], command: follow }, repos, ctx, key, known);
        return { state: outcome.state, result: { replies: outcome.replies, after, outside: outsideOf(outcome) } };
      }).catch((error: unknown) => {
        // The order is committed and waits: the user is not told that nothing changed, but where to pay it.
        deps.onError?.(error instanceof ConversationStoreBusy ? error.last : error, key);
        return undefined;
      });
      if (!done) return [...replies, say(t.checkout.pageNotShown(order))];
      if (done.kind === 'duplicate') break;
      void runAfterCommit(done.result.after, key);
      replies.push(...done.result.replies);
      command = done.result.outside;
    }
    return replies;
  }

  /** Read only: a home page never moves the conversation on, nor starts one. */
  function home(key: ConversationKey): Promise<HomeView> {
    return deps.conversations.read(key, async (saved, repos) => {
      const distributor = await repos.distributor.get();
      const guest: HomeView = { kind: 'guest', text: t.home.guest(distributor.name) };
      const session = restoreState(saved)?.session;
      if (!session) return guest;
      if (session.account === 'staff') return staffHome(repos, key, session, deps.clock.now(), guest);
      // As for an input: the session holds while the chat is still linked to its user, who is still active.
      const login = await repos.identities.loginIn({ channel: key.channel, externalUserId: key.userId, chatId: key.chatId });
      const account = login.userId === session.userId && login.account?.user.active && !login.account.reseller.suspendedAt ? login.account : undefined;
      if (!account) return guest;
      const today = deps.clock.today(distributor.timezone);
      return composeHome(await homeFacts(repos, { ...account, today }), account, distributor.currency, today);
    });
  }

  return {
    home,
    handle: async (key, input, inputId = null) => (await handleInput(key, input, { inputId })).replies,
    handleInput,
    resume: (key) => guarded(key, () => resume(key)),
  };
}

/** A command run with no transaction open: a payment page asked of its provider. */
type OutsideCommand = Extract<Command, { kind: 'open_payment_page' }>;
const isOutside = (command: Command): command is OutsideCommand => command.kind === 'open_payment_page';
const outsideOf = (outcome: Outcome): OutsideCommand | undefined => (outcome.command && isOutside(outcome.command) ? outcome.command : undefined);

/** A member of staff's home page: what waits for staff (the guest's when the staff session has ended). */
async function staffHome(repos: Repositories, key: ConversationKey, session: StaffSession, now: Date, guest: HomeView): Promise<HomeView> {
  const identity = { channel: key.channel, externalUserId: key.userId, chatId: key.chatId };
  const linked = await repos.staffSessions.staffIn(identity);
  const staff = linked === session.staffId ? await repos.staff.get(session.staffId) : undefined;
  if (!staff?.active) return guest;
  return composeStaffHome(staff.name, (await repos.staffDesk.attention(now)).length);
}

/** The first message of a new conversation: the greeting and the username prompt. */
function greeting(ctx: StepContext): Outcome {
  return showCurrent(initialState(), ctx, [say(t.login.welcome(ctx.distributorName))]);
}
