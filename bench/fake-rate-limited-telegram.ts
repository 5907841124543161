// The test suite's fake Bot API (test/support/fake-telegram.ts) behind a loopback proxy that
// enforces Telegram's sending limits: at most `perSecond` messages in any sliding second
// over the whole bot, and at most one message per `perChatIntervalMs` to one chat. A call
// over either limit is answered 429 with `retry_after` (whole seconds, as Telegram does) and
// never reaches the fake; every other call is passed through unchanged.
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeTelegram, type FakeTelegramOptions } from '../test/support/fake-telegram';

/** The Bot API methods that send a message to a chat: the ones Telegram's limits count. */
const SENDING_METHODS = new Set(['sendMessage', 'sendDocument', 'sendPhoto', 'sendMediaGroup', 'copyMessage', 'forwardMessage']);

export interface RateLimits {
  /** Messages a second over the whole bot (Telegram: about 30). */
  perSecond: number;
  /** The least time between two messages to one chat (Telegram: about one a second). */
  perChatIntervalMs: number;
}

export const TELEGRAM_LIMITS: RateLimits = { perSecond: 30, perChatIntervalMs: 1_000 };

export interface RateLimitStats {
  /** Sending calls let through to the fake (each one a message sent), with when they arrived. */
  accepted: Array<{ chatId: string; at: number }>;
  /** 429s answered because the bot as a whole went over `perSecond`. */
  tooManyOverall: number;
  /** 429s answered because one chat got messages closer than `perChatIntervalMs`. */
  tooManyPerChat: number;
}

export async function startRateLimitedTelegram(limits: RateLimits = TELEGRAM_LIMITS, options: FakeTelegramOptions = {}) {
  const fake = await startFakeTelegram(options);
  const target = new URL(fake.url);
  const stats: RateLimitStats = { accepted: [], tooManyOverall: 0, tooManyPerChat: 0 };
  const window: number[] = []; // arrival times of the sends accepted in the last second
  const lastByChat = new Map<string, number>();

  /** Undefined when the call may go through; else the seconds to wait and which limit it hit. */
  function admit(chatId: string, now: number): { retryAfter: number; limit: 'overall' | 'chat' } | undefined {
    while (window.length > 0 && (window[0] ?? 0) <= now - 1_000) window.shift();
    const last = lastByChat.get(chatId);
    if (last !== undefined && now - last < limits.perChatIntervalMs) {
      return { retryAfter: Math.max(1, Math.ceil((last + limits.perChatIntervalMs - now) / 1_000)), limit: 'chat' };
    }
    if (window.length >= limits.perSecond) {
      return { retryAfter: Math.max(1, Math.ceil(((window[0] ?? now) + 1_000 - now) / 1_000)), limit: 'overall' };
    }
    window.push(now);
    lastByChat.set(chatId, now);
    stats.accepted.push({ chatId, at: now });
    return undefined;
  }

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error_code: 502, description: `proxy: ${String(error)}` }));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const method = /\/bot[^/]+\/(\w+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname)?.[1] ?? '';
    if (SENDING_METHODS.has(method)) {
      const chatId = chatIdOf(req.headers['content-type'] ?? '', body);
      const refused = chatId === undefined ? undefined : admit(chatId, Date.now());
      if (refused) {
        if (refused.limit === 'chat') stats.tooManyPerChat++;
        else stats.tooManyOverall++;
        const answer = { ok: false, error_code: 429, description: `Too Many Requests: retry after ${refused.retryAfter}`, parameters: { retry_after: refused.retryAfter } };
        res.writeHead(429, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
        return;
      }
    }
    await forward(req, body, res);
  }

  function forward(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    return new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: target.host, 'content-length': String(body.length) };
      delete headers['transfer-encoding'];
      const upstream = request({ hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', resolve);
        answer.on('error', reject);
      });
      upstream.on('error', reject);
      upstream.end(body);
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    /** The apiRoot to give the bot: the rate-limiting proxy. */
    url: `http://127.0.0.1:${port}`,
    limits,
    stats,
    /** The fake behind the proxy (its messages and calls). */
    fake,
    /** The most messages accepted in any one second (sliding), and the closest two messages to one chat. */
    observed() {
      const times = stats.accepted.map((a) => a.at).sort((a, b) => a - b);
      let busiest = 0;
      for (let start = 0, end = 0; end < times.length; end++) {
        while ((times[end] ?? 0) - (times[start] ?? 0) >= 1_000) start++;
        busiest = Math.max(busiest, end - start + 1);
      }
      const byChat = new Map<string, number[]>();
      for (const a of stats.accepted) byChat.set(a.chatId, [...(byChat.get(a.chatId) ?? []), a.at]);
      let closest = Number.POSITIVE_INFINITY;
      for (const list of byChat.values()) for (let i = 1; i < list.length; i++) closest = Math.min(closest, (list[i] ?? 0) - (list[i - 1] ?? 0));
      return { busiestSecond: busiest, closestPerChatMs: closest };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await fake.close();
    },
  };
}

export type RateLimitedTelegram = Awaited<ReturnType<typeof startRateLimitedTelegram>>;

/** chat_id of a Bot API call: a JSON body, or a multipart/form-data one (uploads). */
function chatIdOf(contentType: string, body: Buffer): string | undefined {
  if (body.length === 0) return undefined;
  if (contentType.startsWith('multipart/form-data')) {
    const match = /name="chat_id"\r\n(?:[^\r\n]*\r\n)*\r\n([^\r\n]*)\r\n/.exec(body.toString('latin1'));
    return match?.[1];
  }
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { chat_id?: unknown };
    return parsed.chat_id === undefined ? undefined : String(parsed.chat_id);
  } catch {
    return undefined;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
