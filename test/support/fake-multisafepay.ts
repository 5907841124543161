// A fake MultiSafepay JSON API on loopback, reached by the product's gateway through its
// base URL (MULTISAFEPAY_BASE_URL). It creates redirect orders (POST /orders), answers the
// status a test set (GET /orders/{id}), checks the `api_key` header on both, records every
// call, and sends notifications to the product exactly as MultiSafepay does:
//   POST notification_url?transactionid=<order_id>&timestamp=<unix>
//   Auth: base64("<timestamp>:<hex HMAC-SHA512 of '<timestamp>:<raw body>' keyed with the API key>")
// with options to forge them (wrong key, stale timestamp, tampered body, no header).
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { header, readBody } from './http-helpers';

/** MultiSafepay's transaction statuses (domain.md, Payments). */
export const MULTISAFEPAY_STATUSES = [
  'initialized', 'completed', 'uncleared', 'declined', 'cancelled', 'void', 'expired', 'refunded', 'partial_refunded', 'reserved', 'chargedback', 'shipped',
] as const;
export type MultisafepayStatus = (typeof MULTISAFEPAY_STATUSES)[number];

/** An order as the fake keeps it: what the product sent, and the state the test set. */
export interface FakeMspOrder {
  order_id: string;
  type: string;
  currency: string;
  amount: number;
  description: string;
  payment_options: { notification_url?: string; notification_method?: string; redirect_url?: string; cancel_url?: string; close_window?: boolean };
  payment_url: string;
  status: MultisafepayStatus | string;
  /** What GET answers for amount and currency (a test may make them differ from what was ordered). */
  answeredAmount?: number;
  answeredCurrency?: string;
  transaction_id: number;
  created: string;
  modified: string;
}

export interface MspCall {
  method: string;
  path: string;
  apiKey: string | undefined;
  body: unknown;
  status: number;
}

export interface NotifyOptions {
  /** Sign with this key instead of the real API key (a forger's key). */
  key?: string;
  /** The unix timestamp (seconds) to sign and send; default: now. */
  timestamp?: number;
  /** Seconds added to now for the timestamp (e.g. -660: eleven minutes old). */
  ageSeconds?: number;
  /** Changes the body after it was signed (a tampered notification). */
  tamper?: (rawBody: string) => string;
  /** Sends no Auth header at all. */
  omitAuth?: boolean;
  /** Sends this Auth header verbatim. */
  auth?: string;
  /** The body to send (default: the order as GET would answer it, as MultiSafepay does). */
  body?: unknown;
  /** The transactionid query parameter (default: the order id). */
  transactionId?: string;
  /** Where to send it (default: the order's notification_url). */
  url?: string;
}

export interface NotifyResult {
  status: number;
  body: string;
}

/** HMAC-SHA512 over "<timestamp>:<raw body>" keyed with `key`, hex; the Auth header is base64 of "<timestamp>:<that>". */
export function multisafepayAuthHeader(rawBody: string | Buffer, timestamp: number | string, key: string): string {
  const signature = createHmac('sha512', key).update(`${timestamp}:`).update(rawBody).digest('hex');
  return Buffer.from(`${timestamp}:${signature}`, 'utf8').toString('base64');
}

