// The Admin portal's partner levels: each gives its resellers a default discount; a reseller
// with a deal of its own keeps it when the level's discount changes.
import type { PartnerLevel } from '../../accounts/accounts';
import { actorLabel, refuseUnlessAdmin, type Forbidden, type StaffActor } from '../../admin/actor';
import type { AdminStore } from '../../admin/ports';

export type LevelResult =
  | { kind: 'level_saved'; before: PartnerLevel | null; after: PartnerLevel; resellersMoved: number }
  | { kind: 'invalid_code' | 'name_needed' | 'invalid_name' | 'invalid_discount' | 'nothing_to_change' | 'name_taken' }
  | Forbidden;

/**
 * Adds a level or changes its name or discount (basis points). The level's resellers on its
 * old discount get the new one; those on a discount of their own keep it.
 */
export async function setPartnerLevel(store: AdminStore, input: { actor: StaffActor; code: string; name: string | null; discountBp: number | null }): Promise<LevelResult> {
  const forbidden = refuseUnlessAdmin(input.actor);
  if (forbidden) return forbidden;
  const code = input.code.trim().toLowerCase();
  if (!/^[a-z][a-z0-9_-]{1,29}$/.test(code)) return { kind: 'invalid_code' };
  const name = input.name?.trim() ?? null;
  if (name !== null && (name.length < 2 || name.length > 60)) return { kind: 'invalid_name' };
  if (input.discountBp !== null && (!Number.isInteger(input.discountBp) || input.discountBp < 0 || input.discountBp > 10_000)) return { kind: 'invalid_discount' };
  return store.transaction(async (repos): Promise<LevelResult> => {
    const before = (await repos.admin.levels.get(code, { forUpdate: true })) ?? null;
    if (!before && (name === null || input.discountBp === null)) return { kind: 'name_needed' };
    const next = { code, name: name ?? before?.name ?? '', discountBp: input.discountBp ?? before?.discountBp ?? 0 };
    if (before && next.name === before.name && next.discountBp === before.discountBp) return { kind: 'nothing_to_change' };
    if ((await repos.admin.levels.list()).some((l) => l.code !== code && l.name.toLowerCase() === next.name.toLowerCase())) return { kind: 'name_taken' };
    const after = await repos.admin.levels.save(next);
    const resellersMoved = before && before.discountBp !== after.discountBp ? await repos.admin.levels.moveDiscounts(code, before.discountBp, after.discountBp) : 0;
    await repos.audit.append({ actor: actorLabel(input.actor), action: 'partner_level.saved', subject: `partner_level:${code}`, details: { before, after, resellersMoved } });
    return { kind: 'level_saved', before, after, resellersMoved };
  });
}

/** The partner levels by rank, with how many resellers each has. */
export async function listPartnerLevels(store: AdminStore): Promise<{ kind: 'listed'; levels: Array<PartnerLevel & { resellers: number }> }> {
  return store.transaction(async (repos) => {
    const resellers = await repos.admin.resellers.list({});
    const levels = await repos.admin.levels.list();
    return { kind: 'listed', levels: levels.map((l) => ({ ...l, resellers: resellers.filter((r) => r.levelCode === l.code).length })) };
  });
}
