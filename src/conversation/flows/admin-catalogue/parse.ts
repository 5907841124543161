// What an administrator types in the catalogue steps: a level's change ("gold 27.5%", "diamond
// 40% Diamond"), a price list's lines, a coupon on one line (as the CLI's options, without the
// dashes) and a broadcast's audience. Each answers what it read or which problem it found; the
// use cases check the rules again when the change is confirmed.
import { isLocalDate } from '../../../domain/pricing/dates';
import type { CouponRequest } from '../../../domain/use-cases/admin/coupons';
import type { AudienceView, LevelChange } from './types';

/** A percentage "27.5", "27,5 %" as basis points; undefined when it is not one from 0 to 100. */
export function basisPointsOf(text: string): number | undefined {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?\s*%?$/.exec(text.trim());
  if (!match?.[1]) return undefined;
  const bp = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return bp <= 10_000 ? bp : undefined;
}

/** An amount "500" or "500.00" in cents; undefined when it is not one. */
export function centsOf(text: string): number | undefined {
  const match = /^(\d{1,7})(?:[.,](\d{2}))?$/.exec(text.trim());
  return match?.[1] ? Number(match[1]) * 100 + Number(match[2] ?? '0') : undefined;
}

export type LevelProblem = 'level_syntax' | 'level_discount' | 'level_code' | 'level_name' | 'level_new_needs_both';

/**
 * "<code> <discount %>", "<code> <discount %> <name>" or "<code> name <name>". A level not in
 * `known` is a new one, which needs both a discount and a name.
 */
export function levelChangeOf(text: string, known: readonly string[]): { kind: 'ok'; change: LevelChange } | { kind: LevelProblem } {
  const match = /^(\S+)\s+(?:name\s+(.+)|(\S+?\s*%?)(?:\s+(.+))?)$/i.exec(text.trim());
  if (!match?.[1]) return { kind: 'level_syntax' };
  const code = match[1].toLowerCase();
  if (!/^[a-z][a-z0-9_-]{1,29}$/.test(code)) return { kind: 'level_code' };
  let discountBp: number | null = null;
  if (match[3] !== undefined) {
    const bp = basisPointsOf(match[3]);
    if (bp === undefined) return { kind: 'level_discount' };
    discountBp = bp;
  }
  // The name as typed (never cut): one the use case would refuse is said before the change is confirmed.
  const name = (match[2] ?? match[4])?.trim() ?? null;
  if (name !== null && (name.length < 2 || name.length > 60)) return { kind: 'level_name' };
  if (!known.includes(code) && (name === null || discountBp === null)) return { kind: 'level_new_needs_both' };
  return { kind: 'ok', change: { code, name, discountBp } };
}

const HEADER = 'edition,sc,kind,price';

/**
 * Pasted price lines as the use case reads them (with the header line, added when it was left
 * out), and how many lines were added before the pasted ones (to give back the admin's line numbers).
 */
export function priceCsvOf(text: string): { csv: string; added: number } {
  const trimmed = text.trim();
  const first = trimmed.split(/\r?\n/, 1)[0] ?? '';
  const hasHeader = first.toLowerCase().replace(/\s/g, '') === HEADER;
  return hasHeader ? { csv: `${trimmed}\n`, added: 0 } : { csv: `${HEADER}\n${trimmed}\n`, added: 1 };
}

export type CouponProblem =
  | { kind: 'coupon_syntax' }
  | { kind: 'coupon_value'; value: string }
  | { kind: 'coupon_date'; option: string; value: string }
  | { kind: 'coupon_number'; option: string; value: string }
  | { kind: 'coupon_option'; option: string }
  | { kind: 'coupon_until' };

