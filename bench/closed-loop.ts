// N simulated chats at once, each in a closed loop: it sends its next update when the answer
// to the previous one arrived at the fake Bot API. Runs for a given time, then lets each chat
// finish the update it is waiting for, and gives the figures.
import type { FakeBotApi } from './fake-bot-api';
import { completes, loginSteps, recover, sendStep, sessionRound, START, type Step } from './reseller-script';
import { percentile } from './support';
import { TelegramChat, type Answered, type Webhook } from './telegram-chat';

/** One update sent and what came of it. */
export interface Sample {
  step: string;
  chatId: number;
  latencyMs: number;
  login: boolean;
  /** Answered "something went wrong". */
  wentWrong: boolean;
  /** No answer at all (within the wait, or by the grace time after the webhook took the update). */
  timedOut: boolean;
  /** An answer, but not the expected one. */
  unexpected: boolean;
  webhookFailures: number;
  /** Told "busy, your message is kept" before the answer. */
  kept: boolean;
  /** The messages (sent or edited) that arrived as the answer, in order. */
  answer: string[];
  /** performance.now() when the update was sent. */
  sentAt: number;
}

/** A simulated chat: sends its next update(s) and says what came of them. */
export interface ChatDriver {
  readonly chat: TelegramChat;
  next(): Promise<Sample[]>;
}

export interface LoopResult {
  chats: number;
  /** The measured time, from the first update to the end of the run (the last answers waited for are not in it). */
  seconds: number;
  samples: Sample[];
  /** performance.now() at the end of the measured time. */
  end: number;
}

/** How long one update's answer is waited for before it counts as not answered. */
export const ANSWER_TIMEOUT_MS = 60_000;

/**
 * Runs the drivers in a closed loop for `seconds`. `arrival(i)`: when driver i starts, in ms
 * after the start (default: all at once), as people come to the chat one after the other.
 */
export async function closedLoop(drivers: ChatDriver[], seconds: number, arrival: (i: number) => number = () => 0): Promise<LoopResult> {
  const started = performance.now();
  const end = started + seconds * 1000;
  const samples: Sample[] = [];
  await Promise.all(drivers.map(async (driver, i) => {
    const wait = started + arrival(i) - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    while (performance.now() < end) {
      for (const sample of await driver.next()) samples.push(sample);
    }
  }));
  for (const driver of drivers) driver.chat.close();
  return { chats: drivers.length, seconds, samples: samples.filter((s) => s.sentAt < end), end };
}

/** What the figures of a run are. */
export function summarise(result: LoopResult) {
  const answered = result.samples.filter((s) => !s.timedOut);
  const latencies = answered.map((s) => s.latencyMs);
  const logins = answered.filter((s) => s.login).map((s) => s.latencyMs);
  // The goal for latency leaves logins aside (a password check costs a scrypt hash by design).
  const others = answered.filter((s) => !s.login).map((s) => s.latencyMs);
  return {
    chats: result.chats,
    seconds: result.seconds,
    updates: result.samples.length,
    // Answers that arrived within the measured time (those still awaited at its end are not counted).
    perSecond: result.samples.filter((s) => !s.timedOut && s.sentAt + s.latencyMs <= result.end).length / result.seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    p99LoginsAside: percentile(others, 99),
    max: latencies.length === 0 ? Number.NaN : Math.max(...latencies),
    logins: logins.length,
    loginsP50: percentile(logins, 50),
    loginsP99: percentile(logins, 99),
    loginsMax: logins.length === 0 ? Number.NaN : Math.max(...logins),
    wentWrong: result.samples.filter((s) => s.wentWrong).length,
    timedOut: result.samples.filter((s) => s.timedOut).length,
    unexpected: result.samples.filter((s) => s.unexpected && !s.wentWrong).length,
    webhookFailures: result.samples.reduce((n, s) => n + s.webhookFailures, 0),
    kept: result.samples.filter((s) => s.kept).length,
  };
}

export type Summary = ReturnType<typeof summarise>;

function sample(step: Step | string, chatId: number, sentAt: number, answered: Answered): Sample {
  return {
    step: typeof step === 'string' ? step : step.name,
    chatId,
    latencyMs: answered.latencyMs,
    login: typeof step !== 'string' && step.login === true,
    wentWrong: answered.wentWrong,
    timedOut: answered.timedOut,
    unexpected: answered.unexpected,
    webhookFailures: answered.webhookFailures,
    kept: answered.kept,
    answer: answered.arrivals.map((a) => a.message.text),
    sentAt,
  };
}

