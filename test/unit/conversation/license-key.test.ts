// The license-key flow: the key prompt shared by the upgrade and the two renewals, the
// verification of a key for its purpose, and a refused key explained with the ways on.
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../../src/conversation/commands';
import type { KeyOffer, KeyPrefill, KeyPurpose } from '../../../src/conversation/flows/license-key/steps';
import { t } from '../../../src/conversation/wording';
import type { Verification, VerificationFailure } from '../../../src/domain/pricing/verification';
import { actionsOf, answer, expectCommand, expectMissed, expectShown, expectStale, labelsOf, last, message, press, said, stepAt, type } from './drive';
import { aPerpetualLicense, aSession, aState, aTopLicense, anAnnualLicense, anExpiredLicense, exampleState } from './states';

const NAV = ['nav.back', 'nav.cancel'];
const keyEntry = (purpose: KeyPurpose, offers: KeyOffer[] = [], prefill?: KeyPrefill) => aState({ name: 'key_entry', purpose, offers, ...(prefill ? { prefill } : {}) });

function verified(purpose: KeyPurpose, verification: Verification, yearlyCents: number | null = null): Answer {
  return { kind: 'verified', purpose, typedKey: 'abcd efgh jklm np23', verification, yearlyCents };
}

describe('key_entry', () => {
  it.each(['upgrade', 'renew_annual', 'renew_maintenance'] as const)('asks for a key to %s, with Back and Cancel', (purpose) => {
    const shown = message(keyEntry(purpose));
    expect(shown.text).toBe(t.licenseKey.askKey(purpose));
    expect(actionsOf(shown)).toEqual(NAV);
  });

  it.each(['upgrade', 'renew_annual', 'renew_maintenance'] as const)('a typed key, however it is written, is verified for %s', (purpose) => {
    const state = keyEntry(purpose);
    for (const typed of ['  abcd efgh jklm np23 ', 'ABCD-EFGH-JKLM-NP23', 'abcdefghjklmnp23', 'abcd-efgh jklmnp-23']) {
      expectCommand(state, type(state, typed), { kind: 'verify', key: 'ABCD-EFGH-JKLM-NP23', purpose });
    }
  });

  it('any other text is checked as a key as typed, trimmed (the domain says it is none), at most 60 characters of it', () => {
    const state = keyEntry('upgrade');
    expect(type(state, 'K'.repeat(100)).command).toEqual({ kind: 'verify', key: 'K'.repeat(60), purpose: 'upgrade' });
    expect(type(state, ' hello ').command).toEqual({ kind: 'verify', key: 'hello', purpose: 'upgrade' });
    expect(type(state, 'ABCD-EFGH-JKLM').command).toEqual({ kind: 'verify', key: 'ABCD-EFGH-JKLM', purpose: 'upgrade' });
  });

  it('an empty text is not a key', () => {
    const state = keyEntry('renew_annual');
    expectMissed(state, type(state, '   '), t.expectKey);
  });

  it('at the key prompt the whole text is the key, normalised as pricing.md says and no more: a key among other words or with more attached is checked as typed (invalid format)', () => {
    const state = keyEntry('upgrade');
    for (const typed of ['what about abcd efgh jklm np23?', 'it is abcd-efgh-jklm-np23, thanks', 'ABCD-EFGH-JKLM-NP23!', 'key: ABCD-EFGH-JKLM-NP23', 'ABCD_EFGH_JKLM_NP23', 'ABCD.EFGH.JKLM.NP23']) {
      expect(type(state, typed).command).toEqual({ kind: 'verify', key: typed, purpose: 'upgrade' });
    }
  });

  it('an intent stated in full is taken over the prompt', () => {
    const state = keyEntry('upgrade');
    expectCommand(state, type(state, 'renew ABCD-EFGH-JKLM-NP23 for 2 years'), { kind: 'verify', key: 'ABCD-EFGH-JKLM-NP23', purpose: 'renew_annual', prefill: { years: 2 } });
  });

  it('what was said with the purpose is carried on the verify command', () => {
    const state = keyEntry('upgrade', [], { edition: 'enterprise', sc: 32 });
    expectCommand(state, type(state, 'ABCD-EFGH-JKLM-NP23'), { kind: 'verify', key: 'ABCD-EFGH-JKLM-NP23', purpose: 'upgrade', prefill: { edition: 'enterprise', sc: 32 } });
  });

  it('offers first when there are some, labelled for what they do', () => {
    const shown = message(exampleState('key_entry'));
    expect(actionsOf(shown)).toEqual(['key.offer.renew_annual', 'key.offer.renew_maintenance', 'key.offer.new_license', ...NAV]);
    expect(labelsOf(shown)).toEqual([t.licenseKey.offer.renew_annual, t.licenseKey.offer.renew_maintenance, t.licenseKey.offer.new_license, t.back, t.cancel]);
  });

  it('an offer verifies its key for its purpose (without what was said for the first purpose); Buy a new license asks for the edition', () => {
    const state = exampleState('key_entry');
    expectCommand(state, press(state, 'key.offer.renew_annual'), { kind: 'verify', key: anAnnualLicense().key, purpose: 'renew_annual' });
    expectCommand(state, press(state, 'key.offer.renew_maintenance'), { kind: 'verify', key: aPerpetualLicense().key, purpose: 'renew_maintenance' });
    expectShown(state, press(state, 'key.offer.new_license'), { name: 'new_edition', draft: {} });
    expectCommand(state, type(state, 'Renew this license'), { kind: 'verify', key: anAnnualLicense().key, purpose: 'renew_annual' });
  });

  it('an offer that was not made is not used', () => {
    const state = keyEntry('upgrade', [{ kind: 'renew_annual', key: anExpiredLicense().key }]);
    for (const action of ['key.offer.renew_maintenance', 'key.offer.new_license', 'key.offer.upgrade', 'key.offer', 'key.verify.ABCD-EFGH-JKLM-NP23']) {
      expectStale(state, press(state, action));
    }
  });

  it.each(['upgrade', 'renew_annual', 'renew_maintenance'] as const)('Back and /back from the %s prompt show the Buy menu', (purpose) => {
    const state = keyEntry(purpose, [], { years: 2 });
    expectShown(state, press(state, 'nav.back'), { name: 'buy' });
    expectShown(state, type(state, '/back'), { name: 'buy' });
  });

  it('a sales user is served like an owner', () => {
    const sales = keyEntry('upgrade');
    const asSales = { ...sales, session: aSession('sales') };
    expectCommand(asSales, type(asSales, 'ABCD-EFGH-JKLM-NP23'), { kind: 'verify', key: 'ABCD-EFGH-JKLM-NP23', purpose: 'upgrade' });
  });
});