export async function startFakeMultisafepay(options: { apiKey: string; now?: () => Date }) {
  const apiKey = options.apiKey;
  const now = options.now ?? (() => new Date());
  const orders = new Map<string, FakeMspOrder>();
  const calls: MspCall[] = [];
  const failures: Array<{ method: string; status: number; times: number }> = [];
  const holds: Array<{ reached: () => void; released: Promise<void> }> = [];
  let transactionSeq = 4_000_000;

  const server = createServer((req, res) => {
    void serve(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ success: false, error_code: 500, error_info: String(error) }));
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = await readBody(req);
    const key = header(req, 'api_key');
    let body: unknown;
    try {
      body = raw.length > 0 ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const call: MspCall = { method: req.method ?? 'GET', path: url.pathname, apiKey: key, body, status: 200 };
    calls.push(call);
    const answer = (status: number, payload: unknown) => {
      call.status = status;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    };

    const failure = failures.find((f) => f.method === call.method && f.times > 0);
    if (failure) {
      failure.times--;
      return answer(failure.status, { success: false, error_code: failure.status, error_info: 'Service unavailable (fake failure)' });
    }
    if (key !== apiKey) return answer(401, { success: false, data: {}, error_code: 1032, error_info: 'Invalid API key' });

    if (req.method === 'POST' && url.pathname === '/orders') {
      const o = body as Partial<FakeMspOrder> | undefined;
      const problems = [
        o?.type !== 'redirect' && 'type must be "redirect"',
        (typeof o?.order_id !== 'string' || o.order_id === '') && 'order_id is required',
        (typeof o?.currency !== 'string' || !/^[A-Z]{3}$/.test(o.currency)) && 'currency must be ISO 4217',
        (typeof o?.amount !== 'number' || !Number.isInteger(o.amount) || o.amount <= 0) && 'amount must be a positive integer in cents',
        typeof o?.payment_options?.notification_url !== 'string' && 'payment_options.notification_url is required',
      ].filter((p): p is string => typeof p === 'string');
      if (!o || problems.length > 0) return answer(400, { success: false, data: {}, error_code: 1000, error_info: problems.join('; ') });
      if (orders.has(o.order_id!)) return answer(409, { success: false, data: {}, error_code: 1006, error_info: 'Invalid transaction ID: the order_id exists already' });
      const stamp = now().toISOString();
      const order: FakeMspOrder = {
        order_id: o.order_id!, type: o.type!, currency: o.currency!, amount: o.amount!, description: String(o.description ?? ''),
        payment_options: o.payment_options ?? {},
        payment_url: `http://127.0.0.1:${port}/connect/${randomBytes(8).toString('hex')}/?order_id=${encodeURIComponent(o.order_id!)}`,
        status: 'initialized', transaction_id: ++transactionSeq, created: stamp, modified: stamp,
      };
      orders.set(order.order_id, order);
      return answer(200, { success: true, data: { order_id: order.order_id, payment_url: order.payment_url } });
    }

    const match = /^\/orders\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && match?.[1]) {
      const order = orders.get(decodeURIComponent(match[1]));
      if (!order) return answer(404, { success: false, data: {}, error_code: 1006, error_info: 'Invalid transaction ID' });
      // The status as it is now, answered when a held check is released (a slow MultiSafepay).
      const view = orderView(order);
      const held = holds.shift();
      if (held) {
        held.reached();
        await held.released;
      }
      return answer(200, { success: true, data: view });
    }
    return answer(404, { success: false, data: {}, error_code: 404, error_info: 'Not found' });
  }

  /** The order as MultiSafepay answers it (and as it sends it in a notification). */
  function orderView(order: FakeMspOrder) {
    return {
      order_id: order.order_id,
      transaction_id: order.transaction_id,
      status: order.status,
      financial_status: order.status,
      amount: order.answeredAmount ?? order.amount,
      currency: order.answeredCurrency ?? order.currency,
      description: order.description,
      created: order.created,
      modified: order.modified,
      payment_details: { type: 'VISA', account_holder_name: null },
      customer: { locale: 'en_US' },
    };
  }

  function orderOf(orderId: string): FakeMspOrder {
    const order = orders.get(orderId);
    if (!order) throw new Error(`the fake MultiSafepay has no order ${orderId} (it has: ${[...orders.keys()].join(', ') || 'none'})`);
    return order;
  }

  function notification(orderId: string, o: NotifyOptions = {}) {
    const order = orderOf(orderId);
    const timestamp = o.timestamp ?? Math.floor(now().getTime() / 1000) + (o.ageSeconds ?? 0);
    const signed = JSON.stringify(o.body ?? orderView(order));
    const sent = o.tamper ? o.tamper(signed) : signed;
    const auth = o.omitAuth ? undefined : o.auth ?? multisafepayAuthHeader(signed, timestamp, o.key ?? apiKey);
    const target = new URL(o.url ?? order.payment_options.notification_url ?? '');
    target.searchParams.set('transactionid', o.transactionId ?? order.order_id);
    target.searchParams.set('timestamp', String(timestamp));
    return { url: target.toString(), body: sent, headers: { 'content-type': 'application/json', ...(auth === undefined ? {} : { auth }) } as Record<string, string> };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    /** The base URL to give the gateway (like https://testapi.multisafepay.com/v1/json). */
    url: `http://127.0.0.1:${port}`,
    apiKey,
    orders,
    calls,
    order: orderOf,
    /** The only order created so far, or the latest one. */
    lastOrder(): FakeMspOrder {
      const all = [...orders.values()];
      const last = all.at(-1);
      if (!last) throw new Error('the fake MultiSafepay has no orders yet');
      return last;
    },
    /** Calls to GET /orders/{id} (the product asking for a status). */
    statusChecks: (orderId?: string) => calls.filter((c) => c.method === 'GET' && (orderId === undefined || c.path === `/orders/${encodeURIComponent(orderId)}`)),
    /** What GET /orders/{id} answers from now on. */
    setStatus(orderId: string, status: MultisafepayStatus | string, answered: { amount?: number; currency?: string } = {}) {
      const order = orderOf(orderId);
      order.status = status;
      order.modified = now().toISOString();
      if (answered.amount !== undefined) order.answeredAmount = answered.amount;
      if (answered.currency !== undefined) order.answeredCurrency = answered.currency;
    },
    /**
     * Holds the next status check: it reads the status when it arrives, and answers it only
     * after `release()`. `reached` settles when the check has arrived.
     */
    holdNextStatusCheck() {
      let reached!: () => void;
      let release!: () => void;
      const arrived = new Promise<void>((resolve) => (reached = resolve));
      holds.push({ reached, released: new Promise<void>((resolve) => (release = resolve)) });
      return { reached: arrived, release };
    },
    /** The next `times` calls with this HTTP method answer `status` (503: MultiSafepay is down). */
    failNext(method: 'GET' | 'POST', status = 503, times = 1) {
      failures.push({ method, status, times });
    },
    /** Builds a notification as MultiSafepay would send it (or forged, by the options). */
    notification,
    /** Sends a notification of `orderId` to the product; answers its HTTP status and body. */
    async notify(orderId: string, o: NotifyOptions = {}): Promise<NotifyResult> {
      const n = notification(orderId, o);
      const response = await fetch(n.url, { method: 'POST', headers: n.headers, body: n.body, signal: AbortSignal.timeout(10_000) });
      return { status: response.status, body: await response.text() };
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export type FakeMultisafepay = Awaited<ReturnType<typeof startFakeMultisafepay>>;


