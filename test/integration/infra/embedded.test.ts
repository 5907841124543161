// The embedded PostgreSQL against the real binaries: a data folder that survives restarts,
// a server orphaned by a killed process, a folder in use, a port taken by someone else.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedPostgresBusyError, startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../../src/infra/db/embedded';
import { freePort } from '../../support/http-helpers';

const embeddedModule = fileURLToPath(new URL('../../../src/infra/db/embedded.ts', import.meta.url));

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('startEmbeddedPostgres', () => {
  let dataDir: string;
  const running: EmbeddedPostgresHandle[] = [];
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'threecx-embedded-'));
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    for (const server of running) await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start(port: number): Promise<EmbeddedPostgresHandle> {
    const server = await startEmbeddedPostgres({ dataDir, port, unsafeFastWrites: true });
    running.push(server);
    return server;
  }

  it('creates the cluster and the threecx database, and keeps the data across a restart', async () => {
    const port = await freePort();
    const first = await start(port);
    expect(first.url).toMatch(new RegExp(`^postgres://postgres:[^@]+@127\\.0\\.0\\.1:${port}/threecx$`));
    expect(existsSync(path.join(dataDir, 'pg', 'PG_VERSION'))).toBe(true);
    const [settings] = await query<{ encoding: string; db: string }>(first.url, `select current_setting('server_encoding') as encoding, current_database() as db`);
    expect(settings).toEqual({ encoding: 'UTF8', db: 'threecx' });
    await query(first.url, `create table kept (note text); insert into kept values ('still here')`);
    await first.stop();
    await first.stop(); // twice is harmless

    const second = await start(await freePort()); // another port, same folder
    expect(await query(second.url, 'select note from kept')).toEqual([{ note: 'still here' }]);
    await second.stop();
  });

  it('refuses a folder whose server another live process runs, and takes over once that process died', async () => {
    const port = await freePort();
    const script = path.join(dataDir, 'hold.mts');
    await writeFile(
      script,
      `import { startEmbeddedPostgres } from ${JSON.stringify(embeddedModule)};\n` +
        `const server = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${port} });\n` +
        `console.log('READY ' + server.url);\n` +
        `setInterval(() => undefined, 60_000);\n`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('READY ')) resolve();
      });
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('exit', (code) => reject(new Error(`holder exited with ${code}: ${output}`)));
    });
    const heldUrl = /READY (\S+)/.exec(output)?.[1] ?? '';
    expect(await query(heldUrl, 'select note from kept')).toEqual([{ note: 'still here' }]);

    await expect(start(await freePort())).rejects.toThrow(EmbeddedPostgresBusyError);

    // A killed process leaves its PostgreSQL running, orphaned: the next start stops it.
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const next = await start(port); // the same port, which the orphan held
    expect(await query(next.url, 'select note from kept')).toEqual([{ note: 'still here' }]);
    await next.stop();
  });

  it.runIf(process.getuid?.() === 0)('as root, says so when the postgres user cannot reach the data folder', async () => {
    const closed = path.join(dataDir, 'closed');
    await mkdir(closed, { mode: 0o700 });
    await expect(startEmbeddedPostgres({ dataDir: path.join(closed, 'data'), port: await freePort() })).rejects.toThrow(
      `cannot enter ${closed}`,
    );
  });

  it('says so when another program has the port', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen({ port: 0, host: '127.0.0.1' }, resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await expect(start(port)).rejects.toThrow(new RegExp(`Port ${port} on 127.0.0.1 is already in use.*EMBEDDED_PG_PORT`));
    } finally {
      blocker.close();
    }
  });
});
