// The composition root: reads the configuration, opens the database (an embedded
// PostgreSQL when DATABASE_URL is unset) and starts what is configured: the Telegram bot
// (long polling, or a webhook when PUBLIC_URL is set) with the HTTP server, and the console
// chat when there is a terminal and no bot (or with `--chat`; `--jsonl` for scripts).
import { runHumanConsole } from './bots/console/human';
import { runJsonlConsole } from './bots/console/jsonl';
import { createTelegramBot, type TelegramBot } from './bots/telegram/telegram-bot';
import { conversationEngine, type ConversationEngine, type ConversationKey } from './conversation/engine';
import type { PaymentMethod } from './domain/orders/order';
import { createHttpServer, type Route } from './infra/http/server';
import { markChatReachable, markChatUnreachable } from './infra/store/identity-status';
import { knexConversationStore } from './infra/store/conversations';
import { openRuntime, type Runtime } from './infra/runtime';
import { runCli } from './cli/run-cli';

const args = process.argv.slice(2);
const jsonl = args.includes('--jsonl');
const chat = jsonl || args.includes('--chat');

function engineFor(runtime: Runtime): ConversationEngine {
  // Offline bank transfer is always offered; card and MultiSafepay join when they are configured.
  const paymentMethods: PaymentMethod[] = ['offline'];
  return conversationEngine({
    conversations: knexConversationStore(runtime.knex),
    licenses: runtime.licenses,
    hasher: runtime.hasher,
    clock: runtime.clock,
    paymentMethods,
    offlinePaymentDays: runtime.config.ordering.offlinePaymentDays,
    onError: (error, key) => runtime.log.error(`conversation ${key.channel}/${key.chatId} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`),
  });
}

await runCli(async (config, log) => {
  const runtime = await openRuntime(config, log, { seedDemo: true });
  const engine = engineFor(runtime);
  const stops: Array<() => Promise<void>> = [];
  try {
    log.info(`ready on ${runtime.embeddedDatabase ? 'the embedded PostgreSQL in ' + config.database.dataDir : 'DATABASE_URL'} with the ${runtime.licenses.name} license provider; today is ${await runtime.today()}`);
    const consoleKey: ConversationKey = { channel: 'console', chatId: 'local', userId: optionValue('--as') ?? 'local' };
    if (chat) {
      await runConsole(engine, consoleKey);
      return 0;
    }

    let telegram: TelegramBot | undefined;
    const routes: Route[] = [];
    if (config.telegram) {
      telegram = createTelegramBot({
        token: config.telegram.token, apiRoot: config.telegram.apiRoot, engine, log,
        onBlocked: (chatId) => markChatUnreachable(runtime.knex, 'telegram', chatId),
        onActive: (chatId) => markChatReachable(runtime.knex, 'telegram', chatId),
      });
      routes.push(telegram.webhookRoute());
      stops.push(() => telegram!.stop());
    }
    if (routes.length > 0 || config.http.publicUrl) {
      const http = createHttpServer(routes, log);
      const port = await http.listen(config.http.port);
      log.info(`http: listening on port ${port} (/healthz${routes.map((r) => ', ' + r.path).join('')})`);
      stops.push(() => http.close());
    }
    await telegram?.start({ publicUrl: config.http.publicUrl });

    if (!telegram && process.stdin.isTTY) {
      await runConsole(engine, consoleKey);
      return 0;
    }
    if (!telegram) {
      log.warn('no chat channel to run: no bot is configured and there is no terminal. Set TELEGRAM_BOT_TOKEN, run `npm start` in a terminal, or `npm run chat -- --jsonl` for the line protocol.');
      return 1;
    }
    await untilSignal(log);
    return 0;
  } finally {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => log.warn(`shutdown: ${String(error)}`));
    await runtime.close();
  }
});

function runConsole(engine: ConversationEngine, key: ConversationKey): Promise<void> {
  return jsonl
    ? runJsonlConsole(engine, key, { input: process.stdin, output: process.stdout })
    : runHumanConsole(engine, key, { input: process.stdin, output: process.stdout });
}

function untilSignal(log: { info(message: string): void }): Promise<void> {
  return new Promise((resolve) => {
    const done = (signal: string) => {
      log.info(`${signal}: shutting down`);
      resolve();
    };
    process.once('SIGTERM', () => done('SIGTERM'));
    process.once('SIGINT', () => done('SIGINT'));
  });
}

function optionValue(name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
