// The Admin portal's coupons: create (percent or fixed, minimum, kinds of line, validity,
// total and per-reseller uses), disable (refused from then on as unknown; uses so far stay),
// and a report of their use per coupon and reseller.
import { actorLabel, refuseUnlessAdmin, type Forbidden, type StaffActor } from '../../admin/actor';
import type { AdminCoupon, AdminStore, CouponUse } from '../../admin/ports';
import { normaliseCouponCode } from '../../pricing/coupon';
import { compareDates, isLocalDate, type LocalDate } from '../../pricing/dates';
import { LINE_KINDS, type LineKind } from '../../pricing/line';
import type { CouponValue } from '../../pricing/totals';

export interface CouponRequest {
  code: string;
  value: CouponValue;
  validFrom: string;
  validUntil: string;
  minSubtotalCents: number | null;
  appliesTo: string[] | null;
  maxRedemptions: number | null;
  perResellerLimit: number | null;
}

export type CouponCreateResult =
  | { kind: 'created'; coupon: AdminCoupon }
  | { kind: 'code_taken' | 'invalid_code' | 'invalid_value' | 'invalid_dates' | 'ends_in_past' | 'invalid_limit' | 'invalid_minimum' }
  | { kind: 'invalid_kinds'; kinds: readonly string[] }
  | Forbidden;

/** The most uses in all or per reseller a coupon may be given. */
export const MAX_COUPON_USES = 1_000_000;

const isKind = (k: string): k is LineKind => (LINE_KINDS as readonly string[]).includes(k);
const positive = (n: number | null) => n === null || (Number.isInteger(n) && n > 0 && n <= MAX_COUPON_USES);

export type CouponRequestProblem = Exclude<CouponCreateResult, { kind: 'created' | 'code_taken' | 'forbidden' }>;

/**
 * Whether a coupon request breaks a rule that needs no database (everything but a code in use),
 * so that the chat can say it before asking to confirm; else its code and kinds as stored.
 */
export function checkCouponRequest(r: CouponRequest, today: LocalDate): CouponRequestProblem | { kind: 'ok'; code: string; kinds: string[] | null } {
  const code = normaliseCouponCode(r.code);
  if (!/^[A-Z0-9_-]{3,30}$/.test(code)) return { kind: 'invalid_code' };
  const value = r.value;
  if (value.type === 'percent' ? !Number.isInteger(value.basisPoints) || value.basisPoints < 1 || value.basisPoints > 10_000 : !Number.isInteger(value.amountCents) || value.amountCents <= 0) return { kind: 'invalid_value' };
  if (!isLocalDate(r.validFrom) || !isLocalDate(r.validUntil)) return { kind: 'invalid_dates' };
  // An end before today is said as such, before "from after until" (which a "from" left to today would be).
  if (compareDates(r.validUntil, today) < 0) return { kind: 'ends_in_past' };
  if (compareDates(r.validFrom, r.validUntil) > 0) return { kind: 'invalid_dates' };
  if (!positive(r.maxRedemptions) || !positive(r.perResellerLimit)) return { kind: 'invalid_limit' };
  if (r.minSubtotalCents !== null && (!Number.isInteger(r.minSubtotalCents) || r.minSubtotalCents < 0)) return { kind: 'invalid_minimum' };
  const kinds = r.appliesTo === null ? null : [...new Set(r.appliesTo.map((k) => k.trim().toLowerCase()))];
  if (kinds !== null && (kinds.length === 0 || !kinds.every(isKind))) return { kind: 'invalid_kinds', kinds: LINE_KINDS };
  return { kind: 'ok', code, kinds };
}

/** Creates a coupon; its code is matched case-insensitively at checkout. */
export async function createCoupon(store: AdminStore, input: { actor: StaffActor; request: CouponRequest; today: LocalDate }): Promise<CouponCreateResult> {
  const forbidden = refuseUnlessAdmin(input.actor);
  if (forbidden) return forbidden;
  const r = input.request;
  const checked = checkCouponRequest(r, input.today);
  if (checked.kind !== 'ok') return checked;
  const { code, kinds } = checked;
  const value = r.value;
  return store.transaction(async (repos): Promise<CouponCreateResult> => {
    const coupon = await repos.admin.coupons.create({
      code, value, validFrom: r.validFrom, validUntil: r.validUntil, minSubtotalCents: r.minSubtotalCents, appliesTo: kinds as LineKind[] | null,
      maxRedemptions: r.maxRedemptions, perResellerLimit: r.perResellerLimit,
    });
    if (coupon === 'code_taken') return { kind: 'code_taken' };
    await repos.audit.append({ actor: actorLabel(input.actor), action: 'coupon.created', subject: `coupon:${coupon.id}`, details: { before: null, after: { ...coupon, disabledAt: null } } });
    return { kind: 'created', coupon };
  });
}

export type CouponDisableResult = { kind: 'disabled'; coupon: AdminCoupon } | { kind: 'not_found' | 'already_disabled' } | Forbidden;

/** Disables a coupon: from now on it is refused as unknown; orders that used it keep it. */
export async function disableCoupon(store: AdminStore, input: { actor: StaffActor; code: string; now: Date }): Promise<CouponDisableResult> {
  const forbidden = refuseUnlessAdmin(input.actor);
  if (forbidden) return forbidden;
  return store.transaction(async (repos): Promise<CouponDisableResult> => {
    const coupon = await repos.admin.coupons.find(input.code, { forUpdate: true });
    if (!coupon) return { kind: 'not_found' };
    if (coupon.disabledAt) return { kind: 'already_disabled' };
    await repos.admin.coupons.disable(coupon.id, input.now);
    await repos.audit.append({ actor: actorLabel(input.actor), action: 'coupon.disabled', subject: `coupon:${coupon.id}`, details: { code: coupon.code, before: { disabledAt: null }, after: { disabledAt: input.now.toISOString() } } });
    return { kind: 'disabled', coupon: { ...coupon, disabledAt: input.now } };
  });
}

/** How every coupon (or one) was used, per reseller: reservations of unpaid orders and redemptions. */
export async function couponReport(store: AdminStore, input: { code: string | null }): Promise<{ kind: 'report'; coupons: CouponUse[] } | { kind: 'not_found' }> {
  const coupons = await store.transaction((repos) => repos.admin.coupons.uses(input.code));
  return input.code !== null && coupons.length === 0 ? { kind: 'not_found' } : { kind: 'report', coupons };
}
