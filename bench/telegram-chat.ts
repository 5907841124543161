// A simulated Telegram user in a private chat with a bot behind a webhook: it posts updates
// to the webhook as Telegram does (JSON, with the secret token; an update the webhook does
// not answer 2xx is posted again, as Telegram redelivers it) and waits for the bot's answer
// at the fake Bot API.
import { Agent, request } from 'node:http';
import type { Arrival, ChatMessage, FakeBotApi } from './fake-bot-api';

/** One keep-alive connection pool for every simulated chat of the run. */
const agent = new Agent({ keepAlive: true, maxSockets: Infinity, keepAliveMsecs: 10_000 });

/** Telegram's update ids only grow; every chat of a run draws from one counter. */
let nextUpdateId = 1;
let nextUserMessageId = 1;
let nextQueryId = 1;

export interface Webhook {
  url: string;
  secret: string;
}

export interface Answered {
  /** What arrived for the chat from the moment the update was posted until the answer was complete. */
  arrivals: Arrival[];
  /** ms from the first post of the update to the arrival that completed the answer. */
  latencyMs: number;
  /** The answer included the product's "something went wrong". */
  wentWrong: boolean;
  /** Nothing arrived: not within the wait, or not within the grace time after the webhook took the update. */
  timedOut: boolean;
  /** Something arrived, but not the expected answer. */
  unexpected: boolean;
  /** Posts of the update that the webhook answered with something else than 2xx (or not at all). */
  webhookFailures: number;
  /** The product said the message was kept waiting ("busy, your message is kept") before answering it. */
  kept: boolean;
}

/**
 * How long after the webhook took an update its answer may still come (a bot that answers
 * the webhook first and the chat later); after that, what arrived is not the expected answer.
 */
const GRACE_MS = 5_000;

/** The product's answer to an update it could not handle (src/conversation/i18n/common.en.ts). */
export const WENT_WRONG = /something went wrong on our side/;

/** The product's notice to a message kept waiting (src/conversation/i18n/common.en.ts, stillWorking). */
export const KEPT = /^I am very busy right now: your message is kept/;

export class TelegramChat {
  private arrivals: Arrival[] = [];
  private wake: (() => void) | undefined;
  /** The newest message of the bot with buttons (a press presses one of its buttons). */
  private keyboard: ChatMessage | undefined;
  private readonly stopListening: () => void;

  constructor(
    readonly chatId: number,
    private readonly api: FakeBotApi,
    private webhook: Webhook,
    private readonly firstName = 'Reseller',
  ) {
    this.stopListening = api.onArrival((arrival) => {
      if (arrival.chatId !== this.chatId) return;
      this.arrivals.push(arrival);
      if (arrival.message.buttons.length > 0) this.keyboard = arrival.message;
      this.wake?.();
    });
  }

  /** Where the next updates go (several instances behind one entry, or the entry moved). */
  useWebhook(webhook: Webhook): void {
    this.webhook = webhook;
  }

  close(): void {
    this.stopListening();
  }

  /** What arrived since the last update was sent (including what came after its answer). */
  lastArrivals(): Arrival[] {
    return [...this.arrivals];
  }

  /** The labels of the newest keyboard's buttons. */
  labels(): string[] {
    return this.keyboard?.buttons.flat().map((b) => b.text) ?? [];
  }

