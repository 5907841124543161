// npm run migrate [-- down] — brings the configured database to the latest schema, or with
// `down` rolls every migration back (this deletes all data).
import { createKnex, resolveDatabase } from '../infra/db/connection';
import { migrateToLatest, rollbackAll } from '../infra/db/migrate';
import { runCli } from './run-cli';

await runCli(async (config, log) => {
  const direction = process.argv[2] ?? 'up';
  if (direction !== 'up' && direction !== 'down') {
    log.error(`unknown direction "${direction}": use up or down`);
    return 2;
  }
  const database = await resolveDatabase(config, log);
  const knex = createKnex(database.url);
  try {
    if (direction === 'up') await migrateToLatest(knex);
    else await rollbackAll(knex);
    log.info(`migrations ${direction === 'up' ? 'applied' : 'rolled back'}`);
  } finally {
    await knex.destroy();
    await database.stop();
  }
});
