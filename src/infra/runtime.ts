import type { Knex } from 'knex';
import type { Config } from '../config';
import type { LicenseProvider, PasswordHasher, Store } from '../domain/ports';
import { scryptHasher } from './auth/scrypt-hasher';
import { clockFromConfig, type Clock } from './clock';
import { createKnex, resolveDatabase } from './db/connection';
import { migrateToLatest } from './db/migrate';
import { readDemoFixture } from './demo/demo-fixture';
import { ensureDefaultCatalog, isDatabaseEmpty, loadDemo } from './demo/load-demo';
import { sandboxLicenseProvider } from './licensing/sandbox-provider';
import { threecxLicenseProvider } from './licensing/threecx-provider';
import type { Logger } from './log';
import { knexStore } from './store/knex-store';

/** Everything the channels and jobs share, built once by the composition root. */
export interface Runtime {
  config: Config;
  log: Logger;
  clock: Clock;
  knex: Knex;
  databaseUrl: string;
  embeddedDatabase: boolean;
  store: Store;
  licenses: LicenseProvider;
  hasher: PasswordHasher;
  /** The distributor's "today", in its time zone. */
  today(): Promise<string>;
  /** The distributor's time zone. */
  timeZone(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Opens the database (the configured one, or an embedded PostgreSQL), migrates it, and
 * builds the store and providers. With `seedDemo`, an empty database gets the demo data.
 */
export async function openRuntime(config: Config, log: Logger, options: { seedDemo: boolean }): Promise<Runtime> {
  const database = await resolveDatabase(config, log);
  // knex's own warnings (a pooled connection cut by a restarting server) go to the product's log.
  const knex = createKnex(database.url, { log });
  try {
    await migrateToLatest(knex);
    const clock = clockFromConfig(config);
    const hasher = scryptHasher();
    if (options.seedDemo && (await isDatabaseEmpty(knex))) {
      const fixture = await readDemoFixture();
      await loadDemo(knex, fixture, clock.today(fixture.distributor.timezone), hasher);
      log.info('loaded the demo data into the empty database (log in as demo / demo-pass-1)');
    }
    await ensureDefaultCatalog(knex);
    const store = knexStore(knex);
    let timeZone: string | undefined;
    const distributorTimeZone = async (): Promise<string> => {
      timeZone ??= ((await knex('distributor_settings').where({ id: 1 }).first('timezone'))?.timezone as string | undefined) ?? 'UTC';
      return timeZone;
    };
    return {
      config, log, clock, knex, store, hasher,
      databaseUrl: database.url,
      embeddedDatabase: database.embedded,
      licenses: licenseProvider(config, log),
      timeZone: distributorTimeZone,
      async today() {
        return clock.today(await distributorTimeZone());
      },
      async close() {
        await knex.destroy();
        await database.stop();
      },
    };
  } catch (error) {
    await knex.destroy();
    await database.stop();
    throw error;
  }
}

/** The sandbox, or the 3CX Order API with the partner key (config refuses 3cx without one). */
export function licenseProvider(config: Config, log: Logger): LicenseProvider {
  const { licenseProvider: kind, apiKey, baseUrl } = config.threecx;
  if (kind === 'sandbox') return sandboxLicenseProvider();
  if (!apiKey) throw new Error('LICENSE_PROVIDER=3cx needs THREECX_API_KEY');
  log.info(`licenses are ordered at 3CX (${baseUrl})`);
  return threecxLicenseProvider({ apiKey, baseUrl, log });
}
