// The product's payment path, wired as src/main.ts wires it, on a demo database of its own:
// the payment setup (paymentSetup on a configuration pointing at a fake MultiSafepay and a
// fake Stripe), the HTTP server with the payment routes (PUBLIC_URL is its address), the
// BullMQ jobs with workers on Redis or on BullMQ's PostgreSQL backend, a console notifier, and
// a JSONL console session attached to it — plus bounded polling helpers to watch it work.
import { loadConfig } from '../../src/config';
import type { Reply } from '../../src/conversation/reply';
import type { PaymentMethod } from '../../src/domain/orders/order';
import type { LicenseProvider } from '../../src/domain/ports';
import { fixedClock, type FixedClock } from '../../src/infra/clock';
import { createHttpServer } from '../../src/infra/http/server';
import type { Logger } from '../../src/infra/log';
import { paymentSetup } from '../../src/infra/payments/setup';
import { createQueueFactory, type QueueBackendKind, type QueueFactory } from '../../src/infra/queue/connection';
import { outboxStore } from '../../src/infra/store/outbox';
import { maintenanceProcessor } from '../../src/jobs/maintenance';
import { consoleNotifier, type Notifiers } from '../../src/jobs/notifier';
import { QUEUE_NAMES } from '../../src/jobs/queues';
import { startJobs, type Jobs } from '../../src/jobs/workers';
import { consoleSession, type OutMessage } from './console-driver';
import { addToCart, newLicenseSummary, toCouponStep, type Edition } from './console-flows';
import { redisUrlForTests, uniquePrefix } from './db';
import { demoStore } from './demo-store';
import { startFakeMultisafepay } from './fake-multisafepay';
import { startFakeStripe } from './fake-stripe';
import { startFake3cx, type Fake3cxLicense } from './fake-3cx';
import { licenseProvider } from '../../src/infra/runtime';
import { freePort } from './http-helpers';
import { reminderStore } from '../../src/infra/store/reminders';

export const MSP_API_KEY = 'msp-test-api-key-7f3a9c2e51b04d8e';
export const STRIPE_SECRET_KEY = 'sk_test_fake51QfakeKeyForTheLocalStripe';
export const STRIPE_WEBHOOK_SECRET = 'whsec_fakeLocalWebhookSigningSecret0123456789';
export const THREECX_API_KEY = '3cx-partner-key-test-5d1e0b7a';

/** The instant the harness clock starts at (the demo data's today). */
export const START = '2026-11-26T10:00:00Z';

export interface PaymentsHarnessOptions {
  /** Where the jobs are kept: Redis (REDIS_URL or the local default) or BullMQ's PostgreSQL backend. */
  backend: QueueBackendKind;
  /** A Redis of the test's own (a fault test restarts it) instead of REDIS_URL's. */
  redisUrl?: string;
  /** Notifiers of other channels beside the console's (a Telegram bot on a fake Bot API). */
  notifiers?: Notifiers;
  /** The database on this PostgreSQL server (a fault test's own, which it restarts) instead of the run's. */
  postgresServerUrl?: string;
  /** Run no workers here (another process works the queues); default: the harness works them. */
  work?: boolean;
  /** Wraps the sandbox license provider (e.g. to fail once inside the fulfilment transaction). */
  licenses?: (sandbox: LicenseProvider) => LicenseProvider;
  /** Licenses come from a fake 3CX Order API (LICENSE_PROVIDER=3cx) that knows the demo's keys. */
  threecx?: boolean;
  /** Staff are told in a console chat of this name (STAFF_CHAT=console:<name>); its messages in `staffMessages`. */
  staffChat?: string;
  /** The payment methods offered (default: all three). */
  methods?: PaymentMethod[];
  chatId?: string;
  /** Engine errors (a provider that is down) are collected in `engineErrors` instead of failing the console read. */
  expectEngineErrors?: boolean;
}

type Demo = Awaited<ReturnType<typeof demoStore>>;
type Chat = Awaited<ReturnType<typeof consoleSession>>;

export interface PlacedOrder {
  id: string;
  number: number;
  reference: string;
  totalCents: number;
  couponCode: string | null;
  /** The messages the console printed for the order. */
  messages: OutMessage[];
  /** The "Open the payment page" link, for card and MultiSafepay. */
  paymentUrl: string | undefined;
}

