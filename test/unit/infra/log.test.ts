// The product's log: JSON lines through pino, secrets never written, fields carried by a
// child logger, and a readable line when asked for.
import { describe, expect, it } from 'vitest';
import { createLogger, withFields } from '../../../src/infra/log';

function capture(options: Parameters<typeof createLogger>[1] = {}) {
  const lines: string[] = [];
  const log = createLogger('debug', { format: 'json', ...options, write: (line) => void lines.push(line) });
  return { log, lines, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes one JSON object per line with the time, the level and the message', () => {
    const { log, lines, entries } = capture();
    log.info('ready on port 3000', { port: 3000 });
    log.debug('detail');
    expect(lines).toHaveLength(2);
    expect(lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true);
    expect(entries()[0]).toEqual({ level: 'info', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), msg: 'ready on port 3000', port: 3000 });
  });

  it('keeps below its level out', () => {
    const lines: string[] = [];
    const log = createLogger('warn', { format: 'json', write: (line) => void lines.push(line) });
    log.info('not shown');
    log.warn('shown');
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['shown']);
  });

  it('redacts secret-named fields at any depth, configured secrets anywhere, and URL passwords', () => {
    const token = '123456:AAH-the-bot-token-value';
    const { log, entries, lines } = capture({ secrets: [token, 'sk_test_stripe_key_1'] });
    log.error(`POST https://api.telegram.org/bot${token}/sendMessage failed`, {
      password: 'demo-pass-1', request: { headers: { authorization: 'Bearer abc.def', 'x-other': 'fine' } }, apiKey: 'k', nested: [{ Token: 't' }],
      url: 'postgres://app:hunter2@db:5432/threecx', note: 'key sk_test_stripe_key_1 used',
    });
    const [entry] = entries();
    expect(entry).toMatchObject({
      msg: 'POST https://api.telegram.org/bot[redacted]/sendMessage failed',
      password: '[redacted]', request: { headers: { authorization: '[redacted]', 'x-other': 'fine' } }, apiKey: '[redacted]', nested: [{ Token: '[redacted]' }],
      url: 'postgres://app:[redacted]@db:5432/threecx', note: 'key [redacted] used',
    });
    for (const secret of [token, 'demo-pass-1', 'abc.def', 'hunter2', 'sk_test_stripe_key_1']) expect(lines.join('')).not.toContain(secret);
  });

  it('carries the fields of withFields on every entry, beside the entry’s own', () => {
    const { log, entries } = capture();
    const request = withFields(log, { requestId: 'req-1' });
    withFields(request, { conversation: 'telegram/42' }).info('handled', { ms: 12 });
    expect(entries()[0]).toMatchObject({ requestId: 'req-1', conversation: 'telegram/42', ms: 12, msg: 'handled' });
  });

  it('writes a readable line when the format is pretty', () => {
    const { log, lines } = capture({ format: 'pretty', secrets: ['secret-value-1'] });
    log.warn('Redis is unreachable', { server: '127.0.0.1:6379', token: 'secret-value-1' });
    expect(lines).toEqual([expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z WARN Redis is unreachable \{"server":"127\.0\.0\.1:6379","token":"\[redacted\]"\}\n$/)]);
  });
});
