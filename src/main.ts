// The composition root: reads the configuration, opens the database (an embedded
// PostgreSQL when DATABASE_URL is unset) and starts what is configured.
import { openRuntime } from './infra/runtime';
import { runCli } from './cli/run-cli';

await runCli(async (config, log) => {
  const runtime = await openRuntime(config, log, { seedDemo: true });
  const stop = async () => {
    await runtime.close();
  };
  log.info(`ready on ${runtime.embeddedDatabase ? 'the embedded PostgreSQL in ' + config.database.dataDir : 'DATABASE_URL'} with the ${runtime.licenses.name} license provider; today is ${await runtime.today()}`);
  await stop();
});
