// The Admin portal's license list: the keys resellers already hold, loaded from a CSV (shown as
// what it adds and changes, applied only when accepted) and exported in the same shape. A load
// is how a distributor starts with its resellers' existing licenses: once recorded, they can be
// renewed and upgraded in the chat and their renewal reminders go out.
import { actorLabel, refuseUnlessAdmin, type Forbidden, type StaffActor } from '../../admin/actor';
import { LICENSE_CSV_HEADER, parseLicenseCsv, planLicenseImport, type LicenseChange, type LicenseRow, type RecordedLicense } from '../../admin/license-import';
import type { AdminRepositories, AdminStore } from '../../admin/ports';
import { termEnd } from '../../pricing/license';

export type LicenseImportResult =
  | { kind: 'preview' | 'applied'; added: LicenseRow[]; changed: LicenseChange[]; unchanged: number }
  | { kind: 'invalid_csv'; line: number; problem: string }
  | Forbidden;

/**
 * Reads a license list and plans it against the licenses recorded (planLicenseImport); with
 * `apply`, records it in one transaction: new keys are added, keys of the same reseller are
 * brought to the file's edition, SC, term end and end customer (a new company name adds the
 * customer), each with an `imported` event in the license's history, and one audit entry.
 * Loads run one at a time, so two at once never add a key twice.
 */
export async function importLicenses(store: AdminStore, input: { actor: StaffActor; csv: string; apply: boolean }): Promise<LicenseImportResult> {
  const forbidden = refuseUnlessAdmin(input.actor);
  if (forbidden) return forbidden;
  const parsed = parseLicenseCsv(input.csv);
  if (parsed.kind !== 'ok') return parsed;
  return store.transaction(async (repos): Promise<LicenseImportResult> => {
    await repos.admin.licenses.lockImports();
    const resellers = new Map((await repos.admin.resellers.list({})).map((r) => [r.partnerId, r.id]));
    const recorded = new Map((await repos.admin.licenses.byKeys(parsed.rows.map((r) => r.key))).map((l) => [l.key, l]));
    const plan = planLicenseImport(parsed.rows, recorded, new Set(resellers.keys()));
    if (plan.kind !== 'ok') return plan;
    const { added, changed, unchanged } = plan;
    if (!input.apply) return { kind: 'preview', added, changed, unchanged };
    const actor = actorLabel(input.actor);
    for (const row of added) await addLicense(repos, row, resellers.get(row.partnerId) as string, actor);
    for (const change of changed) await changeLicense(repos, change, actor);
    await repos.audit.append({ actor, action: 'licenses.imported', subject: null, details: { added: added.length, changed: changed.length, unchanged } });
    return { kind: 'applied', added, changed, unchanged };
  });
}

async function customerOf(repos: AdminRepositories, resellerId: string, company: string | null): Promise<string | null> {
  return company === null ? null : (await repos.customers.add(resellerId, company, null)).id;
}

async function addLicense(repos: AdminRepositories, row: LicenseRow, resellerId: string, actor: string): Promise<void> {
  const annual = row.type === 'annual';
  const license = await repos.licenses.insert({
    key: row.key, resellerId, customerId: await customerOf(repos, resellerId, row.endCustomer), type: row.type, edition: row.edition, sc: row.sc,
    expiresOn: annual ? row.termEnd : null, maintenanceUntil: annual ? null : row.termEnd,
  });
  await repos.licenses.addEvent({
    licenseId: license.id, kind: 'imported', orderId: null, orderLineId: null, before: null, actor,
    after: { source: 'licenses:import', edition: row.edition, sc: row.sc, type: row.type, termEnd: row.termEnd, endCustomer: row.endCustomer },
  });
}

async function changeLicense(repos: AdminRepositories, change: LicenseChange, actor: string): Promise<void> {
  const { license, row } = change;
  const termField = license.type === 'annual' ? 'expiresOn' : 'maintenanceUntil';
  if (change.edition || change.sc || change.termEnd) {
    await repos.licenses.updateTerms(license.id, { ...(change.edition && { edition: row.edition }), ...(change.sc && { sc: row.sc }), ...(change.termEnd && { [termField]: row.termEnd }) });
  }
  if (change.endCustomer) {
    await repos.licenses.reassign(license.id, { resellerId: license.resellerId, customerId: await customerOf(repos, license.resellerId, row.endCustomer) });
  }
  const fields = (pick: 'from' | 'to') => Object.fromEntries((['edition', 'sc', 'termEnd', 'endCustomer'] as const).flatMap((f) => (change[f] ? [[f, change[f][pick]]] : [])));
  await repos.licenses.addEvent({ licenseId: license.id, kind: 'imported', orderId: null, orderLineId: null, before: fields('from'), after: { source: 'licenses:import', ...fields('to') }, actor });
}

/** A CSV value, quoted when it holds a comma or a quote. */
function cell(value: string): string {
  return /[",]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Recorded licenses as a license list that licenses:import reads back unchanged. */
export function licenseListCsv(licenses: readonly RecordedLicense[]): string {
  const lines = licenses.map((l) => [l.key, l.partnerId, l.edition, String(l.sc), l.type, termEnd(l) ?? '', l.customerName ?? ''].map(cell).join(','));
  return `${[LICENSE_CSV_HEADER, ...lines].join('\n')}\n`;
}

/** Every recorded license, or one reseller's, as CSV; `no_such_reseller` for an unknown partner id. */
export async function exportLicenses(store: AdminStore, input: { partnerId: string | null }): Promise<{ kind: 'exported'; licenses: number; csv: string } | { kind: 'no_such_reseller'; partnerId: string }> {
  return store.transaction(async (repos) => {
    if (input.partnerId !== null && !(await repos.resellers.findByPartnerId(input.partnerId))) return { kind: 'no_such_reseller', partnerId: input.partnerId };
    const licenses = await repos.admin.licenses.list(input.partnerId);
    return { kind: 'exported', licenses: licenses.length, csv: licenseListCsv(licenses) };
  });
}
