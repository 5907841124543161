import { describe, it, expect } from 'vitest';
import { EDITIONS, SC_TIERS, editionRank, tiersOf, type Edition } from '../../../../src/domain/pricing/catalog';
import { isAllowedUpgrade, upgradeTargets } from '../../../../src/domain/pricing/upgrade-paths';

const ALL_SIZES: Array<{ edition: Edition; sc: number }> = EDITIONS.flatMap((edition) => tiersOf(edition).map((sc) => ({ edition, sc })));

describe('upgradeTargets', () => {
  it('has nothing for Enterprise 1024', () => {
    expect(upgradeTargets({ edition: 'enterprise', sc: 1024 })).toEqual([]);
  });

  it('takes Professional 1024 only to Enterprise 1024', () => {
    expect(upgradeTargets({ edition: 'professional', sc: 1024 })).toEqual([{ edition: 'enterprise', scs: [1024] }]);
  });

  it('takes Startup 4 to Professional or Enterprise at any size, 4 SC included', () => {
    expect(upgradeTargets({ edition: 'startup', sc: 4 })).toEqual([
      { edition: 'professional', scs: [...SC_TIERS] },
      { edition: 'enterprise', scs: [...SC_TIERS] },
    ]);
  });

  it('keeps the edition with larger sizes, or goes up with the same size or larger', () => {
    expect(upgradeTargets({ edition: 'professional', sc: 256 })).toEqual([
      { edition: 'professional', scs: [512, 1024] },
      { edition: 'enterprise', scs: [256, 512, 1024] },
    ]);
    expect(upgradeTargets({ edition: 'enterprise', sc: 4 })).toEqual([{ edition: 'enterprise', scs: SC_TIERS.slice(1) }]);
  });

  it('follows the rule for every size: rank ≥, SC ≥ and a tier, one strictly higher', () => {
    for (const from of ALL_SIZES) {
      const targets = upgradeTargets(from);
      for (const to of ALL_SIZES) {
        const expected =
          editionRank(to.edition) >= editionRank(from.edition) &&
          to.sc >= from.sc &&
          (editionRank(to.edition) > editionRank(from.edition) || to.sc > from.sc);
        expect(isAllowedUpgrade(from, to.edition, to.sc), `${from.edition} ${from.sc} → ${to.edition} ${to.sc}`).toBe(expected);
        const listed = targets.some((t) => t.edition === to.edition && t.scs.includes(to.sc));
        expect(listed).toBe(expected);
      }
      for (const target of targets) expect(target.scs.length).toBeGreaterThan(0);
      expect(targets.length === 0).toBe(from.edition === 'enterprise' && from.sc === 1024);
    }
  });

  it('never allows a size that is not a tier of the target edition', () => {
    expect(isAllowedUpgrade({ edition: 'startup', sc: 4 }, 'startup', 8)).toBe(false);
    expect(isAllowedUpgrade({ edition: 'professional', sc: 16 }, 'professional', 20)).toBe(false);
    expect(isAllowedUpgrade({ edition: 'professional', sc: 16 }, 'enterprise', 2048)).toBe(false);
  });
});
