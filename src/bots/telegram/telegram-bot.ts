// The Telegram channel: turns updates into conversation inputs and renders the replies.
// Telegraf stays inside this folder: nothing else in the product imports it.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Telegraf } from 'telegraf';
import type { Message, MessageEntity, Update, UserFromGetMe } from 'telegraf/types';
import type { ConversationEngine, ConversationKey } from '../../conversation/engine';
import type { Input } from '../../conversation/input';
import type { Reply } from '../../conversation/reply';
import { t } from '../../conversation/wording';
import type { HttpRequest, HttpResponse, Route } from '../../infra/http/server';
import type { Logger } from '../../infra/log';
import type { DeliveryOutcome } from '../../jobs/notifier';
import { keepConnecting, RECONNECT_MS, type ChannelAdapter } from '../channel';
import { oneAtATime, pacePerChat } from '../in-order';
import { hasLinks, linksInText, MAX_CAPTION_LENGTH, MAX_MESSAGE_LENGTH, renderReply, type TelegramMessage } from './render';
import { NO_NOTICE, SLOW_NOTICE_AFTER_MS, slowNotice, type SlowNotice } from '../slow-notice';
import { apiErrorCode, DEFAULT_SEND_POLICY, isNotModified, isRefusedLink, sendWithRetry, type SendOutcome, type SendPolicy } from './sender';

export interface TelegramBotOptions {
  token: string;
  /** The server's public https address: the webhook is set there; without it, long polling. */
  publicUrl?: string;
  /** Another Bot API server (self-hosted, or a test server); Telegram's own by default. */
  apiRoot?: string;
  engine: ConversationEngine;
  log: Logger;
  /** Called when a chat blocked the bot (403): it is not messaged again until it writes. */
  onBlocked(chatId: string): Promise<void>;
  /** Called when a chat writes to the bot: it can be messaged again. */
  onActive?(chatId: string): Promise<void>;
  /** Known bot details: skips the getMe call (tests). */
  botInfo?: UserFromGetMe;
  sendPolicy?: SendPolicy;
  /** How long polling that stopped on an error waits before it starts again (default 30 s). */
  pollRetryMs?: number;
  /**
   * A message of a private chat still unanswered after this long (a busy database, many
   * logins at once) is answered once "busy, your message is kept" first (default 5 s).
   */
  slowNoticeAfterMs?: number;
  /**
   * The bot's turn to send a notification's message (Telegram's pace over the whole bot,
   * shared by every instance); without it, notifications are not paced here.
   */
  pace?: { take(): Promise<void>; spare(): Promise<boolean> };
}

export const WEBHOOK_PATH = '/telegram/webhook';

export type { DeliveryOutcome };

/** How many of the bot's group messages are remembered with the member they answered. */
const MAX_OWNERS = 50_000;

const ONCE: SendPolicy = { ...DEFAULT_SEND_POLICY, attempts: 1 };
const PER_CHAT_INTERVAL_MS = 1_000;
/** How long a file on its own waits, each time, while the bot is busy with messages. */
const FILE_RETRY_MS = 1_000;

/** The updates the bot handles: Telegram is asked for no others. */
const ALLOWED_UPDATES: Array<'message' | 'callback_query'> = ['message', 'callback_query'];

const COMMANDS = [
  { command: 'start', description: 'Start, or log in' },
  { command: 'menu', description: 'The main menu' },
  { command: 'cart', description: 'Your cart' },
  { command: 'help', description: 'What I can do' },
  { command: 'cancel', description: 'Stop what you are doing' },
  { command: 'back', description: 'One step back' },
];

export interface TelegramBot extends ChannelAdapter {
  /** Handles one update (from polling, the webhook, or a test). */
  handleUpdate(update: Update): Promise<void>;
  /** The webhook route for the shared HTTP server (also `routes()` when PUBLIC_URL is set). */
  webhookRoute(): Route;
  /** The secret Telegram sends in X-Telegram-Bot-Api-Secret-Token. */
  readonly webhookSecret: string;
  /**
   * Delivers a notification: tried once, so that the notifications queue decides about
   * waiting (a 429 answers `retry` with Telegram's retry_after) and never blocks a worker.
   */
  deliver(chatId: string, replies: Reply[], attachment?: { filename: string; content: Buffer }): Promise<DeliveryOutcome>;
}