  /**
   * Sends texts typed one right after the other, none waiting for the bot's answer, then
   * waits until `complete` says all answers are there and every post was taken. As Telegram
   * delivers a chat's updates (`sequential`, the default), each update is posted when the
   * webhook has taken the one before; otherwise each is posted as soon as the one before is on
   * the wire, on a connection of its own (more than Telegram does). `redeliverFirst`: the
   * first update is posted once more at the end, as Telegram posts an update again when it
   * did not see the webhook take it (it must not be handled twice). Answers what arrived.
   */
  async burst(texts: string[], complete: (arrivals: Arrival[]) => boolean, timeoutMs: number, o: { sequential?: boolean; redeliverFirst?: boolean } = {}): Promise<{ arrivals: Arrival[]; timedOut: boolean; webhookFailures: number }> {
    const sequential = o.sequential ?? true;
    this.arrivals = [];
    const deadline = performance.now() + timeoutMs;
    let webhookFailures = 0;
    const answered = new Promise<void>((resolve) => {
      const check = () => {
        if (complete(this.arrivals)) resolve();
      };
      this.wake = check;
      check();
    });
    const deliver = async (body: string, written?: () => void) => {
      for (let attempt = 0; ; attempt++) {
        const status = await postJson(this.webhook, body, attempt === 0 ? written : undefined).catch(() => 0);
        if (status >= 200 && status < 300) return;
        webhookFailures++;
        if (performance.now() > deadline) return;
        await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 100 * (attempt + 1))));
      }
    };
    const updates = texts.map((text) => JSON.stringify(this.textUpdate(text)));
    if (o.redeliverFirst && updates[0] !== undefined) updates.push(updates[0]);
    const posts: Array<Promise<void>> = [];
    if (sequential) {
      posts.push((async () => {
        for (const body of updates) await deliver(body);
      })());
    } else {
      for (const body of updates) {
        let written!: () => void;
        const onTheWire = new Promise<void>((resolve) => (written = resolve));
        posts.push(deliver(body, written));
        await onTheWire;
      }
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      Promise.all([answered, ...posts]).then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    this.wake = undefined;
    return { arrivals: this.arrivals, timedOut, webhookFailures };
  }

  /** Sends a text message and waits until `complete` says the answer is all there. */
  text(text: string, complete: (arrivals: Arrival[]) => boolean, timeoutMs: number): Promise<Answered> {
    return this.post(this.textUpdate(text), complete, timeoutMs);
  }

  private textUpdate(text: string) {
    const command = /^\/\w+/.exec(text);
    return {
      update_id: nextUpdateId++,
      message: {
        message_id: nextUserMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: this.chatId, type: 'private', first_name: this.firstName },
        from: { id: this.chatId, is_bot: false, first_name: this.firstName },
        text,
        ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
      },
    };
  }

  /** Presses the button labelled `label` (or matching it) on the newest keyboard; throws when there is none. */
  press(label: string | RegExp, complete: (arrivals: Arrival[]) => boolean, timeoutMs: number): Promise<Answered> {
    const message = this.keyboard;
    const button = message?.buttons.flat().find((b) => (typeof label === 'string' ? b.text === label : label.test(b.text)));
    if (!message || !button?.callback_data) throw new Error(`chat ${this.chatId}: no button ${String(label)} in: ${this.labels().join(' | ') || '(no keyboard)'}`);
    const update = {
      update_id: nextUpdateId++,
      callback_query: {
        id: `q${nextQueryId++}`,
        from: { id: this.chatId, is_bot: false, first_name: this.firstName },
        chat_instance: `ci${this.chatId}`,
        data: button.callback_data,
        message: {
          message_id: message.messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: this.chatId, type: 'private', first_name: this.firstName },
          from: { id: 123456, is_bot: true, first_name: 'Orders' },
          text: message.text,
          reply_markup: { inline_keyboard: message.buttons },
        },
      },
    };
    return this.post(update, complete, timeoutMs);
  }

  /** Posts one update (again while the webhook fails) and waits for its complete answer. */
  private async post(update: { update_id: number }, complete: (arrivals: Arrival[]) => boolean, timeoutMs: number): Promise<Answered> {
    this.arrivals = [];
    const started = performance.now();
    const deadline = started + timeoutMs;
    let webhookFailures = 0;
    let answeredAt: number | undefined;
    const body = JSON.stringify(update);
    const answer = new Promise<void>((resolve) => {
      const check = () => {
        const all = this.arrivals;
        const last = all.at(-1);
        if (last && (complete(all) || all.some((a) => WENT_WRONG.test(a.message.text)))) {
          answeredAt ??= last.at;
          resolve();
        }
      };
      this.wake = check;
      check();
    });
    // Telegram posts an update until the webhook answers 2xx (here: at most until the deadline).
    const delivered = (async () => {
      for (;;) {
        const status = await postJson(this.webhook, body).catch(() => 0);
        if (status >= 200 && status < 300) return;
        webhookFailures++;
        if (performance.now() > deadline) return;
        await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 100 * webhookFailures)));
      }
    })();
    let timer: NodeJS.Timeout | undefined;
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all([answer, delivered]).then(() => 'answered' as const),
      delivered.then(() => new Promise<'unexpected'>((resolve) => {
        grace = setTimeout(() => resolve('unexpected'), Math.max(0, Math.min(GRACE_MS, deadline - performance.now())));
      })),
      new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    clearTimeout(grace);
    this.wake = undefined;
    const arrivals = this.arrivals;
    return {
      arrivals,
      latencyMs: (answeredAt ?? performance.now()) - started,
      wentWrong: arrivals.some((a) => WENT_WRONG.test(a.message.text)),
      // Nothing at all (the webhook took the update or not; the "kept" notice is no answer): lost;
      // something, but not the answer: another answer.
      timedOut: answeredAt === undefined && arrivals.every((a) => KEPT.test(a.message.text)),
      unexpected: answeredAt === undefined && arrivals.some((a) => !KEPT.test(a.message.text)),
      webhookFailures,
      kept: arrivals.some((a) => KEPT.test(a.message.text)),
    };
  }
}

/** POSTs a JSON body to the webhook; answers the HTTP status. `written`: called once the request is on the wire. */
function postJson(webhook: Webhook, body: string, written?: () => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(webhook.url);
    const req = request(
      {
        agent,
        hostname: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-telegram-bot-api-secret-token': webhook.secret },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', (error) => {
      written?.();
      reject(error);
    });
    req.end(body, () => written?.());
  });
}
