// The composition root: reads the configuration, opens the database (an embedded
// PostgreSQL when DATABASE_URL is unset), connects the job queues (Redis when REDIS_URL is
// set, BullMQ's PostgreSQL backend otherwise) and starts what is configured:
//   npm start           HTTP server (webhooks, /healthz) and job workers; the Telegram bot when
//                       TELEGRAM_BOT_TOKEN is set; the console chat when there is a terminal and no bot.
//   npm run chat [-- --jsonl]   the console chat (human, or the JSONL line protocol) and the workers.
import { invitationDesk } from './infra/store/admin/invitation-desk';
import { adminDesk } from './infra/store/admin/admin-desk';
import { viesChecker } from './infra/tax/vies-checker';
import path from 'node:path';
import { documentsFolder } from './bots/console/documents';
import { runHumanConsole } from './bots/console/human';
import { runJsonlConsole, type NotificationFeed } from './bots/console/jsonl';
import type { ChannelAdapter } from './bots/channel';
import { consoleChannel } from './bots/console/channel';
import { createTelegramBot } from './bots/telegram/telegram-bot';
import { conversationEngine, type ConversationEngine, type ConversationKey } from './conversation/engine';
import { createHttpServer, type Route } from './infra/http/server';
import { invoicePdfFor } from './infra/invoices/invoice-pdf';
import { pdfDocuments } from './infra/invoices/pdf-documents';
import { paymentSetup, type PaymentSetup } from './infra/payments/setup';
import { markChatUnreachable } from './infra/store/identity-status';
import { knexConversationStore } from './infra/store/conversations';
import { openRuntime, type Runtime } from './infra/runtime';
import { consoleNotifier, type Notifiers } from './jobs/notifier';
import { runtimeJobs } from './infra/runtime-jobs';
import type { Jobs } from './jobs/workers';
import { createSlackBot } from './bots/slack/slack-bot';
import { tokenCipher } from './infra/crypto/token-cipher';
import { knexSlackWorkspaces } from './infra/store/slack-workspaces';
import { sendPace, TELEGRAM_PACE } from './infra/store/send-pace';
import type { Config } from './config';
import type { Metrics } from './domain/metrics';
import type { Logger } from './infra/log';
import { runCli } from './cli/run-cli';
import { consoleRelay } from './infra/console-relay';
import { countedEngine } from './infra/observability/counted-engine';
import { countingErrors, prometheusMetrics } from './infra/observability/metrics';
import { operationsRoutes } from './infra/observability/routes';

const args = process.argv.slice(2);
const jsonl = args.includes('--jsonl');
const chat = jsonl || args.includes('--chat');

function engineFor(runtime: Runtime, payments: PaymentSetup, jobs: () => Jobs | undefined, metrics: Metrics): ConversationEngine {
  return conversationEngine({
    // The queues start after the engine (their notifiers need the bots, the bots the engine).
    jobs: {
      deliver: async (ids) => jobs()?.deliver(ids),
      fulfil: async (ids) => void (await jobs()?.fulfil(ids, { by: 'staff' })),
    },
    conversations: knexConversationStore(runtime.knex, { onBusy: () => metrics.databaseBusy() }),
    licenses: runtime.licenses,
    hasher: runtime.hasher,
    invitations: invitationDesk(runtime.knex, runtime.hasher),
    admin: adminDesk(runtime.knex, { hasher: runtime.hasher, telegramBot: runtime.config.telegramBotUsername ?? null, vatChecker: runtime.config.vatCheck ? viesChecker({ url: runtime.config.vatCheck.url }) : null }),
    clock: runtime.clock,
    paymentMethods: payments.methods,
    gateways: payments.gateways,
    paymentUrls: payments.urls,
    offlinePaymentDays: runtime.config.ordering.offlinePaymentDays,
    ...(runtime.config.staffChat ? { staffChat: runtime.config.staffChat } : {}),
    documents: pdfDocuments(runtime.knex, { sandbox: runtime.licenses.name === 'sandbox' }),
    onError: (error, key) => runtime.log.error(`conversation ${key.channel}/${key.chatId} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`),
  });
}