describe('verified', () => {
  it('ok for an upgrade: shows the license and the editions it may go to', () => {
    const state = keyEntry('upgrade');
    const out = answer(state, verified('upgrade', { kind: 'ok', license: anAnnualLicense() }));
    expectShown(state, out, { name: 'upgrade_edition', license: anAnnualLicense() });
    expect(last(out).text).toBe([
      'License ABCD-EFGH-JKLM-NP23', 'Professional 16 SC, annual', 'expires 2027-06-14 (200 days left)', 'End customer: Acme BV', '', t.upgrade.askEdition,
    ].join('\n'));
    expect(actionsOf(last(out))).toEqual(['upgrade.edition.professional', 'upgrade.edition.enterprise', ...NAV]);
  });

  it.each([
    ['renew_annual', anAnnualLicense(), 59_500, 'Annual license: EUR 595.00 per year (list price). For how many years (1–5)?'],
    ['renew_maintenance', aPerpetualLicense(), 77_500, 'Maintenance: EUR 775.00 per year (list price). For how many years (1–5)?'],
  ] as const)('ok for %s: shows the license, the yearly price, and asks for the years', (purpose, license, yearlyCents, question) => {
    const state = keyEntry(purpose);
    const out = answer(state, verified(purpose, { kind: 'ok', license }, yearlyCents));
    expectShown(state, out, { name: 'renew_years', purpose, license, yearlyCents });
    expect(last(out).text.startsWith(`License ${license.key}`)).toBe(true);
    expect(last(out).text.endsWith(question)).toBe(true);
  });

  it('ok for a renewal whose yearly price is not known: says so, asks for a key again, and never shows EUR 0.00', () => {
    const state = keyEntry('renew_maintenance');
    const out = answer(state, verified('renew_maintenance', { kind: 'ok', license: aPerpetualLicense() }, null));
    expectShown(state, out, { name: 'key_entry', purpose: 'renew_maintenance', offers: [] });
    expect(out.replies[0]?.text).toBe(t.keyRefused({ kind: 'price_missing' }, aPerpetualLicense()));
    expect(said(out)).not.toContain('EUR 0.00');
  });

  const refusals: Array<[string, KeyPurpose, VerificationFailure, KeyOffer[]]> = [
    ['expired, on upgrade → renew the license', 'upgrade', { kind: 'expired', license: anExpiredLicense() }, [{ kind: 'renew_annual', key: anExpiredLicense().key }]],
    ['perpetual, on upgrade → renew maintenance or a new license', 'upgrade', { kind: 'wrong_type', license: aPerpetualLicense(), expected: 'annual' }, [{ kind: 'renew_maintenance', key: aPerpetualLicense().key }, { kind: 'new_license' }]],
    ['perpetual, on renew annual → renew maintenance or a new license', 'renew_annual', { kind: 'wrong_type', license: aPerpetualLicense(), expected: 'annual' }, [{ kind: 'renew_maintenance', key: aPerpetualLicense().key }, { kind: 'new_license' }]],
    ['annual, on renew maintenance → renew the license', 'renew_maintenance', { kind: 'wrong_type', license: anAnnualLicense(), expected: 'perpetual' }, [{ kind: 'renew_annual', key: anAnnualLicense().key }]],
    ['no upgrade path → renew the license', 'upgrade', { kind: 'no_upgrade_path', license: aTopLicense() }, [{ kind: 'renew_annual', key: aTopLicense().key }]],
    ['3CX: maintenance expired → renew it first', 'upgrade', { kind: 'provider_refused', license: aPerpetualLicense(), reason: 'maintenance_expired', code: 'CannotUpgradeKeyWithExpiredMaintenance' }, [{ kind: 'renew_maintenance', key: aPerpetualLicense().key }]],
    ['3CX: version deprecated → a new license', 'renew_annual', { kind: 'provider_refused', license: anAnnualLicense(), reason: 'version_deprecated', code: 'KeyVersionIsDeprecated' }, [{ kind: 'new_license' }]],
    ['3CX: other → nothing', 'upgrade', { kind: 'provider_refused', license: null, reason: 'other', code: 'E42' }, []],
    ['not found → nothing', 'renew_annual', { kind: 'not_found' }, []],
    ['invalid format → nothing', 'upgrade', { kind: 'invalid_format' }, []],
  ];

  it.each(refusals)('%s', (_, purpose, verification, offers) => {
    const state = keyEntry(purpose);
    const out = answer(state, verified(purpose, verification));
    expectShown(state, out, { name: 'key_entry', purpose, offers });
    const license = 'license' in verification ? verification.license : null;
    expect(out.replies[0]?.text).toBe(t.keyRefused(verification, license));
    expect(actionsOf(last(out))).toEqual([...offers.map((o) => `key.offer.${o.kind}`), ...NAV]);
  });

  it('words each refusal for the reseller', () => {
    const words = (purpose: KeyPurpose, v: Verification) => said(answer(keyEntry(purpose), verified(purpose, v)));
    expect(words('upgrade', { kind: 'expired', license: anExpiredLicense() })).toContain('This license expired on 2026-10-01');
    expect(words('upgrade', { kind: 'wrong_type', license: aPerpetualLicense(), expected: 'annual' })).toContain('This is a perpetual license');
    expect(words('renew_maintenance', { kind: 'wrong_type', license: anAnnualLicense(), expected: 'perpetual' })).toContain('This is an annual license');
    expect(words('upgrade', { kind: 'no_upgrade_path', license: aTopLicense() })).toContain('already at the highest edition and size (Enterprise 1024 SC)');
    expect(words('renew_annual', { kind: 'not_found' })).toContain('License key not found');
    expect(words('upgrade', { kind: 'invalid_format' })).toContain('That is not a license key');
    expect(words('upgrade', { kind: 'provider_refused', license: null, reason: 'other', code: 'E42' })).toContain('3CX refused this (E42)');
  });

  it('a refusal after an offer replaces the old offers, and forgets what was said with the first key', () => {
    const state = exampleState('key_entry');
    const out = answer(state, verified('renew_annual', { kind: 'not_found' }));
    expect(stepAt(out, 'key_entry')).toEqual({ name: 'key_entry', purpose: 'renew_annual', offers: [] });
  });

  it('a verification that arrives at another step is answered all the same (the key prompt sent it)', () => {
    const menu = exampleState('menu');
    expectShown(menu, answer(menu, verified('upgrade', { kind: 'ok', license: anAnnualLicense() })), { name: 'upgrade_edition', license: anAnnualLicense() });
  });
});
