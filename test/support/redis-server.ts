// A redis-server of the test's own, on a free port, that the test may stop and start again
// under the running product (never the shared Redis of REDIS_URL, which CI and others use).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './http-helpers';
import { waitFor } from './payments-harness';
import { runToEnd } from './process-driver';

export interface OwnRedis {
  url: string;
  port: number;
  start(): Promise<void>;
  /** Stops it: `kill` as a crash would (SIGKILL), or `shutdown` as an operator would (saves first). */
  stop(how?: 'kill' | 'shutdown'): Promise<void>;
  /** Stops it and removes its folder. */
  dispose(): Promise<void>;
}

/**
 * A redis-server on a free port. With `persistent`, every write goes to an append-only file
 * (fsync always), so a restart keeps the jobs, as a production Redis would be configured.
 */
export async function ownRedis(options: { persistent?: boolean } = {}): Promise<OwnRedis> {
  const port = await freePort();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'threecx-redis-'));
  let child: ChildProcess | undefined;
  const ping = async () => (await runToEnd('redis-cli', ['-p', String(port), 'ping'], {}).catch(() => ({ stdout: '' }))).stdout.includes('PONG');
  const persistence = options.persistent ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  const redis: OwnRedis = {
    url: `redis://127.0.0.1:${port}`,
    port,
    async start() {
      const started = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir, ...persistence], { stdio: 'ignore' });
      let failed: Error | undefined;
      started.once('error', (error) => void (failed = error));
      child = started;
      await waitFor(async () => {
        if (failed) throw new Error(`redis-server could not be started (${failed.message}): install Redis (apt-get install redis-server)`);
        return ping();
      }, { timeoutMs: 15_000, what: `redis-server on port ${port}` });
    },
    async stop(how = 'kill') {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const gone = new Promise((resolve) => running.once('exit', resolve));
      if (how === 'kill') running.kill('SIGKILL');
      else running.kill('SIGTERM'); // redis-server saves and exits on SIGTERM
      await gone;
    },
    async dispose() {
      await redis.stop('kill');
      await rm(dir, { recursive: true, force: true });
    },
  };
  return redis;
}