/** Builds the Telegram bot. */
export function createTelegramBot(options: TelegramBotOptions): TelegramBot {
  const bot = new Telegraf(options.token, { telegram: { apiRoot: apiRootWithSlash(options.apiRoot ?? 'https://api.telegram.org') }, handlerTimeout: 120_000 });
  if (options.botInfo) bot.botInfo = options.botInfo;
  const api = bot.telegram;
  const log = options.log;
  const policy = options.sendPolicy ?? DEFAULT_SEND_POLICY;
  // Derived from the token, so every instance of the product agrees on it without a setting.
  const webhookSecret = createHash('sha256').update(`telegram-webhook:${options.token}`).digest('hex');
  let polling = false;

  /** Sends replies to a chat in order; stops at the first one that cannot be delivered. */
  async function send(chatId: number, replies: Reply[], owner?: number): Promise<void> {
    for (const reply of replies) {
      // A file goes as a document, its message as the caption (sent as text after it when too long for one).
      if (reply.document) {
        const { document } = reply;
        const caption = reply.text.length <= MAX_CAPTION_LENGTH ? reply.text : undefined;
        const sent = await sendWithRetry(() => api.sendDocument(chatId, { source: Buffer.from(document.content), filename: document.filename }, caption ? { caption } : {}), log, policy);
        if (sent.kind === 'blocked') return options.onBlocked(String(chatId));
        if (sent.kind === 'failed') log.error(`telegram sendDocument to ${chatId} failed`, { error: String(sent.error) });
        if (caption !== undefined && reply.buttons.length === 0) continue;
      }
      for (const message of renderReply(reply)) {
        const outcome = await sendMessage(chatId, message, policy);
        if (outcome.kind === 'sent' && owner !== undefined) rememberOwner(chatId, outcome.result, owner);
        if (outcome.kind === 'blocked') {
          await options.onBlocked(String(chatId));
          return;
        }
        if (outcome.kind === 'failed') {
          log.error(`telegram sendMessage to ${chatId} failed`, { error: String(outcome.error) });
          return;
        }
      }
    }
  }

  /**
   * Sends one message; a keyboard whose link the Bot API refuses (a payment page on a host
   * without a dot, say) is sent again with its links written into the text, so that the
   * message, and the way to pay, still reach the user.
   */
  async function sendMessage(chatId: number | string, message: TelegramMessage, sendPolicy: SendPolicy): Promise<SendOutcome<unknown>> {
    const outcome = await sendWithRetry(() => api.sendMessage(chatId, message.text, message.reply_markup ? { reply_markup: message.reply_markup } : {}), log, sendPolicy);
    if (outcome.kind !== 'failed' || !hasLinks(message) || !isRefusedLink(outcome.error)) return outcome;
    log.warn(`telegram refused a link button (${String(outcome.error)}); the link goes into the text`);
    let last: SendOutcome<unknown> = outcome;
    for (const plain of linksInText(message)) {
      last = await sendWithRetry(() => api.sendMessage(chatId, plain.text, plain.reply_markup ? { reply_markup: plain.reply_markup } : {}), log, sendPolicy);
      if (last.kind !== 'sent') return last;
    }
    return last;
  }

  // In a group, whom each of the bot's recent messages answered: a member pressing a button of
  // another member's message gets an answer of their own instead of having that message edited.
  const owners = new Map<string, number>();
  function rememberOwner(chatId: number, sent: unknown, owner: number): void {
    const messageId = (sent as { message_id?: unknown } | undefined)?.message_id;
    if (chatId > 0 || typeof messageId !== 'number') return;
    owners.set(`${chatId}:${messageId}`, owner);
    if (owners.size > MAX_OWNERS) owners.delete(owners.keys().next().value as string);
  }

  /**
   * A press answered by one short message edits the pressed message; otherwise its buttons go and
   * new messages follow. In a group, only the member the message answered has it edited (or its
   * buttons taken away); anyone else's press, or one on a message whose member is not known here
   * (a notification, another instance's message), is answered below it.
   */
  async function answerPress(chat: { id: number; type: string }, messageId: number, presser: number, replies: Reply[], noticed = false): Promise<void> {
    const chatId = chat.id;
    if (chat.type !== 'private' && owners.get(`${chatId}:${messageId}`) !== presser) return send(chatId, replies, presser);
    // After the "busy" notice the pressed message is no longer the last: the answer comes below it.
    const only = replies.length === 1 && !noticed ? replies[0] : undefined;
    if (only && only.text.length <= MAX_MESSAGE_LENGTH && !only.secret && !only.document) {
      const [message] = renderReply(only);
      const edited = await sendWithRetry(() => api.editMessageText(chatId, messageId, undefined, message?.text ?? ' ', message?.reply_markup ? { reply_markup: message.reply_markup } : {}), log, policy);
      if (edited.kind === 'sent' || (edited.kind === 'failed' && isNotModified(edited.error))) return rememberOwner(chatId, edited.kind === 'sent' ? edited.result : undefined, presser);
      if (edited.kind === 'blocked') return options.onBlocked(String(chatId));
    } else {
      await sendWithRetry(() => api.editMessageReplyMarkup(chatId, messageId, undefined, { inline_keyboard: [] }), log, policy);
    }
    await send(chatId, replies, presser);
  }

  // One chat's updates are handled and answered one after the other in this process, so
  // that the replies of two quick messages never interleave (the database lock covers the
  // conversation itself, across processes).
  const inOrder = oneAtATime<number>();

  /** In a private chat, an input not answered within slowNoticeAfterMs is told once that it is kept. */
  function noticeFor(chat: { id: number; type: string }): SlowNotice {
    if (chat.type !== 'private') return NO_NOTICE;
    return slowNotice(options.slowNoticeAfterMs ?? SLOW_NOTICE_AFTER_MS, () =>
      sendWithRetry(() => api.sendMessage(chat.id, t.stillWorking), log, ONCE).then((outcome) => outcome.kind === 'sent'));
  }

  /** Runs one input through the engine and hands its replies to `then` (in the chat's turn: see bot.handleUpdate below). */
  async function handle(update: Update, input: Input, chat: { id: number; type: string }, from: { id: number }, then: (replies: Reply[], secret: boolean, noticed: boolean) => Promise<void>): Promise<void> {
    const key: ConversationKey = { channel: 'telegram', chatId: String(chat.id), userId: String(from.id) };
    const notice = noticeFor(chat);
    const handled = await options.engine.handleInput(key, input, { inputId: telegramInputId(update), privateChat: chat.type === 'private' }).catch(async (error: unknown) => {
      await notice.stop();
      throw error;
    });
    const noticed = await notice.stop();
    if (handled.duplicate) return;
    await options.onActive?.(String(chat.id));
    await then(handled.replies, handled.secretInput, noticed);
  }

  // Callback queries answered as soon as their update arrives (before it waits its chat's turn), by query id.
  const answering = new Map<string, Promise<unknown>>();
  function answerQuery(id: string): Promise<unknown> {
    return sendWithRetry(() => api.answerCbQuery(id), log, policy);
  }

  /**
   * Telegraf's handling of an update, one chat's updates one after the other in the order they
   * came: taken in line before telegraf's middleware runs (it reaches a press's handler a few
   * steps later than a message's, which reordered a batch of getUpdates or simultaneous
   * webhook requests). A press is answered at once all the same, so its button stops spinning.
   */
  const telegrafHandleUpdate = bot.handleUpdate.bind(bot);
  bot.handleUpdate = (update, webhookResponse) => {
    const query = 'callback_query' in update ? update.callback_query : undefined;
    if (query) answering.set(query.id, answerQuery(query.id));
    const chatId = chatOf(update);
    const run = () => telegrafHandleUpdate(update, webhookResponse);
    const done = chatId === undefined ? run() : inOrder(chatId, run);
    return query ? done.finally(() => answering.delete(query.id)) : done;
  };

  bot.on('message', async (ctx) => {
    const message = ctx.message;
    if (!ctx.from || ctx.from.is_bot) return;
    if (!('text' in message)) {
      // A photo, a sticker, a file, …: told that only text and buttons are read. In a group,
      // only when it is addressed to the bot, so that the members' photos go unanswered.
      if (!USER_CONTENT.some((kind) => kind in message)) return;
      if (ctx.chat.type !== 'private' && !addressedTo(message, ctx.botInfo)) return;
      await handle(ctx.update, { kind: 'unreadable' }, ctx.chat, ctx.from, (replies) => send(ctx.chat.id, replies, ctx.from.id));
      return;
    }
    await handle(ctx.update, { kind: 'text', text: message.text }, ctx.chat, ctx.from, async (replies, secret) => {
      if (secret) {
        // The password must not stay in the chat history.
        const deleted = await sendWithRetry(() => api.deleteMessage(ctx.chat.id, message.message_id), log, policy);
        replies = [{ text: deleted.kind === 'sent' ? t.login.passwordDeleted : t.login.deletePasswordYourself, buttons: [], secret: false }, ...replies];
      }
      await send(ctx.chat.id, replies, ctx.from.id);
    });
  });

  bot.on('callback_query', async (ctx) => {
    const query = ctx.callbackQuery;
    // Answered when the update arrived (see bot.handleUpdate), so the button stops spinning whatever happens next.
    await (answering.get(query.id) ?? answerQuery(query.id));
    if (!('data' in query) || !query.message || !ctx.chat) return;
    const messageId = query.message.message_id;
    const chat = ctx.chat;
    await handle(ctx.update, { kind: 'press', id: query.data }, chat, query.from, (replies, _secret, noticed) => answerPress(chat, messageId, query.from.id, replies, noticed));
  });

  bot.catch((error) => log.error(`telegram update failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`));

  // Telegram allows about one message a second per chat: notifications to a chat keep that pace.
  const pace = pacePerChat(PER_CHAT_INTERVAL_MS);
  async function deliver(chatId: string, replies: Reply[], attachment?: { filename: string; content: Buffer }): Promise<DeliveryOutcome> {
    const rejected = connection.rejected();
    if (rejected) return { kind: 'retry', afterMs: REJECTED_RETRY_MS, reason: `the Telegram channel is stopped: ${rejected}` };
    // A file on its own (an invoice after its message) goes when messages are not waiting.
    if (replies.length === 0 && options.pace && !(await options.pace.spare())) return { kind: 'retry', afterMs: FILE_RETRY_MS, reason: 'a file waits while messages go' };
    const wait = pace(chatId);
    if (wait > 0) return { kind: 'retry', afterMs: wait, reason: 'one message a second per chat' };
    const calls: Array<() => Promise<unknown>> = [];
    for (const reply of replies) {
      for (const message of renderReply(reply)) calls.push(() => api.sendMessage(chatId, message.text, message.reply_markup ? { reply_markup: message.reply_markup } : {}));
    }
    if (attachment) calls.push(() => api.sendDocument(chatId, { source: attachment.content, filename: attachment.filename }));
    for (const [i, call] of calls.entries()) {
      // The first call may answer "retry later"; once a part is out, the rest waits its turn
      // here rather than sending the sent parts again on a retry.
      if (replies.length > 0 || i > 0) await options.pace?.take();
      const outcome = await sendWithRetry(call, log, i === 0 ? ONCE : { ...policy, maxRetryAfterSeconds: Math.min(policy.maxRetryAfterSeconds, 30) });
      if (outcome.kind === 'blocked') {
        await options.onBlocked(chatId);
        return { kind: 'unreachable', reason: 'the chat blocked the bot' };
      }
      if (outcome.kind === 'failed') {
        const retryAfter = (outcome.error as { response?: { error_code?: number; description?: string; parameters?: { retry_after?: number } } }).response;
        if (retryAfter?.error_code === 429) return { kind: 'retry', afterMs: Math.max(1, retryAfter.parameters?.retry_after ?? 1) * 1000, reason: 'telegram 429' };
        // A chat that is gone (deleted, or a group that became a supergroup) will not come back.
        if (retryAfter?.error_code === 400 && /chat not found|group chat was upgraded|chat_id is empty/i.test(retryAfter.description ?? '')) {
          await options.onBlocked(chatId);
          return { kind: 'unreachable', reason: retryAfter.description ?? 'chat not found' };
        }
        throw outcome.error instanceof Error ? outcome.error : new Error(String(outcome.error));
      }
    }
    return { kind: 'delivered' };
  }

  /**
   * Registers the commands, then sets the webhook or starts long polling. Only getMe decides
   * about the token: the commands are a convenience (a Bot API server without setMyCommands,
   * or one that refuses them, still gets the bot running), and a webhook the Bot API refuses
   * (api.telegram.org takes https only) leaves the bot on long polling, said in the log.
   */
  async function connect(): Promise<void> {
    if (!bot.botInfo) bot.botInfo = await api.getMe();
    await api.setMyCommands(COMMANDS).catch((error: unknown) => {
      log.warn(`telegram: the commands menu was not registered (${describe(error)}); the commands work all the same`);
    });
    if (options.publicUrl) {
      const url = new URL(WEBHOOK_PATH, options.publicUrl).toString();
      try {
        await api.setWebhook(url, { secret_token: webhookSecret, allowed_updates: ALLOWED_UPDATES });
        log.info(`telegram: webhook set to ${url} for @${bot.botInfo.username}`);
        return;
      } catch (error) {
        if (!refusedRequest(error)) throw error;
        log.error(`telegram: the Bot API refused the webhook ${url} (${describe(error)}); long polling instead (run one instance only, or set an https PUBLIC_URL)`);
      }
    }
    await api.deleteWebhook();
    startPolling();
    log.info(`telegram: long polling as @${bot.botInfo.username}`);
  }

  /**
   * Long polling until stopped: polling that ends on an answer telegraf does not wait out
   * itself (a 409 while another poller or a webhook holds the updates, a 400, the deleteWebhook
   * before it failing) starts again after a while instead of leaving the bot deaf.
   */
  let pollAgain: NodeJS.Timeout | undefined;
  function startPolling(): void {
    polling = true;
    bot.launch({ allowedUpdates: ALLOWED_UPDATES }).then(
      () => undefined,
      (error: unknown) => {
        if (!polling) return;
        if (apiErrorCode(error) === 401) {
          polling = false;
          log.error(`telegram: polling stopped: the Bot API rejected TELEGRAM_BOT_TOKEN (${describe(error)}); the Telegram channel is stopped. Copy the token again from @BotFather, then restart.`);
          return;
        }
        const seconds = Math.round((options.pollRetryMs ?? RECONNECT_MS) / 1000);
        log.error(`telegram: polling stopped (${describe(error)}); polling again in ${seconds} s`);
        pollAgain = setTimeout(() => {
          if (polling) startPolling();
        }, options.pollRetryMs ?? RECONNECT_MS);
        pollAgain.unref();
      },
    );
  }

  const connection = keepConnecting({
    name: 'telegram', title: 'Telegram', peer: 'the Bot API', log, connect,
    rejectedBy: (error) => {
      // 404 is a token of the wrong shape only from getMe: after it, a method the server lacks.
      const refusal = rejectedToken(error, bot.botInfo === undefined);
      return refusal ? `the Bot API rejected TELEGRAM_BOT_TOKEN (${refusal})` : undefined;
    },
    advice: 'Copy the token again from @BotFather (and check TELEGRAM_API_ROOT if it is set), then restart.',
  });

  return {
    channel: 'telegram',
    webhookSecret,
    deliver,
    handleUpdate: (update) => bot.handleUpdate(update),
    start: () => connection.start(),
    routes: () => (options.publicUrl ? [{ method: 'POST', path: WEBHOOK_PATH, handle: (request: HttpRequest) => webhook(request) }] : []),
    webhookRoute: () => ({
      method: 'POST',
      path: WEBHOOK_PATH,
      handle: (request) => webhook(request),
    }),
    async stop() {
      connection.stop();
      clearTimeout(pollAgain);
      if (polling) {
        polling = false;
        // Throws when polling never got going (its deleteWebhook failed): nothing to stop then.
        try {
          bot.stop('shutdown');
        } catch {
          // not running
        }
      }
    },
  };

  async function webhook(request: HttpRequest): Promise<HttpResponse> {
    const given = request.headers['x-telegram-bot-api-secret-token'];
    if (typeof given !== 'string' || !sameSecret(given, webhookSecret)) {
      log.warn('telegram webhook: a request without the right secret token was refused');
      return { status: 401, body: 'unauthorized' };
    }
    let update: Update;
    try {
      update = JSON.parse(request.rawBody.toString('utf8')) as Update;
    } catch {
      return { status: 400, body: 'not json' };
    }
    if (typeof update !== 'object' || update === null || typeof update.update_id !== 'number') return { status: 400, body: 'not an update' };
    await bot.handleUpdate(update);
    return { status: 200, body: 'ok' };
  }
}

