import type { LicenseChange, LicenseProvider, Repositories } from '../ports';
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

/** Prices one line for a reseller today, re-verifying the license it is about, and asks the provider whether it can be carried out. */
export async function quoteRequest(
  repos: Repositories,
  provider: LicenseProvider,
  input: { resellerId: string; request: LineRequest; today: LocalDate; prices?: PriceList },
): Promise<{ result: LineQuoteResult; request: LineRequest }> {
  const prices = input.prices ?? (await currentPriceList(repos, input.today));
  const bound = await bindRequest(repos, provider, input.resellerId, input.request);
  const quoted = { ...bound, result: quoteLine(bound.request, bound.license, prices, input.today) };
  const [result] = await checkWithProvider(repos, provider, input.resellerId, [quoted]);
  return { result: result ?? quoted.result, request: bound.request };
}

/**
 * Asks the license provider about the lines that priced well, in one question: a line it would
 * not carry out (3CX's error codes) becomes `provider_refused`; the others keep their quote.
 */
export async function checkWithProvider(
  repos: Repositories,
  provider: LicenseProvider,
  resellerId: string,
  lines: ReadonlyArray<{ request: LineRequest; license: License | undefined; result: LineQuoteResult }>,
): Promise<LineQuoteResult[]> {
  const asked = lines.flatMap((line, index) => (line.result.kind === 'ok' ? [{ index, change: changeOfRequest(line.request, line.license) }] : []));
  const results = lines.map((line) => line.result);
  if (asked.length === 0) return results;
  const reseller = await repos.resellers.get(resellerId);
  if (!reseller) throw new Error(`reseller ${resellerId} does not exist`);
  const answers = await provider.check(asked.map((a) => a.change), reseller.partnerId);
  asked.forEach(({ index }, i) => {
    const refusal = answers[i];
    if (refusal) results[index] = { kind: 'provider_refused', license: lines[index]?.license ?? null, reason: refusal.reason, code: refusal.code };
  });
  return results;
}

/** The change a line asks of the provider. */
function changeOfRequest(request: LineRequest, license: License | undefined): LicenseChange {
  switch (request.kind) {
    case 'new_license':
      return { kind: 'new_license', edition: request.edition, sc: request.sc, quantity: request.quantity, years: 1 + request.additionalYears };
    case 'upgrade':
      return { kind: 'upgrade', key: license?.key ?? request.licenseKey, edition: request.toEdition, sc: request.toSc };
    case 'renew_annual':
    case 'renew_maintenance':
      return { kind: request.kind, key: license?.key ?? request.licenseKey, years: request.years };
    default: {
      const never: never = request;
      throw new Error(`unknown line kind ${JSON.stringify(never)}`);
    }
  }
}
