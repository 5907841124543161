// What operations see of a running instance, over HTTP: /metrics (Prometheus), /readyz, and
// Bull Board at /admin/queues behind ADMIN_TOKEN; the jobs are the product's own (startJobs)
// on the test's queue backend, the updates go through the counted conversation engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../../src/infra/http/server';
import { silentLogger } from '../../../src/infra/log';
import { countedEngine } from '../../../src/infra/observability/counted-engine';
import { prometheusMetrics, type PrometheusMetrics } from '../../../src/infra/observability/metrics';
import { databaseCheck, queuesCheck, readinessRoute } from '../../../src/infra/observability/readiness';
import { operationsRoutes } from '../../../src/infra/observability/routes';
import { createKnex } from '../../../src/infra/db/connection';
import { silentLog } from '../../../src/infra/db/embedded';
import { createQueueFactory, type QueueFactory } from '../../../src/infra/queue/connection';
import { outboxStore } from '../../../src/infra/store/outbox';
import { startJobs, type Jobs } from '../../../src/jobs/workers';
import { queueOptionsForTests } from '../../support/db';
import { demoEngine, demoStore } from '../../support/demo-store';
import { freePort } from '../../support/http-helpers';
import { reminderStore } from '../../../src/infra/store/reminders';

const ADMIN_TOKEN = 'admin-token-for-the-tests-0123';

