// The environment, parsed once at start-up. This is the only file that reads process.env;
// everything else gets its settings passed down by hand from the `Config` returned here.
//
// Each variable is declared once in `variables` below, with its default and meaning, so the
// parser and the README (see `describeConfigVariables`) cannot drift apart.
import { z } from 'zod';

export type NodeEnv = 'development' | 'test' | 'production';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'json' | 'pretty';
export type LicenseProviderKind = 'sandbox' | '3cx';

export interface Config {
  readonly env: NodeEnv;
  readonly database: {
    /** DATABASE_URL; when undefined an embedded PostgreSQL is started in `dataDir`. */
    readonly url: string | undefined;
    readonly dataDir: string;
    readonly embeddedPort: number;
  };
  /** REDIS_URL; when undefined the queues use BullMQ's PostgreSQL backend. */
  readonly redis: { readonly url: string | undefined };
  /** A fixed clock for tests and demos (never in production); see src/infra/clock.ts. */
  readonly clock: { readonly today: string | undefined; readonly now: string | undefined };
  /** `format` undefined: pretty on a terminal, JSON otherwise. */
  readonly log: { readonly level: LogLevel; readonly format: LogFormat | undefined };
  /** ADMIN_TOKEN: opens Bull Board at /admin/queues; unset, it is not mounted. */
  readonly admin: { readonly token: string | undefined };
  /** The values of every secret variable that is set, so that no log line ever shows one. */
  readonly secrets: readonly string[];
  readonly http: { readonly port: number; readonly publicUrl: string | undefined };
  readonly telegram: { readonly token: string; readonly apiRoot: string | undefined } | undefined;
  /** TELEGRAM_BOT_USERNAME without its @: for the t.me links of invitation codes. */
  readonly telegramBotUsername: string | undefined;
  /** Present when SLACK_BOT_TOKEN (one workspace) or the OAuth variables (many workspaces) are set, or both. */
  readonly slack:
    | {
        readonly botToken: string | undefined;
        readonly signingSecret: string | undefined;
        readonly appToken: string | undefined;
        readonly apiUrl: string | undefined;
        /** The app installed in many workspaces through /slack/install (OAuth). */
        readonly oauth: SlackOAuthConfig | undefined;
      }
    | undefined;
  readonly multisafepay: { readonly apiKey: string; readonly baseUrl: string } | undefined;
  readonly stripe:
    | { readonly secretKey: string; readonly webhookSecret: string | undefined; readonly apiBaseUrl: string | undefined }
    | undefined;
  readonly threecx: {
    readonly licenseProvider: LicenseProviderKind;
    readonly apiKey: string | undefined;
    readonly baseUrl: string;
  };
  readonly ordering: {
    /** OFFLINE_PAYMENT_DAYS; overrides the distributor setting when defined. */
    readonly offlinePaymentDays: number | undefined;
  };
  /** VAT_CHECK_URL: a VIES-style VAT number check; undefined: VAT IDs are checked for their format only. */
  readonly vatCheck: { readonly url: string } | undefined;
  /** STAFF_CHAT: where staff are told what needs them (a refund, a placement at 3CX to check). */
  readonly staffChat: StaffChat | undefined;
  /** STAFF_DIGEST_HOUR: when the daily digest goes to STAFF_CHAT. */
  readonly staffDigest: { readonly hourUtc: number };
  readonly reminders: {
    readonly hourUtc: number;
    /** Days before expiry (negative: after) on which a reminder goes out, largest first. */
    readonly offsetsDays: readonly number[];
  };
}

export interface SlackOAuthConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  /** SLACK_TOKEN_KEY's 32 bytes: the AES-256-GCM key the workspaces' bot tokens are encrypted with. */
  readonly tokenKey: Buffer;
  /** Where Slack sends an installer back: /slack/oauth_redirect on PUBLIC_URL's origin (its path is not kept). */
  readonly redirectUrl: string;
}

