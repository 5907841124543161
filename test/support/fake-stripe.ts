// A fake Stripe API on loopback that the real `stripe` package talks to when pointed at it
// (STRIPE_API_BASE_URL → host/port/protocol, see stripeClient in stripe-gateway.ts). It knows
// Checkout Sessions: create (form-encoded, idempotency keys honoured), retrieve (with
// expand[]=payment_intent.latest_charge) and list by payment_intent; a test moves a session to
// paid, expired, refunded or disputed. It also builds webhook requests signed as Stripe signs
// them (Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.rawBody" keyed with the webhook
// secret), and forged variants.
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { header, readBody } from './http-helpers';

export type SessionState = 'open' | 'paid' | 'expired' | 'refunded' | 'partially_refunded' | 'disputed' | 'canceled';

interface Charge {
  id: string;
  object: 'charge';
  amount: number;
  amount_refunded: number;
  currency: string;
  paid: boolean;
  refunded: boolean;
  disputed: boolean;
  status: 'succeeded';
  payment_intent: string;
  created: number;
  livemode: false;
}

interface PaymentIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  currency: string;
  status: 'succeeded' | 'canceled' | 'requires_payment_method';
  latest_charge: string | null;
  created: number;
  livemode: false;
}

export interface FakeSession {
  id: string;
  object: 'checkout.session';
  mode: string;
  status: 'open' | 'complete' | 'expired';
  payment_status: 'unpaid' | 'paid' | 'no_payment_required';
  amount_subtotal: number;
  amount_total: number;
  currency: string;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  success_url: string | null;
  cancel_url: string | null;
  url: string | null;
  payment_intent: string | null;
  created: number;
  expires_at: number;
  livemode: false;
  /** What the product sent, as parsed from the form body. */
  request: Record<string, unknown>;
}

export interface StripeCall {
  method: string;
  path: string;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
  idempotencyKey: string | undefined;
  authorized: boolean;
  status: number;
}

export interface WebhookOptions {
  /** Sign with this secret instead of the real one. */
  secret?: string;
  /** The unix timestamp to sign (default: now, real time, as Stripe's tolerance is real time). */
  timestamp?: number;
  /** Changes the body after it was signed. */
  tamper?: (rawBody: string) => string;
  /** Sends no Stripe-Signature header. */
  omitSignature?: boolean;
  /** Sends this Stripe-Signature header verbatim. */
  signature?: string;
}

/** Stripe's signature header: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the secret>. */
export function stripeSignatureHeader(rawBody: string, secret: string, timestamp: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

/**
 * Parses a form body the way Stripe reads it: `a[b][0][c]=v` nests, `x[]=v` and `x[0]=v`
 * make arrays.
 */
export function parseStripeForm(text: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const first = key.indexOf('[');
    const path = first < 0 ? [key] : [key.slice(0, first), ...[...key.slice(first).matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] ?? '')];
    let node: Record<string, unknown> = root;
    path.forEach((segment, i) => {
      const last = i === path.length - 1;
      const name = segment === '' ? String(Object.keys(node).length) : segment;
      if (last) node[name] = value;
      else node = (node[name] ??= {}) as Record<string, unknown>;
    });
  }
  return arraysOf(root) as Record<string, unknown>;
}

function arraysOf(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, arraysOf(v)] as const);
  const numeric = entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k));
  return numeric ? entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v) : Object.fromEntries(entries);
}

const id = (prefix: string) => `${prefix}_test_${randomBytes(12).toString('hex')}`;
const unix = () => Math.floor(Date.now() / 1000);

