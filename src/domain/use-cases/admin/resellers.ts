// The Admin portal's resellers: create, edit (legal details, VAT, time zone, currency, partner
// level), suspend and reactivate (nothing is deleted), list. Each takes the acting staff
// member and answers with a value; every change writes the values before and after to the
// audit log.
import type { Reseller } from '../../accounts/accounts';
import { actorLabel, refuseUnlessAdmin, type Forbidden, type StaffActor } from '../../admin/actor';
import type { AdminStore, NewReseller, ResellerFilter } from '../../admin/ports';
import type { VatNumberChecker } from '../../ports';
import { editResellerProfile, planResellerEdit, profileOf, type ResellerEditRefusal, type ResellerEditRequest, type ResellerEditResult } from '../reseller-profile';

/** What an administrator gives to create a reseller; the optional details as in an edit. */
export interface ResellerCreateRequest extends ResellerEditRequest {
  partnerId: string;
  company: string;
  country: string;
  level: string;
}

export type ResellerCreateResult =
  | { kind: 'created'; reseller: Reseller }
  | { kind: 'partner_id_taken'; partnerId: string }
  | { kind: 'invalid_partner_id' }
  | { kind: 'invalid_company' }
  | Exclude<ResellerEditRefusal, { kind: 'not_found' | 'nothing_to_change' | 'changed_meanwhile' | 'vat_id_rejected' }>
  | Forbidden;

/**
 * Creates a reseller at a partner level (its discount the level's). The VAT ID is checked for
 * its country's format and stored unverified (resellers:edit checks it at the VAT service).
 */
export async function createReseller(store: AdminStore, input: { actor: StaffActor; request: ResellerCreateRequest }): Promise<ResellerCreateResult> {
  const forbidden = refuseUnlessAdmin(input.actor);
  if (forbidden) return forbidden;
  const { partnerId: rawId, company: rawCompany, country: rawCountry, level, ...details } = input.request;
  const partnerId = rawId.trim();
  const company = rawCompany.trim();
  if (!/^[A-Za-z0-9-]{1,40}$/.test(partnerId)) return { kind: 'invalid_partner_id' };
  if (company.length < 2 || company.length > 200) return { kind: 'invalid_company' };
  const country = rawCountry.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) return { kind: 'invalid_country' };
  return store.transaction(async (repos): Promise<ResellerCreateResult> => {
    if (await repos.resellers.findByPartnerId(partnerId)) return { kind: 'partner_id_taken', partnerId };
    const distributor = await repos.distributor.get();
    const levels = await repos.admin.levels.list();
    const draft = draftReseller(partnerId, company, country);
    // The draft's own level, time zone and currency are checked with the other details.
    const plan = planResellerEdit(draft, { ...details, level, timezone: details.timezone ?? 'UTC' }, distributor.address?.country ?? null, { levels, currency: distributor.currency });
    if (plan.kind !== 'ok') return plan as Exclude<typeof plan, { kind: 'ok' | 'not_found' | 'nothing_to_change' | 'changed_meanwhile' | 'vat_id_rejected' }>;
    const c = plan.change;
    const row: NewReseller = {
      partnerId, company, country: c.address?.country ?? country, levelCode: c.levelCode ?? level, discountBp: c.discountBp ?? 0, timezone: c.timezone ?? 'UTC',
      currency: c.currency ?? null, legalName: c.legalName ?? null, vatId: c.vatId ?? null, explicitVatRateBp: c.explicitVatRateBp ?? null,
      address: c.address ? { street: c.address.street, postcode: c.address.postcode, city: c.address.city } : null,
    };
    const reseller = await repos.admin.resellers.create(row);
    if (!reseller) return { kind: 'partner_id_taken', partnerId };
    await repos.audit.append({ actor: actorLabel(input.actor), action: 'reseller.created', subject: `reseller:${reseller.id}`, details: { before: null, after: { partnerId, company, ...profileOf(reseller) } } });
    return { kind: 'created', reseller };
  });
}

function draftReseller(partnerId: string, company: string, country: string): Reseller {
  return {
    id: '', partnerId, company, country, levelCode: '', discountBp: 0, vatRateBp: 0, vatTreatment: 'domestic', explicitVatRateBp: null, timezone: 'UTC',
    remindSalesUsers: false, legalName: company, address: null, vatId: null, vatIdVerified: null, vatIdCheckedAt: null, suspendedAt: null, currency: null,
  };
}

/** Edits a reseller's details (see editResellerProfile), as an administrator. */
export async function editResellerAsAdmin(
  store: AdminStore,
  checker: VatNumberChecker | null,
  input: { actor: StaffActor; partnerId: string; request: ResellerEditRequest; now: Date },
): Promise<ResellerEditResult | Forbidden> {
  const forbidden = refuseUnlessAdmin(input.actor);
  if (forbidden) return forbidden;
  const levels = await store.transaction((repos) => repos.admin.levels.list());
  return editResellerProfile(store, checker, { partnerId: input.partnerId, request: input.request, actor: actorLabel(input.actor), now: input.now, levels });
}

export type SuspensionResult =
  | { kind: 'suspended' | 'reactivated'; reseller: Reseller }
  | { kind: 'already_suspended' | 'not_suspended'; reseller: Reseller }
  | { kind: 'not_found' }
  | Forbidden;

/**
 * Suspends a reseller (`suspend: true`) or reactivates it. A suspended reseller's users cannot
 * log in or order and it gets no reminders; nothing of it is deleted.
 */
export async function setResellerSuspended(store: AdminStore, input: { actor: StaffActor; partnerId: string; suspend: boolean; reason: string | null; now: Date }): Promise<SuspensionResult> {
  const forbidden = refuseUnlessAdmin(input.actor);
  if (forbidden) return forbidden;
  return store.transaction(async (repos): Promise<SuspensionResult> => {
    const before = await repos.resellers.findByPartnerId(input.partnerId.trim(), { forUpdate: true });
    if (!before) return { kind: 'not_found' };
    if (input.suspend === (before.suspendedAt !== null)) return { kind: input.suspend ? 'already_suspended' : 'not_suspended', reseller: before };
    await repos.admin.resellers.setSuspended(before.id, input.suspend ? input.now : null);
    const after = (await repos.resellers.get(before.id)) as Reseller;
    await repos.audit.append({
      actor: actorLabel(input.actor), action: input.suspend ? 'reseller.suspended' : 'reseller.reactivated', subject: `reseller:${before.id}`,
      details: { before: { suspendedAt: before.suspendedAt?.toISOString() ?? null }, after: { suspendedAt: after.suspendedAt?.toISOString() ?? null }, reason: input.reason },
    });
    return { kind: input.suspend ? 'suspended' : 'reactivated', reseller: after };
  });
}

/** The resellers that match `filter`, by company; staff may list them too. */
export async function listResellers(store: AdminStore, input: { actor: StaffActor; filter: ResellerFilter }): Promise<{ kind: 'listed'; resellers: Reseller[] }> {
  return { kind: 'listed', resellers: await store.transaction((repos) => repos.admin.resellers.list(input.filter)) };
}