/** One problem with one variable, as listed in a `ConfigError`. */
export interface ConfigProblem {
  readonly variable: string;
  readonly problem: string;
}

/** The environment is wrong; `message` lists every offending variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly ConfigProblem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(
      `Invalid configuration (${count}):\n` +
        problems.map((p) => `  - ${p.variable}: ${p.problem}`).join('\n'),
    );
  }
}

/** A variable as documented for the README. */
export interface ConfigVariableDescription {
  readonly name: string;
  /** The value used when the variable is unset or empty; undefined when there is none. */
  readonly default: string | undefined;
  readonly meaning: string;
  /** Its value is a secret: never printed, not even in an error message. */
  readonly secret: boolean;
}

// ---------------------------------------------------------------------------------------
// Parsers: each turns the raw text of one variable into a value or a sentence saying what
// is wrong with it. Non-secret values are quoted back so the operator sees the typo.

type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };
type Parser<T> = (raw: string, show: string) => Parsed<T>;

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(problem: string): Parsed<T> => ({ ok: false, problem });

function oneOf<const T extends string>(...values: T[]): Parser<T> {
  return (raw, show) =>
    (values as string[]).includes(raw) ? ok(raw as T) : bad(`must be one of ${values.join(', ')}${show}`);
}

function integer(min: number, max: number): Parser<number> {
  return (raw, show) => {
    const value = /^[+-]?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
    return Number.isSafeInteger(value) && value >= min && value <= max
      ? ok(value)
      : bad(`must be a whole number from ${min} to ${max}${show}`);
  };
}

function url(protocols: readonly string[], example: string): Parser<string> {
  return (raw, show) => {
    const parsed = URL.canParse(raw) ? new URL(raw) : undefined;
    if (parsed === undefined || !protocols.includes(parsed.protocol) || parsed.hostname === '') {
      return bad(`must be a URL like ${example}${show}`);
    }
    return ok(raw);
  };
}

const httpUrl = url(['http:', 'https:'], 'https://example.com');

function secret(pattern?: RegExp, shape?: string): Parser<string> {
  return (raw) => {
    if (/\s/.test(raw)) return bad('must not contain spaces or line breaks (check for a stray newline)');
    if (pattern !== undefined && !pattern.test(raw)) return bad(`does not look like ${shape ?? 'a valid value'}`);
    return ok(raw);
  };
}

const slackClientId: Parser<string> = (raw, show) =>
  /^\d+\.\d+$/.test(raw) ? ok(raw) : bad(`does not look like a Slack app's client ID (digits.digits, from Basic Information)${show}`);

/** 32 bytes, written as 64 hex digits or in base64 (44 characters with its padding, or 43 without). */
const tokenKey: Parser<string> = (raw) => {
  const problem = 'must be 32 random bytes written as 64 hex digits or in base64 (make one with: openssl rand -base64 32)';
  if (/\s/.test(raw)) return bad('must not contain spaces or line breaks (check for a stray newline)');
  return tokenKeyBytes(raw) === undefined ? bad(problem) : ok(raw);
};

/** SLACK_TOKEN_KEY's bytes, or undefined when it is not 32 bytes in hex or base64. */
function tokenKeyBytes(raw: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(raw)) return Buffer.from(raw, 'hex');
  if (/^[A-Za-z0-9+/]{43}=?$/.test(raw) || /^[A-Za-z0-9_-]{43}$/.test(raw)) {
    const bytes = Buffer.from(raw, raw.includes('-') || raw.includes('_') ? 'base64url' : 'base64');
    return bytes.length === 32 ? bytes : undefined;
  }
  return undefined;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  date.setUTCFullYear(year); // Date.UTC maps years 0–99 to 1900–1999
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const calendarDate: Parser<string> = (raw, show) =>
  isCalendarDate(raw) ? ok(raw) : bad(`must be a real calendar date YYYY-MM-DD${show}`);

