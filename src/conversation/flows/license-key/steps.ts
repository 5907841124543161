// Which license? The key prompt of the upgrade and renewal flows, the verification of the key
// for its purpose, and a refused key explained with the ways on that make sense for it.
import type { Edition } from '../../../domain/pricing/catalog';
import type { LineQuoteResult } from '../../../domain/pricing/line';
import { normaliseLicenseKey } from '../../../domain/pricing/license-key';
import { flowButtons, navButton } from '../../buttons';
import { next, type Flow, type Next } from '../../flow';
import { say } from '../../reply';
import { t } from '../../wording';
import { renewalFromVerified } from '../renew/steps';
import { upgradeFromVerified } from '../upgrade/steps';

export type KeyPurpose = 'upgrade' | 'renew_annual' | 'renew_maintenance';

/** A follow-up offered after a key was refused ("Renew this license", …). */
export type KeyOffer = { kind: 'renew_annual' | 'renew_maintenance'; key: string } | { kind: 'new_license' };

/** What the user already said about the line besides the key ("… for 2 years", "… to 32 SC"). */
export interface KeyPrefill {
  years?: number;
  edition?: Edition;
  sc?: number;
}

export type LicenseKeyStep = { name: 'key_entry'; purpose: KeyPurpose; offers: KeyOffer[]; prefill?: KeyPrefill };

const MAX_TYPED_KEY = 60;
const button = flowButtons('key', ['offer'] as const);

/** A key refused for a purpose, explained, with the next steps that make sense for it. */
export function keyRefusal(purpose: KeyPurpose, v: Exclude<LineQuoteResult, { kind: 'ok' }>): Next {
  const license = 'license' in v ? v.license : null;
  const offers: KeyOffer[] = [];
  const renewFirst = v.kind === 'provider_refused' && v.reason === 'maintenance_expired';
  if (license && (v.kind === 'expired' || v.kind === 'no_upgrade_path' || renewFirst)) offers.push({ kind: license.type === 'annual' ? 'renew_annual' : 'renew_maintenance', key: license.key });
  if (v.kind === 'provider_refused' && v.reason === 'version_deprecated') offers.push({ kind: 'new_license' });
  if (license && v.kind === 'wrong_type') {
    if (license.type === 'perpetual') offers.push({ kind: 'renew_maintenance', key: license.key }, { kind: 'new_license' });
    else offers.push({ kind: 'renew_annual', key: license.key });
  }
  return next.show({ name: 'key_entry', purpose, offers }, { say: [say(t.keyRefused(v, license))] });
}

export const licenseKeyFlow: Flow<'key_entry', 'verified'> = {
  steps: {
    key_entry: {
      flow: 'key',
      view: (step) => ({
        text: t.licenseKey.askKey(step.purpose),
        buttons: [step.offers.map((o) => button('offer', t.licenseKey.offer[o.kind], o.kind)), [navButton('back', t.back), navButton('cancel', t.cancel)]].filter((r) => r.length > 0),
        secret: false,
      }),
      press: (verb, arg, step) => {
        const offer = verb === 'offer' ? step.offers.find((o) => o.kind === arg) : undefined;
        if (offer?.kind === 'new_license') return next.show({ name: 'new_edition', draft: {} });
        return offer ? next.run({ kind: 'verify', key: offer.key, purpose: offer.kind }) : undefined;
      },
      text: (text, step) => {
        // The whole text is the key, normalised as pricing.md says (spaces and hyphens dropped,
        // nothing else): "7Q2M-4K8P-ZX3N-1A9B!" or "key 7Q2M-…" is "invalid format", not a key
        // read out of other words. (A stated intent, "renew 7Q2M-… for 2 years", is taken before this.)
        const typed = normaliseLicenseKey(text);
        const key = typed.kind === 'ok' ? typed.key : text.trim();
        if (!key) return undefined;
        return next.run({ kind: 'verify', key: key.slice(0, MAX_TYPED_KEY), purpose: step.purpose, ...(step.prefill ? { prefill: step.prefill } : {}) });
      },
      expects: () => t.expectKey,
      back: () => next.show({ name: 'buy' }),
    },
  },
  answers: {
    verified: (a, state, ctx) => {
      const v = a.verification;
      if (v.kind !== 'ok') return keyRefusal(a.purpose, v);
      if (a.purpose === 'upgrade') return upgradeFromVerified(v.license, a.prefill ?? {}, ctx);
      if (a.yearlyCents === null) return next.show({ name: 'key_entry', purpose: a.purpose, offers: [] }, { say: [say(t.keyRefused({ kind: 'price_missing' }, v.license))] });
      return renewalFromVerified(a.purpose, v.license, a.yearlyCents, a.prefill ?? {}, state);
    },
  },
  intents: {},
};
