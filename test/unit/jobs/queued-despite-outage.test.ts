// Queueing a message's delivery after its transaction waits out a queue that is away for a
// moment (a restart) instead of losing the delivery until the sweep finds it minutes later.
import { describe, expect, it } from 'vitest';
import { queuedDespiteOutage } from '../../../src/jobs/workers';

function log() {
  const warnings: string[] = [];
  return { warnings, warn: (message: string) => void warnings.push(message) };
}

describe('queueing a delivery while the queue is away', () => {
  it('tries again after each wait until the queue takes it, once', async () => {
    const logger = log();
    let calls = 0;
    const added = await queuedDespiteOutage(async () => {
      calls++;
      if (calls < 3) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      return 'job-1';
    }, logger, [1, 1, 1, 1]);
    expect(added).toBe('job-1');
    expect(calls).toBe(3);
    expect(logger.warnings).toHaveLength(2);
    expect(logger.warnings[0]).toMatch(/queueing a delivery failed, trying again in 1 ms: connect ECONNREFUSED/);
  });

  it('gives up after the last wait with the queue\'s own error', async () => {
    const logger = log();
    let calls = 0;
    await expect(queuedDespiteOutage(async () => {
      calls++;
      throw new Error(`still down ${calls}`);
    }, logger, [1, 1])).rejects.toThrow('still down 3');
    expect(calls).toBe(3);
  });
});