const instant: Parser<string> = (raw, show) => {
  const problem = `must be an ISO 8601 instant with a zone, like 2026-12-02T10:00:00Z${show}`;
  if (!INSTANT.test(raw) || !isCalendarDate(raw.slice(0, 10)) || Number.isNaN(Date.parse(raw))) return bad(problem);
  return ok(new Date(raw).toISOString());
};

/** A chat of the distributor's staff: `telegram:<chat id>`, `slack:<channel id>` or `console:<name>`. */
export interface StaffChat {
  readonly channel: 'telegram' | 'slack' | 'console';
  readonly chatId: string;
}

const staffChat: Parser<StaffChat> = (raw, show) => {
  const match = /^(telegram|slack|console):(\S{1,100})$/.exec(raw.trim());
  if (!match) return bad(`must be telegram:<chat id>, slack:<channel id> or console:<name>, like telegram:-1001234567890${show}`);
  return ok({ channel: match[1] as StaffChat['channel'], chatId: match[2] as string });
};

const reminderOffsets: Parser<readonly number[]> = (raw, show) => {
  const problem = `must be a comma-separated list of distinct whole numbers of days from -365 to 365, like 30,14,7,1,0,-1,-7${show}`;
  const items = raw.split(',').map((item) => item.trim());
  if (items.some((item) => !/^[+-]?\d{1,3}$/.test(item))) return bad(problem);
  const days = items.map(Number);
  if (days.some((d) => d < -365 || d > 365) || new Set(days).size !== days.length) return bad(problem);
  return ok([...days].sort((a, b) => b - a));
};

// ---------------------------------------------------------------------------------------
// The variables.

interface Variable<T, HasDefault extends boolean> {
  readonly parse: Parser<T>;
  readonly default: HasDefault extends true ? string : undefined;
  readonly meaning: string;
  readonly secret: boolean;
}

function optional<T>(parse: Parser<T>, meaning: string, opts: { secret?: boolean } = {}): Variable<T, false> {
  return { parse, default: undefined, meaning, secret: opts.secret ?? false };
}

function withDefault<T>(parse: Parser<T>, fallback: string, meaning: string): Variable<T, true> {
  return { parse, default: fallback, meaning, secret: false };
}