describe('metrics, readiness and Bull Board', () => {
  let demo: Awaited<ReturnType<typeof demoStore>>;
  let factory: QueueFactory;
  let jobs: Jobs;
  let metrics: PrometheusMetrics;
  let http: ReturnType<typeof createHttpServer>;
  let base: string;
  let withoutBoard: ReturnType<typeof createHttpServer>;
  let plainBase: string;

  beforeAll(async () => {
    demo = await demoStore();
    factory = await createQueueFactory(queueOptionsForTests(demo.url));
    jobs = await startJobs({
      factory, store: demo.store, reminderStore: reminderStore(demo.knex), licenses: demo.provider, gateways: {}, outbox: outboxStore(demo.knex), notifiers: {},
      clock: { now: () => new Date(), today: () => '2026-11-26' }, timeZone: async () => 'UTC', log: silentLogger,
      reminders: { hourUtc: 8, offsetsDays: [30] }, work: false,
    });
    metrics = prometheusMetrics({ defaultMetrics: false });
    http = createHttpServer(operationsRoutes({ metrics, knex: demo.knex, queues: jobs.queues, queuesHealthy: jobs.healthy, adminToken: ADMIN_TOKEN }), silentLogger);
    base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
    withoutBoard = createHttpServer(operationsRoutes({ metrics: prometheusMetrics({ defaultMetrics: false }), knex: demo.knex, queues: jobs.queues, queuesHealthy: jobs.healthy, adminToken: undefined }), silentLogger);
    plainBase = `http://127.0.0.1:${await withoutBoard.listen(0, '127.0.0.1')}`;
  });

  afterAll(async () => {
    await http?.close();
    await withoutBoard?.close();
    await jobs?.close();
    await demo?.drop();
  });

  const metricLine = (text: string, name: string) => text.split('\n').find((line) => line.startsWith(name));

  it('counts updates by channel with their latency, and queue depths by queue and state', async () => {
    const engine = countedEngine(demoEngine(demo, { now: () => new Date('2026-11-26T10:00:00Z'), today: () => '2026-11-26' }, () => undefined), metrics);
    const key = { channel: 'telegram' as const, chatId: '9001', userId: '9001' };
    await engine.handleInput(key, { kind: 'text', text: '/start' }, { inputId: 'u1' });
    await engine.handleInput(key, { kind: 'text', text: '/start' }, { inputId: 'u1' }); // redelivered
    await jobs.confirmPayment({ source: 'staff', orderId: '00000000-0000-4000-8000-000000000001', reference: 'BANK-1', amountCents: 100, currency: 'EUR', confirmedBy: 'staff:test' });

    const response = await fetch(`${base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(metricLine(text, 'threecx_updates_total{channel="telegram",outcome="ok"}')).toMatch(/ 1$/);
    expect(metricLine(text, 'threecx_updates_total{channel="telegram",outcome="duplicate"}')).toMatch(/ 1$/);
    expect(metricLine(text, 'threecx_update_duration_seconds_count{channel="telegram"}')).toMatch(/ 1$/);
    // Nobody works the queue here: the job waits.
    expect(metricLine(text, 'threecx_queue_jobs{queue="payment-confirmation",state="wait"}')).toMatch(/ 1$/);
    expect(metricLine(text, 'threecx_queue_jobs{queue="notifications",state="wait"}')).toMatch(/ 0$/);
    expect(metricLine(text, 'threecx_queue_backend_up')).toMatch(/ 1$/);
    for (const name of ['threecx_payments_total', 'threecx_reminders_sent_total', 'threecx_rate_limited_total', 'threecx_errors_total', 'threecx_database_busy_total']) expect(text).toContain(`# TYPE ${name} counter`);
  });

  it('/readyz answers 200 when PostgreSQL and the queues answer, 503 naming what is down', async () => {
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ postgres: 'up', queues: 'up' });

    // A PostgreSQL nobody listens on, and queues whose backend was seen going away.
    const nowhere = createKnex(`postgres://postgres@127.0.0.1:${await freePort()}/none`, { poolMax: 1, log: silentLog });
    const down = createHttpServer([readinessRoute({ postgres: databaseCheck(nowhere), queues: queuesCheck(jobs.queues[0]!, () => false) })], silentLogger);
    try {
      const port = await down.listen(0, '127.0.0.1');
      const answer = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(answer.status).toBe(503);
      expect(await answer.json()).toEqual({ postgres: expect.stringMatching(/^down: .*ECONNREFUSED/), queues: 'down: the queue backend is unreachable' });
    } finally {
      await down.close();
      await nowhere.destroy();
    }
  });

  it('Bull Board refuses a request without the token or with a wrong one (401)', async () => {
    expect((await fetch(`${base}/admin/queues`)).status).toBe(401);
    expect((await fetch(`${base}/admin/queues/api/queues`, { headers: { authorization: 'Bearer not-the-admin-token-000' } })).status).toBe(401);
    expect((await fetch(`${base}/admin/queues?token=not-the-admin-token-000`, { redirect: 'manual' })).status).toBe(401);
    expect((await fetch(`${base}/admin/queues`, { headers: { cookie: 'threecx_admin=forged' } })).status).toBe(401);
  });

  it('Bull Board shows the queues to a Bearer token, and to a browser that opened ?token= once (a cookie)', async () => {
    const api = await fetch(`${base}/admin/queues/api/queues?activeQueue=payment-confirmation&status=latest&page=1&jobsPerPage=10`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(api.status).toBe(200);
    const listed = (await api.json()) as { queues: Array<{ name: string; counts: Record<string, number> }> };
    expect(listed.queues.map((q) => q.name).sort()).toEqual(['maintenance', 'notifications', 'payment-confirmation']);

    const opened = await fetch(`${base}/admin/queues?token=${ADMIN_TOKEN}`, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/admin/queues');
    const cookie = opened.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^threecx_admin=[0-9a-f]{64}; Path=\/admin\/queues; HttpOnly; SameSite=Strict/);
    expect(cookie).not.toContain(ADMIN_TOKEN);
    const session = cookie.split(';')[0] ?? '';

    const page = await fetch(`${base}/admin/queues/queue/notifications`, { headers: { cookie: session } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<base href="/admin/queues/" />');
    expect(html).toContain('<title>3CX ordering: jobs</title>');
    const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${base}/admin/queues/${script}`, { headers: { cookie: session } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await fetch(`${base}/admin/queues/static/..%2F..%2Fpackage.json`, { headers: { cookie: session } })).status).toBe(404);
  });

  it('is not mounted without ADMIN_TOKEN', async () => {
    expect((await fetch(`${plainBase}/admin/queues`)).status).toBe(404);
    expect((await fetch(`${plainBase}/admin/queues?token=${ADMIN_TOKEN}`)).status).toBe(404);
    expect((await fetch(`${plainBase}/readyz`)).status).toBe(200);
  });

  it('answers every request with its id, the caller’s when it gave a sane one', async () => {
    const given = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'lb-1234-abcd' } });
    expect(given.headers.get('x-request-id')).toBe('lb-1234-abcd');
    const fresh = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'not sane <script>' } });
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
