// Words and formats that several flows share, in English: navigation, errors, money, license
// terms, a quoted line, and why a key or a line was refused. A flow's own words are beside it
// (src/conversation/flows/<flow>/en.ts); i18n/en.ts puts them together.
import type { BankAccount, BankDetails } from '../../domain/dashboard/dashboard';
import { editionName, SC_TIERS, EDITIONS, type Edition } from '../../domain/pricing/catalog';
import { formatMoney } from '../../domain/pricing/money';
import { termEnd, type License } from '../../domain/pricing/license';
import { daysBetween } from '../../domain/pricing/dates';
import { QUANTITY_MAX, QUANTITY_MIN, type LineKind, type LineQuote, type LineRefusal } from '../../domain/pricing/line';
import type { ProviderRefusalReason } from '../../domain/pricing/verification';
import type { Role } from '../../domain/accounts/roles';

export const money = (cents: number, currency: string) => formatMoney(cents, currency);
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
export const percent = (bp: number) => `${(bp / 100).toFixed(bp % 100 === 0 ? 0 : 2)} %`;
export const size = (edition: Edition, sc: number) => `${editionName(edition)} ${sc} SC`;

const TOP_EDITION = EDITIONS[EDITIONS.length - 1] as Edition;
const TOP_SC = SC_TIERS[SC_TIERS.length - 1] as number;

function bankAccountLines(account: BankAccount | undefined): string[] {
  if (!account) return [];
  return [
    `${account.label}:`,
    ...(account.holder ? [`  Account holder: ${account.holder}`] : []),
    ...(account.iban ? [`  IBAN: ${account.iban}`] : []),
    ...(account.bic ? [`  BIC: ${account.bic}`] : []),
    ...(account.bank ? [`  Bank: ${account.bank}`] : []),
    ...(account.note ? [`  ${account.note}`] : []),
  ];
}

/** "expires 2027-06-14 (200 days left)", "maintenance until … (lapsed 3 days ago)". */
export function licenseTerm(license: License, today: string | null): string {
  const end = termEnd(license);
  const what = license.type === 'annual' ? 'expires' : 'maintenance until';
  if (!end) return `${what}: unknown`;
  if (!today) return `${what} ${end}`;
  const days = daysBetween(today, end);
  const left = days > 0 ? `${plural(days, 'day')} left` : days === 0 ? 'ends today' : license.type === 'annual' ? `expired ${plural(-days, 'day')} ago` : `lapsed ${plural(-days, 'day')} ago`;
  return `${what} ${end} (${left})`;
}

function providerRefusal(reason: ProviderRefusalReason, code: string | undefined): string {
  switch (reason) {
    case 'upgrade_not_available': return '3CX does not offer that upgrade for this key. Choose another edition or size, or renew the license instead.';
    case 'maintenance_expired': return '3CX cannot upgrade this key because its maintenance has expired. Renew it first, then upgrade.';
    case 'additional_maintenance': return '3CX cannot upgrade this key because it has additional maintenance years bought ahead. Please contact your distributor.';
    case 'version_deprecated': return 'This key belongs to a 3CX version that is no longer supported, so 3CX does not renew or upgrade it. Buy a new license instead.';
    default: return `3CX refused this${code ? ` (${code})` : ''}. Please check the key, or contact your distributor.`;
  }
}

export const lineKinds = { new_license: 'New license', upgrade: 'Upgrade', renew_annual: 'Renew annual license', renew_maintenance: 'Renew maintenance' } satisfies Record<LineKind, string>;

