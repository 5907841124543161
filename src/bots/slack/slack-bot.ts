// The Slack channel: Slack's events and button presses become conversation inputs, replies
// become Block Kit messages. Bolt stays inside this folder: nothing else in the product
// imports it. Events arrive on the product's one HTTP listener (POST /slack/events, signed
// with the signing secret) or, with an app-level token, over Socket Mode.
//
// One workspace (SLACK_BOT_TOKEN) or many (installed through OAuth, see install.ts): every
// Web API call takes its workspace's token from one look-up, `workspace(team)`, whether it
// answers an event, a button or a command, publishes a home page or delivers a notification
// (a chat's workspace is remembered when the bot first hears from it).
import { createHash } from 'node:crypto';
import { App, isValidSlackRequest, webApi, type Receiver, type ReceiverEvent } from '@slack/bolt';
import { continuesPrivately } from '../../conversation/buttons';
import type { ConversationEngine, ConversationKey } from '../../conversation/engine';
import type { Input } from '../../conversation/input';
import type { Reply } from '../../conversation/reply';
import { t } from '../../conversation/wording';
import type { HttpRequest, HttpResponse, Route } from '../../infra/http/server';
import type { Logger } from '../../infra/log';
import type { Attachment, DeliveryOutcome } from '../../jobs/notifier';
import { oneAtATime, pacePerChat } from '../in-order';
import { NO_NOTICE, SLOW_NOTICE_AFTER_MS, slowNotice } from '../slow-notice';
import { HOME_LOGIN_ACTION, renderHome } from './home';
import { PASSWORD_ACTION, passwordFormOf, renderReply, type PasswordForm, type SlackMessage } from './render';
import { keepConnecting, type ChannelAdapter } from '../channel';
import { boltLogger } from './bolt-logger';
import { slackInstallRoutes, type SlackInstallOptions } from './install';
import type { SlackWorkspaceStore, UninstallEvent } from './workspace-store';

export const EVENTS_PATH = '/slack/events';
const PASSWORD_VIEW = 'password_form';
const PASSWORD_BLOCK = 'password';
const PASSWORD_INPUT = 'value';
/** Slack wants an answer within 3 seconds; a request not acknowledged by then is answered empty. */
const ACK_DEADLINE_MS = 2_500;
const PER_CHANNEL_INTERVAL_MS = 1_000;
/** A direct-message channel's id: buttons of the App Home act there. */
const DIRECT_MESSAGES = /^D[A-Z0-9]{2,}$/;
/** How many opened home pages are kept up to date. */
const MAX_HOMES = 50_000;
/** How many chats' workspaces are kept in memory (the rest are read from the store). */
const MAX_CHATS = 50_000;
/** How many installed workspaces' clients are kept (the rest are made again when needed). */
const MAX_CLIENTS = 10_000;
/** Errors after which a channel is not written to again until someone writes from it. */
const GONE = new Set(['channel_not_found', 'is_archived', 'not_in_channel', 'account_inactive', 'user_disabled', 'team_access_not_granted']);

export interface SlackBotOptions {
  /** One workspace's bot token; with `workspaces` as well, the token of the workspaces not installed through OAuth. */
  botToken?: string;
  /** Many workspaces: the installations (OAuth) and the workspace of each chat. */
  workspaces?: SlackWorkspaceStore;
  /** The install flow's routes (/slack/install, /slack/oauth_redirect), with `workspaces`. */
  install?: Omit<SlackInstallOptions, 'store' | 'apiUrl' | 'log'>;
  /** Events over HTTP, checked with this secret. */
  signingSecret?: string;
  /** Events over Socket Mode instead of HTTP. */
  appToken?: string;
  /** Another Web API base URL (a test server); Slack's own by default. */
  apiUrl?: string;
  engine: ConversationEngine;
  log: Logger;
  /** Called when a channel cannot be written to any more: it is not messaged again until it writes. */
  onBlocked(chatId: string): Promise<void>;
  /** Called when a channel writes to the bot: it can be messaged again. */
  onActive?(chatId: string): Promise<void>;
  /**
   * A direct message still unanswered after this long (a busy database, many logins at once) is
   * answered once "busy, your message is kept" first (default 5 s).
   */
  slowNoticeAfterMs?: number;
  /** Known bot identity: skips the auth.test call (tests); with `workspaces`, `botTeamId` too. */
  botUserId?: string;
  botId?: string;
  botTeamId?: string;
}

export interface SlackBot extends ChannelAdapter {
  /** The route Slack's Events API and interactivity requests are sent to (HTTP mode; also `routes()` then). */
  eventsRoute(): Route;
  /**
   * Delivers a notification, tried once: a rate limit answers `retry` with Slack's Retry-After.
   * An attachment (the invoice PDF) is shared in the channel after the message.
   */
  deliver(chatId: string, replies: Reply[], attachment?: Attachment): Promise<DeliveryOutcome>;
}

