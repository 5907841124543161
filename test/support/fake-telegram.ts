// A fake Telegram Bot API server on loopback, reached by the real telegraf client through its
// `apiRoot` option (TELEGRAM_API_ROOT). It answers the methods the product calls the way
// Telegram does, keeps the messages the bot sent (so edits and deletions show), serves
// queued updates to long polling, records every call, and can be told to fail calls.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface InlineButton {
  text: string;
  callback_data?: string;
  url?: string;
}

export interface Markup {
  inline_keyboard: InlineButton[][];
}

/** One Bot API call as the fake saw it. */
export interface ApiCall {
  method: string;
  body: Record<string, unknown>;
  at: number;
  /** The HTTP status answered: 200, or the error code the call was told to fail with. */
  status: number;
  /** The path before /bot<token>/ (a Bot API server behind a proxy at /tg: '/tg'). */
  prefix: string;
}

/** A message the bot sent, as it stands now (after edits). */
export interface BotMessage {
  chatId: number;
  messageId: number;
  text: string;
  markup?: Markup;
  deleted: boolean;
}

export type Failure = 429 | 403 | 400 | 404 | 500 | 502;

const FAILURES: Record<Failure, object> = {
  500: { ok: false, error_code: 500, description: 'Internal Server Error' },
  502: { ok: false, error_code: 502, description: 'Bad Gateway' },
  429: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } },
  403: { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' },
  400: { ok: false, error_code: 400, description: 'Bad Request: something is wrong' },
  // What the Bot API answers for a method it does not have (an older or partial server).
  404: { ok: false, error_code: 404, description: 'Not Found' },
};

