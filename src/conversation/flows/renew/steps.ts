// Renewing an annual license or the maintenance of a perpetual one: after the key
// (license-key flow), the yearly price and the number of years, then the quote.
// "renew KEY for 2 years" goes straight to the quote.
import { mayDo, resellerOf } from '../../session';
import type { License } from '../../../domain/pricing/license';
import { RENEWAL_YEARS_MAX, RENEWAL_YEARS_MIN } from '../../../domain/pricing/line';
import { flowButtons, navButton } from '../../buttons';
import { next, type Flow, type IntentHandlers, type Next } from '../../flow';
import type { Intent } from '../../intents/intent';
import { typedNumber, wholeNumber } from '../../numbers';
import { say } from '../../reply';
import type { ConversationState } from '../../state';
import { t } from '../../wording';
import type { KeyPrefill } from '../license-key/steps';

export type RenewalPurpose = 'renew_annual' | 'renew_maintenance';
export type RenewStep = { name: 'renew_years'; purpose: RenewalPurpose; license: License; yearlyCents: number };

const button = flowButtons('renew', ['years'] as const);
const YEAR_BUTTONS = RENEWAL_YEARS_MAX - RENEWAL_YEARS_MIN + 1;

const quote = (purpose: RenewalPurpose, license: License, years: number): Next =>
  next.run({ kind: 'quote', request: { kind: purpose, licenseId: license.id, licenseKey: license.key, years } });

/** A verified license on its way to a renewal: the quote when the years were given, else the years prompt. */
export function renewalFromVerified(purpose: RenewalPurpose, license: License, yearlyCents: number, prefill: KeyPrefill, _state: ConversationState): Next {
  const step: RenewStep = { name: 'renew_years', purpose, license, yearlyCents };
  if (prefill.years === undefined) return next.show(step);
  const years = wholeNumber(String(prefill.years), RENEWAL_YEARS_MIN, RENEWAL_YEARS_MAX);
  return years === undefined ? next.show(step, { say: [say(t.expectNumber(RENEWAL_YEARS_MIN, RENEWAL_YEARS_MAX))] }) : quote(purpose, license, years);
}

function yearsGiven(text: string, step: RenewStep): Next | undefined {
  const years = wholeNumber(text.trim(), RENEWAL_YEARS_MIN, RENEWAL_YEARS_MAX);
  return years === undefined ? undefined : quote(step.purpose, step.license, years);
}

function startRenewal(purpose: RenewalPurpose, intent: { key?: string; years?: number }, state: ConversationState): Next {
  if (!mayDo(state, 'fill_cart')) return next.refuse('fill_cart');
  const prefill: KeyPrefill = intent.years !== undefined ? { years: intent.years } : {};
  if (!intent.key) return next.show({ name: 'key_entry', purpose, offers: [], prefill });
  return next.run({ kind: 'verify', key: intent.key, purpose, prefill });
}

const intents: IntentHandlers<'renew' | 'renew_maintenance'> = {
  renew: (intent: Extract<Intent, { kind: 'renew' }>, state) => startRenewal('renew_annual', intent, state),
  renew_maintenance: (intent, state) => startRenewal('renew_maintenance', intent, state),
};

export const renewFlow: Flow<'renew_years', never, 'renew' | 'renew_maintenance'> = {
  steps: {
    renew_years: {
      flow: 'renew',
      view: (step, state, ctx) => ({
        text: `${t.licenseDetails(step.license, ctx.today)}\n\n${t.renew.askYears(step.purpose, step.yearlyCents, resellerOf(state)?.currency ?? 'EUR')}`,
        buttons: [Array.from({ length: YEAR_BUTTONS }, (_, i) => button('years', String(RENEWAL_YEARS_MIN + i), RENEWAL_YEARS_MIN + i)), [navButton('back', t.back), navButton('cancel', t.cancel)]],
        secret: false,
      }),
      press: (verb, arg, step) => (verb === 'years' ? yearsGiven(arg ?? '', step) : undefined),
      text: (text, step) => typedNumber(text, RENEWAL_YEARS_MIN, RENEWAL_YEARS_MAX, (years) => quote(step.purpose, step.license, years)),
      expects: () => t.expectNumber(RENEWAL_YEARS_MIN, RENEWAL_YEARS_MAX),
      back: (step) => next.show({ name: 'key_entry', purpose: step.purpose, offers: [] }),
    },
  },
  answers: {},
  intents,
};