/** Polls `probe` until it answers something other than undefined/false/null; fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, options: { timeoutMs?: number; intervalMs?: number; what?: string } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${options.timeoutMs ?? 10_000} ms waiting for ${options.what ?? 'a condition'} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    }
    await sleep(options.intervalMs ?? 50);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));


/** Builds the whole payment path on a fresh demo database; `close()` in afterAll. */
export async function paymentsHarness(options: PaymentsHarnessOptions) {
  const demo: Demo = await demoStore(undefined, { serverUrl: options.postgresServerUrl });
  const clock: FixedClock = fixedClock(START);
  const logs: string[] = [];
  const log: Logger = {
    debug: () => undefined,
    info: (message) => logs.push(`INFO ${message}`),
    warn: (message) => logs.push(`WARN ${message}`),
    error: (message) => logs.push(`ERROR ${message}`),
  };
  const closers: Array<() => Promise<unknown>> = [() => demo.drop()];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer().catch((error: unknown) => logs.push(`CLOSE ${String(error)}`));
  };

  try {
    // The fake signs notifications on the harness clock, because the route checks their age
    // against the same clock (main.ts passes runtime.clock.now). Real MultiSafepay signs with
    // real time; Stripe's signatures are checked against real time (constructEvent).
    const msp = await startFakeMultisafepay({ apiKey: MSP_API_KEY, now: () => clock.now() });
    closers.push(() => msp.close());
    const stripe = await startFakeStripe({ secretKey: STRIPE_SECRET_KEY, webhookSecret: STRIPE_WEBHOOK_SECRET });
    closers.push(() => stripe.close());
    const threecx = options.threecx ? await startFake3cx({ apiKey: THREECX_API_KEY, today: () => clock.now().toISOString().slice(0, 10), licenses: await demoLicensesAt3cx(demo) }) : undefined;
    if (threecx) closers.push(() => threecx.close());

    // The configuration main.ts would read, pointing the providers at the fakes.
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const config = loadConfig({
      NODE_ENV: 'test', PUBLIC_URL: publicUrl, PORT: String(port),
      MULTISAFEPAY_API_KEY: MSP_API_KEY, MULTISAFEPAY_BASE_URL: msp.url,
      STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_API_BASE_URL: stripe.url,
      ...(threecx ? { LICENSE_PROVIDER: '3cx', THREECX_API_KEY, THREECX_API_BASE_URL: threecx.url } : {}),
      ...(options.staffChat ? { STAFF_CHAT: `console:${options.staffChat}` } : {}),
    });
    const payments = paymentSetup(config, log);
    const methods = options.methods ?? payments.methods;

    const licenses = options.licenses ? options.licenses(demo.provider) : config.threecx.licenseProvider === '3cx' ? licenseProvider(config, log) : demo.provider;
    const notifier = consoleNotifier();
    const staffMessages: Reply[] = [];
    if (options.staffChat) {
      const detach = notifier.attach(options.staffChat, (replies) => void staffMessages.push(...replies));
      closers.push(async () => detach());
    }
    const redisUrl = options.backend === 'redis' ? (options.redisUrl ?? (await redisUrlForTests())) : undefined;
    const prefix = uniquePrefix();
    // On Redis the harness's keys are removed at the end (on PostgreSQL they go with the database).
    if (redisUrl) closers.push(() => removeRedisKeys(redisUrl, prefix));
    const factory: QueueFactory = await createQueueFactory({ redisUrl, databaseUrl: demo.url, prefix });
    closers.push(() => factory.close());
    const outbox = outboxStore(demo.knex);
    const timeZone = async () => (await demo.store.transaction((repos) => repos.distributor.get())).timezone;
    const jobs: Jobs = await startJobs({
      factory, store: demo.store, licenses, gateways: payments.gateways, stripeSessionFor: payments.stripeSessionFor,
      outbox, notifiers: { ...options.notifiers, console: notifier }, clock, timeZone, log,
      reminderStore: reminderStore(demo.knex), reminders: config.reminders, staffChat: config.staffChat, work: options.work ?? true,
    });
    closers.push(() => jobs.close());

    const http = createHttpServer(payments.routes((job) => jobs.confirmPayment(job), () => clock.now()), log);
    await http.listen(port, '127.0.0.1');
    closers.push(() => http.close());
    if (!payments.urls) throw new Error('paymentSetup gave no payment URLs although PUBLIC_URL is set');

    const engineErrors: unknown[] = [];
    const chat: Chat = await consoleSession({
      demo, clock, key: { chatId: options.chatId ?? 'local' }, paymentMethods: methods,
      gateways: payments.gateways, paymentUrls: payments.urls, notifications: notifier, licenses,
      jobs: { deliver: (ids) => jobs.deliver(ids), fulfil: async (ids) => void (await jobs.fulfil(ids, { by: 'staff' })) },
      ...(options.expectEngineErrors ? { onError: (error: unknown) => engineErrors.push(error) } : {}),
    });
    closers.push(() => chat.close());

    const confirmationQueue = factory.queue(QUEUE_NAMES.paymentConfirmation);

    const harness = {
      demo, clock, log, logs, engineErrors, msp, stripe, threecx, licenses, config, staffMessages, payments, factory, jobs, chat, notifier, publicUrl, backend: factory.backend, redisUrl, prefix, outbox,
      multisafepayNotificationUrl: `${publicUrl}/payments/multisafepay/notification`,
      stripeWebhookUrl: `${publicUrl}/payments/stripe/webhook`,
      close,
      waitFor,

      /** Logs in as the demo owner. */
      async login(username = 'demo') {
        const menu = await chat.login(username);
        if (!chat.text(menu).includes('Welcome, ')) throw new Error(`login as ${username} failed: ${chat.text(menu)}`);
        return menu;
      },

      /**
       * Puts one new license in the cart (Professional 8 SC, 1 year unless told otherwise) and
       * checks out with `coupon` (or none), up to the order summary that asks how to pay.
       */
      async toPaymentChoice(o: { coupon?: string | null; edition?: Edition; sc?: number; quantity?: number; years?: number } = {}): Promise<OutMessage[]> {
        await newLicenseSummary(chat, { edition: o.edition ?? 'Professional', sc: o.sc ?? 8, quantity: o.quantity ?? 1, years: o.years ?? 1 });
        await addToCart(chat);
        await toCouponStep(chat);
        const review = o.coupon ? await chat.send(o.coupon) : await chat.press('Skip');
        if (!/^Order summary:/m.test(review.at(-1)?.text ?? '')) throw new Error(`no order summary: ${chat.text(review)}`);
        return review;
      },

      /** The label of a payment method's button. */
      methodLabel: (method: PaymentMethod) => ({ offline: 'Bank transfer (offline)', card: 'Credit or debit card', multisafepay: 'MultiSafepay' })[method],

      /** As toPaymentChoice, then pays with `method`; answers the order placed. */
      async placeOrder(o: { method: PaymentMethod; coupon?: string | null; edition?: Edition; sc?: number; quantity?: number; years?: number }): Promise<PlacedOrder> {
        await harness.toPaymentChoice(o);
        return harness.pay(o.method);
      },

      /** Presses the payment method's button on the order summary; answers the order placed. */
      async pay(method: PaymentMethod): Promise<PlacedOrder> {
        const messages = await chat.press(harness.methodLabel(method));
        const number = Number(/Order (\d+) is placed/.exec(chat.text(messages))?.[1]);
        if (!Number.isInteger(number) || number <= 0) throw new Error(`the order was not placed: ${chat.text(messages)}`);
        const row = await demo.knex('orders').where({ number }).first();
        const paymentUrl = messages.flatMap((m) => m.buttons.flat()).find((b) => b.url !== undefined)?.url;
        return { id: String(row.id), number, reference: String(row.payment_reference), totalCents: Number(row.total_cents), couponCode: row.coupon_code ?? null, messages, paymentUrl };
      },

      /**
       * Waits until the console has printed a message matching `pattern` (after transcript index
       * `from`), flushing printed notifications with empty input lines; answers the message.
       */
      async printed(pattern: RegExp, o: { from?: number; timeoutMs?: number } = {}): Promise<OutMessage> {
        return waitFor(async () => {
          await chat.raw('');
          return chat.transcript.slice(o.from ?? 0).find((m) => pattern.test(m.text));
        }, { timeoutMs: o.timeoutMs ?? 10_000, intervalMs: 100, what: `the console to print ${pattern}` });
      },

      /** Every message printed so far (after `from`) that matches `pattern`, after a quiet spell to let late ones arrive. */
      async allPrinted(pattern: RegExp, o: { from?: number; settleMs?: number } = {}): Promise<OutMessage[]> {
        await sleep(o.settleMs ?? 600);
        await chat.raw('');
        return chat.transcript.slice(o.from ?? 0).filter((m) => pattern.test(m.text));
      },

      /** The order row as stored now. */
      order: async (id: string) => demo.knex('orders').where({ id }).first(),

      /** Waits until the order has `status`. */
      orderReaches: (id: string, status: string, timeoutMs = 10_000) =>
        waitFor(async () => {
          const row = await demo.knex('orders').where({ id }).first();
          return row?.status === status ? row : undefined;
        }, { timeoutMs, what: `order ${id} to be ${status}` }),

      /**
       * What one order left behind: invoices, license events, outbox messages to the user and
       * to staff, payments, coupon redemption, audit entries.
       */
      async effects(orderId: string) {
        const [invoices, licenseEvents, messages, payments, coupon, audit] = await Promise.all([
          demo.knex('invoices').where({ order_id: orderId }).orderBy('id'),
          demo.knex('license_events').where({ order_id: orderId }).orderBy('id'),
          demo.knex('outbox').where({ order_id: orderId }).orderBy('id'),
          demo.knex('payments').where({ order_id: orderId }),
          demo.knex('coupon_redemptions').where({ order_id: orderId }).first(),
          demo.knex('audit_log').where({ subject: `order:${orderId}` }).orderBy('id'),
        ]);
        const outbox = messages.filter((m) => m.payload?.forStaff !== true);
        const staffOutbox = messages.filter((m) => m.payload?.forStaff === true);
        return { invoices, licenseEvents, outbox, staffOutbox, payments, coupon, audit };
      },

      /** Waits until the outbox message was delivered to the chat. */
      waitForDelivered: (outboxId: number, timeoutMs = 10_000) =>
        waitFor(async () => {
          const row = await demo.knex('outbox').where({ id: outboxId }).first();
          return row?.delivered_at ? row : undefined;
        }, { timeoutMs, what: `outbox message ${outboxId} to be delivered` }),

      /** Jobs of the payment-confirmation queue, in every state. */
      async confirmationJobs(): Promise<number> {
        const counts = await confirmationQueue.getJobCounts('wait', 'active', 'delayed', 'completed', 'failed', 'prioritized', 'waiting-children');
        return Object.values(counts).reduce((a, b) => a + b, 0);
      },

      /** Waits until no payment-confirmation job waits or runs. */
      async confirmationsIdle(timeoutMs = 10_000) {
        await waitFor(async () => {
          const c = await confirmationQueue.getJobCounts('wait', 'active', 'delayed', 'prioritized');
          return Object.values(c).every((n) => n === 0);
        }, { timeoutMs, what: 'the payment-confirmation queue to be idle' });
      },

      /** Runs the maintenance sweep now, as its scheduled job does, on the harness clock. */
      sweep: () => maintenanceProcessor({ store: demo.store, clock, staleOutbox: () => outbox.stale(5 * 60_000, 500), deliver: (ids) => jobs.deliver(ids), fulfil: async (ids) => void (await jobs.fulfil(ids, { by: 'sweep' })), log })(),
    };
    return harness;
  } catch (error) {
    await close();
    throw error;
  }
}

export type PaymentsHarness = Awaited<ReturnType<typeof paymentsHarness>>;

/** The demo's licenses as 3CX knows them (the same keys, sizes and terms). */
async function demoLicensesAt3cx(demo: Demo): Promise<Fake3cxLicense[]> {
  const rows = await demo.knex('licenses').select('license_key', 'edition', 'sc', 'type', 'expires_on', 'maintenance_until');
  const editions = { startup: 'Startup', professional: 'Professional', enterprise: 'Enterprise' } as const;
  return rows.map((r) => ({
    key: r.license_key, edition: editions[r.edition as keyof typeof editions], sc: r.sc, isPerpetual: r.type === 'perpetual',
    expiry: r.expires_on ?? null, maintenance: r.maintenance_until ?? null,
  }));
}

async function removeRedisKeys(url: string, prefix: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