export async function startFakeStripe(options: { secretKey: string; webhookSecret: string }) {
  const sessions = new Map<string, FakeSession>();
  const intents = new Map<string, PaymentIntent>();
  const charges = new Map<string, Charge>();
  const idempotent = new Map<string, { status: number; body: string }>();
  const calls: StripeCall[] = [];
  const failures: Array<{ method: string; status: number; times: number }> = [];
  const createHolds: Array<{ reached: () => void; released: Promise<void> }> = [];

  const server = createServer((req, res) => {
    void serve(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type: 'api_error', message: String(error) } }));
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const raw = await readBody(req);
    const idempotencyKey = header(req, 'idempotency-key');
    const call: StripeCall = {
      method: req.method ?? 'GET', path: url.pathname, query: parseStripeForm(url.search.slice(1)), body: parseStripeForm(raw),
      idempotencyKey, authorized: header(req, 'authorization') === `Bearer ${options.secretKey}`, status: 200,
    };
    calls.push(call);
    const answer = (status: number, payload: unknown) => {
      call.status = status;
      const body = JSON.stringify(payload);
      if (call.method === 'POST' && idempotencyKey && status < 500) idempotent.set(idempotencyKey, { status, body });
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') }).end(body);
    };
    const failure = failures.find((f) => f.method === call.method && f.times > 0);
    if (failure) {
      failure.times--;
      return answer(failure.status, { error: { type: 'api_error', message: 'The fake Stripe was told to fail.' } });
    }
    if (!call.authorized) {
      return answer(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided: the fake Stripe expects the test key' } });
    }
    if (call.method === 'POST' && idempotencyKey) {
      const before = idempotent.get(idempotencyKey);
      if (before) {
        call.status = before.status;
        res.writeHead(before.status, { 'content-type': 'application/json', 'idempotent-replayed': 'true' }).end(before.body);
        return;
      }
    }

    if (call.method === 'POST' && url.pathname === '/v1/checkout/sessions') {
      // A slow Stripe: the session is made when the test releases the request.
      const held = createHolds.shift();
      if (held) {
        held.reached();
        await held.released;
      }
      return answer(...createSession(call.body));
    }
    if (call.method === 'GET' && url.pathname === '/v1/checkout/sessions') {
      const intent = typeof call.query.payment_intent === 'string' ? call.query.payment_intent : undefined;
      const limit = Number(call.query.limit ?? 10);
      const data = [...sessions.values()].filter((s) => intent === undefined || s.payment_intent === intent).reverse().slice(0, limit);
      return answer(200, { object: 'list', url: '/v1/checkout/sessions', has_more: false, data: data.map((s) => view(s, expandOf(call.query))) });
    }
    const match = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(url.pathname);
    if (call.method === 'GET' && match?.[1]) {
      const session = sessions.get(decodeURIComponent(match[1]));
      if (!session) return answer(404, { error: { type: 'invalid_request_error', code: 'resource_missing', param: 'session', message: `No such checkout.session: '${match[1]}'` } });
      return answer(200, view(session, expandOf(call.query)));
    }
    return answer(404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${call.method}: ${url.pathname}).` } });
  }

  function createSession(body: Record<string, unknown>): [number, unknown] {
    const items = Array.isArray(body.line_items) ? (body.line_items as Array<Record<string, unknown>>) : [];
    const problems: string[] = [];
    if (body.mode !== 'payment') problems.push('mode must be payment');
    if (items.length === 0) problems.push('line_items is required');
    if (typeof body.success_url !== 'string') problems.push('success_url is required');
    let total = 0;
    let currency: string | undefined;
    for (const item of items) {
      const price = item.price_data as { currency?: string; unit_amount?: string; product_data?: { name?: string } } | undefined;
      const amount = Number(price?.unit_amount);
      const quantity = Number(item.quantity ?? 1);
      if (!price || !Number.isInteger(amount) || amount < 0 || !price.currency || !price.product_data?.name) problems.push('line_items[].price_data needs currency, unit_amount and product_data.name');
      else {
        total += amount * quantity;
        if (currency !== undefined && currency !== price.currency) problems.push('all line items must have one currency');
        currency = price.currency;
      }
    }
    if (currency !== undefined && currency !== currency.toLowerCase()) problems.push('currency must be lowercase');
    if (problems.length > 0) return [400, { error: { type: 'invalid_request_error', message: problems.join('; ') } }];
    const sessionId = id('cs');
    const session: FakeSession = {
      id: sessionId, object: 'checkout.session', mode: 'payment', status: 'open', payment_status: 'unpaid',
      amount_subtotal: total, amount_total: total, currency: currency ?? 'eur',
      client_reference_id: typeof body.client_reference_id === 'string' ? body.client_reference_id : null,
      metadata: (body.metadata as Record<string, string> | undefined) ?? {},
      success_url: String(body.success_url), cancel_url: typeof body.cancel_url === 'string' ? body.cancel_url : null,
      url: `http://127.0.0.1:${port}/c/pay/${sessionId}#fidkdWxOYHwnPyd1blpxYHZxWjA0`,
      payment_intent: null, created: unix(), expires_at: unix() + 24 * 3600, livemode: false, request: body,
    };
    sessions.set(session.id, session);
    return [200, view(session, [])];
  }

  function expandOf(query: Record<string, unknown>): string[] {
    const e = query.expand;
    return Array.isArray(e) ? e.map(String) : typeof e === 'string' ? [e] : [];
  }

  /** The session as Stripe answers it, with payment_intent (and its latest_charge) expanded when asked. */
  function view(session: FakeSession, expand: string[]) {
    const { request: _request, ...plain } = session;
    const intent = session.payment_intent ? intents.get(session.payment_intent) : undefined;
    if (!intent || !expand.some((e) => e === 'payment_intent' || e.startsWith('payment_intent.'))) return { ...plain };
    const charge = intent.latest_charge ? charges.get(intent.latest_charge) : undefined;
    const expandedIntent = { ...intent, latest_charge: expand.includes('payment_intent.latest_charge') && charge ? { ...charge } : intent.latest_charge };
    return { ...plain, payment_intent: expandedIntent };
  }

  function sessionOf(sessionId: string): FakeSession {
    const session = sessions.get(sessionId);
    if (!session) throw new Error(`the fake Stripe has no session ${sessionId}`);
    return session;
  }

  /** The session's payment intent and charge, made when it is first paid. */
  function paid(session: FakeSession): { intent: PaymentIntent; charge: Charge } {
    let intent = session.payment_intent ? intents.get(session.payment_intent) : undefined;
    if (!intent) {
      intent = { id: id('pi'), object: 'payment_intent', amount: session.amount_total, currency: session.currency, status: 'succeeded', latest_charge: null, created: unix(), livemode: false };
      intents.set(intent.id, intent);
      session.payment_intent = intent.id;
    }
    let charge = intent.latest_charge ? charges.get(intent.latest_charge) : undefined;
    if (!charge) {
      charge = { id: id('ch'), object: 'charge', amount: session.amount_total, amount_refunded: 0, currency: session.currency, paid: true, refunded: false, disputed: false, status: 'succeeded', payment_intent: intent.id, created: unix(), livemode: false };
      charges.set(charge.id, charge);
      intent.latest_charge = charge.id;
    }
    intent.status = 'succeeded';
    return { intent, charge };
  }

  function setState(sessionId: string, state: SessionState, answered: { amountTotal?: number; currency?: string } = {}) {
    const session = sessionOf(sessionId);
    if (answered.amountTotal !== undefined) session.amount_total = answered.amountTotal;
    if (answered.currency !== undefined) session.currency = answered.currency;
    switch (state) {
      case 'open':
        Object.assign(session, { status: 'open', payment_status: 'unpaid' });
        break;
      case 'expired':
        Object.assign(session, { status: 'expired', payment_status: 'unpaid', url: null });
        break;
      case 'canceled': {
        const intent: PaymentIntent = { id: id('pi'), object: 'payment_intent', amount: session.amount_total, currency: session.currency, status: 'canceled', latest_charge: null, created: unix(), livemode: false };
        intents.set(intent.id, intent);
        Object.assign(session, { status: 'open', payment_status: 'unpaid', payment_intent: intent.id });
        break;
      }
      case 'paid':
      case 'refunded':
      case 'partially_refunded':
      case 'disputed': {
        const { charge } = paid(session);
        Object.assign(session, { status: 'complete', payment_status: 'paid', url: null });
        if (state === 'refunded') Object.assign(charge, { refunded: true, amount_refunded: charge.amount });
        // A third of it back (Stripe sends charge.refunded for partial refunds too).
        if (state === 'partially_refunded') Object.assign(charge, { refunded: false, amount_refunded: Math.floor(charge.amount / 3) });
        if (state === 'disputed') Object.assign(charge, { disputed: true });
        break;
      }
      default: {
        const never: never = state;
        throw new Error(`unknown session state ${String(never)}`);
      }
    }
  }

  function event(type: string, object: unknown) {
    return { id: id('evt'), object: 'event', api_version: '2026-10-28.endive', created: unix(), data: { object }, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type };
  }

  /** A webhook request as Stripe sends it: the raw body and its headers, signed (or forged by the options). */
  function webhook(payload: unknown, o: WebhookOptions = {}) {
    const signed = JSON.stringify(payload, null, 2);
    const body = o.tamper ? o.tamper(signed) : signed;
    const signature = o.omitSignature ? undefined : o.signature ?? stripeSignatureHeader(signed, o.secret ?? options.webhookSecret, o.timestamp ?? unix());
    return { body, headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)', ...(signature === undefined ? {} : { 'stripe-signature': signature }) } as Record<string, string> };
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    /** STRIPE_API_BASE_URL for the product's client. */
    url: `http://127.0.0.1:${port}`,
    sessions,
    calls,
    session: sessionOf,
    lastSession(): FakeSession {
      const last = [...sessions.values()].at(-1);
      if (!last) throw new Error('the fake Stripe has no sessions yet');
      return last;
    },
    /** The session's charge (after it was paid). */
    chargeOf(sessionId: string): Charge {
      const session = sessionOf(sessionId);
      const intent = session.payment_intent ? intents.get(session.payment_intent) : undefined;
      const charge = intent?.latest_charge ? charges.get(intent.latest_charge) : undefined;
      if (!charge) throw new Error(`session ${sessionId} has no charge: set it paid first`);
      return charge;
    },
    /** Retrievals of a session (the product asking for its state). */
    retrievals: (sessionId?: string) => calls.filter((c) => c.method === 'GET' && (sessionId === undefined ? /^\/v1\/checkout\/sessions\/[^/]+$/.test(c.path) : c.path === `/v1/checkout/sessions/${sessionId}`)),
    setState,
    /** The next `times` calls with this HTTP method answer `status`. */
    failNext(method: 'GET' | 'POST', status = 500, times = 1) {
      failures.push({ method, status, times });
    },
    /**
     * Holds the next request that creates a Checkout Session: it is answered (the session made)
     * only after `release()`. `reached` settles when the request has arrived. Release it within
     * the client's timeout (8 s), or the client asks again.
     */
    holdNextCreate() {
      let reached!: () => void;
      let release!: () => void;
      const arrived = new Promise<void>((resolve) => (reached = resolve));
      createHolds.push({ reached, released: new Promise<void>((resolve) => (release = resolve)) });
      return { reached: arrived, release };
    },
    event,
    checkoutSessionCompleted: (sessionId: string) => event('checkout.session.completed', view(sessionOf(sessionId), [])),
    checkoutSessionExpired: (sessionId: string) => event('checkout.session.expired', view(sessionOf(sessionId), [])),
    chargeRefunded(sessionId: string) {
      const charge = charges.get(paid(sessionOf(sessionId)).charge.id);
      return event('charge.refunded', { ...charge });
    },
    chargeDisputeCreated(sessionId: string) {
      const charge = paid(sessionOf(sessionId)).charge;
      return event('charge.dispute.created', { id: id('dp'), object: 'dispute', amount: charge.amount, charge: charge.id, currency: charge.currency, payment_intent: charge.payment_intent, reason: 'fraudulent', status: 'needs_response' });
    },
    webhook,
    /** Posts a webhook to the product; answers its HTTP status and body. */
    async sendWebhook(url: string, payload: unknown, o: WebhookOptions = {}): Promise<{ status: number; body: string }> {
      const w = webhook(payload, o);
      const response = await fetch(url, { method: 'POST', headers: w.headers, body: w.body, signal: AbortSignal.timeout(10_000) });
      return { status: response.status, body: await response.text() };
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export type FakeStripe = Awaited<ReturnType<typeof startFakeStripe>>;


