// Editing a reseller's legal details and VAT (staff, through `npm run ops -- resellers:edit`):
// every value checked, a new VAT ID checked for its country's format and, where a VIES-style
// service is configured, against it; an unreachable service never stops the edit (the ID is
// stored unverified). The values before and after go to the audit log.
import type { PartnerLevel, PostalAddress, Reseller } from '../accounts/accounts';
import { isTimeZone } from '../time-zones';
import type { ResellerProfileChange, Store, VatNumberCheck, VatNumberChecker } from '../ports';
import { checkVatId, type VatIdCheck } from '../tax/vat-id';
import { resolveVat } from '../tax/vat-treatment';

/** What staff typed, each field optional; `vatId` and `vatRate` take "none" to remove them. */
export interface ResellerEditRequest {
  legalName?: string;
  street?: string;
  postcode?: string;
  city?: string;
  country?: string;
  vatId?: string;
  /** A percentage with up to two decimals ("21", "20.5"), or "none" for the rate of the VAT treatment. */
  vatRate?: string;
  /** An IANA time zone ("Europe/Berlin"). */
  timezone?: string;
  /** The currency it is billed in (only the distributor's is sold), or "none" for the distributor's. */
  currency?: string;
  /** A partner level's code: the reseller gets that level's discount. */
  level?: string;
}

/** What an edit of a reseller's account is checked against: the levels and the currency sold. */
export interface ResellerEditContext {
  levels: readonly PartnerLevel[];
  currency: string;
}

export type ResellerEditRefusal =
  | { kind: 'not_found' }
  | { kind: 'nothing_to_change' }
  | { kind: 'invalid_text'; field: 'legalName' | 'street' | 'postcode' | 'city' }
  | { kind: 'incomplete_address'; missing: Array<'street' | 'postcode' | 'city'> }
  | { kind: 'invalid_country' }
  | { kind: 'invalid_vat_rate' }
  | Exclude<VatIdCheck, { kind: 'ok' }>
  /** The country changes but the VAT ID stays, and it is of the old country. */
  | { kind: 'vat_id_of_other_country'; vatId: string }
  /** No explicit rate, and nothing to derive one from (the distributor's country is not set or outside the EU). */
  | { kind: 'vat_rate_needed'; reason: 'distributor_country_unknown' | 'distributor_outside_eu' }
  /** The VIES-style service says the number is not a valid VAT number. */
  | { kind: 'vat_id_rejected'; vatId: string }
  /** Someone else changed the reseller while the VAT ID was being checked: nothing was saved. */
  | { kind: 'changed_meanwhile' }
  | { kind: 'invalid_timezone' }
  /** Prices are in one currency: a reseller cannot be billed in another. */
  | { kind: 'currency_not_sold'; sold: string }
  | { kind: 'unknown_level'; levels: string[] };

export type ResellerEditResult =
  | { kind: 'edited'; before: Reseller; after: Reseller; vatIdCheck: VatNumberCheck | 'not_checked' | null }
  | ResellerEditRefusal;

type Plan = { kind: 'ok'; change: ResellerProfileChange; vatIdToCheck: { vatId: string; prefix: string; number: string } | null } | ResellerEditRefusal;

const text = (value: string | undefined) => (value === undefined ? undefined : value.trim());
const isNone = (value: string) => value.trim().toLowerCase() === 'none';

