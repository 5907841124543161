import { describe, expect, it } from 'vitest';
import { concurrencyLimit } from '../../../src/infra/auth/concurrency';
import { scryptHasher } from '../../../src/infra/auth/scrypt-hasher';

/** A piece of work that runs until the test lets it finish. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('concurrencyLimit', () => {
  it('runs at most the limit at once, the others in the order they came', async () => {
    const limited = concurrencyLimit(2);
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    const runs = gates.map((g, i) => limited(async () => {
      started.push(i);
      await g.opened;
      return i;
    }));
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    gates[1]?.open();
    await runs[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    gates[0]?.open();
    await runs[0];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2, 3]);
    gates[2]?.open();
    gates[3]?.open();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
  });

  it('frees the slot of a run that failed', async () => {
    const limited = concurrencyLimit(1);
    await expect(limited(async () => { throw new Error('no'); })).rejects.toThrow('no');
    expect(await limited(async () => 'next')).toBe('next');
  });

  it('refuses a limit below one', () => {
    expect(() => concurrencyLimit(0)).toThrow(/at least 1/);
  });
});

describe('the scrypt hasher under a limit of one hash at once', () => {
  it('still answers every check of many at once, right and wrong', async () => {
    const hasher = scryptHasher({ N: 2 ** 10, r: 8, p: 1 }, 1);
    const stored = await hasher.hash('right');
    const checks = await Promise.all(['right', 'wrong', 'right', 'other'].map((p) => hasher.verify(p, stored)));
    expect(checks).toEqual([true, false, true, false]);
  });
});