/** Hands Bolt the requests that arrive on the product's own HTTP server. */
class ProductReceiver implements Receiver {
  app: App | undefined;
  init(app: App): void {
    this.app = app;
  }
  start(): Promise<void> {
    return Promise.resolve();
  }
  stop(): Promise<void> {
    return Promise.resolve();
  }
}

/** What the listeners read of Bolt's context: the workspace, and its clients when authorised by `authorize`. */
interface RequestContext {
  teamId?: string;
  [key: string]: unknown;
}

/** A workspace's two clients: replies retry a little, notifications not at all (the queue does). */
interface Clients {
  replies: webApi.WebClient;
  notifier: webApi.WebClient;
  /** The token came from an installation (OAuth), not SLACK_BOT_TOKEN. */
  installed: boolean;
  /** The workspace of an installation's token. */
  team: string | undefined;
}

/** The workspace's bot identity in a request's authorisation; none when the app is not installed there. */
class NotInstalled extends Error {}

/** SLACK_BOT_TOKEN's workspace when there are many: asked once with auth.test. */
type BotTokenWorkspace = { kind: 'known'; team: string; botUserId: string; botId: string | undefined } | { kind: 'refused'; why: string };

export function createSlackBot(options: SlackBotOptions): SlackBot {
  const { log, workspaces } = options;
  if (!options.botToken && !workspaces) throw new Error('the Slack bot needs a bot token or the installed workspaces');
  const receiver = options.appToken ? undefined : new ProductReceiver();
  // The client appends the method name to the base URL: it must end in a slash.
  const clientOptions = options.apiUrl ? { slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/` } : {};
  // The installations' clients by token, the most recently used last: a workspace forgotten
  // takes its clients along, and past the bound the least recently used go (made again when needed).
  const clientsByToken = new Map<string, Clients>();
  function clientsFor(token: string, installed: boolean, team?: string): Clients {
    let clients = clientsByToken.get(token);
    if (clients) {
      clientsByToken.delete(token);
      clientsByToken.set(token, clients);
    } else {
      clients = {
        // Replies: a reply that Slack keeps refusing is given up on after a few seconds, not half an hour.
        replies: new webApi.WebClient(token, { ...clientOptions, retryConfig: { retries: 2, maxRetryTime: 10_000 }, logger: boltLogger(log) }),
        // Notifications are tried once and rescheduled by the queue: no waiting inside a worker.
        notifier: new webApi.WebClient(token, { ...clientOptions, rejectRateLimitedCalls: true, retryConfig: { retries: 0 }, logger: boltLogger(log) }),
        installed,
        team,
      };
      clientsByToken.set(token, clients);
      if (clientsByToken.size > MAX_CLIENTS) clientsByToken.delete(clientsByToken.keys().next().value as string);
    }
    return clients;
  }
  const defaultClients = options.botToken ? clientsFor(options.botToken, false) : undefined;
  if (options.botToken) clientsByToken.delete(options.botToken);

  // With many workspaces, SLACK_BOT_TOKEN answers its own workspace only (auth.test names it):
  // any other is answered by its installation or not at all. A token Slack refuses loses that
  // one workspace; the installed ones go on.
  let botTokenWorkspace: BotTokenWorkspace | undefined =
    options.botUserId && options.botTeamId ? { kind: 'known', team: options.botTeamId, botUserId: options.botUserId, botId: options.botId } : undefined;
  let askingBotToken: Promise<BotTokenWorkspace> | undefined;
  /** SLACK_BOT_TOKEN's workspace, asked once (again while Slack cannot be reached: that throws). */
  async function botTokenTeam(): Promise<BotTokenWorkspace | undefined> {
    if (!defaultClients) return undefined;
    if (botTokenWorkspace) return botTokenWorkspace;
    const clients = defaultClients;
    askingBotToken ??= (async (): Promise<BotTokenWorkspace> => {
      try {
        const me = await clients.notifier.auth.test();
        if (!me.team_id || !me.user_id) throw new Error('auth.test named no workspace or bot user');
        return { kind: 'known', team: me.team_id, botUserId: me.user_id, botId: me.bot_id };
      } catch (error) {
        const code = slackError(error);
        if (!REJECTED_CREDENTIALS.has(code)) throw error;
        log.error(`slack: Slack rejected SLACK_BOT_TOKEN (${code}): its workspace is not answered; the installed workspaces are. Copy the token again from the app's settings at api.slack.com/apps, or remove it, then restart.`);
        return { kind: 'refused', why: code };
      }
    })().finally(() => {
      askingBotToken = undefined;
    });
    const found = await askingBotToken;
    // An uninstall heard meanwhile has the last word.
    botTokenWorkspace ??= found;
    return botTokenWorkspace;
  }

  /**
   * The one look-up of a workspace's token: its installation's, else SLACK_BOT_TOKEN's (one
   * workspace, or the one it belongs to); undefined when the app is not installed there. A
   * request's clients are found by Bolt's authorisation (`authorize`), a notification's by
   * its chat's workspace; both ask here.
   */
  async function workspace(team: string | undefined): Promise<{ clients: Clients; botUserId?: string; botId?: string } | undefined> {
    if (!workspaces) return defaultClients && { clients: defaultClients };
    if (team) {
      const installation = await workspaces.installation(team);
      if (installation) return { clients: clientsFor(installation.botToken, true, team), botUserId: installation.botUserId, botId: installation.botId };
    }
    const own = await botTokenTeam();
    if (!defaultClients || own?.kind !== 'known') return undefined;
    // A chat whose workspace was never recorded (a STAFF_CHAT not yet heard from) is tried with it too.
    if (team === undefined || team === own.team) return { clients: defaultClients, botUserId: own.botUserId, ...(own.botId ? { botId: own.botId } : {}) };
    return undefined;
  }

  /** The clients of the request in `context` (put there by `authorize`; SLACK_BOT_TOKEN's with it alone). */
  function clientsIn(context: RequestContext): Clients {
    const clients = (context.clients as Clients | undefined) ?? defaultClients;
    if (!clients) throw new Error('a Slack request was not authorised with a workspace');
    return clients;
  }

  // The workspace of each chat the bot has heard from, so that a notification to it goes out
  // with that workspace's token (kept in the store; the latest ones in memory as well).
  const chatTeams = new Map<string, string>();
  async function remember(chatId: string, team: string | undefined): Promise<void> {
    if (!workspaces || !team || chatTeams.get(chatId) === team) return;
    await workspaces.rememberChat(chatId, team);
    chatTeams.set(chatId, team);
    if (chatTeams.size > MAX_CHATS) chatTeams.delete(chatTeams.keys().next().value as string);
  }
  async function teamOfChat(chatId: string): Promise<string | undefined> {
    if (!workspaces) return undefined;
    return chatTeams.get(chatId) ?? (await workspaces.teamOf(chatId));
  }

  /** Forgets a workspace whose app was uninstalled or whose bot token was revoked. */
  async function forget(team: string | undefined, why: string, event: UninstallEvent): Promise<void> {
    if (!team) return;
    if (!workspaces) {
      log.error(`slack: ${why} in workspace ${team}; with SLACK_BOT_TOKEN alone the bot cannot answer there any more`);
      return;
    }
    const uninstalled = await workspaces.uninstall(team, event);
    switch (uninstalled.kind) {
      case 'forgotten':
        break;
      case 'kept':
        log.info(`slack: ${why} in workspace ${team}, but ${uninstalled.why === 'installed_since' ? 'it installed the app again since' : 'that was not the installed bot'}: its installation is kept`);
        return;
      default: {
        const never: never = uninstalled;
        throw new Error(`unexpected ${String(never)}`);
      }
    }
    // SLACK_BOT_TOKEN's own workspace: its token is dead too.
    if (botTokenWorkspace?.kind === 'known' && botTokenWorkspace.team === team && (!event.botUserIds || event.botUserIds.includes(botTokenWorkspace.botUserId))) {
      botTokenWorkspace = { kind: 'refused', why };
    }
    for (const [token, clients] of clientsByToken) if (clients.team === team) clientsByToken.delete(token);
    for (const [chat, chatTeam] of chatTeams) if (chatTeam === team) chatTeams.delete(chat);
    for (const [chat, home] of homes) if (home.team === team) homes.delete(chat);
    log.info(`slack: ${why} in workspace ${team}: its installation is removed and ${uninstalled.unlinked} Slack identities unlinked`);
  }

  /** Posts a message to a channel, or inside one of its threads (`thread`: the ts of the thread's first message). */
  async function post(client: webApi.WebClient, channel: string, message: SlackMessage, thread?: string): Promise<void> {
    await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, ...(thread ? { thread_ts: thread } : {}) });
  }

  /** Sends replies to a channel (inside `thread`, when the input came from one) in order; stops at a channel that is gone. */
  async function send(repliesClient: webApi.WebClient, channel: string, replies: Reply[], thread?: string): Promise<void> {
    for (const reply of replies) {
      for (const message of renderReply(reply)) {
        try {
          await post(repliesClient, channel, message, thread);
        } catch (error) {
          if (GONE.has(slackError(error))) return options.onBlocked(channel);
          throw error;
        }
      }
      // A file (an invoice PDF, a statement) is shared after its message.
      if (reply.document) await share(repliesClient, channel, { filename: reply.document.filename, content: Buffer.from(reply.document.content) }, thread);
    }
  }

  /** Shares a file in a channel; a file that cannot be shared is logged (its message is out). */
  async function share(client: webApi.WebClient, channel: string, file: { filename: string; content: Buffer }, thread?: string): Promise<void> {
    try {
      const upload = { channel_id: channel, file: file.content, filename: file.filename, title: file.filename };
      await client.filesUploadV2(thread ? { ...upload, thread_ts: thread } : upload);
    } catch (error) {
      log.warn(`slack: the file ${file.filename} could not be shared in ${channel}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Tells a direct message that its input is kept (the input waits for a busy product); whether it was sent. */
  async function stillWorking(client: webApi.WebClient, channel: string, thread?: string): Promise<boolean> {
    try {
      for (const message of renderReply({ text: t.stillWorking, buttons: [], secret: false })) await post(client, channel, message, thread);
      return true;
    } catch (error) {
      log.warn(`slack: the "busy, kept" notice could not be sent to ${channel}: ${slackError(error)}`);
      return false;
    }
  }

  // One channel's inputs are handled and answered in order (the database lock covers the state itself).
  const inOrder = oneAtATime<string>();

  /**
   * Handles an input from the workspace of `context` and answers it with that workspace's token:
   * in the channel, or inside the thread it came from (`thread`), as a person would answer it.
   */
  async function handle(context: RequestContext, key: ConversationKey, input: Input, inputId: string, privateChat: boolean, thread?: string): Promise<void> {
    const clients = clientsIn(context);
    await remember(key.chatId, context.teamId);
    await inOrder(key.chatId, async () => {
      const notice = privateChat ? slowNotice(options.slowNoticeAfterMs ?? SLOW_NOTICE_AFTER_MS, () => stillWorking(clients.replies, key.chatId, thread)) : NO_NOTICE;
      const handled = await options.engine.handleInput(key, input, { inputId, privateChat }).finally(() => notice.stop());
      if (handled.duplicate) return;
      await options.onActive?.(key.chatId);
      // A bot cannot delete a user's message on Slack: the user is asked to.
      await send(clients.replies, key.chatId, handled.secretInput ? [{ text: t.login.deletePasswordYourself, buttons: [], secret: false }, ...handled.replies] : handled.replies, thread);
    });
    await refreshHome(clients.replies, key.chatId);
  }

  // Users whose App Home was opened, by their direct-message channel: their home page is
  // published again when something of theirs changes (an input of theirs, a notification).
  const homes = new Map<string, { user: string; team: string | undefined }>();
  // One publication at a time per user, each reading the state afresh: the last one shown is the newest.
  const homeInOrder = oneAtATime<string>();

  /** Publishes the home page of `user`, whose direct messages with the bot are `channel`. */
  async function publishHome(client: webApi.WebClient, channel: string, user: string): Promise<void> {
    const view = await options.engine.home({ channel: 'slack', chatId: channel, userId: user });
    await client.views.publish({ user_id: user, view: renderHome(view, channel) });
  }

  /** The home page again after a change, if its user opened it; a failure is logged (the next opening shows it). */
  async function refreshHome(client: webApi.WebClient, channel: string): Promise<void> {
    const user = homes.get(channel)?.user;
    if (!user) return;
    try {
      await homeInOrder(channel, () => publishHome(client, channel, user));
    } catch (error) {
      log.warn(`slack: the home page of ${user} could not be refreshed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * The Bolt app, built once the bot's identity is known (given, or asked with auth.test), so
   * that Slack being unreachable at start-up never stops the rest of the product.
   */
  let app: App | undefined;
  function build(identity: { botUserId: string; botId: string } | undefined): App {
    const built = new App({
      // Many workspaces: each request is authorised with its workspace's installation.
      ...(workspaces ? { authorize } : { token: options.botToken, ...identity }),
      ...(receiver ? { receiver } : { socketMode: true, appToken: options.appToken }),
      clientOptions: { ...clientOptions, retryConfig: { retries: 2, maxRetryTime: 10_000 } },
      logger: boltLogger(log),
    });
    wire(built);
    return built;
  }

  /**
   * Bolt's authorisation of a request of workspace `teamId`: its installation, else
   * SLACK_BOT_TOKEN in its own workspace. The clients found go into the request's context for the listeners.
   */
  async function authorize({ teamId }: { teamId?: string }) {
    const found = await workspace(teamId);
    if (!found) throw new NotInstalled(`the app is not installed in Slack workspace ${teamId ?? '(none named)'}`);
    const { botUserId, botId } = found;
    return { botToken: found.clients.replies.token as string, ...(botUserId ? { botUserId } : {}), ...(botId ? { botId } : {}), ...(teamId ? { teamId } : {}), clients: found.clients };
  }

  function wire(app: App): void {
    // Direct messages; in channels the bot listens only when it is mentioned.
    app.message(async ({ message, body, context }) => {
      if (!('user' in message) || !message.user || ('bot_id' in message && message.bot_id)) return;
      // A direct message (its channel id starts with D even where channel_type is left out).
      if (message.channel_type !== 'im' && !(message.channel_type === undefined && message.channel.startsWith('D'))) return;
      const input = inputOfMessage(message);
      if (!input) return;
      await handle(context, { channel: 'slack', chatId: message.channel, userId: message.user }, input, eventInputId(body, message), true, threadOf(message));
    });

    app.event('app_mention', async ({ event, body, context }) => {
      // A mention in a direct message also arrives as that message: it is handled there.
      if (!event.user || event.bot_id || event.channel.startsWith('D')) return;
      const text = typedText(event.text);
      await handle(context, { channel: 'slack', chatId: event.channel, userId: event.user }, { kind: 'text', text: text || '/menu' }, eventInputId(body, event), false, threadOf(event));
    });

    app.action({ type: 'block_actions' }, async ({ ack, body, action, context }) => {
      await ack();
      // A button of the App Home acts in the user's direct messages, which its view names.
      const home = body.view?.type === 'home' && DIRECT_MESSAGES.test(body.view.private_metadata) ? body.view.private_metadata : undefined;
      const channel = body.channel?.id ?? (body.container as { channel_id?: string } | undefined)?.channel_id ?? home;
      if (action.type !== 'button' || !channel) return;
      const user = body.user.id;
      const inputId = onceId(`${channel}:${action.action_ts}:${user}`, body);
      // A button of a message inside a thread is answered in that thread (not one of the App Home: it has none).
      const thread = home ? undefined : threadOf(body.container ?? {}) ?? threadOf(body.message ?? {});
      if (action.action_id === PASSWORD_ACTION) {
        await clientsIn(context).replies.views.open({ trigger_id: body.trigger_id, view: passwordView({ channel, thread }, passwordFormOf(action.value)) });
        return;
      }
      if (action.action_id === HOME_LOGIN_ACTION) {
        await handle(context, { channel: 'slack', chatId: channel, userId: user }, { kind: 'text', text: '/start' }, inputId, true);
        return;
      }
      if (!action.value) return;
      const privateChat = channel.startsWith('D');
      if (!privateChat && continuesPrivately(action.value)) {
        // An approval request in the team channel: whoever presses continues in their direct messages.
        const { replies } = clientsIn(context);
        const direct = (await replies.conversations.open({ users: user })).channel?.id;
        if (!direct) return;
        await replies.chat.postEphemeral({ channel, user, text: t.continuedInDirectMessages });
        await remember(channel, context.teamId);
        await handle(context, { channel: 'slack', chatId: direct, userId: user }, { kind: 'press', id: action.value }, inputId, true);
        return;
      }
      await handle(context, { channel: 'slack', chatId: channel, userId: user }, { kind: 'press', id: action.value }, inputId, privateChat, thread);
    });

    // The App Home tab, published afresh each time it is opened.
    app.event('app_home_opened', async ({ event, context }) => {
      if (event.tab !== 'home' || !DIRECT_MESSAGES.test(event.channel)) return;
      await remember(event.channel, context.teamId);
      homes.delete(event.channel);
      homes.set(event.channel, { user: event.user, team: context.teamId });
      // The oldest go first past a bound: they are published again when they are next opened.
      if (homes.size > MAX_HOMES) homes.delete(homes.keys().next().value as string);
      await homeInOrder(event.channel, () => publishHome(clientsIn(context).replies, event.channel, event.user));
    });

    // The slash command (/3cx): acknowledged at once, answered in the user's direct messages.
    app.command(/^\/./, async ({ ack, command, respond, context }) => {
      await ack();
      const opened = await clientsIn(context).replies.conversations.open({ users: command.user_id });
      const channel = opened.channel?.id;
      if (!channel) return;
      if (channel !== command.channel_id) await respond({ response_type: 'ephemeral', text: t.continuedInDirectMessages });
      await handle(context, { channel: 'slack', chatId: channel, userId: command.user_id }, { kind: 'text', text: typedText(command.text) || '/menu' }, onceId(`command:${command.trigger_id}`, command), true);
    });

    app.view(PASSWORD_VIEW, async ({ ack, body, view, context }) => {
      await ack();
      const where = PASSWORD_FORM_WHERE.exec(view.private_metadata);
      const password = view.state.values[PASSWORD_BLOCK]?.[PASSWORD_INPUT]?.value ?? '';
      if (!where?.[1]) return;
      await handle(context, { channel: 'slack', chatId: where[1], userId: body.user.id }, { kind: 'secret', text: password }, onceId(`view:${view.id}:${view.hash}`, body), true, where[2]);
    });

    // The app removed from a workspace, or its bot token revoked: the workspace is forgotten
    // and its members' Slack identities unlinked (Bolt delivers these without authorising them).
    // An event older than the installation (Slack may deliver it late) leaves the installation alone.
    app.event('app_uninstalled', async ({ context, body }) => {
      await forget(context.teamId ?? body.team_id, 'the app was uninstalled', { at: new Date(body.event_time * 1000) });
    });
    app.event('tokens_revoked', async ({ event, context, body }) => {
      const bots = event.tokens.bot ?? [];
      if (bots.length === 0) return;
      await forget(context.teamId ?? body.team_id, 'the bot token was revoked', { at: new Date(body.event_time * 1000), botUserIds: bots });
    });

    app.error(async (error) => {
      if ((error as { code?: unknown }).code === 'slack_bolt_authorization_error') {
        // A request from a workspace the app is not (or no longer) installed in: nobody to answer with.
        if ((error as { original?: unknown }).original instanceof NotInstalled) log.warn(`slack: a request left unanswered: ${error.message}`);
        // Anything else (a token that does not open with SLACK_TOKEN_KEY, the database) is the product's fault.
        else log.error(`slack: a request left unanswered: ${error.message}: ${String((error as { original?: unknown }).original)}`);
        return;
      }
      log.error(`slack event failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    });
  }
  if (options.botUserId && options.botId && !workspaces) app = build({ botUserId: options.botUserId, botId: options.botId });
  const installRoutes = workspaces && options.install ? slackInstallRoutes({ ...options.install, store: workspaces, apiUrl: options.apiUrl, log }) : [];

  // Slack allows about one message a second per channel: notifications keep that pace.
  const pace = pacePerChat(PER_CHANNEL_INTERVAL_MS);
  async function deliver(chatId: string, replies: Reply[], attachment?: Attachment): Promise<DeliveryOutcome> {
    const rejected = connection.rejected();
    if (rejected) return { kind: 'retry', afterMs: 10 * 60_000, reason: `the Slack channel is stopped: ${rejected}` };
    const team = await teamOfChat(chatId);
    const clients = (await workspace(team))?.clients;
    if (!clients) return { kind: 'unreachable', reason: team ? `the app is not installed in Slack workspace ${team}` : 'no Slack workspace known for this chat' };
    const wait = pace(chatId);
    if (wait > 0) return { kind: 'retry', afterMs: wait, reason: 'one message a second per channel' };
    const messages = replies.flatMap(renderReply);
    for (const [i, message] of messages.entries()) {
      try {
        await post(clients.notifier, chatId, message);
      } catch (error) {
        const code = slackError(error);
        // An installed workspace's token refused: that workspace is gone, not the whole channel.
        if (GONE.has(code) || (clients.installed && REJECTED_CREDENTIALS.has(code))) {
          await options.onBlocked(chatId);
          return { kind: 'unreachable', reason: code };
        }
        // SLACK_BOT_TOKEN refused beside installed workspaces: its workspace is gone, the others go on.
        if (workspaces && !clients.installed && REJECTED_CREDENTIALS.has(code)) {
          botTokenWorkspace = { kind: 'refused', why: code };
          log.error(`slack: Slack rejected SLACK_BOT_TOKEN (${code}): its workspace is not answered any more; the installed workspaces are`);
          return { kind: 'unreachable', reason: code };
        }
        const retryAfter = (error as { retryAfter?: unknown }).retryAfter;
        // Only before the first part went out: a retry would send the sent parts again.
        if (i === 0 && typeof retryAfter === 'number') return { kind: 'retry', afterMs: Math.max(1, retryAfter) * 1000, reason: 'slack rate limit' };
        throw error;
      }
    }
    // The message is out (and says the invoice is in Invoices): a file that fails is not sent again.
    if (attachment) await share(clients.notifier, chatId, attachment);
    await refreshHome(clients.notifier, chatId);
    return { kind: 'delivered' };
  }

  async function events(request: HttpRequest): Promise<HttpResponse> {
    const raw = request.rawBody.toString('utf8');
    const signed = options.signingSecret !== undefined && isValidSlackRequest({
      signingSecret: options.signingSecret,
      body: raw,
      headers: {
        'x-slack-signature': header(request, 'x-slack-signature'),
        'x-slack-request-timestamp': Number(header(request, 'x-slack-request-timestamp')),
      },
    });
    if (!signed) return { status: 401, body: 'invalid signature' };
    const body = parseBody(raw, header(request, 'content-type'));
    if (!body) return { status: 400, body: 'unreadable body' };
    // Slack checks the certificate of a slash command's URL with a request that only wants a 200.
    if (body.ssl_check === '1') return { status: 200, body: '' };
    if (body.type === 'url_verification' && typeof body.challenge === 'string') {
      return { status: 200, body: JSON.stringify({ challenge: body.challenge }), headers: { 'content-type': 'application/json' } };
    }
    const bolt = receiver?.app;
    if (!bolt) return { status: 503, body: 'not ready' };
    return new Promise<HttpResponse>((resolve) => {
      let answered = false;
      const answer = (response: HttpResponse) => {
        if (!answered) {
          answered = true;
          resolve(response);
        }
      };
      const timer = setTimeout(() => answer({ status: 200, body: '' }), ACK_DEADLINE_MS);
      const retryNum = Number(header(request, 'x-slack-retry-num'));
      const event: ReceiverEvent = {
        body,
        ...(Number.isInteger(retryNum) && retryNum > 0 ? { retryNum, retryReason: header(request, 'x-slack-retry-reason') } : {}),
        ack: async (response?: unknown) => {
          clearTimeout(timer);
          answer(response === undefined || response === '' ? { status: 200, body: '' } : { status: 200, body: JSON.stringify(response), headers: { 'content-type': 'application/json' } });
        },
      };
      bolt.processEvent(event).then(
        () => answer({ status: 200, body: '' }),
        (error: unknown) => {
          log.error(`slack: ${error instanceof Error ? error.message : String(error)}`);
          answer({ status: 200, body: '' });
        },
      ).finally(() => clearTimeout(timer));
    });
  }

  // Who the bot is (auth.test), asked again (after 1 s, then less often, every 30 s at most) while Slack cannot be reached.
  let listening = false;
  async function identify(): Promise<void> {
    if (!app) {
      if (workspaces) {
        // Many workspaces: each request is authorised with its workspace's identity, so a
        // refused or unreachable SLACK_BOT_TOKEN stops its own workspace only.
        app = build(undefined);
      } else if (defaultClients) {
        const me = await defaultClients.notifier.auth.test();
        if (!me.user_id || !me.bot_id) throw new Error('auth.test named no bot user');
        app = build({ botUserId: me.user_id, botId: me.bot_id });
      }
    }
    if (!app) throw new Error('the Slack bot needs a bot token or the installed workspaces');
    if (!listening) {
      if (options.appToken) {
        await app.start();
        log.info('slack: connected over Socket Mode');
      } else {
        log.info(`slack: events and interactivity at ${EVENTS_PATH}`);
      }
      listening = true;
    }
    if (workspaces) await checkWorkspaces(workspaces);
  }

  /** At start, with many workspaces: installations the key cannot open, and the bot token's old chats. */
  let checked = false;
  async function checkWorkspaces(store: SlackWorkspaceStore): Promise<void> {
    if (checked) return;
    const unreadable = await store.sealedWithOtherKeys();
    if (unreadable > 0) {
      log.error(`slack: ${unreadable} installed workspace(s) have bot tokens sealed with another key than SLACK_TOKEN_KEY: they are not answered. Set the key they were sealed with, or install the app in those workspaces again.`);
    }
    const own = await botTokenTeam();
    // The chats of SLACK_BOT_TOKEN's workspace from before each chat's workspace was recorded:
    // they are recorded now, so that they stay reachable once the workspace installs through OAuth.
    if (own?.kind === 'known') {
      const adopted = await store.adoptChats(own.team);
      if (adopted > 0) log.info(`slack: ${adopted} Slack chat(s) recorded as of SLACK_BOT_TOKEN's workspace ${own.team}`);
    }
    checked = true;
  }
  const connection = keepConnecting({
    name: 'slack', title: 'Slack', peer: 'Slack', log, connect: identify,
    // With many workspaces only SLACK_APP_TOKEN stops the channel (a refused SLACK_BOT_TOKEN loses its workspace).
    rejectedBy: (error) => (REJECTED_CREDENTIALS.has(slackError(error)) ? `Slack rejected ${options.appToken && (app || workspaces) ? 'SLACK_APP_TOKEN' : 'SLACK_BOT_TOKEN'} (${slackError(error)})` : undefined),
    advice: "Copy the token again from the app's settings at api.slack.com/apps, then restart.",
  });

  return {
    channel: 'slack',
    deliver,
    eventsRoute: () => ({ method: 'POST', path: EVENTS_PATH, handle: events }),
    routes: () => [...(options.appToken ? [] : [{ method: 'POST' as const, path: EVENTS_PATH, handle: events }]), ...installRoutes],
    start: () => connection.start(),
    async stop() {
      connection.stop();
      if (options.appToken && app) await app.stop();
    },
  };
}

/**
 * The form a password is typed into: it never appears in the chat's history. `choose`: a new
 * password chosen with a one-time code, titled so; `login`: the password to log in with.
 */
function passwordView(where: { channel: string; thread: string | undefined }, form: PasswordForm) {
  const words = form === 'choose'
    ? { title: t.login.newPasswordFormTitle, submit: t.login.newPasswordFormSubmit, label: t.login.newPasswordFormLabel }
    : { title: t.login.passwordFormTitle, submit: t.login.passwordFormSubmit, label: t.login.passwordFormLabel };
  return {
    type: 'modal' as const,
    callback_id: PASSWORD_VIEW,
    private_metadata: where.thread ? `${where.channel}/${where.thread}` : where.channel,
    title: { type: 'plain_text' as const, text: words.title },
    submit: { type: 'plain_text' as const, text: words.submit },
    close: { type: 'plain_text' as const, text: t.login.passwordFormCancel },
    blocks: [
      {
        type: 'input' as const,
        block_id: PASSWORD_BLOCK,
        label: { type: 'plain_text' as const, text: words.label },
        element: { type: 'plain_text_input' as const, action_id: PASSWORD_INPUT, max_length: 200 },
      },
    ],
  };
}

/**
 * What the user typed: Slack sends `&`, `<` and `>` escaped, links as `<url|label>` or `<url>`
 * (a company name "Smith & Sons" arrives as "Smith &amp; Sons"), and mentions as `<@U…>`,
 * which are left out ("@bot /menu" is "/menu").
 */
export function typedText(text: string): string {
  return text
    .replace(/<@[A-Z0-9]+(?:\|[^>]*)?>/g, '')
    .replace(/<((?:https?|mailto):[^|>]+)\|([^>]*)>/g, '$2')
    .replace(/<((?:https?|mailto):[^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}

/** The direct-message channel a password form answers in, and the thread in it (`D…` or `D…/<thread ts>`). */
const PASSWORD_FORM_WHERE = /^(D[A-Z0-9]+)(?:\/(\d+\.\d+))?$/;

/** The thread a message (or a pressed message) is in: the ts of the thread's first message; none outside threads. */
function threadOf(message: object): string | undefined {
  const thread = (message as { thread_ts?: unknown }).thread_ts;
  return typeof thread === 'string' && thread !== '' ? thread : undefined;
}

/**
 * What a user's direct message is to the conversation: its text (also a `/me` message, or a
 * thread reply sent to the channel too), or, for a file shared, something the assistant cannot
 * read. Other subtypes (an edit, a deletion, a bot's message, a member joining) are not a
 * user's input: undefined.
 */
function inputOfMessage(message: { subtype?: string; text?: string }): Input | undefined {
  if (message.subtype === undefined || TEXT_SUBTYPES.has(message.subtype)) return { kind: 'text', text: typedText(message.text ?? '') };
  return message.subtype === 'file_share' ? { kind: 'unreadable' } : undefined;
}
const TEXT_SUBTYPES = new Set(['me_message', 'thread_broadcast']);

/**
 * The id an event is handled once under: its event_id with a digest of the event (see onceId).
 */
export function eventInputId(body: unknown, event: { channel: string; ts: string }): string {
  const eventId = (body as { event_id?: unknown }).event_id;
  return onceId(typeof eventId === 'string' ? eventId : `${event.channel}:${event.ts}`, event);
}

/**
 * The id an input (an event, a press, a slash command, a submitted form) is handled once
 * under: Slack's id of it with a digest of what came. A redelivery carries the same content,
 * which this still recognises; but Slack's ids seen before with other content (a Slack
 * emulator started afresh, numbering its events, presses, triggers and views again) are a new
 * input, not one handled already. The digest is one-way, cut short and of the whole request
 * (a trigger_id included, which is not kept): a password in it (the password form) can be
 * neither read back nor guessed from the id.
 */
function onceId(slackId: string, content: unknown): string {
  return `${slackId}:${createHash('sha256').update(JSON.stringify(content)).digest('base64url').slice(0, 16)}`;
}

function header(request: HttpRequest, name: string): string {
  const value = request.headers[name];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
}

/** Events come as JSON, interactivity as a form with one `payload` field of JSON. */
function parseBody(raw: string, contentType: string): Record<string, unknown> | undefined {
  try {
    if (contentType.startsWith('application/x-www-form-urlencoded')) {
      // Interactivity sends one `payload` field of JSON; a slash command sends its fields as they are.
      const form = new URLSearchParams(raw);
      const payload = form.get('payload');
      if (payload) return JSON.parse(payload) as Record<string, unknown>;
      return form.has('command') || form.get('ssl_check') === '1' ? Object.fromEntries(form) : undefined;
    }
    const parsed = JSON.parse(raw) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Answers that mean the token itself is refused: asking again will not help. */
const REJECTED_CREDENTIALS = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'not_allowed_token_type']);

function slackError(error: unknown): string {
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === 'string' ? data.error : '';
}