/**
 * The id an update is handled once under: its update_id with a digest of the update. Telegram
 * sends an update again byte for byte (a webhook retried, a poll not confirmed), which this
 * still recognises; but update ids alone come round again (Telegram picks new ones after a
 * quiet week, a Bot API server or a test emulator started afresh counts from 1 again), and a
 * new message must not be taken for one handled earlier and go unanswered.
 */
export function telegramInputId(update: { update_id: number }): string {
  return `${update.update_id}:${createHash('sha256').update(JSON.stringify(update)).digest('base64url').slice(0, 16)}`;
}

/**
 * What a user sends that is not text (a message of none of these is a service message: a
 * member joined, a message was pinned, …, and is not answered).
 */
const USER_CONTENT = ['photo', 'sticker', 'document', 'voice', 'video', 'video_note', 'audio', 'animation', 'location', 'venue', 'contact', 'poll', 'dice', 'story', 'game', 'paid_media'] as const;

/** Whether a group message is addressed to the bot: a reply to one of its messages, or a caption that mentions it. */
function addressedTo(message: Message, me: UserFromGetMe): boolean {
  const { reply_to_message: replied, caption, caption_entities: entities } = message as { reply_to_message?: Message; caption?: string; caption_entities?: MessageEntity[] };
  if (replied?.from?.id === me.id) return true;
  const mention = `@${me.username}`.toLowerCase();
  return (entities ?? []).some((e) => e.type === 'mention' && caption?.slice(e.offset, e.offset + e.length).toLowerCase() === mention);
}