const variables = {
  NODE_ENV: withDefault(oneOf('development', 'test', 'production'), 'development', 'development, test or production. Production refuses APP_TODAY and APP_NOW.'),
  DATABASE_URL: optional(url(['postgres:', 'postgresql:'], 'postgres://user:password@127.0.0.1:5432/threecx'), 'PostgreSQL connection URL. When unset, an embedded PostgreSQL is started in DATA_DIR.', { secret: true }),
  REDIS_URL: optional(url(['redis:', 'rediss:'], 'redis://127.0.0.1:6379'), 'Redis URL for the job queues. When unset, the queues run on PostgreSQL (BullMQ\'s PostgreSQL backend) in the same database.', { secret: true }),
  DATA_DIR: withDefault((raw) => ok(raw), '.data', 'Folder where the embedded PostgreSQL keeps its files (in DATA_DIR/pg). Used only when DATABASE_URL is unset.'),
  EMBEDDED_PG_PORT: withDefault(integer(1, 65535), '54329', 'TCP port of the embedded PostgreSQL (listens on 127.0.0.1 only).'),
  APP_TODAY: optional(calendarDate, 'Pretend today is this date (YYYY-MM-DD), for demos and tests; the clock stands at 12:00 UTC of that day. Refused in production.'),
  APP_NOW: optional(instant, 'Pretend the time is this instant (ISO 8601, e.g. 2026-12-02T10:00:00Z); the clock stands still there. Refused in production. If APP_TODAY is also set, both must name the same UTC date.'),
  LOG_LEVEL: withDefault(oneOf('debug', 'info', 'warn', 'error'), 'info', 'Lowest level of log line written: debug, info, warn or error.'),
  LOG_FORMAT: optional(oneOf('json', 'pretty'), 'json (one JSON object per line, pino) or pretty (one readable line per entry). Unset: pretty when stderr is a terminal, JSON otherwise.'),
  PORT: withDefault(integer(1, 65535), '3000', 'HTTP port for webhooks (Telegram, Slack, payment providers) and the health check.'),
  ADMIN_TOKEN: optional(secret(/^.{16,}$/, 'at least 16 characters'), 'Opens Bull Board (the job queues) at /admin/queues to whoever sends it as a Bearer token, or opens /admin/queues?token=<it> once (a cookie keeps it). Unset: Bull Board is not mounted.', { secret: true }),
  PUBLIC_URL: optional(httpUrl, 'The address at which this server is reachable from the internet, used to register webhooks and payment return URLs.'),
  TELEGRAM_BOT_TOKEN: optional(secret(/^\d+:[\w-]+$/, 'a Telegram bot token (<bot id>:<secret>, from @BotFather)'), 'Telegram bot token. The Telegram bot runs only when this is set.', { secret: true }),
  TELEGRAM_BOT_USERNAME: optional(secret(/^@?[A-Za-z][A-Za-z0-9_]{3,31}$/, 'a Telegram bot username (like ThreeCxOrderBot)'), 'The Telegram bot\'s username: users:invite and users:reset-password print a https://t.me/<bot>?start=<code> link with it. Unset: only the code is printed.'),
  TELEGRAM_API_ROOT: optional(httpUrl, 'Telegram Bot API root (default https://api.telegram.org); tests point it at a local fake.'),
  SLACK_BOT_TOKEN: optional(secret(/^xoxb-/, 'a Slack bot token (xoxb-…)'), 'Slack bot token. The Slack bot runs only when this is set, together with SLACK_SIGNING_SECRET (HTTP events) or SLACK_APP_TOKEN (Socket Mode).', { secret: true }),
  SLACK_SIGNING_SECRET: optional(secret(), 'Slack signing secret, to verify events received over HTTP.', { secret: true }),
  SLACK_APP_TOKEN: optional(secret(/^xapp-/, 'a Slack app-level token (xapp-…)'), 'Slack app-level token, to receive events over Socket Mode instead of HTTP.', { secret: true }),
  SLACK_CLIENT_ID: optional(slackClientId, "The Slack app's client ID (Basic Information). With SLACK_CLIENT_SECRET and SLACK_TOKEN_KEY: the app is installed in many workspaces through PUBLIC_URL/slack/install (OAuth)."),
  SLACK_CLIENT_SECRET: optional(secret(), "The Slack app's client secret (Basic Information), for the OAuth install.", { secret: true }),
  SLACK_TOKEN_KEY: optional(tokenKey, 'The key the installed workspaces\' bot tokens are encrypted with in the database (AES-256-GCM): 32 random bytes as 64 hex digits or base64 (openssl rand -base64 32). Keep it: without it the stored tokens cannot be read.', { secret: true }),
  SLACK_API_URL: optional(httpUrl, 'Slack Web API base URL (default https://slack.com/api/); tests point it at a local fake.'),
  MULTISAFEPAY_API_KEY: optional(secret(), 'MultiSafepay website API key. Online payment through MultiSafepay is offered only when this is set.', { secret: true }),
  MULTISAFEPAY_BASE_URL: withDefault(httpUrl, 'https://testapi.multisafepay.com/v1/json', 'MultiSafepay API base URL: the test API by default; https://api.multisafepay.com/v1/json for live payments.'),
  STRIPE_SECRET_KEY: optional(secret(/^(sk|rk)_/, 'a Stripe secret key (sk_… or rk_…)'), 'Stripe secret key. Card payment through Stripe is offered only when this is set.', { secret: true }),
  STRIPE_WEBHOOK_SECRET: optional(secret(/^whsec_/, 'a Stripe webhook signing secret (whsec_…)'), 'Stripe webhook signing secret, to verify payment events sent to PUBLIC_URL.', { secret: true }),
  STRIPE_API_BASE_URL: optional(httpUrl, 'Stripe API base URL (default https://api.stripe.com); tests point it at a local fake.'),
  THREECX_API_KEY: optional(secret(), '3CX partner API key (sent as the HTTP Basic user name). Required when LICENSE_PROVIDER=3cx.', { secret: true }),
  THREECX_API_BASE_URL: withDefault(httpUrl, 'https://api.3cx.com/public/v1', '3CX partner API base URL.'),
  LICENSE_PROVIDER: withDefault(oneOf('sandbox', '3cx'), 'sandbox', 'Where license keys are looked up and ordered: sandbox (a built-in simulation, no real orders) or 3cx (the real 3CX partner API).'),
  STAFF_CHAT: optional(staffChat, 'Where staff are told what needs them (payments to refund, licenses 3CX has not confirmed, lines not applied): telegram:<chat id>, slack:<channel id> or console:<name>; staff logged in privately get the staff menu there. Unset: only the audit log and npm run ops -- orders:attention.'),
  VAT_CHECK_URL: optional(httpUrl, 'A VIES-style VAT number check (POST {countryCode, vatNumber}, answered {valid, name, address}), such as https://ec.europa.eu/taxation_customs/vies/rest-api/check-vat-number. A VAT ID entered is checked there (5 s at most); unreachable, it is stored unverified. Unset: VAT IDs are checked for their format only.'),
  OFFLINE_PAYMENT_DAYS: optional(integer(1, 90), 'Days a reseller has to pay an offline (bank transfer) order; overrides the distributor setting in the database.'),
  REMINDER_HOUR_UTC: withDefault(integer(0, 23), '8', 'Hour of the day (UTC) at which renewal reminders are sent.'),
  STAFF_DIGEST_HOUR: withDefault(integer(0, 23), '7', 'Hour of the day (UTC) at which the daily digest goes to STAFF_CHAT (payments received, bank transfers waiting, orders needing staff, reminders sent, renewals won since the last one).'),
  REMINDER_OFFSETS: withDefault(reminderOffsets, '30,14,7,1,0,-1,-7', 'Days before a license or maintenance expiry on which a reminder is sent; negative numbers are days after it.'),
} as const;

