// A fake 3CX partner Order API on loopback, reached by the product's 3CX license provider
// through THREECX_API_BASE_URL. It keeps licenses of its own (seeded by the test), answers
// `POST /order/?readonly=true` with prices and per-line error codes and `readonly=false` by
// issuing keys and extending terms, checks HTTP Basic auth (the API key as user name, empty
// password), records every call, and can be told to fail: an HTTP status for the next calls,
// a slow answer, a connection dropped after the order was carried out.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Fake3cxLicense {
  key: string;
  edition: 'Startup' | 'Professional' | 'Enterprise';
  sc: number;
  isPerpetual: boolean;
  /** YYYY-MM-DD; annual licenses. */
  expiry: string | null;
  /** YYYY-MM-DD; perpetual licenses. */
  maintenance: string | null;
}

interface RequestLine {
  Type?: string;
  Edition?: string | null;
  SimultaneousCalls?: number | null;
  Quantity?: number;
  AdditionalInsuranceYears?: number;
  UpgradeKey?: string | null;
  ResellerId?: string;
  AddHosting?: boolean;
}

export interface Fake3cxCall {
  readonly: boolean;
  authorized: boolean;
  body: { PO?: string; SalesCode?: string; Notes?: string; Lines?: RequestLine[] } | null;
  status: number;
}

/** What the fake does with the next matching calls instead of answering normally. */
export type Fake3cxFault =
  | { kind: 'status'; status: number }
  /** Answers after `ms` (a client with a shorter timeout gives up). */
  | { kind: 'slow'; ms: number }
  /** Carries the order out, then drops the connection without an answer. */
  | { kind: 'drop_after_placing' };

const EDITIONS = ['Startup', 'Professional', 'Enterprise'];
const SC_TIERS = [4, 8, 16, 24, 32, 48, 64, 96, 128, 192, 256, 512, 1024];

/** YYYY-MM-DD plus whole years (29 February becomes 28 February in a common year). */
function plusYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const leap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day2 = m === 2 && d === 29 && !leap(y + years) ? 28 : d;
  return `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day2).padStart(2, '0')}`;
}

const later = (a: string, b: string) => (a > b ? a : b);