export const common = {
  back: '« Back',
  cancel: 'Cancel',
  toMenu: 'Main menu',
  previous: '‹ Previous',
  next: 'Next ›',
  skip: 'Skip',
  cancelled: 'Cancelled.',
  somethingWentWrong: 'Sorry, something went wrong on our side and nothing was changed. Please try again, or type /menu.',
  busy: 'Sorry, I am very busy right now and could not handle that message; nothing was changed. Please send it again in a moment.',
  /** Sent once when a message has waited a few seconds for its answer (a busy database, many logins at once). */
  stillWorking: 'I am very busy right now: your message is kept and will be answered as soon as I can.',
  tooLong: (length: number, max: number) => `That message is too long (${length} characters); a message may have up to ${max}. Nothing was done with it.`,
  controlCharacters: 'That message has characters I cannot take (control characters or half of an emoji). Please type it again without them.',
  /** Said to a photo, a sticker, a file, a voice message or a location sent to the assistant. */
  textAndButtonsOnly: 'I read text and buttons only, so I cannot use that (a photo, a sticker, a file, a voice message or a location): nothing was done with it. Here is where you are:',
  chooseBelow: 'Choose below.',
  /** A chat platform's command answered in the user's private chat with the bot, not where it was typed. */
  continuedInDirectMessages: 'I have answered you in our direct messages.',
  savedAs: (file: string) => `Saved as ${file}`,
  staleForm: 'That form is no longer needed: nothing was done with it.',
  staleButton: 'That button belongs to an older message and was not used. Here is where you are:',
  /** A pressed id the bot never gave any button (forged, or garbled on the way). */
  unknownButton: 'I do not know that button, so nothing was done. Here is where you are:',
  notUnderstood: (expected: string) => `Sorry, I did not understand that. ${expected}`,
  offerMenu: 'You can always go back to the main menu:',
  notLoggedIn: 'Please log in first.',
  notAllowed: (role: Role) => `Your role (${role}) does not allow that. Ask an owner of your company if you need it.`,
  cannotPlaceOrder: (role: Role) => `Your role (${role}) can prepare quotes and fill a cart, but orders are placed by an owner or purchase user of your company: check out your cart and ask them to approve it.`,
  expectChoice: 'Please choose one of the buttons.',
  expectNumber: (min: number, max: number) => `Type a whole number from ${min} to ${max}.`,
  numberOutOfRange: (n: number, min: number, max: number) =>
    `${n} is ${n > max ? `more than ${max}, the most` : `less than ${min}, the least`} that can be chosen here. Type a whole number from ${min} to ${max}.`,
  expectKey: 'Type a license key like XXXX-XXXX-XXXX-XXXX.',
  edition: (e: Edition) => editionName(e),
  sc: (sc: number) => `${sc} SC`,
  lineKinds,
  bankDetails: (b: BankDetails) => [...bankAccountLines(b.local), ...bankAccountLines(b.international), ...bankAccountLines(b.online)],

  /** A quoted line in a few words: "Professional 16 SC, 2 licenses, 2 years", "Renew KEY: …". */
  describeLine: (q: LineQuote): string => {
    const target = q.edition && q.sc !== undefined ? size(q.edition, q.sc) : '';
    switch (q.kind) {
      case 'new_license': return `${target}, ${plural(q.quantity ?? 1, 'license')}, ${plural(q.years ?? 1, 'year')}`;
      case 'upgrade': {
        const from = q.fromEdition && q.fromSc !== undefined ? `${size(q.fromEdition, q.fromSc)} to ` : 'to ';
        return `Upgrade ${q.licenseKey ?? ''}: ${from}${target}, ${plural(q.remainingDays ?? 0, 'day')} remaining`;
      }
      case 'renew_annual': return `Renew ${q.licenseKey ?? ''}: ${target}, ${plural(q.years ?? 1, 'year')}`;
      case 'renew_maintenance': return `Renew maintenance ${q.licenseKey ?? ''}: ${target}, ${plural(q.years ?? 1, 'year')}`;
      default: return target;
    }
  },

  /** The card of a license: key, edition, size, type, term and end customer. */
  licenseDetails: (l: License, today: string) => [
    `License ${l.key}`,
    `${editionName(l.edition)} ${l.sc} SC, ${l.type === 'annual' ? 'annual' : 'perpetual'}`,
    licenseTerm(l, today),
    ...(l.customerName ? [`End customer: ${l.customerName}`] : []),
  ].join('\n'),

  /** Why a key or a line was refused. */
  keyRefused: (refusal: { kind: LineRefusal['kind']; reason?: ProviderRefusalReason; code?: string; license?: License | null }, known: License | null) => {
    const { kind } = refusal;
    // The refusal's own license (an expired key found when the cart is priced again) when the caller has none.
    const license = known ?? refusal.license ?? null;
    switch (kind) {
      case 'invalid_format': return 'That is not a license key. A key has 16 letters and digits, like XXXX-XXXX-XXXX-XXXX. Type it again.';
      case 'not_found': return 'License key not found. Check it and type it again.';
      case 'expired': return `This license expired on ${license?.expiresOn ?? 'an earlier date'}. An expired key must be renewed before it can be upgraded.`;
      case 'wrong_type': return license?.type === 'perpetual'
        ? 'This is a perpetual license: upgrade and annual renewal are not available for it. Renew its maintenance, or buy a new annual license.'
        : 'This is an annual license; renew the license instead of maintenance.';
      case 'no_upgrade_path': return `This license is already at the highest edition and size (${size(TOP_EDITION, TOP_SC)}). There is nothing to upgrade to.`;
      case 'invalid_quantity': return `The quantity must be a whole number from ${QUANTITY_MIN} to ${QUANTITY_MAX}.`;
      case 'invalid_years': return 'The number of years is out of range.';
      case 'invalid_tier': return 'That edition is not sold with that number of simultaneous calls.';
      case 'price_missing': return 'There is no price for that product in the price list. Please contact your distributor.';
      case 'not_allowed_upgrade': return 'That upgrade is not allowed: upgrades go up in edition and/or SC, never down.';
      case 'provider_refused': return providerRefusal(refusal.reason ?? 'other', refusal.code);
      default: return `That cannot be done (${String(kind)}).`;
    }
  },
};
