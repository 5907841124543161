// npm run ops -- resellers:edit <partner id> [--legal-name …] [--street …] [--postcode …] [--city …] [--country XX] [--vat-id …|none] [--vat-rate 21|none]
//   [--timezone Europe/Berlin] [--currency EUR|none] [--level gold]
import { percentOf } from '../domain/invoicing/statement';
import type { Reseller } from '../domain/accounts/accounts';
import { editResellerAsAdmin } from '../domain/use-cases/admin/resellers';
import type { ResellerEditRefusal, ResellerEditRequest } from '../domain/use-cases/reseller-profile';
import { done, FORBIDDEN_LINE, refuse, usage, type AdminCommand } from './admin/command';

const EDIT_FLAGS = {
  'legal-name': 'legalName', street: 'street', postcode: 'postcode', city: 'city', country: 'country', 'vat-id': 'vatId', 'vat-rate': 'vatRate',
  timezone: 'timezone', currency: 'currency', level: 'level',
} as const satisfies Record<string, keyof ResellerEditRequest>;

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

/** The one line that says why an edit (or a creation) was refused (nothing was changed). */
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
    case 'invalid_timezone': return '--timezone must be a time zone such as Europe/Berlin or UTC';
    case 'currency_not_sold': return `prices are in ${refusal.sold} only: --currency must be ${refusal.sold} or none`;
    case 'unknown_level': return `--level must be one of the partner levels: ${refusal.levels.join(', ')}`;
    default: {
      const never: never = refusal;
      return `refused (${JSON.stringify(never)})`;
    }
  }
}

/** The reseller as the commands print it. */
export function resellerLines(r: Reseller): string[] {
  return [
    `  legal name: ${r.legalName}`,
    `  address: ${r.address ? `${r.address.street}, ${r.address.postcode} ${r.address.city}, ${r.country}` : `(none), ${r.country}`}`,
    `  partner level: ${r.levelCode} (discount ${percentOf(r.discountBp)} %)`,
    `  time zone: ${r.timezone}; currency: ${r.currency ?? 'the distributor\'s'}`,
    ...(r.suspendedAt ? [`  SUSPENDED since ${r.suspendedAt.toISOString()}`] : []),
  ];
}

/** A reseller as --json prints it. */
export function resellerJson(r: Reseller): Record<string, unknown> {
  return { ...r, vatIdCheckedAt: r.vatIdCheckedAt?.toISOString() ?? null, suspendedAt: r.suspendedAt?.toISOString() ?? null };
}

/** `npm run ops -- resellers:edit <partner id> --flag value …`: prints the reseller as edited, or one line saying why nothing changed. */
export const resellersEdit: AdminCommand = {
  usage: 'resellers:edit <partner id> [--legal-name <name>] [--street <street>] [--postcode <postcode>] [--city <city>] [--country XX] [--vat-id <VAT ID>|none] [--vat-rate <percent>|none] [--timezone <IANA zone>] [--currency <code>|none] [--level <level code>]',
  async run(ctx, { positionals, options }) {
    const parsed = parseEditFlags(Object.entries(options).flatMap(([k, v]) => [`--${k}`, v === true ? '--' : v]));
    const partnerId = positionals[0];
    if (parsed.kind !== 'ok') return usage(ctx, parsed.problem);
    if (!partnerId || positionals.length > 1) return usage(ctx, 'give the partner id of the reseller (one)');
    const result = await editResellerAsAdmin(ctx.store, ctx.vatChecker, { actor: ctx.actor, partnerId, request: parsed.request, now: ctx.now() });
    if (result.kind === 'forbidden') return refuse(ctx, FORBIDDEN_LINE(ctx.actor), result);
    if (result.kind !== 'edited') return refuse(ctx, refusalLine(partnerId, result), result);
    const { after } = result;
    const check = result.vatIdCheck === null ? '' : result.vatIdCheck === 'not_checked' ? ' (format checked; VAT_CHECK_URL is not set)'
      : result.vatIdCheck.kind === 'valid' ? ' (verified)' : ` (unverified: the check service ${result.vatIdCheck.kind === 'unavailable' ? result.vatIdCheck.reason : 'gave no verdict'})`;
    return done(ctx, { kind: 'edited', before: resellerJson(result.before), after: resellerJson(after) }, [
      `reseller ${after.partnerId} (${after.company}) updated:`,
      ...resellerLines(after).slice(0, 2),
      `  VAT ID: ${after.vatId ?? '(none)'}${check}`,
      `  VAT: ${after.vatTreatment.replace('_', ' ')} at ${percentOf(after.vatRateBp)} %${after.explicitVatRateBp === null ? '' : ' (explicit rate)'}`,
      ...resellerLines(after).slice(2),
    ]);
  },
};
