// npm run ops -- resellers:edit <partner id> [--legal-name …] [--street …] [--postcode …] [--city …] [--country XX] [--vat-id …|none] [--vat-rate 21|none]
import { userInfo } from 'node:os';
import type { Config } from '../config';
import { percentOf } from '../domain/invoicing/statement';
import { editResellerProfile, type ResellerEditRefusal, type ResellerEditRequest } from '../domain/use-cases/reseller-profile';
import type { Logger } from '../infra/log';
import { openRuntime } from '../infra/runtime';
import { viesChecker } from '../infra/tax/vies-checker';

const EDIT_FLAGS = { 'legal-name': 'legalName', street: 'street', postcode: 'postcode', city: 'city', country: 'country', 'vat-id': 'vatId', 'vat-rate': 'vatRate' } as const satisfies Record<string, keyof ResellerEditRequest>;

/** The flags of resellers:edit, each once and each with a value; a problem is one line to print. */
export function parseEditFlags(args: readonly string[]): { kind: 'ok'; request: ResellerEditRequest } | { kind: 'usage'; problem: string } {
  const request: ResellerEditRequest = {};
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i] ?? '';
    const field = flag.startsWith('--') ? EDIT_FLAGS[flag.slice(2) as keyof typeof EDIT_FLAGS] : undefined;
    if (!field) return { kind: 'usage', problem: `unknown option ${flag}: use ${Object.keys(EDIT_FLAGS).map((f) => `--${f}`).join(', ')}` };
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) return { kind: 'usage', problem: `${flag} needs a value` };
    if (request[field] !== undefined) return { kind: 'usage', problem: `${flag} is given twice` };
    request[field] = value;
  }
  return { kind: 'ok', request };
}

/** The one line that says why an edit was refused (nothing was changed). */
export function refusalLine(partnerId: string, refusal: ResellerEditRefusal): string {
  const words = { legalName: 'the legal name', street: 'the street', postcode: 'the postcode', city: 'the city' } as const;
  switch (refusal.kind) {
    case 'not_found': return `no reseller with partner id ${partnerId}`;
    case 'nothing_to_change': return 'nothing to change: give at least one option';
    case 'invalid_text': return `${words[refusal.field]} must be ${refusal.field === 'legalName' ? '2' : '1'} to 200 characters`;
    case 'incomplete_address': return `reseller ${partnerId} has no address yet: give ${refusal.missing.map((m) => `--${m}`).join(', ')} as well`;
    case 'invalid_country': return '--country must be a two-letter country code such as DE';
    case 'invalid_vat_rate': return '--vat-rate must be a percentage from 0 to 100 with at most two decimals (21, 20.5), or none';
    case 'invalid_format': return `that is not a VAT ID of ${refusal.country}: expected ${refusal.expected}`;
    case 'wrong_country': return `that VAT ID starts with ${refusal.prefix}, but the reseller is in ${refusal.country}: expected ${refusal.expected}`;
    case 'unsupported_country': return `VAT IDs of ${refusal.country} are not known here: leave --vat-id out, or give none`;
    case 'vat_id_of_other_country': return `the reseller's VAT ID ${refusal.vatId} is not one of the new country: give --vat-id with its new VAT ID, or --vat-id none`;
    case 'vat_rate_needed': return `the distributor's country is ${refusal.reason === 'distributor_outside_eu' ? 'outside the EU' : 'not set'}, so the VAT rate cannot be derived: give --vat-rate`;
    case 'vat_id_rejected': return `the VAT check service says ${refusal.vatId} is not a valid VAT number`;
    case 'changed_meanwhile': return `reseller ${partnerId} was changed by someone else meanwhile: run the command again`;
    default: {
      const never: never = refusal;
      return `refused (${JSON.stringify(never)})`;
    }
  }
}

/** `npm run ops -- resellers:edit <partner id> --flag value …`: prints the reseller as edited, or one line saying why nothing changed. */
export async function editReseller(config: Config, log: Logger, partnerId: string | undefined, args: readonly string[], usage: string): Promise<number> {
  const parsed = parseEditFlags(args);
  if (!partnerId || partnerId.startsWith('--') || parsed.kind !== 'ok') {
    process.stderr.write(`${parsed.kind === 'usage' ? parsed.problem : 'give the partner id of the reseller'}: nothing changed\n${usage}\n`);
    return 2;
  }
  const runtime = await openRuntime(config, log, { seedDemo: false });
  try {
    const checker = config.vatCheck ? viesChecker({ url: config.vatCheck.url }) : null;
    const result = await editResellerProfile(runtime.store, checker, { partnerId, request: parsed.request, actor: `staff:${userInfo().username}`, now: runtime.clock.now() });
    if (result.kind !== 'edited') {
      process.stderr.write(`${refusalLine(partnerId, result)}: nothing changed\n`);
      return 1;
    }
    const { after } = result;
    const check = result.vatIdCheck === null ? '' : result.vatIdCheck === 'not_checked' ? ' (format checked; VAT_CHECK_URL is not set)'
      : result.vatIdCheck.kind === 'valid' ? ' (verified)' : ` (unverified: the check service ${result.vatIdCheck.kind === 'unavailable' ? result.vatIdCheck.reason : 'gave no verdict'})`;
    process.stdout.write([
      `reseller ${after.partnerId} (${after.company}) updated:`,
      `  legal name: ${after.legalName}`,
      `  address: ${after.address ? `${after.address.street}, ${after.address.postcode} ${after.address.city}, ${after.country}` : `(none), ${after.country}`}`,
      `  VAT ID: ${after.vatId ?? '(none)'}${check}`,
      `  VAT: ${after.vatTreatment.replace('_', ' ')} at ${percentOf(after.vatRateBp)} %${after.explicitVatRateBp === null ? '' : ' (explicit rate)'}`,
    ].join('\n') + '\n');
    return 0;
  } finally {
    await runtime.close();
  }
}