const OPTION_NAMES: Record<string, 'until' | 'from' | 'minimum' | 'kinds' | 'uses' | 'per-reseller'> = {
  until: 'until', to: 'until', from: 'from', minimum: 'minimum', min: 'minimum', kinds: 'kinds', lines: 'kinds',
  uses: 'uses', 'max-uses': 'uses', max: 'uses', 'per-reseller': 'per-reseller', 'per_reseller': 'per-reseller', perreseller: 'per-reseller',
};

/**
 * "SPRING25 10% until 2027-03-31 [from 2027-01-01] [minimum 500.00] [kinds new_license,upgrade]
 * [uses 100] [per-reseller 2]": a percentage ends with %, an amount is a number (50.00).
 */
export function couponRequestOf(text: string, today: string): { kind: 'ok'; request: CouponRequest } | CouponProblem {
  const [code, value, ...rest] = text.trim().split(/\s+/);
  if (!code || !value) return { kind: 'coupon_syntax' };
  let couponValue: CouponRequest['value'];
  if (value.endsWith('%')) {
    const bp = basisPointsOf(value);
    if (bp === undefined || bp === 0) return { kind: 'coupon_value', value };
    couponValue = { type: 'percent', basisPoints: bp };
  } else {
    const cents = centsOf(value);
    if (cents === undefined || cents === 0) return { kind: 'coupon_value', value };
    couponValue = { type: 'amount', amountCents: cents };
  }
  const request: CouponRequest = { code, value: couponValue, validFrom: today, validUntil: '', minSubtotalCents: null, appliesTo: null, maxRedemptions: null, perResellerLimit: null };
  for (let i = 0; i < rest.length; i += 2) {
    const word = (rest[i] ?? '').toLowerCase().replace(/:$/, '');
    const option = OPTION_NAMES[word];
    const given = rest[i + 1];
    if (!option || given === undefined) return { kind: 'coupon_option', option: rest[i] ?? '' };
    switch (option) {
      case 'until':
      case 'from':
        if (!isLocalDate(given)) return { kind: 'coupon_date', option, value: given };
        if (option === 'until') request.validUntil = given;
        else request.validFrom = given;
        break;
      case 'minimum': {
        const cents = centsOf(given);
        if (cents === undefined) return { kind: 'coupon_number', option, value: given };
        request.minSubtotalCents = cents;
        break;
      }
      case 'kinds':
        request.appliesTo = given.split(',').filter((k) => k !== '');
        break;
      case 'uses':
      case 'per-reseller': {
        // A limit of 0 would be a coupon nobody can use: refused here, before its summary is confirmed.
        if (!/^\d{1,7}$/.test(given) || Number(given) === 0) return { kind: 'coupon_number', option, value: given };
        if (option === 'uses') request.maxRedemptions = Number(given);
        else request.perResellerLimit = Number(given);
        break;
      }
      default: {
        const never: never = option;
        throw new Error(`unknown coupon option ${String(never)}`);
      }
    }
  }
  if (!request.validUntil) return { kind: 'coupon_until' };
  return { kind: 'ok', request };
}

/** "all", "level gold", "country NL", "level gold country NL" (or just "gold", "NL", "gold NL"). */
export function audienceOf(text: string): AudienceView | undefined {
  const words = text.trim().toLowerCase().split(/\s+/).filter((w) => w !== '');
  if (words.length === 1 && (words[0] === 'all' || words[0] === 'everyone')) return { level: null, country: null };
  const audience: AudienceView = { level: null, country: null };
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if ((word === 'level' || word === 'country') && words[i + 1]) {
      const value = words[++i] ?? '';
      if (word === 'country' && !/^[a-z]{2}$/.test(value)) return undefined;
      if (word === 'level') audience.level = value;
      else audience.country = value.toUpperCase();
    } else if (/^[a-z]{2}$/.test(word) && audience.country === null) audience.country = word.toUpperCase();
    else if (/^[a-z][a-z0-9_-]{1,29}$/.test(word) && audience.level === null) audience.level = word;
    else return undefined;
  }
  return audience.level === null && audience.country === null ? undefined : audience;
}
