import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfigVariables, loadConfig, type Config } from '../../src/config';
import { clockFromConfig } from '../../src/infra/clock';

function problemsOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('loadConfig', () => {
  it('gives every default when the environment is empty', () => {
    const expected: Config = {
      env: 'development',
      database: { url: undefined, dataDir: '.data', embeddedPort: 54329 },
      redis: { url: undefined },
      clock: { today: undefined, now: undefined },
      log: { level: 'info', format: undefined },
      admin: { token: undefined },
      secrets: [],
      http: { port: 3000, publicUrl: undefined },
      telegram: undefined,
      telegramBotUsername: undefined,
      slack: undefined,
      multisafepay: undefined,
      stripe: undefined,
      threecx: { licenseProvider: 'sandbox', apiKey: undefined, baseUrl: 'https://api.3cx.com/public/v1' },
      ordering: { offlinePaymentDays: undefined },
      vatCheck: undefined,
      staffChat: undefined,
      reminders: { hourUtc: 8, offsetsDays: [30, 14, 7, 1, 0, -1, -7] },
      staffDigest: { hourUtc: 7 },
    };
    expect(loadConfig({})).toEqual(expected);
  });

  it('treats an empty value as unset', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: '', APP_TODAY: '', NODE_ENV: '' });
    expect(config.http.port).toBe(3000);
    expect(config.database.url).toBeUndefined();
    expect(config.clock.today).toBeUndefined();
    expect(config.env).toBe('development');
  });

  it('takes a DATABASE_URL that reaches PostgreSQL on this machine through its Unix socket, as it is', () => {
    const url = 'postgres://app@localhost/threecx?host=/var/run/postgresql';
    expect(loadConfig({ DATABASE_URL: url }).database.url).toBe(url);
  });

  it('shapes a full environment into the nested config', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://app:secret@db.internal:5432/threecx',
      REDIS_URL: 'redis://cache.internal:6379',
      DATA_DIR: '/var/lib/threecx',
      EMBEDDED_PG_PORT: '55000',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      ADMIN_TOKEN: 'admin-token-0123456789',
      PORT: '8080',
      PUBLIC_URL: 'https://bot.example.com',
      TELEGRAM_BOT_TOKEN: '123456:ABC-def_ghi',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:9001',
      SLACK_BOT_TOKEN: 'xoxb-1-2-3',
      SLACK_SIGNING_SECRET: 'shh',
      SLACK_APP_TOKEN: 'xapp-1-2',
      SLACK_API_URL: 'http://127.0.0.1:9002/api/',
      MULTISAFEPAY_API_KEY: 'msp-key',
      MULTISAFEPAY_BASE_URL: 'https://api.multisafepay.com/v1/json',
      STRIPE_SECRET_KEY: 'sk_test_123',
      STRIPE_WEBHOOK_SECRET: 'whsec_456',
      STRIPE_API_BASE_URL: 'http://127.0.0.1:9003',
      THREECX_API_KEY: 'partner-key',
      THREECX_API_BASE_URL: 'http://127.0.0.1:9004/public/v1',
      LICENSE_PROVIDER: '3cx',
      OFFLINE_PAYMENT_DAYS: '21',
      STAFF_CHAT: 'telegram:-1001234567890',
      VAT_CHECK_URL: 'http://127.0.0.1:9005/check-vat-number',
      REMINDER_HOUR_UTC: '0',
      STAFF_DIGEST_HOUR: '6',
      REMINDER_OFFSETS: ' 7, -3 ,60 ',
    });
    expect(config).toEqual({
      env: 'production',
      database: { url: 'postgres://app:secret@db.internal:5432/threecx', dataDir: '/var/lib/threecx', embeddedPort: 55000 },
      redis: { url: 'redis://cache.internal:6379' },
      clock: { today: undefined, now: undefined },
      log: { level: 'warn', format: 'json' },
      admin: { token: 'admin-token-0123456789' },
      secrets: [
        'postgres://app:secret@db.internal:5432/threecx', 'redis://cache.internal:6379', 'admin-token-0123456789', '123456:ABC-def_ghi',
        'xoxb-1-2-3', 'shh', 'xapp-1-2', 'msp-key', 'sk_test_123', 'whsec_456', 'partner-key',
      ],
      http: { port: 8080, publicUrl: 'https://bot.example.com' },
      telegram: { token: '123456:ABC-def_ghi', apiRoot: 'http://127.0.0.1:9001' },
      telegramBotUsername: undefined,
      slack: { botToken: 'xoxb-1-2-3', signingSecret: 'shh', appToken: 'xapp-1-2', apiUrl: 'http://127.0.0.1:9002/api/', oauth: undefined },
      multisafepay: { apiKey: 'msp-key', baseUrl: 'https://api.multisafepay.com/v1/json' },
      stripe: { secretKey: 'sk_test_123', webhookSecret: 'whsec_456', apiBaseUrl: 'http://127.0.0.1:9003' },
      threecx: { licenseProvider: '3cx', apiKey: 'partner-key', baseUrl: 'http://127.0.0.1:9004/public/v1' },
      ordering: { offlinePaymentDays: 21 },
      vatCheck: { url: 'http://127.0.0.1:9005/check-vat-number' },
      staffChat: { channel: 'telegram', chatId: '-1001234567890' },
      reminders: { hourUtc: 0, offsetsDays: [60, 7, -3] },
      staffDigest: { hourUtc: 6 },
    } satisfies Config);
  });

  // One bad value per variable (and a few borderline ones): each must be named.
  const badValues: [variable: string, value: string, extra?: Record<string, string>][] = [
    ['NODE_ENV', 'staging'],
    ['DATABASE_URL', 'mysql://localhost/threecx'],
    ['DATABASE_URL', 'not a url'],
    ['REDIS_URL', 'http://127.0.0.1:6379'],
    ['LOG_FORMAT', 'colourful'],
    ['ADMIN_TOKEN', 'short'],
    ['EMBEDDED_PG_PORT', '70000'],
    ['EMBEDDED_PG_PORT', '5432.5'],
    ['APP_TODAY', '2026-02-30'],
    ['APP_TODAY', '2026-2-3'],
    ['APP_TODAY', 'tomorrow'],
    ['APP_NOW', '2026-12-02 10:00'],
    ['APP_NOW', '2026-12-02T10:00:00'], // no zone: ambiguous
    ['APP_NOW', '2026-13-02T10:00:00Z'],
    ['LOG_LEVEL', 'verbose'],
    ['PORT', '0'],
    ['PORT', '65536'],
    ['PORT', 'eighty'],
    ['PUBLIC_URL', 'bot.example.com'],
    ['PUBLIC_URL', 'ftp://bot.example.com'],
    ['TELEGRAM_BOT_TOKEN', 'no-colon-here'],
    ['TELEGRAM_BOT_TOKEN', '123:abc\n'],
    ['TELEGRAM_API_ROOT', 'api.telegram.org'],
    ['TELEGRAM_BOT_USERNAME', 'no spaces allowed'],
    ['SLACK_BOT_TOKEN', 'xoxp-user-token', { SLACK_SIGNING_SECRET: 's' }],
    ['SLACK_SIGNING_SECRET', 'has space', { SLACK_BOT_TOKEN: 'xoxb-1' }],
    ['SLACK_APP_TOKEN', 'xoxb-wrong-kind', { SLACK_BOT_TOKEN: 'xoxb-1' }],
    ['SLACK_API_URL', 'slack'],
    ['SLACK_CLIENT_ID', 'my-app', { SLACK_CLIENT_SECRET: 's', SLACK_TOKEN_KEY: 'a'.repeat(64), SLACK_SIGNING_SECRET: 's', PUBLIC_URL: 'https://bot.example.com' }],
    ['SLACK_CLIENT_SECRET', 'has space', { SLACK_CLIENT_ID: '1.2', SLACK_TOKEN_KEY: 'a'.repeat(64), SLACK_SIGNING_SECRET: 's', PUBLIC_URL: 'https://bot.example.com' }],
    ['SLACK_TOKEN_KEY', 'a'.repeat(63), { SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 's', SLACK_SIGNING_SECRET: 's', PUBLIC_URL: 'https://bot.example.com' }],
    ['SLACK_TOKEN_KEY', Buffer.alloc(16).toString('base64'), { SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 's', SLACK_SIGNING_SECRET: 's', PUBLIC_URL: 'https://bot.example.com' }],
    ['MULTISAFEPAY_API_KEY', 'two words'],
    ['MULTISAFEPAY_BASE_URL', 'testapi.multisafepay.com'],
    ['STRIPE_SECRET_KEY', 'pk_test_publishable'],
    ['STRIPE_WEBHOOK_SECRET', 'secret', { STRIPE_SECRET_KEY: 'sk_test_1' }],
    ['STRIPE_API_BASE_URL', '://'],
    ['THREECX_API_KEY', 'with space'],
    ['THREECX_API_BASE_URL', 'api.3cx.com'],
    ['LICENSE_PROVIDER', 'live'],
    ['OFFLINE_PAYMENT_DAYS', '0'],
    ['STAFF_CHAT', 'whatsapp:123'],
    ['VAT_CHECK_URL', 'ftp://vies.example/check'],
    ['STAFF_CHAT', 'telegram:'],
    ['STAFF_CHAT', 'telegram:12 34'],
    ['OFFLINE_PAYMENT_DAYS', '91'],
    ['REMINDER_HOUR_UTC', '24'],
    ['STAFF_DIGEST_HOUR', '24'],
    ['STAFF_DIGEST_HOUR', 'seven'],
    ['REMINDER_HOUR_UTC', '-1'],
    ['REMINDER_OFFSETS', '30,,7'],
    ['REMINDER_OFFSETS', '30,14,30'],
    ['REMINDER_OFFSETS', 'thirty'],
    ['REMINDER_OFFSETS', '400'],
  ];

  it.each(badValues)('names %s when it is %j', (variable, value, extra = {}) => {
    const error = problemsOf({ ...extra, [variable]: value });
    expect(error.problems.map((p) => p.variable)).toEqual([variable]);
    expect(error.message).toContain(`${variable}: `);
  });

  it('covers every variable in the bad-value table except DATA_DIR (any folder name will do)', () => {
    const covered = new Set(badValues.map(([variable]) => variable));
    const uncovered = describeConfigVariables().map((v) => v.name).filter((name) => !covered.has(name));
    expect(uncovered).toEqual(['DATA_DIR']);
  });

  it('names every offending variable in one message', () => {
    const error = problemsOf({ PORT: 'abc', LOG_LEVEL: 'loud', REDIS_URL: 'localhost', REMINDER_OFFSETS: '1,x', OFFLINE_PAYMENT_DAYS: '365' });
    expect(error.problems.map((p) => p.variable).sort()).toEqual(
      ['LOG_LEVEL', 'OFFLINE_PAYMENT_DAYS', 'PORT', 'REDIS_URL', 'REMINDER_OFFSETS'],
    );
    expect(error.message).toMatch(/^Invalid configuration \(5 problems\):/);
    for (const variable of ['PORT', 'LOG_LEVEL', 'REDIS_URL', 'REMINDER_OFFSETS', 'OFFLINE_PAYMENT_DAYS']) {
      expect(error.message).toContain(`  - ${variable}: `);
    }
  });

  it('still names cross-variable problems when another variable is malformed', () => {
    const error = problemsOf({ NODE_ENV: 'production', APP_TODAY: '2026-12-02', PORT: 'x', LICENSE_PROVIDER: '3cx' });
    expect(error.problems.map((p) => p.variable).sort()).toEqual(['APP_TODAY', 'PORT', 'THREECX_API_KEY']);
  });

  it('quotes a bad value back, but never a secret', () => {
    expect(problemsOf({ PORT: 'eighty' }).message).toContain('(got "eighty")');
    const secretProblem = problemsOf({ STRIPE_SECRET_KEY: 'pk_live_do-not-print' }).message;
    expect(secretProblem).toContain('STRIPE_SECRET_KEY');
    expect(secretProblem).not.toContain('do-not-print');
    expect(problemsOf({ DATABASE_URL: 'mysql://user:hunter2@db/x' }).message).not.toContain('hunter2');
  });

  it('refuses APP_TODAY and APP_NOW in production', () => {
    const today = problemsOf({ NODE_ENV: 'production', APP_TODAY: '2026-12-02' });
    expect(today.problems).toEqual([{ variable: 'APP_TODAY', problem: expect.stringContaining('NODE_ENV=production') }]);
    const now = problemsOf({ NODE_ENV: 'production', APP_NOW: '2026-12-02T10:00:00Z' });
    expect(now.problems).toEqual([{ variable: 'APP_NOW', problem: expect.stringContaining('NODE_ENV=production') }]);
    expect(loadConfig({ NODE_ENV: 'test', APP_TODAY: '2026-12-02' }).clock.today).toBe('2026-12-02');
  });

  it('wants APP_TODAY and APP_NOW to agree on the (UTC) date', () => {
    const error = problemsOf({ APP_TODAY: '2026-12-03', APP_NOW: '2026-12-02T23:30:00Z' });
    expect(error.problems.map((p) => p.variable)).toEqual(['APP_NOW']);
    expect(error.message).toContain('APP_TODAY');
    // 01:00 at +02:00 is still the 1st in UTC
    expect(() => loadConfig({ APP_TODAY: '2026-12-02', APP_NOW: '2026-12-02T01:00:00+02:00' })).toThrow(/APP_NOW/);
    expect(loadConfig({ APP_TODAY: '2026-12-02', APP_NOW: '2026-12-02T10:00:00Z' }).clock).toEqual({
      today: '2026-12-02',
      now: '2026-12-02T10:00:00.000Z',
    });
  });

  it('accepts a leap day and an instant with an offset', () => {
    expect(loadConfig({ APP_TODAY: '2028-02-29' }).clock.today).toBe('2028-02-29');
    expect(loadConfig({ APP_NOW: '2026-12-02T12:00:00+01:00' }).clock.now).toBe('2026-12-02T11:00:00.000Z');
  });

  it('requires THREECX_API_KEY for the real 3CX license provider', () => {
    expect(problemsOf({ LICENSE_PROVIDER: '3cx' }).problems).toEqual([
      { variable: 'THREECX_API_KEY', problem: 'is required when LICENSE_PROVIDER=3cx' },
    ]);
    expect(loadConfig({ LICENSE_PROVIDER: '3cx', THREECX_API_KEY: 'k' }).threecx.licenseProvider).toBe('3cx');
  });

  it('wants a way to receive Slack events with a Slack bot token, and the token with its companions', () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1' }).problems.map((p) => p.variable)).toEqual(['SLACK_BOT_TOKEN']);
    expect(problemsOf({ SLACK_APP_TOKEN: 'xapp-1' }).problems.map((p) => p.variable)).toEqual(['SLACK_APP_TOKEN']);
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack?.appToken).toBe('xapp-1');
  });

  it('installs in many workspaces with the three OAuth variables, and refuses them partly set', () => {
    const key = Buffer.alloc(32, 7);
    const oauth = { SLACK_CLIENT_ID: '1234.5678', SLACK_CLIENT_SECRET: 'client-secret', SLACK_SIGNING_SECRET: 'shh', PUBLIC_URL: 'https://bot.example.com/' };
    for (const written of [key.toString('hex'), key.toString('base64'), key.toString('base64url')]) {
      const slack = loadConfig({ ...oauth, SLACK_TOKEN_KEY: written }).slack;
      expect(slack).toEqual({ botToken: undefined, signingSecret: 'shh', appToken: undefined, apiUrl: undefined,
        oauth: { clientId: '1234.5678', clientSecret: 'client-secret', tokenKey: key, redirectUrl: 'https://bot.example.com/slack/oauth_redirect' } });
    }
    // Partly set: every missing one is named, and why.
    const partly = problemsOf({ SLACK_CLIENT_ID: '1234.5678', SLACK_SIGNING_SECRET: 'shh' });
    expect(partly.problems.map((p) => p.variable)).toEqual(['SLACK_CLIENT_SECRET', 'SLACK_TOKEN_KEY']);
    expect(partly.message).toContain('SLACK_CLIENT_ID is set, and installing the Slack app in many workspaces (OAuth) needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_TOKEN_KEY together');
    expect(problemsOf({ ...oauth, SLACK_TOKEN_KEY: key.toString('hex'), PUBLIC_URL: '' }).problems).toEqual([{ variable: 'SLACK_CLIENT_ID', problem: expect.stringContaining('needs PUBLIC_URL') }]);
    // A key of another length is refused without being printed.
    const short = problemsOf({ ...oauth, SLACK_TOKEN_KEY: 'c2hvcnQta2V5LXByaW50ZWQtbmV2ZXI=' });
    expect(short.problems).toEqual([{ variable: 'SLACK_TOKEN_KEY', problem: expect.stringContaining('32 random bytes') }]);
    expect(short.message).not.toContain('c2hvcnQta2V5');
    // Both: the bot token serves its own workspace, OAuth the others.
    expect(loadConfig({ ...oauth, SLACK_TOKEN_KEY: key.toString('hex'), SLACK_BOT_TOKEN: 'xoxb-1' }).slack?.botToken).toBe('xoxb-1');
  });

  it('makes the Slack redirect URL on PUBLIC_URL\'s origin, as its other addresses, and wants https for the install', () => {
    const oauth = { SLACK_CLIENT_ID: '1234.5678', SLACK_CLIENT_SECRET: 'client-secret', SLACK_SIGNING_SECRET: 'shh', SLACK_TOKEN_KEY: Buffer.alloc(32, 7).toString('hex') };
    // A path in PUBLIC_URL is not kept: the route and the state's cookie are at /slack/oauth_redirect.
    expect(loadConfig({ ...oauth, PUBLIC_URL: 'https://bot.example.com/orders/' }).slack?.oauth?.redirectUrl).toBe('https://bot.example.com/slack/oauth_redirect');
    expect(loadConfig({ ...oauth, PUBLIC_URL: 'https://bot.example.com/orders' }).slack?.oauth?.redirectUrl).toBe('https://bot.example.com/slack/oauth_redirect');
    // Plain http carries the state and the code in the clear: only on this machine.
    expect(problemsOf({ ...oauth, PUBLIC_URL: 'http://bot.example.com' }).problems).toEqual([{ variable: 'PUBLIC_URL', problem: expect.stringContaining('must be https:// for the Slack install') }]);
    expect(loadConfig({ ...oauth, PUBLIC_URL: 'http://localhost:3000' }).slack?.oauth?.redirectUrl).toBe('http://localhost:3000/slack/oauth_redirect');
    expect(loadConfig({ ...oauth, PUBLIC_URL: 'http://127.0.0.1:3000' }).slack?.oauth?.redirectUrl).toBe('http://127.0.0.1:3000/slack/oauth_redirect');
    // Without the install, http stays allowed (a webhook behind a tunnel is the operator's choice).
    expect(loadConfig({ PUBLIC_URL: 'http://bot.example.com' }).http.publicUrl).toBe('http://bot.example.com');
  });

  it('ignores variables it does not know', () => {
    expect(loadConfig({ HOME: '/root', PATH: '/bin' }).env).toBe('development');
  });
});