export async function startFake3cx(options: { apiKey: string; today: () => string; licenses?: Fake3cxLicense[] }) {
  const licenses = new Map<string, Fake3cxLicense>((options.licenses ?? []).map((l) => [l.key, { ...l }]));
  /** Error codes a test attached to keys: every line about that key answers it. */
  const keyErrors = new Map<string, string>();
  const calls: Fake3cxCall[] = [];
  const faults: Array<{ fault: Fake3cxFault; placingOnly: boolean }> = [];
  let nextKey = 1;
  let nextOrder = 1000;

  const newKey = () => {
    const digits = String(nextKey++).padStart(12, '0');
    return `TCXK-${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8, 12)}`;
  };
  const keyAnswer = (l: Fake3cxLicense) => ({
    LicenseKey: l.key, SimultaneousCalls: l.sc, IsPerpetual: l.isPerpetual, Edition: l.edition,
    ExpiryDate: l.expiry ? `${l.expiry}T00:00:00` : null, MaintenanceDate: l.maintenance ? `${l.maintenance}T00:00:00` : null,
  });

  /** One line: its error code, or what placing it does (run only when the order is placed). */
  function decide(line: RequestLine): { error: string } | { apply: () => Fake3cxLicense[] } {
    const quantity = line.Quantity ?? 0;
    if (!Number.isInteger(quantity) || quantity < 1) return { error: 'InvalidQuantity' };
    if (line.Type === 'NewLicense') {
      if (!EDITIONS.includes(line.Edition ?? '') || !SC_TIERS.includes(line.SimultaneousCalls ?? 0)) return { error: 'InvalidProduct' };
      const years = 1 + (line.AdditionalInsuranceYears ?? 0);
      return {
        apply: () =>
          Array.from({ length: quantity }, () => {
            const license: Fake3cxLicense = { key: newKey(), edition: line.Edition as Fake3cxLicense['edition'], sc: line.SimultaneousCalls ?? 0, isPerpetual: false, expiry: plusYears(options.today(), years), maintenance: null };
            licenses.set(license.key, license);
            return license;
          }),
      };
    }
    const license = licenses.get(line.UpgradeKey ?? '');
    if (!license) return { error: 'LicenseKeyNotFound' };
    const attached = keyErrors.get(license.key);
    if (attached) return { error: attached };
    const today = options.today();
    switch (line.Type) {
      case 'RenewAnnual':
        if (license.isPerpetual) return { error: 'RenewAnnualIsNotAvailable' };
        return { apply: () => [Object.assign(license, { expiry: plusYears(later(license.expiry ?? today, today), quantity) })] };
      case 'Maintenance':
        if (!license.isPerpetual) return { error: 'MaintenanceIsNotAvailable' };
        return { apply: () => [Object.assign(license, { maintenance: plusYears(later(license.maintenance ?? today, today), quantity) })] };
      case 'Upgrade': {
        if (license.isPerpetual) return { error: 'UpgradeIsNotAvailable' };
        if ((license.expiry ?? '') < today) return { error: 'CannotUpgradeKeyWithExpiredMaintenance' };
        const [from, to, sc] = [EDITIONS.indexOf(license.edition), EDITIONS.indexOf(line.Edition ?? ''), line.SimultaneousCalls ?? 0];
        const up = to >= from && sc >= license.sc && (to > from || sc > license.sc);
        if (to < 0 || !SC_TIERS.includes(sc) || !up) return { error: 'UpgradeIsNotAvailable' };
        return { apply: () => [Object.assign(license, { edition: EDITIONS[to] as Fake3cxLicense['edition'], sc })] };
      }
      default:
        return { error: 'InvalidType' };
    }
  }

  function order(body: Fake3cxCall['body'], readonly: boolean) {
    const lines = body?.Lines ?? [];
    const decisions = lines.map(decide);
    const placing = !readonly && decisions.every((d) => 'apply' in d);
    const items = lines.map((line, i) => {
      const d = decisions[i] as ReturnType<typeof decide>;
      const issued = placing && 'apply' in d ? d.apply() : [];
      return {
        Type: line.Type, SKU: `3CX-${line.Type ?? '?'}`, ProductName: `${line.Edition ?? ''} ${line.SimultaneousCalls ?? ''}`.trim(),
        UnitPrice: 100, Discount: 0, Quantity: line.Quantity, Net: 100 * (line.Quantity ?? 1), ResellerId: line.ResellerId ?? null, ResellerPrice: 100,
        ErrorCode: 'error' in d ? d.error : null,
        LicenseKeys: issued.map(keyAnswer),
      };
    });
    // A real order with a refused line is not placed at all: the whole answer carries the errors.
    const subTotal = items.reduce((sum, item) => sum + item.Net, 0);
    return { OrderId: placing ? String(nextOrder++) : null, Currency: 'EUR', SubTotal: subTotal, TaxPerc: 0, Tax: 0, GrandTotal: subTotal, Items: items };
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: Fake3cxCall['body'] = null;
    try {
      body = raw ? (JSON.parse(raw) as Fake3cxCall['body']) : null;
    } catch {
      body = null;
    }
    const readonly = url.searchParams.get('readonly') !== 'false';
    const authorized = req.headers.authorization === `Basic ${Buffer.from(`${options.apiKey}:`).toString('base64')}`;
    const call: Fake3cxCall = { readonly, authorized, body, status: 0 };
    calls.push(call);
    const send = (status: number, answer: unknown) => {
      call.status = status;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    };
    if (req.method !== 'POST' || !/\/order\/?$/.test(url.pathname)) return send(404, { Message: 'not found' });
    if (!authorized) return send(401, { Message: 'Authorization has been denied for this request.' });

    const at = faults.findIndex((f) => !f.placingOnly || !readonly);
    const fault = at >= 0 ? faults.splice(at, 1)[0]?.fault : undefined;
    if (fault?.kind === 'status') return send(fault.status, { Message: `fake failure ${fault.status}` });
    if (!body || !Array.isArray(body.Lines)) return send(400, { Message: 'The request is invalid.' });
    if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    const answer = order(body, readonly);
    if (fault?.kind === 'drop_after_placing') {
      call.status = -1;
      req.socket.destroy();
      return;
    }
    return send(200, answer);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    /** The base URL to configure (THREECX_API_BASE_URL). */
    url: `http://127.0.0.1:${port}/public/v1`,
    calls,
    licenses,
    /** Every line about `key` is answered with this error code (undefined: none). */
    setKeyError(key: string, code: string | undefined) {
      if (code) keyErrors.set(key, code);
      else keyErrors.delete(key);
    },
    /** The next `times` calls (only those placing an order, with `placingOnly`) meet `fault`. */
    fail(fault: Fake3cxFault, o: { times?: number; placingOnly?: boolean } = {}) {
      for (let i = 0; i < (o.times ?? 1); i++) faults.push({ fault, placingOnly: o.placingOnly ?? false });
    },
    /** The calls that placed an order (readonly=false) and were answered 200 or dropped after placing. */
    placements: () => calls.filter((c) => !c.readonly && (c.status === 200 || c.status === -1)),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export type Fake3cx = Awaited<ReturnType<typeof startFake3cx>>;