export const BOT_USER = { id: 123456, is_bot: true, first_name: 'Orders', username: 'threecx_orders_bot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false } as const;

export interface FakeTelegramOptions {
  /** How long getUpdates waits for an update before it answers [] (real Telegram: `timeout` seconds). */
  pollWaitMs?: number;
  /** A delay before every answer, as on a real network: makes interleaving visible. */
  latencyMs?: number;
  /** The only token the fake accepts (others are answered 401 Unauthorized, as Telegram does); any by default. */
  token?: string;
  /**
   * setWebhook refuses a URL that is not https, as api.telegram.org does; by default it takes
   * any, as a self-hosted Bot API server started with --local does.
   */
  httpsWebhooksOnly?: boolean;
  /** The port to listen on (a fixed one: the Bot API coming up after the bot); any free one by default. */
  port?: number;
}

export async function startFakeTelegram(options: FakeTelegramOptions = {}) {
  const pollWaitMs = options.pollWaitMs ?? 100;
  let latencyMs = options.latencyMs ?? 0;
  const calls: ApiCall[] = [];
  const messages: BotMessage[] = [];
  const updates: Array<{ update_id: number }> = [];
  const waiting = new Set<() => void>();
  const failures: Array<{ method: string; code: Failure; skip: number; times: number; chatId?: number }> = [];
  const blocked = new Set<number>();
  let nextMessageId = 1;
  let webhook = '';

  const server = createServer((req, res) => {
    void serve(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^(.*)\/bot([^/]+)\/(\w+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    const raw = await readBody(req);
    if (!match?.[3]) return answer(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const method = match[3];
    const body = parseBody(req.headers['content-type'] ?? '', raw);
    const call: ApiCall = { method, body, at: Date.now(), status: 200, prefix: match[1] ?? '' };
    calls.push(call);
    if (options.token !== undefined && match[2] !== options.token) {
      call.status = 401;
      return answer(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    }
    if (latencyMs > 0) await sleep(latencyMs);

    const chatId = body.chat_id === undefined ? undefined : Number(body.chat_id);
    if (chatId !== undefined && blocked.has(chatId) && method !== 'getUpdates') {
      call.status = 403;
      return answer(res, 403, FAILURES[403]);
    }
    const failure = failures.find((f) => f.method === method && f.times > 0 && (f.chatId === undefined || f.chatId === chatId));
    if (failure && failure.skip > 0) failure.skip--;
    else if (failure) {
      failure.times--;
      call.status = failure.code;
      return answer(res, failure.code, FAILURES[failure.code]);
    }
    const result = await respond(method, body, res);
    if (result === undefined) return; // the poll was abandoned
    if ('notFound' in result) {
      // Telegram's answer to a method it does not have.
      call.status = 404;
      return answer(res, 404, FAILURES[404]);
    }
    if ('error' in result) {
      call.status = 400;
      return answer(res, 400, { ok: false, error_code: 400, description: result.error });
    }
    answer(res, 200, { ok: true, result: result.ok });
  }

  async function respond(method: string, body: Record<string, unknown>, res: ServerResponse): Promise<{ ok: unknown } | { error: string } | { notFound: true } | undefined> {
    const chatId = Number(body.chat_id);
    const found = () => messages.find((m) => m.chatId === chatId && m.messageId === Number(body.message_id) && !m.deleted);
    switch (method) {
      case 'getMe':
        return { ok: BOT_USER };
      case 'setMyCommands':
      case 'answerCallbackQuery':
        return { ok: true };
      case 'setWebhook':
        if (options.httpsWebhooksOnly && !String(body.url ?? '').startsWith('https://')) return { error: 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook' };
        webhook = String(body.url ?? '');
        return { ok: true };
      case 'deleteWebhook':
        webhook = '';
        return { ok: true };
      case 'getWebhookInfo':
        return { ok: { url: webhook, has_custom_certificate: false, pending_update_count: updates.length } };
      case 'sendMessage': {
        const text = String(body.text ?? '');
        if (text.trim() === '') return { error: 'Bad Request: message text is empty' };
        if (text.length > 4096) return { error: 'Bad Request: message is too long' };
        const invalid = keyboardProblem(body.reply_markup);
        if (invalid) return { error: invalid };
        const message: BotMessage = { chatId, messageId: nextMessageId++, text, markup: markupOf(body.reply_markup), deleted: false };
        messages.push(message);
        return { ok: telegramMessage(message) };
      }
      case 'sendDocument': {
        const message: BotMessage = { chatId, messageId: nextMessageId++, text: String(body.caption ?? ''), deleted: false };
        messages.push(message);
        const file = body.document as { filename?: string; size?: number } | string | undefined;
        const name = typeof file === 'object' ? file.filename : 'document';
        return { ok: { ...telegramMessage(message), document: { file_id: `file-${message.messageId}`, file_unique_id: `u${message.messageId}`, file_name: name } } };
      }
      case 'editMessageText': {
        const message = found();
        if (!message) return { error: 'Bad Request: message to edit not found' };
        const invalid = keyboardProblem(body.reply_markup);
        if (invalid) return { error: invalid };
        const markup = markupOf(body.reply_markup);
        if (message.text === body.text && JSON.stringify(message.markup) === JSON.stringify(markup)) {
          return { error: 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message' };
        }
        message.text = String(body.text ?? '');
        message.markup = markup;
        return { ok: telegramMessage(message) };
      }
      case 'editMessageReplyMarkup': {
        const message = found();
        if (!message) return { error: 'Bad Request: message to edit not found' };
        message.markup = markupOf(body.reply_markup);
        return { ok: telegramMessage(message) };
      }
      case 'deleteMessage': {
        // The user's own messages are not kept here: deleting one of those just succeeds.
        const message = found();
        if (message) message.deleted = true;
        return { ok: true };
      }
      case 'getUpdates':
        return poll(Number(body.offset ?? 0), Number(body.limit ?? 100), res);
      default:
        return { notFound: true };
    }
  }

  /** Long polling: confirms updates below `offset`, answers what is queued, or [] after a short wait. */
  async function poll(offset: number, limit: number, res: ServerResponse): Promise<{ ok: unknown } | undefined> {
    while (updates.length > 0 && (updates[0]?.update_id ?? 0) < offset) updates.shift();
    if (updates.length === 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiting.delete(done);
          resolve();
        };
        const timer = setTimeout(done, pollWaitMs);
        waiting.add(done);
        res.once('close', done);
      });
      if (res.destroyed) return undefined;
    }
    return { ok: updates.slice(0, limit) };
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    messages,
    /** The URL the bot last set as its webhook ('' when none). */
    webhook: () => webhook,
    /** Calls of one method (all of them, failed ones too). */
    callsOf: (method: string) => calls.filter((c) => c.method === method),
    /** The next `times` calls of `method` (to `chatId`, or any chat), after letting `skip` through, fail with `code`. */
    failNext(method: string, code: Failure, options: { times?: number; skip?: number; chatId?: number } = {}) {
      failures.push({ method, code, skip: options.skip ?? 0, times: options.times ?? 1, chatId: options.chatId });
    },
    /** The user of a private chat blocked the bot: every call to that chat answers 403 until unblocked. */
    block(chatId: number) {
      blocked.add(chatId);
    },
    unblock(chatId: number) {
      blocked.delete(chatId);
    },
    /** Queues an update for long polling. */
    queueUpdate(update: { update_id: number }) {
      updates.push(update);
      for (const wake of [...waiting]) wake();
    },
    /** The updates not yet confirmed by a getUpdates offset. */
    pendingUpdates: () => [...updates],
    setLatency(ms: number) {
      latencyMs = ms;
    },
    async close() {
      for (const wake of [...waiting]) wake();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeTelegram = Awaited<ReturnType<typeof startFakeTelegram>>;

function telegramMessage(m: BotMessage) {
  return {
    message_id: m.messageId,
    date: Math.floor(Date.now() / 1000),
    chat: m.chatId > 0 ? { id: m.chatId, type: 'private', first_name: 'User' } : { id: m.chatId, type: 'group', title: 'Group' },
    from: BOT_USER,
    text: m.text,
    ...(m.markup ? { reply_markup: m.markup } : {}),
  };
}

/** What Telegram answers for an inline keyboard it refuses: callback_data is 1-64 bytes, a button has a text and one action. */
function keyboardProblem(value: unknown): string | undefined {
  const markup = (typeof value === 'string' ? JSON.parse(value) : value) as Markup | undefined;
  for (const button of markup?.inline_keyboard?.flat() ?? []) {
    if (typeof button.text !== 'string' || button.text === '') return 'Bad Request: text buttons are unallowed in the inline keyboard';
    if (button.callback_data !== undefined && (Buffer.byteLength(button.callback_data) < 1 || Buffer.byteLength(button.callback_data) > 64)) return 'Bad Request: BUTTON_DATA_INVALID';
    if (button.url !== undefined) {
      // api.telegram.org takes http(s) and tg links only, and no host without a dot (localhost, a container's name).
      const url = URL.canParse(button.url) ? new URL(button.url) : undefined;
      if (!url || !['http:', 'https:', 'tg:'].includes(url.protocol)) return `Bad Request: inline keyboard button URL '${button.url}' is invalid: Unsupported URL protocol`;
      if (url.protocol !== 'tg:' && !url.hostname.includes('.')) return `Bad Request: inline keyboard button URL '${button.url}' is invalid: Wrong HTTP URL`;
    }
  }
  return undefined;
}

/** A keyboard as Telegram keeps it: an empty one is no keyboard. Multipart sends it as a JSON string. */
function markupOf(value: unknown): Markup | undefined {
  const markup = (typeof value === 'string' ? JSON.parse(value) : value) as Markup | undefined;
  return markup?.inline_keyboard?.some((row) => row.length > 0) ? markup : undefined;
}

export function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Telegraf posts JSON, or multipart/form-data when a call uploads a file (sendDocument). */
export function parseBody(contentType: string, raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) return {};
  const boundary = /boundary=([^;]+)/.exec(contentType)?.[1];
  if (!contentType.startsWith('multipart/form-data') || !boundary) return JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
  const body: Record<string, unknown> = {};
  for (const part of raw.toString('latin1').split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const headers = part.slice(0, split);
    const content = part.slice(split + 4).replace(/\r\n$/, '');
    const name = /name="([^"]+)"/.exec(headers)?.[1];
    const filename = /filename="([^"]+)"/.exec(headers)?.[1];
    if (!name) continue;
    body[name] = filename ? { filename, size: Buffer.byteLength(content, 'latin1') } : Buffer.from(content, 'latin1').toString('utf8');
  }
  return body;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