type Variables = typeof variables;
type VariableName = keyof Variables;
type Values = {
  [K in VariableName]: Variables[K] extends Variable<infer T, infer D> ? (D extends true ? T : T | undefined) : never;
};

/** Every variable the application reads, with its default and meaning (for the README). */
export function describeConfigVariables(): readonly ConfigVariableDescription[] {
  return (Object.keys(variables) as VariableName[]).map((name) => ({
    name,
    default: variables[name].default,
    meaning: variables[name].meaning,
    secret: variables[name].secret,
  }));
}

// ---------------------------------------------------------------------------------------
// The schema: one zod field per variable, then the checks that involve several variables
// (run even when some field failed, so that one message names every offender), then the
// nested `Config`.

function field<T>(variable: Variable<T, boolean>) {
  return z.unknown().transform((input, ctx): T | undefined => {
    const raw = input === '' || input === undefined ? variable.default : input;
    if (raw === undefined) return undefined;
    if (typeof raw !== 'string') {
      ctx.addIssue({ code: 'custom', message: 'must be text' });
      return z.NEVER;
    }
    const show = variable.secret ? '' : ` (got ${JSON.stringify(raw)})`;
    const result = variable.parse(raw, show);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: result.problem });
      return z.NEVER;
    }
    return result.value;
  });
}

const shape = Object.fromEntries(
  (Object.keys(variables) as VariableName[]).map((name) => [name, field(variables[name] as Variable<unknown, boolean>)]),
);

