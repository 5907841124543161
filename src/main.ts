// The composition root: reads the configuration, opens the database (an embedded
// PostgreSQL when DATABASE_URL is unset), connects the job queues (Redis when REDIS_URL is
// set, BullMQ's PostgreSQL backend otherwise) and starts what is configured:
//   npm start           HTTP server (webhooks, /healthz) and job workers; the Telegram bot when
//                       TELEGRAM_BOT_TOKEN is set; the console chat when there is a terminal and no bot.
//   npm run chat [-- --jsonl]   the console chat (human, or the JSONL line protocol) and the workers.
import path from 'node:path';
import { documentsFolder } from './bots/console/documents';
import { runHumanConsole } from './bots/console/human';
import { runJsonlConsole, type NotificationFeed } from './bots/console/jsonl';
import { createTelegramBot, type TelegramBot } from './bots/telegram/telegram-bot';
import { conversationEngine, type ConversationEngine, type ConversationKey } from './conversation/engine';
import { createHttpServer, type Route } from './infra/http/server';
import { invoicePdfFor } from './infra/invoices/invoice-pdf';
import { pdfDocuments } from './infra/invoices/pdf-documents';
import { paymentSetup, type PaymentSetup } from './infra/payments/setup';
import { markChatReachable, markChatUnreachable } from './infra/store/identity-status';
import { knexConversationStore } from './infra/store/conversations';
import { openRuntime, type Runtime } from './infra/runtime';
import { consoleNotifier, type Notifiers } from './jobs/notifier';
import { runtimeJobs } from './jobs/runtime-jobs';
import type { Jobs } from './jobs/workers';
import { createSlackBot, type SlackBot } from './bots/slack/slack-bot';
import { runCli } from './cli/run-cli';
import { consoleRelay } from './infra/console-relay';
import { countedEngine } from './infra/observability/counted-engine';
import { countingErrors, prometheusMetrics } from './infra/observability/metrics';
import { operationsRoutes } from './infra/observability/routes';

const args = process.argv.slice(2);
const jsonl = args.includes('--jsonl');
const chat = jsonl || args.includes('--chat');

function engineFor(runtime: Runtime, payments: PaymentSetup, jobs: () => Jobs | undefined): ConversationEngine {
  return conversationEngine({
    // The queues start after the engine (their notifiers need the bots, the bots the engine).
    jobs: {
      deliver: async (ids) => jobs()?.deliver(ids),
      fulfil: async (ids) => void (await jobs()?.fulfil(ids, { by: 'staff' })),
    },
    conversations: knexConversationStore(runtime.knex),
    licenses: runtime.licenses,
    hasher: runtime.hasher,
    clock: runtime.clock,
    paymentMethods: payments.methods,
    gateways: payments.gateways,
    paymentUrls: payments.urls,
    offlinePaymentDays: runtime.config.ordering.offlinePaymentDays,
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
    const engine = countedEngine(engineFor(runtime, payments, () => queues.jobs), metrics);
    // A console's notifications reach it whichever process's worker takes them.
    const consoleFeed = await consoleRelay({ databaseUrl: runtime.databaseUrl, local: consoleNotifier(), log });
    stops.push(() => consoleFeed.close());
    const notifiers: Notifiers = { console: consoleFeed };

    let telegram: TelegramBot | undefined;
    if (config.telegram && !chat) {
      telegram = createTelegramBot({
        token: config.telegram.token, apiRoot: config.telegram.apiRoot, engine, log,
        onBlocked: (chatId) => markChatUnreachable(runtime.knex, 'telegram', chatId),
        onActive: (chatId) => markChatReachable(runtime.knex, 'telegram', chatId),
      });
      notifiers.telegram = telegram;
    }
    let slack: SlackBot | undefined;
    if (config.slack && !chat) {
      slack = createSlackBot({
        botToken: config.slack.botToken, signingSecret: config.slack.signingSecret, appToken: config.slack.appToken, apiUrl: config.slack.apiUrl, engine, log,
        onBlocked: (chatId) => markChatUnreachable(runtime.knex, 'slack', chatId),
        onActive: (chatId) => markChatReachable(runtime.knex, 'slack', chatId),
      });
      notifiers.slack = slack;
    }

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
    if (telegram) routes.push(telegram.webhookRoute());
    if (slack && !config.slack?.appToken) routes.push(slack.eventsRoute());
    const http = createHttpServer(routes, log);
    const port = await http.listen(config.http.port);
    log.info(`http: listening on port ${port} (${[...new Set(['/healthz', ...routes.map((r) => (r.prefix ? `${r.path}/…` : r.path))])].join(', ')})`);
    stops.push(() => http.close());
    await telegram?.start({ publicUrl: config.http.publicUrl });
    await slack?.start();
    // Stops run in reverse: the bots stop taking updates first, then the server, then the workers.
    if (telegram) stops.push(() => telegram!.stop());
    if (slack) stops.push(() => slack!.stop());

    if (!telegram && !slack && process.stdin.isTTY) {
      await Promise.race([runConsole(engine, consoleKey, consoleFeed, config.database.dataDir), shutdown.signalled]);
      return 0;
    }
    await shutdown.signalled;
    return 0;
  } finally {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => log.warn(`shutdown: ${String(error)}`));
    await runtime.close();
  }
});

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