/** Checks an edit of `reseller` and turns it into the change to store, with the VAT ID to verify (a new one). */
export function planResellerEdit(reseller: Reseller, request: ResellerEditRequest, distributorCountry: string | null, context?: ResellerEditContext): Plan {
  if (Object.values(request).every((v) => v === undefined)) return { kind: 'nothing_to_change' };
  const change: ResellerProfileChange = {};
  const account = planAccountEdit(request, context);
  if (account.kind !== 'ok') return account;
  Object.assign(change, account.change);

  const legalName = text(request.legalName);
  if (legalName !== undefined) {
    if (legalName.length < 2 || legalName.length > 200) return { kind: 'invalid_text', field: 'legalName' };
    change.legalName = legalName;
  }

  const country = text(request.country)?.toUpperCase() ?? reseller.country;
  if (!/^[A-Z]{2}$/.test(country)) return { kind: 'invalid_country' };
  const parts = { street: text(request.street), postcode: text(request.postcode), city: text(request.city) };
  for (const field of ['street', 'postcode', 'city'] as const) {
    const value = parts[field];
    if (value !== undefined && (value.length < 1 || value.length > 200)) return { kind: 'invalid_text', field };
  }
  if (Object.values(parts).some((v) => v !== undefined) || (request.country !== undefined && reseller.address)) {
    const merged = { street: parts.street ?? reseller.address?.street, postcode: parts.postcode ?? reseller.address?.postcode, city: parts.city ?? reseller.address?.city };
    const missing = (['street', 'postcode', 'city'] as const).filter((f) => merged[f] === undefined);
    if (missing.length > 0) return { kind: 'incomplete_address', missing };
    change.address = { ...(merged as Omit<PostalAddress, 'country'>), country };
  }
  if (country !== reseller.country) change.country = country;

  let vatIdToCheck: { vatId: string; prefix: string; number: string } | null = null;
  let vatId = reseller.vatId;
  if (request.vatId !== undefined) {
    if (isNone(request.vatId)) {
      vatId = null;
      change.vatId = null;
    } else {
      const checked = checkVatId(request.vatId, country);
      if (checked.kind !== 'ok') return checked;
      vatId = checked.vatId;
      if (checked.vatId !== reseller.vatId || reseller.vatIdVerified !== true) {
        vatIdToCheck = { vatId: checked.vatId, prefix: checked.prefix, number: checked.number };
      }
      change.vatId = checked.vatId;
    }
    if (change.vatId !== reseller.vatId || vatIdToCheck) Object.assign(change, { vatIdVerified: null, vatIdCheckedAt: null });
  } else if (country !== reseller.country && reseller.vatId !== null && checkVatId(reseller.vatId, country).kind !== 'ok') {
    return { kind: 'vat_id_of_other_country', vatId: reseller.vatId };
  }

  let explicitRateBp = reseller.explicitVatRateBp;
  if (request.vatRate !== undefined) {
    if (isNone(request.vatRate)) {
      explicitRateBp = null;
    } else {
      const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(request.vatRate.trim());
      const bp = match ? Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0')) : NaN;
      if (!Number.isInteger(bp) || bp > 10_000) return { kind: 'invalid_vat_rate' };
      explicitRateBp = bp;
    }
    change.explicitVatRateBp = explicitRateBp;
  }
  const vat = resolveVat({ distributorCountry, resellerCountry: country, resellerVatId: vatId, explicitRateBp });
  if (vat.kind !== 'resolved') return { kind: 'vat_rate_needed', reason: vat.reason };
  return { kind: 'ok', change, vatIdToCheck };
}

/**
 * Edits a reseller's legal details and VAT, found by its partner id. The VAT ID is checked
 * between two transactions (never while a row is locked); a service that cannot answer leaves
 * the ID unverified, one that says it is invalid refuses the edit. Nothing is saved unless all
 * of it is; the audit log keeps the values before and after.
 */