const schema = z
  .object(shape)
  .superRefine(
    (parsed, ctx) => {
      const v = parsed as Partial<Values>;
      const failed = new Set(ctx.issues.map((issue) => String(issue.path?.[0])));
      const valid = <K extends VariableName>(name: K): Values[K] | undefined => (failed.has(name) ? undefined : v[name]);
      const problem = (variable: VariableName, message: string) => ctx.addIssue({ code: 'custom', path: [variable], message });

      if (valid('NODE_ENV') === 'production') {
        if (v.APP_TODAY !== undefined) problem('APP_TODAY', 'is refused when NODE_ENV=production: a fixed date is only for tests and demos');
        if (v.APP_NOW !== undefined) problem('APP_NOW', 'is refused when NODE_ENV=production: a fixed time is only for tests and demos');
      }
      const today = valid('APP_TODAY');
      const now = valid('APP_NOW');
      if (today !== undefined && now !== undefined && now.slice(0, 10) !== today) {
        problem('APP_NOW', `falls on ${now.slice(0, 10)} (UTC) but APP_TODAY is ${today}: set only one, or make them agree`);
      }
      if (valid('LICENSE_PROVIDER') === '3cx' && v.THREECX_API_KEY === undefined && !failed.has('THREECX_API_KEY')) {
        problem('THREECX_API_KEY', 'is required when LICENSE_PROVIDER=3cx');
      }
      // The OAuth install (many workspaces) needs all three of its variables, or none.
      const oauthVariables = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_TOKEN_KEY'] as const;
      const oauthSet = oauthVariables.filter((name) => v[name] !== undefined || failed.has(name));
      if (oauthSet.length > 0 && oauthSet.length < oauthVariables.length) {
        for (const name of oauthVariables.filter((n) => !oauthSet.includes(n))) {
          problem(name, `is needed as well: ${oauthSet.join(' and ')} ${oauthSet.length === 1 ? 'is' : 'are'} set, and installing the Slack app in many workspaces (OAuth) needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_TOKEN_KEY together (or none of them, for one workspace with SLACK_BOT_TOKEN)`);
        }
      }
      const oauth = oauthSet.length === oauthVariables.length;
      const slackBot = v.SLACK_BOT_TOKEN !== undefined || oauth;
      if (slackBot && v.SLACK_SIGNING_SECRET === undefined && v.SLACK_APP_TOKEN === undefined
        && !failed.has('SLACK_SIGNING_SECRET') && !failed.has('SLACK_APP_TOKEN')) {
        problem(v.SLACK_BOT_TOKEN !== undefined ? 'SLACK_BOT_TOKEN' : 'SLACK_CLIENT_ID', 'needs SLACK_SIGNING_SECRET (events over HTTP) or SLACK_APP_TOKEN (Socket Mode) as well');
      }
      if (oauth && v.PUBLIC_URL === undefined && !failed.has('PUBLIC_URL')) {
        problem('SLACK_CLIENT_ID', 'needs PUBLIC_URL as well: Slack sends an installer back to PUBLIC_URL/slack/oauth_redirect');
      }
      // The installer's browser carries the install's state cookie and Slack the code over it:
      // plain http only on this machine.
      const publicUrl = valid('PUBLIC_URL');
      if (oauth && publicUrl !== undefined && !isHttpsOrLocal(publicUrl)) {
        problem('PUBLIC_URL', `must be https:// for the Slack install (OAuth), or http:// on localhost or 127.0.0.1 only (got ${JSON.stringify(publicUrl)})`);
      }
      for (const companion of ['SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN'] as const) {
        if (v[companion] !== undefined && v.SLACK_BOT_TOKEN === undefined && oauthSet.length === 0 && !failed.has('SLACK_BOT_TOKEN')) {
          problem(companion, 'is set but SLACK_BOT_TOKEN is not: the Slack bot needs its bot token (or the OAuth variables SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_TOKEN_KEY)');
        }
      }
      if (v.STRIPE_WEBHOOK_SECRET !== undefined && v.STRIPE_SECRET_KEY === undefined && !failed.has('STRIPE_SECRET_KEY')) {
        problem('STRIPE_WEBHOOK_SECRET', 'is set but STRIPE_SECRET_KEY is not');
      }
    },
    { when: () => true },
  )
  .transform((parsed): Config => toConfig(parsed as Values));

