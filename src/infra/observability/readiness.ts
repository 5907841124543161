// GET /readyz: whether this instance can do its work now. PostgreSQL must answer a query and
// the job queues their backend (Redis, or BullMQ's tables in PostgreSQL); a load balancer
// sends no traffic to an instance that answers 503, and the body says what is down.
import type { Knex } from 'knex';
import { withinMs } from '../shutdown';
import type { Route } from '../http/server';

/** A check answers nothing when fine, or why not. */
export type ReadinessCheck = () => Promise<string | undefined>;

const CHECK_LIMIT_MS = 2_000;

/** PostgreSQL answers `select 1`. */
export function databaseCheck(knex: Knex): ReadinessCheck {
  return async () => {
    try {
      await knex.raw('select 1');
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  };
}

/** The queue backend answers (a count of one queue's jobs) and was not seen going away. */
export function queuesCheck(queue: { getJobCounts(...states: string[]): Promise<unknown> }, healthy: () => boolean): ReadinessCheck {
  return async () => {
    if (!healthy()) return 'the queue backend is unreachable';
    try {
      await queue.getJobCounts('wait');
      return undefined;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  };
}

/** The /readyz route: 200 when every check passes within 2 s, else 503 naming what is down. */
export function readinessRoute(checks: Record<string, ReadinessCheck>): Route {
  return {
    method: 'GET',
    path: '/readyz',
    async handle() {
      const results = await Promise.all(
        Object.entries(checks).map(async ([name, check]) => {
          let problem: string | undefined = 'no answer within 2 s';
          await withinMs(check().then((answer) => void (problem = answer)), CHECK_LIMIT_MS);
          return [name, problem] as const;
        }),
      );
      const down = results.filter(([, problem]) => problem !== undefined);
      const body = Object.fromEntries(results.map(([name, problem]) => [name, problem === undefined ? 'up' : `down: ${problem}`]));
      return { status: down.length === 0 ? 200 : 503, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
    },
  };
}
