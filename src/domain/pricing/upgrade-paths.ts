import type { Edition } from './catalog';
import { EDITIONS, editionRank, tiersOf } from './catalog';
import type { License } from './license';

/**
 * Where a license may be upgraded to: an edition of rank ≥ the current one and an SC
 * tier of that edition ≥ the current SC, with at least one of the two strictly higher.
 * Upgrades never go down. Whether the key may be upgraded at all (annual, active) is
 * `verifyLicenseFor`'s business.
 */

export interface UpgradeTarget {
  edition: Edition;
  scs: number[];
}

type Size = Pick<License, 'edition' | 'sc'>;

/**
 * Whether going from the license's edition and SC to `edition` and `sc` is an upgrade.
 */
export function isAllowedUpgrade(license: Size, edition: Edition, sc: number): boolean {
  const currentRank = editionRank(license.edition);
  const targetRank = editionRank(edition);
  if (targetRank < currentRank || sc < license.sc) return false;
  if (targetRank === currentRank && sc === license.sc) return false;
  return tiersOf(edition).includes(sc);
}

/**
 * Every allowed upgrade target, by edition rank and SC ascending; an edition with no
 * allowed SC is left out, so an empty list means "already at the highest edition and size".
 */
export function upgradeTargets(license: Size): UpgradeTarget[] {
  return EDITIONS.map((edition) => ({
    edition,
    scs: tiersOf(edition).filter((sc) => isAllowedUpgrade(license, edition, sc)),
  })).filter((target) => target.scs.length > 0);
}