export async function editResellerProfile(
  store: Store,
  checker: VatNumberChecker | null,
  input: { partnerId: string; request: ResellerEditRequest; actor: string; now: Date; levels?: readonly PartnerLevel[] },
): Promise<ResellerEditResult> {
  const first = await store.transaction(async (repos) => {
    const reseller = await repos.resellers.findByPartnerId(input.partnerId);
    if (!reseller) return { kind: 'not_found' } as const;
    const distributor = await repos.distributor.get();
    return planResellerEdit(reseller, input.request, distributor.address?.country ?? null, { levels: input.levels ?? [], currency: distributor.currency });
  });
  if (first.kind !== 'ok') return first;

  let vatIdCheck: VatNumberCheck | 'not_checked' | null = null;
  if (first.vatIdToCheck) {
    vatIdCheck = checker ? await checkSafely(checker, first.vatIdToCheck) : 'not_checked';
    if (vatIdCheck !== 'not_checked' && vatIdCheck.kind === 'invalid') return { kind: 'vat_id_rejected', vatId: first.vatIdToCheck.vatId };
  }

  return store.transaction(async (repos): Promise<ResellerEditResult> => {
    const before = await repos.resellers.findByPartnerId(input.partnerId, { forUpdate: true });
    if (!before) return { kind: 'not_found' };
    const distributor = await repos.distributor.get();
    const plan = planResellerEdit(before, input.request, distributor.address?.country ?? null, { levels: input.levels ?? [], currency: distributor.currency });
    if (plan.kind !== 'ok') return plan;
    if (plan.vatIdToCheck?.vatId !== first.vatIdToCheck?.vatId) return { kind: 'changed_meanwhile' };
    const change: ResellerProfileChange = { ...plan.change };
    if (vatIdCheck !== null && vatIdCheck !== 'not_checked') {
      Object.assign(change, { vatIdVerified: vatIdCheck.kind === 'valid' ? true : null, vatIdCheckedAt: input.now });
    }
    const after = await repos.resellers.updateProfile(before.id, change);
    await repos.audit.append({
      actor: input.actor,
      action: 'reseller.edited',
      subject: `reseller:${before.id}`,
      details: { before: profileOf(before), after: profileOf(after), vatIdCheck: vatIdCheck === null || vatIdCheck === 'not_checked' ? vatIdCheck : vatIdCheck.kind === 'unavailable' ? `unavailable: ${vatIdCheck.reason}` : vatIdCheck.kind },
    });
    return { kind: 'edited', before, after, vatIdCheck };
  });
}

/** The time zone, currency and partner level of an edit, checked. */
function planAccountEdit(request: ResellerEditRequest, context: ResellerEditContext | undefined): { kind: 'ok'; change: ResellerProfileChange } | ResellerEditRefusal {
  const change: ResellerProfileChange = {};
  const zone = text(request.timezone);
  if (zone !== undefined) {
    if (!isTimeZone(zone)) return { kind: 'invalid_timezone' };
    change.timezone = zone;
  }
  const currency = text(request.currency)?.toUpperCase();
  if (currency !== undefined) {
    const sold = context?.currency ?? 'EUR';
    if (currency !== 'NONE' && currency !== sold) return { kind: 'currency_not_sold', sold };
    change.currency = currency === 'NONE' ? null : currency;
  }
  const code = text(request.level)?.toLowerCase();
  if (code !== undefined) {
    const level = context?.levels.find((l) => l.code === code);
    if (!level) return { kind: 'unknown_level', levels: (context?.levels ?? []).map((l) => l.code) };
    Object.assign(change, { levelCode: level.code, discountBp: level.discountBp });
  }
  return { kind: 'ok', change };
}

async function checkSafely(checker: VatNumberChecker, vatId: { prefix: string; number: string }): Promise<VatNumberCheck> {
  try {
    return await checker.check(vatId);
  } catch (error) {
    // A checker that throws is as good as one that cannot be reached: the order must not wait for it.
    return { kind: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
  }
}

/** The fields an edit may change, as the audit log keeps them. */
export function profileOf(r: Reseller): Record<string, unknown> {
  return {
    legalName: r.legalName, address: r.address, country: r.country, vatId: r.vatId, vatIdVerified: r.vatIdVerified,
    vatIdCheckedAt: r.vatIdCheckedAt?.toISOString() ?? null, explicitVatRateBp: r.explicitVatRateBp, vatRateBp: r.vatRateBp, vatTreatment: r.vatTreatment,
    timezone: r.timezone, currency: r.currency, levelCode: r.levelCode, discountBp: r.discountBp, suspendedAt: r.suspendedAt?.toISOString() ?? null,
  };
}
