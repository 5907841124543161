import type { Knex } from 'knex';
import type { Route } from '../http/server';
import type { AppQueue } from '../queue/connection';
import { bullBoardRoutes } from './bull-board';
import type { PrometheusMetrics } from './metrics';
import { databaseCheck, queuesCheck, readinessRoute } from './readiness';

/**
 * What operations need of a running instance, on its HTTP server: /metrics (Prometheus),
 * /readyz (PostgreSQL and the queues), and Bull Board at /admin/queues when ADMIN_TOKEN is set.
 */
export function operationsRoutes(o: { metrics: PrometheusMetrics; knex: Knex; queues: readonly AppQueue[]; queuesHealthy: () => boolean; adminToken: string | undefined }): Route[] {
  o.metrics.watchQueues(o.queues, o.queuesHealthy);
  const [anyQueue] = o.queues;
  if (!anyQueue) throw new Error('operationsRoutes needs the queues');
  return [
    o.metrics.route(),
    readinessRoute({ postgres: databaseCheck(o.knex), queues: queuesCheck(anyQueue, o.queuesHealthy) }),
    ...(o.adminToken === undefined ? [] : bullBoardRoutes({ queues: o.queues, adminToken: o.adminToken })),
  ];
}
