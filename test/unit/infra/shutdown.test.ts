// A signal to a process of the product: one log line and an orderly close; the copy of Ctrl-C's
// SIGINT that npm forwards to its child right after the terminal's is the same signal, and only
// a signal a person sends again later exits at once.
import { afterEach, describe, expect, it } from 'vitest';
import { processShutdown, SAME_SIGNAL_WITHIN_MS, type ProcessShutdown } from '../../../src/infra/shutdown';

function harness(options: { hangup?: boolean } = {}) {
  const lines: string[] = [];
  const exits: number[] = [];
  let clock = 1_000_000;
  const shutdown = processShutdown(
    { info: (m) => void lines.push(`info ${m}`), warn: (m) => void lines.push(`warn ${m}`) },
    { exit: (code) => void exits.push(code), now: () => clock, limitMs: 60_000, ...options },
  );
  return { shutdown, lines, exits, advance: (ms: number) => void (clock += ms) };
}

describe('processShutdown', () => {
  let current: ProcessShutdown | undefined;
  afterEach(() => current?.dispose());

  it('takes the copy of a signal that comes with it (the terminal and npm) as one signal: one line, no hasty exit', async () => {
    const h = harness();
    current = h.shutdown;
    process.emit('SIGINT', 'SIGINT');
    h.advance(9);
    process.emit('SIGINT', 'SIGINT');
    expect(await h.shutdown.signalled).toBe('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(h.lines).toEqual(['info SIGINT: shutting down']);
    expect(h.exits).toEqual([]);
  });

  it('exits at once on a signal sent again later', async () => {
    const h = harness();
    current = h.shutdown;
    process.emit('SIGTERM', 'SIGTERM');
    h.advance(SAME_SIGNAL_WITHIN_MS);
    process.emit('SIGTERM', 'SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(h.lines).toEqual(['info SIGTERM: shutting down', 'warn SIGTERM again: exiting now']);
    expect(h.exits).toEqual([1]);
  });

  it('takes SIGHUP (the terminal window closed) as a signal to stop in order, like SIGTERM', async () => {
    const h = harness({ hangup: true });
    current = h.shutdown;
    process.emit('SIGHUP', 'SIGHUP');
    expect(h.shutdown.signal).toBe('SIGHUP');
    expect(await h.shutdown.signalled).toBe('SIGHUP');
    expect(h.lines).toEqual(['info SIGHUP: shutting down']);
    expect(h.exits).toEqual([]);
  });

  it('leaves SIGHUP alone without a terminal (nohup ignores it, and a listener would undo that)', () => {
    const before = process.listenerCount('SIGHUP');
    const h = harness({ hangup: false });
    current = h.shutdown;
    expect(process.listenerCount('SIGHUP')).toBe(before);
    expect(process.listenerCount('SIGTERM')).toBeGreaterThan(0);
  });
});
