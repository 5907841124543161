// npm run demo:reset — empties the configured database and loads the demo data afresh,
// with its relative days resolved against today's clock (APP_TODAY / APP_NOW if set).
import { readDemoFixture } from '../infra/demo/demo-fixture';
import { emptyDatabase, loadDemo } from '../infra/demo/load-demo';
import { openRuntime } from '../infra/runtime';
import { runCli } from './run-cli';

await runCli(async (config, log) => {
  const runtime = await openRuntime(config, log, { seedDemo: false });
  try {
    const fixture = await readDemoFixture();
    const today = runtime.clock.today(fixture.distributor.timezone);
    await emptyDatabase(runtime.knex);
    await loadDemo(runtime.knex, fixture, today, runtime.hasher);
    log.info(`demo data loaded for ${today} into ${runtime.embeddedDatabase ? 'the embedded PostgreSQL' : 'DATABASE_URL'}`);
  } finally {
    await runtime.close();
  }
});
