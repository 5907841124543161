// Once per `vitest run`: find a PostgreSQL (DATABASE_URL, or an embedded one in
// .data/test-pg), migrate a template database to the latest migration, and hand both to the
// test files (test/support/db.ts clones the template for each file).
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { checkDatabase, createKnex, withDatabase } from '../../src/infra/db/connection';
import { closedAncestor, startEmbeddedPostgres, type EmbeddedPostgresHandle, type InfraLog } from '../../src/infra/db/embedded';
import { migrateToLatest } from '../../src/infra/db/migrate';
import { ackSummary } from './ack-log';
import { TEST_DATABASE_PATTERN, withAdmin } from './db';
import { freePort } from './http-helpers';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const log: InfraLog = {
  debug: () => undefined,
  info: (message) => console.log(`[global-setup] ${message}`),
  warn: (message) => console.warn(`[global-setup] ${message}`),
};

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await testServer();
  const prefix = `threecx_t_${process.pid}_`;
  const template = `threecx_tpl_${process.pid}_${randomBytes(4).toString('hex')}`;
  try {
    await removeLeftovers(server.url);
    await createTemplate(server.url, template);
  } catch (error) {
    await server.stop();
    throw error;
  }
  project.provide('databaseUrl', server.url);
  project.provide('templateDatabase', template);
  project.provide('testDatabasePrefix', prefix);
  const ackLog = path.join(os.tmpdir(), `threecx-slack-acks-${process.pid}.log`);
  await rm(ackLog, { force: true });
  project.provide('slackAckLog', ackLog);

  return async () => {
    const acks = ackSummary(ackLog);
    if (acks) console.log(`[global-setup] ${acks}`);
    await rm(ackLog, { force: true });
    try {
      await withAdmin(server.url, async (admin) => {
        const { rows } = await admin.query<{ datname: string }>(
          'select datname from pg_database where datname = $1 or starts_with(datname, $2)',
          [template, prefix],
        );
        for (const { datname } of rows) await dropDatabase(admin, datname, { force: true });
      });
    } finally {
      await server.stop();
    }
  };
}

interface TestServer {
  url: string;
  stop(): Promise<void>;
}

async function testServer(): Promise<TestServer> {
  const given = process.env.DATABASE_URL;
  if (given !== undefined && given !== '') {
    const knex = createKnex(given, { poolMax: 1 });
    try {
      await checkDatabase(knex); // never skip: a missing server fails the run, saying what to start
    } finally {
      await knex.destroy();
    }
    return { url: given, stop: async () => undefined };
  }
  return startTestEmbeddedPostgres();
}

/**
 * The embedded server in .data/test-pg (kept between runs: only the first run pays for
 * initdb). Should another run be using that folder right now, this run gets a folder of
 * its own, deleted afterwards.
 */
async function startTestEmbeddedPostgres(): Promise<TestServer> {
  // As root, the server runs as the user "postgres", who may not be able to enter the
  // folder the repository is in (a clone under /root, say); then it lives in the temp folder.
  const inRepo = `${repoRoot}.data/test-pg`;
  const usable = process.getuid?.() !== 0 || (await closedAncestor(inRepo)) === undefined;
  const shared = usable ? inRepo : path.join(os.tmpdir(), 'threecx-test-pg');
  let first: unknown;
  try {
    return await startOn(shared);
  } catch (error) {
    first = error;
  }
  const own = `${shared}-${process.pid}`;
  log.warn(`${shared} is not usable (${(first as Error).message.split('\n')[0]}); using ${own} for this run.`);
  try {
    const server = await startOn(own);
    return {
      url: server.url,
      stop: async () => {
        await server.stop();
        await rm(own, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(own, { recursive: true, force: true });
    throw new AggregateError([first, error], `Could not start an embedded PostgreSQL for the tests: ${(error as Error).message}`);
  }
}

async function startOn(dataDir: string): Promise<EmbeddedPostgresHandle> {
  return startEmbeddedPostgres({ dataDir, port: await freePort(), log, database: 'threecx_test', unsafeFastWrites: true });
}


async function createTemplate(serverUrl: string, template: string): Promise<void> {
  await withAdmin(serverUrl, (admin) => admin.query(`create database "${template}"`));
  const knex = createKnex(withDatabase(serverUrl, template), { poolMax: 1 });
  try {
    await migrateToLatest(knex);
  } finally {
    await knex.destroy();
  }
  // Nobody may connect to the template by mistake: that would make every clone fail.
  await withAdmin(serverUrl, (admin) => admin.query(`alter database "${template}" with allow_connections false`));
}

/** Databases left by earlier runs that were killed before their teardown. */
async function removeLeftovers(serverUrl: string): Promise<void> {
  await withAdmin(serverUrl, async (admin) => {
    const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like 'threecx\\_%'`);
    for (const { datname } of rows) {
      const match = TEST_DATABASE_PATTERN.exec(datname);
      const pid = Number(match?.[2]);
      if (match === null || pid === process.pid || isAlive(pid)) continue; // another run's, still going
      // Not forced: one still in use is left for a later run.
      await dropDatabase(admin, datname, { force: false }).catch((error: unknown) => {
        log.warn(`Left the old test database ${datname} alone: ${(error as Error).message}`);
      });
    }
  });
}

async function dropDatabase(admin: { query(sql: string): Promise<unknown> }, name: string, opts: { force: boolean }): Promise<void> {
  await admin.query(`drop database if exists "${name}"${opts.force ? ' with (force)' : ''}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