await runCli(async (config, cliLog, shutdown) => {
  const metrics = prometheusMetrics();
  const log = countingErrors(cliLog, metrics);
  const runtime = await openRuntime(config, log, { seedDemo: true });
  const stops: Array<() => Promise<void>> = [];
  try {
    const payments = paymentSetup(config, log);
    const queues: { jobs?: Jobs } = {};
    const engine = countedEngine(engineFor(runtime, payments, () => queues.jobs, metrics), metrics);
    // A console's notifications reach it whichever process's worker takes them.
    const consoleFeed = await consoleRelay({ databaseUrl: runtime.databaseUrl, local: consoleNotifier(), log });
    // Every channel is one adapter (its routes, start, stop, notifier): the console, and the
    // chat platforms that are configured.
    const platforms = chat ? [] : chatChannels(config, runtime, engine, log);
    const channels = [consoleChannel(consoleFeed), ...platforms];
    const notifiers: Notifiers = {};
    for (const channel of channels) notifiers[channel.channel] = channel;
    stops.push(() => consoleFeed.close());

    const started = await runtimeJobs(runtime, { work: true, notifiers, payments, invoicePdf: invoicePdfFor(runtime.knex, { sandbox: runtime.licenses.name === 'sandbox' }), metrics });
    queues.jobs = started;
    stops.push(() => started.close());
    log.info(`ready on ${runtime.embeddedDatabase ? 'the embedded PostgreSQL in ' + config.database.dataDir : 'DATABASE_URL'}, queues on ${started.backend}, ${runtime.licenses.name} license provider, payment methods: ${payments.methods.join(', ')}; today is ${await runtime.today()}`);

    // A console identity is a private chat: its chat and its user are one (reminders go to private chats only).
    const who = optionValue('--as') ?? 'local';
    const consoleKey: ConversationKey = { channel: 'console', chatId: who, userId: who };
    if (chat) {
      await Promise.race([runConsole(engine, consoleKey, consoleFeed, config.database.dataDir), shutdown.signalled]);
      return 0;
    }

    // Webhook signatures are timed by the real clock, whatever APP_TODAY or APP_NOW pretend.
    const routes: Route[] = [
      ...payments.routes((job) => started.confirmPayment(job), () => new Date()),
      ...operationsRoutes({ metrics, knex: runtime.knex, queues: started.queues, queuesHealthy: started.healthy, adminToken: config.admin.token }),
    ];
    for (const channel of channels) routes.push(...channel.routes());
    const http = createHttpServer(routes, log);
    const port = await http.listen(config.http.port);
    log.info(`http: listening on port ${port} (${[...new Set(['/healthz', ...routes.map((r) => (r.prefix ? `${r.path}/…` : r.path))])].join(', ')})`);
    stops.push(() => http.close());
    // Stops run in reverse: the bots stop taking updates first, then the server, then the workers.
    for (const channel of platforms) {
      await channel.start();
      stops.push(() => channel.stop());
    }

    if (platforms.length === 0 && process.stdin.isTTY) {
      await Promise.race([runConsole(engine, consoleKey, consoleFeed, config.database.dataDir), shutdown.signalled]);
      return 0;
    }
    // Nobody can chat with this process: say where to (a newcomer's `npm start` from a script or an IDE).
    if (platforms.length === 0) log.info('no chat here: no Telegram or Slack bot is configured and stdin is not a terminal. Chat with `npm run chat` beside this process (or run `npm start` in a terminal), or set TELEGRAM_BOT_TOKEN or SLACK_BOT_TOKEN');
    await shutdown.signalled;
    return 0;
  } finally {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => log.warn(`shutdown: ${String(error)}`));
    await runtime.close();
  }
});

/** The chat platforms the configuration names (Telegram, Slack), as channel adapters. */
function chatChannels(config: Config, runtime: Runtime, engine: ConversationEngine, log: Logger): ChannelAdapter[] {
  // A chat that writes again is marked reachable by the statement that starts its input.
  const reachability = (channel: 'telegram' | 'slack') => ({
    onBlocked: (chatId: string) => markChatUnreachable(runtime.knex, channel, chatId),
  });
  const channels: ChannelAdapter[] = [];
  if (config.telegram) {
    // Notifications keep Telegram's pace over the whole bot, whichever instance sends them.
    channels.push(createTelegramBot({ token: config.telegram.token, apiRoot: config.telegram.apiRoot, publicUrl: config.http.publicUrl, engine, log, pace: sendPace(runtime.knex, TELEGRAM_PACE), ...reachability('telegram') }));
  }
  if (config.slack) {
    const { botToken, signingSecret, appToken, apiUrl, oauth } = config.slack;
    // Many workspaces: installations in PostgreSQL, their tokens sealed with SLACK_TOKEN_KEY.
    const workspaces = oauth ? knexSlackWorkspaces(runtime.knex, tokenCipher(oauth.tokenKey)) : undefined;
    const install = oauth ? { clientId: oauth.clientId, clientSecret: oauth.clientSecret, redirectUrl: oauth.redirectUrl, now: () => new Date() } : undefined;
    channels.push(createSlackBot({ botToken, workspaces, install, signingSecret, appToken, apiUrl, engine, log, ...reachability('slack') }));
  }
  return channels;
}

function runConsole(engine: ConversationEngine, key: ConversationKey, notifications: NotificationFeed, dataDir: string): Promise<void> {
  // Files the chat sends (an invoice PDF, a statement) are written here; the message says where.
  const documents = documentsFolder(path.resolve(dataDir, 'documents'));
  return jsonl
    ? runJsonlConsole(engine, key, { input: process.stdin, output: process.stdout, notifications, documents })
    : runHumanConsole(engine, key, { input: process.stdin, output: process.stdout, notifications, documents });
}

function optionValue(name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
