// A lean fake Telegram Bot API for load runs: answers the methods the product and a bare
// telegraf bot call, keeps each chat's messages (as they stand after edits) and tells a
// listener about every message sent or edited, with when it arrived. Unlike the test
// suite's fake (test/support/fake-telegram.ts) it keeps no log of every call and finds a
// message by its chat in constant time, so that thousands of updates a second stay cheap.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answer, BOT_USER, parseBody, readBody } from '../test/support/fake-telegram';

export interface Button {
  text: string;
  callback_data?: string;
}

/** A message the bot sent, as it stands now. */
export interface ChatMessage {
  messageId: number;
  text: string;
  buttons: Button[][];
  document?: string;
}

/** One message sent or edited, as the bot's answer to whatever the chat sent last. */
export interface Arrival {
  chatId: number;
  method: string;
  message: ChatMessage;
  /** performance.now() when the call arrived. */
  at: number;
}

export async function startFakeBotApi() {
  const chats = new Map<number, Map<number, ChatMessage>>();
  const listeners = new Set<(arrival: Arrival) => void>();
  const counts = new Map<string, number>();
  let nextMessageId = 1;
  let webhook: { url: string; secret: string } | undefined;
  let webhooksSet = 0;
  const webhookWaiters = new Set<() => void>();

  const server = createServer((req, res) => {
    void serve(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  server.keepAliveTimeout = 60_000;

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const method = /\/bot[^/]+\/(\w+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname)?.[1];
    if (!method) return answer(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    counts.set(method, (counts.get(method) ?? 0) + 1);
    const body = parseBody(req.headers['content-type'] ?? '', raw);
    const at = performance.now();
    const chatId = Number(body.chat_id);
    const messages = () => {
      let m = chats.get(chatId);
      if (!m) chats.set(chatId, (m = new Map()));
      return m;
    };
    const arrived = (message: ChatMessage) => {
      for (const listener of listeners) listener({ chatId, method, message, at });
    };
    switch (method) {
      case 'getMe':
        return answer(res, 200, { ok: true, result: BOT_USER });
      case 'setMyCommands':
      case 'answerCallbackQuery':
      case 'deleteWebhook':
        return answer(res, 200, { ok: true, result: true });
      case 'setWebhook':
        webhook = { url: String(body.url ?? ''), secret: String(body.secret_token ?? '') };
        webhooksSet++;
        for (const wake of [...webhookWaiters]) wake();
        return answer(res, 200, { ok: true, result: true });
      case 'sendMessage':
      case 'sendDocument': {
        const message: ChatMessage = {
          messageId: nextMessageId++,
          text: String(method === 'sendMessage' ? body.text ?? '' : body.caption ?? ''),
          buttons: buttonsOf(body.reply_markup),
          ...(method === 'sendDocument' ? { document: String((body.document as { filename?: string } | undefined)?.filename ?? 'document') } : {}),
        };
        messages().set(message.messageId, message);
        answer(res, 200, { ok: true, result: telegramMessage(chatId, message) });
        return arrived(message);
      }
      case 'editMessageText':
      case 'editMessageReplyMarkup': {
        const message = messages().get(Number(body.message_id));
        if (!message) return answer(res, 400, { ok: false, error_code: 400, description: 'Bad Request: message to edit not found' });
        if (method === 'editMessageText') message.text = String(body.text ?? '');
        message.buttons = buttonsOf(body.reply_markup);
        answer(res, 200, { ok: true, result: telegramMessage(chatId, message) });
        return arrived(message);
      }
      case 'deleteMessage':
        messages().delete(Number(body.message_id));
        return answer(res, 200, { ok: true, result: true });
      default:
        return answer(res, 400, { ok: false, error_code: 400, description: `Bad Request: the fake does not know ${method}` });
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Calls to `onArrival` for every message sent or edited; answers a function that stops it. */
    onArrival(listener: (arrival: Arrival) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** The chat's message with that id, as it stands now. */
    message: (chatId: number, messageId: number) => chats.get(chatId)?.get(messageId),
    /** Calls answered, by method. */
    counts: () => new Map(counts),
    /** Resolves with the webhook (address and secret token) once bots have set one `times` times in all (several instances). */
    webhook(times = 1): Promise<{ url: string; secret: string }> {
      return new Promise((resolve) => {
        const check = () => {
          if (webhook && webhooksSet >= times) {
            webhookWaiters.delete(check);
            resolve(webhook);
          }
        };
        webhookWaiters.add(check);
        check();
      });
    },
    /** Forgets the chats' messages (between runs). */
    forget(): void {
      chats.clear();
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeBotApi = Awaited<ReturnType<typeof startFakeBotApi>>;

function telegramMessage(chatId: number, m: ChatMessage) {
  return {
    message_id: m.messageId,
    date: Math.floor(Date.now() / 1000),
    chat: chatId > 0 ? { id: chatId, type: 'private', first_name: 'Reseller' } : { id: chatId, type: 'group', title: 'Group' },
    from: BOT_USER,
    text: m.text,
    ...(m.buttons.length > 0 ? { reply_markup: { inline_keyboard: m.buttons } } : {}),
  };
}

function buttonsOf(value: unknown): Button[][] {
  const markup = (typeof value === 'string' ? JSON.parse(value) : value) as { inline_keyboard?: Button[][] } | undefined;
  return markup?.inline_keyboard?.filter((row) => row.length > 0) ?? [];
}

