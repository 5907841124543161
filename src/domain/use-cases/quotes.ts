import type { LicenseProvider, Repositories } from '../ports';
import { priceListOn, type PriceList } from '../pricing/catalog';
import type { LocalDate } from '../pricing/dates';
import type { License } from '../pricing/license';
import type { LineRequest } from '../pricing/line';
import type { LineQuoteResult } from '../pricing/line';
import { quoteLine } from '../pricing/quote';
import { normaliseLicenseKey } from '../pricing/license-key';

/** Today's price list, from the catalog table. */
export async function currentPriceList(repos: Repositories, today: LocalDate): Promise<PriceList> {
  return priceListOn(await repos.prices.entries(), today);
}

/**
 * The reseller's own license a request is about, looked up afresh by its key, with the
 * request bound to that license's id and normalised key (never to an id the caller sent).
 * Another reseller's license is treated as missing.
 */
export async function bindRequest(
  repos: Repositories,
  provider: LicenseProvider,
  resellerId: string,
  request: LineRequest,
): Promise<{ request: LineRequest; license: License | undefined }> {
  if (request.kind === 'new_license') {
    // Only the reseller's own end customer; an unknown or foreign id is dropped, never trusted.
    const customer = request.customerId ? await repos.customers.get(resellerId, request.customerId) : undefined;
    return { request: { ...request, customerId: customer?.id ?? null }, license: undefined };
  }
  const key = normaliseLicenseKey(request.licenseKey);
  const found = key.kind === 'ok' ? await provider.lookup(key.key, repos) : undefined;
  const license = found && found.resellerId === resellerId ? found : undefined;
  return { request: license ? { ...request, licenseId: license.id, licenseKey: license.key } : request, license };
}

/** Prices one line for a reseller today, re-verifying the license it is about. */
export async function quoteRequest(
  repos: Repositories,
  provider: LicenseProvider,
  input: { resellerId: string; request: LineRequest; today: LocalDate; prices?: PriceList },
): Promise<{ result: LineQuoteResult; request: LineRequest }> {
  const prices = input.prices ?? (await currentPriceList(repos, input.today));
  const bound = await bindRequest(repos, provider, input.resellerId, input.request);
  return { result: quoteLine(bound.request, bound.license, prices, input.today), request: bound.request };
}