/** The chat an update belongs to (a message's, a pressed message's), if it is one the bot handles. */
function chatOf(update: Update): number | undefined {
  if ('message' in update) return update.message.chat.id;
  if ('callback_query' in update) return update.callback_query.message?.chat.id;
  return undefined;
}

/** Notifications for a channel whose token was refused wait this long (a restart with a good token sends them). */
const REJECTED_RETRY_MS = 10 * 60_000;

/**
 * telegraf resolves `./bot<token>/<method>` against the root: a root with a path (a Bot API
 * server behind a reverse proxy at /tg) keeps it only when the root ends in a slash.
 */
export function apiRootWithSlash(root: string): string {
  return root.endsWith('/') ? root : `${root}/`;
}

/** The Bot API's refusal of the token itself (401 Unauthorized; 404 for a token of the wrong shape, `byGetMe`), as "401 Unauthorized". */
function rejectedToken(error: unknown, byGetMe: boolean): string | undefined {
  const code = apiErrorCode(error);
  if (code !== 401 && !(code === 404 && byGetMe)) return undefined;
  return describe(error);
}

/** A request the Bot API refused (4xx other than 401 and 429): asking again the same way will not help. */
function refusedRequest(error: unknown): boolean {
  const code = apiErrorCode(error);
  return code !== undefined && code >= 400 && code < 500 && code !== 401 && code !== 429;
}

/** "400 Bad Request: …" for a Bot API answer, else the error's message. */
function describe(error: unknown): string {
  const response = (error as { response?: { error_code?: unknown; description?: unknown } } | undefined)?.response;
  if (typeof response?.error_code === 'number') return `${response.error_code} ${typeof response.description === 'string' ? response.description : ''}`.trim();
  return error instanceof Error ? error.message : String(error);
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
