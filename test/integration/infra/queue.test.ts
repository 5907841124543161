// The same jobs through BullMQ on both backends: Redis, and PostgreSQL in a test database.
import { UnrecoverableError, type Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueueFactory, type QueueBackendKind, type QueueFactory } from '../../../src/infra/queue/connection';
import { createTestDatabase, expectedBackend, redisUrlForTests, uniquePrefix, type TestDatabase } from '../../support/db';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

interface Payment {
  orderNumber: string;
}

/** Resolves with the job once `event` fired for it `times` times. */
function waitFor(factoryWorker: { on(event: 'failed' | 'completed', listener: (job: Job | undefined) => void): unknown }, event: 'failed' | 'completed', times = 1): Promise<Job> {
  return new Promise((resolve) => {
    let seen = 0;
    factoryWorker.on(event, (job) => {
      if (job !== undefined && ++seen === times) resolve(job);
    });
  });
}

describe.each<QueueBackendKind>(['redis', 'postgres'])('queues on %s', (backend) => {
  let factory: QueueFactory;
  // A database of its own: on PostgreSQL the queues are kept apart by database, not by prefix
  // (and the Redis variant runs there too when no Redis is at hand).
  let own: TestDatabase;

  beforeAll(async () => {
    own = await createTestDatabase();
    factory = await createQueueFactory({
      redisUrl: backend === 'redis' ? await redisUrlForTests() : undefined,
      databaseUrl: own.url,
      prefix: uniquePrefix(),
    });
  });

  afterAll(async () => {
    await factory?.close();
    await own?.drop();
  });

  it('uses the backend asked for', async () => {
    expect(factory.backend).toBe(await expectedBackend(backend));
  });

  it('retries a failing job with backoff until it succeeds', async () => {
    const queue = factory.queue<Payment, string>('confirm-payment');
    const attempts: number[] = [];
    const worker = factory.worker<Payment, string>('confirm-payment', async (job) => {
      attempts.push(Date.now());
      if (attempts.length < 3) throw new Error('the payment provider is down');
      return `confirmed ${job.data.orderNumber}`;
    });
    const completed = waitFor(worker, 'completed');

    const added = await queue.add('confirm', { orderNumber: 'ORD-1' }, { attempts: 3, backoff: { type: 'fixed', delay: 300 } });
    const job = await completed;

    expect(job.id).toBe(added.id);
    expect(job.returnvalue).toBe('confirmed ORD-1');
    expect(job.attemptsMade).toBe(3);
    expect(attempts).toHaveLength(3);
    for (let i = 1; i < attempts.length; i++) {
      expect(attempts[i]! - attempts[i - 1]!).toBeGreaterThanOrEqual(280); // the backoff was waited
    }
    expect(await queue.getJobCounts('completed', 'failed', 'delayed', 'wait')).toEqual({ completed: 1, failed: 0, delayed: 0, wait: 0 });
  });

  it('stops retrying at an UnrecoverableError', async () => {
    const queue = factory.queue<Payment>('issue-license');
    let calls = 0;
    const worker = factory.worker<Payment>('issue-license', async () => {
      calls++;
      throw new UnrecoverableError('the license key was refused by 3CX');
    });
    const failed = waitFor(worker, 'failed');

    const added = await queue.add('issue', { orderNumber: 'ORD-2' }, { attempts: 5, backoff: { type: 'fixed', delay: 100 } });
    const job = await failed;

    expect(job.id).toBe(added.id);
    expect(job.failedReason).toBe('the license key was refused by 3CX');
    await new Promise((resolve) => setTimeout(resolve, 500)); // a retry would have run by now
    expect(calls).toBe(1);
    expect(await (await queue.getJob(added.id!))?.getState()).toBe('failed');
    expect(await queue.getJobCounts('failed', 'delayed', 'wait')).toEqual({ failed: 1, delayed: 0, wait: 0 });
  });

  it('reports progress through queue events', async () => {
    const events = factory.queueEvents('notify');
    await events.waitUntilReady();
    const queue = factory.queue<{ text: string }, number>('notify');
    factory.worker<{ text: string }, number>('notify', async (job) => job.data.text.length);
    const added = await queue.add('say', { text: 'hello' });
    expect(await added.waitUntilFinished(events, 10_000)).toBe(5);
  });

  it('makes queues with the bound constructor as well', async () => {
    const queue = new factory.Queue<{ n: number }>('constructed');
    await queue.add('n', { n: 1 });
    expect(await queue.count()).toBe(1);
  });
});

describe('createQueueFactory', () => {
  it('names the Redis it cannot reach', async () => {
    await expect(createQueueFactory({ redisUrl: 'redis://127.0.0.1:1', databaseUrl: db.url })).rejects.toThrow(
      /Redis is not reachable at 127\.0\.0\.1:1: start it .* or unset REDIS_URL/,
    );
  });

  it('names the PostgreSQL it cannot reach', async () => {
    await expect(createQueueFactory({ databaseUrl: 'postgres://postgres@127.0.0.1:1/threecx' })).rejects.toThrow(
      /PostgreSQL is not reachable at 127\.0\.0\.1:1/,
    );
  });
});