describe('describeConfigVariables', () => {
  it('documents each variable once, with a meaning, and defaults that loadConfig applies', () => {
    const variables = describeConfigVariables();
    const names = variables.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['NODE_ENV', 'DATABASE_URL', 'REDIS_URL', 'APP_TODAY', 'REMINDER_OFFSETS']));
    for (const variable of variables) expect(variable.meaning.length).toBeGreaterThan(10);
    const defaults = Object.fromEntries(variables.filter((v) => v.default !== undefined).map((v) => [v.name, v.default]));
    expect(defaults).toEqual({
      NODE_ENV: 'development',
      DATA_DIR: '.data',
      EMBEDDED_PG_PORT: '54329',
      LOG_LEVEL: 'info',
      PORT: '3000',
      MULTISAFEPAY_BASE_URL: 'https://testapi.multisafepay.com/v1/json',
      THREECX_API_BASE_URL: 'https://api.3cx.com/public/v1',
      LICENSE_PROVIDER: 'sandbox',
      REMINDER_HOUR_UTC: '8',
      STAFF_DIGEST_HOUR: '7',
      REMINDER_OFFSETS: '30,14,7,1,0,-1,-7',
    });
    expect(variables.filter((v) => v.secret).map((v) => v.name)).toContain('STRIPE_SECRET_KEY');
  });
});

describe('clockFromConfig', () => {
  it('stands still at APP_NOW', () => {
    const clock = clockFromConfig(loadConfig({ APP_NOW: '2026-12-02T23:30:00Z' }));
    expect(clock.now().toISOString()).toBe('2026-12-02T23:30:00.000Z');
    expect(clock.today()).toBe('2026-12-02');
    expect(clock.today('Europe/Amsterdam')).toBe('2026-12-03');
    expect(clock.today('America/New_York')).toBe('2026-12-02');
  });

  it('stands at noon UTC of APP_TODAY, which is that date in nearly every zone', () => {
    const clock = clockFromConfig(loadConfig({ APP_TODAY: '2026-12-02' }));
    expect(clock.now().toISOString()).toBe('2026-12-02T12:00:00.000Z');
    for (const zone of ['UTC', 'Pacific/Pago_Pago', 'America/Los_Angeles', 'Europe/Amsterdam', 'Asia/Tokyo', 'Australia/Sydney']) {
      expect(clock.today(zone)).toBe('2026-12-02');
    }
  });

  it('follows the system clock otherwise', () => {
    const clock = clockFromConfig(loadConfig({}));
    const before = Date.now();
    const now = clock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now - before).toBeLessThan(1_000);
    expect(clock.today()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