/** A simulated reseller: logs in once, then goes through its session's round over and over. */
export interface ResellerDriver extends ChatDriver {
  /** Logs in (/start, username, password), finding its way back when an answer is not the expected one. */
  logIn(): Promise<Sample[]>;
  readonly loggedIn: boolean;
}

/**
 * A reseller chatting with the product as `username`: /start and a login the first time
 * (as a reseller starts a session), then the session's round over and over (sessionRound:
 * the menu, licenses, dashboard, a typed purchase, the cart, a quote PDF, emptying the cart).
 * After an answer that was not the expected one it finds its way back (/menu), logging in
 * again if the session is gone.
 */
export function resellerDriver(chatId: number, username: string, api: FakeBotApi, webhook: Webhook): ResellerDriver {
  const chat = new TelegramChat(chatId, api, webhook);
  const [usernameStep, passwordStep] = loginSteps(username);
  const round = sessionRound(username);
  // After the password the main menu is shown: the round goes on from the menu's first press.
  const afterLogin = round.findIndex((s) => s.name === '/menu') + 1;
  let at: number | 'start' | 'username' | 'password' | 'lost' = 'start';
  const failed = (answered: Answered) => answered.wentWrong || answered.timedOut || answered.unexpected;
  const stepAt = (where: number | 'start' | 'username' | 'password'): Step | undefined =>
    where === 'start' ? START : where === 'username' ? usernameStep : where === 'password' ? passwordStep : round[where];
  const following = (where: number | 'start' | 'username' | 'password'): number | 'username' | 'password' =>
    where === 'start' ? 'username' : where === 'username' ? 'password' : where === 'password' ? afterLogin : (where + 1) % round.length;
  async function send(step: Step): Promise<{ sample: Sample; ok: boolean }> {
    const sentAt = performance.now();
    try {
      const answered = await sendStep(chat, step, ANSWER_TIMEOUT_MS);
      return { sample: sample(step, chatId, sentAt, answered), ok: !failed(answered) };
    } catch (error) {
      // No such button: the chat is not where the script thought.
      return {
        sample: { step: step.name, chatId, latencyMs: 0, login: false, wentWrong: false, timedOut: false, unexpected: true, webhookFailures: 0, kept: false, answer: [String(error)], sentAt },
        ok: false,
      };
    }
  }
  async function next(): Promise<Sample[]> {
    if (at === 'lost') {
      // Lost its way three times in a row: it waits out the run.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      return [];
    }
    const step = stepAt(at);
    if (!step) throw new Error(`no step ${String(at)}`);
    const { sample: done, ok } = await send(step);
    if (ok) {
      at = following(at);
      return [done];
    }
    const samples = [done];
    for (let attempt = 0; attempt < 3; attempt++) {
      const sentAt = performance.now();
      const back = await recover(chat, round, ANSWER_TIMEOUT_MS);
      samples.push(sample('/menu (finding the way back)', chatId, sentAt, back.answered));
      if (back.at !== undefined) {
        at = back.at;
        return samples;
      }
    }
    at = 'lost';
    return samples;
  }
  const loggedIn = () => typeof at === 'number';
  return {
    chat,
    next,
    get loggedIn() {
      return loggedIn();
    },
    async logIn() {
      const samples: Sample[] = [];
      while (!loggedIn() && at !== 'lost') samples.push(...(await next()));
      return samples;
    },
  };
}

/** Someone writing to an echo bot: each text is answered by the same text. */
export function echoDriver(chatId: number, api: FakeBotApi, webhook: Webhook): ChatDriver {
  const chat = new TelegramChat(chatId, api, webhook);
  let n = 0;
  return {
    chat,
    async next() {
      const text = `message ${++n} from ${chatId}`;
      const step: Step = { name: 'text', send: { text }, answer: new RegExp(`^${text}$`) };
      const sentAt = performance.now();
      const answered = await chat.text(text, completes(step), ANSWER_TIMEOUT_MS);
      return [sample(step, chatId, sentAt, answered)];
    },
  };
}
