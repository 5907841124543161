// The composition root: reads the configuration, opens the database (an embedded
// PostgreSQL when DATABASE_URL is unset) and starts what is configured. With no bot
// configured and a terminal (or `--chat`), it opens the console chat on the demo data;
// `--jsonl` speaks the console's line protocol for scripts.
import { runHumanConsole } from './bots/console/human';
import { runJsonlConsole } from './bots/console/jsonl';
import { conversationEngine, type ConversationKey } from './conversation/engine';
import type { PaymentMethod } from './domain/orders/order';
import { knexConversationStore } from './infra/store/conversations';
import { openRuntime, type Runtime } from './infra/runtime';
import { runCli } from './cli/run-cli';

const args = process.argv.slice(2);
const jsonl = args.includes('--jsonl');
const chat = jsonl || args.includes('--chat');

function engineFor(runtime: Runtime) {
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
  try {
    log.info(`ready on ${runtime.embeddedDatabase ? 'the embedded PostgreSQL in ' + config.database.dataDir : 'DATABASE_URL'} with the ${runtime.licenses.name} license provider; today is ${await runtime.today()}`);
    const botConfigured = Boolean(config.telegram || config.slack);
    const consoleKey: ConversationKey = { channel: 'console', chatId: 'local', userId: optionValue('--as') ?? 'local' };
    if (chat || (!botConfigured && process.stdin.isTTY)) {
      const engine = engineFor(runtime);
      if (jsonl) await runJsonlConsole(engine, consoleKey, { input: process.stdin, output: process.stdout });
      else await runHumanConsole(engine, consoleKey, { input: process.stdin, output: process.stdout });
      return 0;
    }
    log.warn('no chat channel to run: no Telegram or Slack bot is configured and there is no terminal. Run `npm start` in a terminal, or `npm run chat -- --jsonl` for the line protocol.');
    return 1;
  } finally {
    await runtime.close();
  }
});

function optionValue(name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