function toConfig(v: Values): Config {
  return {
    env: v.NODE_ENV,
    database: { url: v.DATABASE_URL, dataDir: v.DATA_DIR, embeddedPort: v.EMBEDDED_PG_PORT },
    redis: { url: v.REDIS_URL },
    clock: { today: v.APP_TODAY, now: v.APP_NOW },
    log: { level: v.LOG_LEVEL, format: v.LOG_FORMAT },
    admin: { token: v.ADMIN_TOKEN },
    secrets: (Object.keys(variables) as VariableName[]).filter((name) => variables[name].secret).map((name) => v[name]).filter((value): value is string => typeof value === 'string'),
    http: { port: v.PORT, publicUrl: v.PUBLIC_URL },
    telegram: v.TELEGRAM_BOT_TOKEN === undefined ? undefined : { token: v.TELEGRAM_BOT_TOKEN, apiRoot: v.TELEGRAM_API_ROOT },
    telegramBotUsername: v.TELEGRAM_BOT_USERNAME?.replace(/^@/, ''),
    slack: slackConfig(v),
    multisafepay: v.MULTISAFEPAY_API_KEY === undefined ? undefined : { apiKey: v.MULTISAFEPAY_API_KEY, baseUrl: v.MULTISAFEPAY_BASE_URL },
    stripe:
      v.STRIPE_SECRET_KEY === undefined
        ? undefined
        : { secretKey: v.STRIPE_SECRET_KEY, webhookSecret: v.STRIPE_WEBHOOK_SECRET, apiBaseUrl: v.STRIPE_API_BASE_URL },
    threecx: { licenseProvider: v.LICENSE_PROVIDER, apiKey: v.THREECX_API_KEY, baseUrl: v.THREECX_API_BASE_URL },
    ordering: { offlinePaymentDays: v.OFFLINE_PAYMENT_DAYS },
    staffChat: v.STAFF_CHAT,
    vatCheck: v.VAT_CHECK_URL === undefined ? undefined : { url: v.VAT_CHECK_URL },
    reminders: { hourUtc: v.REMINDER_HOUR_UTC, offsetsDays: v.REMINDER_OFFSETS },
    staffDigest: { hourUtc: v.STAFF_DIGEST_HOUR },
  };
}

/** As every address made from PUBLIC_URL: its path is not kept (webhooks, payment returns, this). */
const SLACK_OAUTH_REDIRECT_PATH = '/slack/oauth_redirect';

function isHttpsOrLocal(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === 'https:' || hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

function slackConfig(v: Values): Config['slack'] {
  const key = v.SLACK_TOKEN_KEY === undefined ? undefined : tokenKeyBytes(v.SLACK_TOKEN_KEY);
  const oauth = v.SLACK_CLIENT_ID !== undefined && v.SLACK_CLIENT_SECRET !== undefined && key !== undefined && v.PUBLIC_URL !== undefined
    ? { clientId: v.SLACK_CLIENT_ID, clientSecret: v.SLACK_CLIENT_SECRET, tokenKey: key, redirectUrl: new URL(SLACK_OAUTH_REDIRECT_PATH, v.PUBLIC_URL).toString() }
    : undefined;
  if (v.SLACK_BOT_TOKEN === undefined && oauth === undefined) return undefined;
  return { botToken: v.SLACK_BOT_TOKEN, signingSecret: v.SLACK_SIGNING_SECRET, appToken: v.SLACK_APP_TOKEN, apiUrl: v.SLACK_API_URL, oauth };
}

/**
 * Parses the environment. Throws a `ConfigError` naming every variable that is wrong.
 * Unknown variables are ignored; an empty value counts as unset.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const input = Object.fromEntries(Object.keys(variables).map((name) => [name, env[name]]));
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? '(environment)'), problem: issue.message }));
  problems.sort((a, b) => order(a.variable) - order(b.variable));
  throw new ConfigError(problems);
}

const names = Object.keys(variables);
const order = (variable: string) => names.indexOf(variable);
