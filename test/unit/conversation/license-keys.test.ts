// Upgrades and renewals of an existing key: key_entry, the verification and its offers,
// upgrade_edition, upgrade_sc and renew_years, up to the quote.
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../../src/conversation/commands';
import type { KeyOffer, KeyPurpose } from '../../../src/conversation/state';
import { t } from '../../../src/conversation/wording';
import type { License } from '../../../src/domain/pricing/license';
import type { Verification, VerificationFailure } from '../../../src/domain/pricing/verification';
import { actionsOf, answer, expectCommand, expectShown, labelsOf, last, press, said, stepAt, type } from './drive';
import { TODAY, aPerpetualLicense, aRenewalQuote, aRenewalRequest, aState, aTopLicense, anAnnualLicense, anExpiredLicense, anUpgradeQuote, exampleState } from './states';

const keyEntry = (purpose: KeyPurpose, offers: KeyOffer[] = []) => aState({ name: 'key_entry', purpose, offers });

function verified(purpose: KeyPurpose, verification: Verification, yearlyCents: number | null = null): Answer {
  return { kind: 'verified', purpose, typedKey: 'abcd efgh jklm np23', verification, yearlyCents };
}

describe('key_entry', () => {
  it.each(['upgrade', 'renew_annual', 'renew_maintenance'] as const)('a typed key is verified for %s, trimmed, as typed', (purpose) => {
    const state = keyEntry(purpose);
    expectCommand(state, type(state, '  abcd efgh jklm np23 '), { kind: 'verify', key: 'abcd efgh jklm np23', purpose });
  });

  it('keeps at most 60 characters of what was typed', () => {
    const state = keyEntry('upgrade');
    expect(type(state, 'K'.repeat(100)).command).toEqual({ kind: 'verify', key: 'K'.repeat(60), purpose: 'upgrade' });
  });

  it('asks for the key with Back and Cancel, and the offers first when there are some', () => {
    expect(last(press(keyEntry('renew_annual'), 'x', 0)).text).toBe(t.askKey('renew_annual'));
    expect(actionsOf(last(press(keyEntry('upgrade'), 'x', 0)))).toEqual(['back', 'cancel']);
    expect(actionsOf(last(press(exampleState('key_entry'), 'x', 0)))).toEqual(['o.renew_annual', 'o.renew_maintenance', 'o.new_license', 'back', 'cancel']);
    expect(labelsOf(last(press(exampleState('key_entry'), 'x', 0)))).toEqual([t.offer.renew_annual, t.offer.renew_maintenance, t.offer.new_license, t.back, t.cancel]);
  });

  it('an offer verifies its key for its purpose; Buy a new license asks for the edition', () => {
    const state = exampleState('key_entry');
    expectCommand(state, press(state, 'o.renew_annual'), { kind: 'verify', key: anAnnualLicense().key, purpose: 'renew_annual' });
    expectCommand(state, press(state, 'o.renew_maintenance'), { kind: 'verify', key: aPerpetualLicense().key, purpose: 'renew_maintenance' });
    expectShown(state, press(state, 'o.new_license'), { name: 'new_edition' });
    expectCommand(state, type(state, 'Renew this license'), { kind: 'verify', key: anAnnualLicense().key, purpose: 'renew_annual' });
  });

  it('an offer that was not made is not used', () => {
    const state = keyEntry('upgrade', [{ kind: 'renew_annual', key: anExpiredLicense().key }]);
    for (const action of ['o.renew_maintenance', 'o.new_license', 'o.upgrade']) {
      const out = press(state, action);
      expect(out.command).toBeNull();
      expect(out.replies[0]?.text).toBe(t.staleButton);
    }
  });
});

describe('verified', () => {
  it('ok for an upgrade: shows the license and the editions it may go to', () => {
    const state = keyEntry('upgrade');
    const out = answer(state, verified('upgrade', { kind: 'ok', license: anAnnualLicense() }));
    expectShown(state, out, { name: 'upgrade_edition', license: anAnnualLicense() });
    expect(last(out).text).toBe([
      'License ABCD-EFGH-JKLM-NP23', 'Professional 16 SC, annual', 'expires 2027-06-14 (200 days left)', 'End customer: Acme BV', '', t.askUpgradeEdition,
    ].join('\n'));
    expect(actionsOf(last(out))).toEqual(['e.professional', 'e.enterprise', 'back', 'cancel']);
  });

  it.each([
    ['renew_annual', anAnnualLicense(), 59_500, 'Annual license: EUR 595.00 per year (list price). For how many years (1–5)?'],
    ['renew_maintenance', aPerpetualLicense(), 77_500, 'Maintenance: EUR 775.00 per year (list price). For how many years (1–5)?'],
  ] as const)('ok for %s: shows the yearly price and asks for the years', (purpose, license, yearlyCents, question) => {
    const state = keyEntry(purpose);
    const out = answer(state, verified(purpose, { kind: 'ok', license }, yearlyCents));
    expectShown(state, out, { name: 'renew_years', purpose, license, yearlyCents });
    expect(last(out).text.endsWith(question)).toBe(true);
  });

  it('ok for a renewal whose yearly price is not known does not show EUR 0.00 as the list price', () => {
    const state = keyEntry('renew_maintenance');
    const out = answer(state, verified('renew_maintenance', { kind: 'ok', license: aPerpetualLicense() }, null));
    expect(said(out)).not.toContain('EUR 0.00 per year');
  });

  const refusals: Array<[string, KeyPurpose, VerificationFailure, KeyOffer[]]> = [
    ['expired, on upgrade → renew the license', 'upgrade', { kind: 'expired', license: anExpiredLicense() }, [{ kind: 'renew_annual', key: anExpiredLicense().key }]],
    ['perpetual, on upgrade → renew maintenance or a new license', 'upgrade', { kind: 'wrong_type', license: aPerpetualLicense(), expected: 'annual' }, [{ kind: 'renew_maintenance', key: aPerpetualLicense().key }, { kind: 'new_license' }]],
    ['perpetual, on renew annual → renew maintenance or a new license', 'renew_annual', { kind: 'wrong_type', license: aPerpetualLicense(), expected: 'annual' }, [{ kind: 'renew_maintenance', key: aPerpetualLicense().key }, { kind: 'new_license' }]],
    ['annual, on renew maintenance → renew the license', 'renew_maintenance', { kind: 'wrong_type', license: anAnnualLicense(), expected: 'perpetual' }, [{ kind: 'renew_annual', key: anAnnualLicense().key }]],
    ['no upgrade path → renew the license', 'upgrade', { kind: 'no_upgrade_path', license: aTopLicense() }, [{ kind: 'renew_annual', key: aTopLicense().key }]],
    ['not found → nothing', 'renew_annual', { kind: 'not_found' }, []],
    ['invalid format → nothing', 'upgrade', { kind: 'invalid_format' }, []],
  ];

  it.each(refusals)('%s', (_, purpose, verification, offers) => {
    const state = keyEntry(purpose);
    const out = answer(state, verified(purpose, verification));
    expectShown(state, out, { name: 'key_entry', purpose, offers });
    const license = 'license' in verification ? verification.license : null;
    expect(out.replies[0]?.text).toBe(t.keyRefused(verification, license, TODAY));
    expect(actionsOf(last(out))).toEqual([...offers.map((o) => `o.${o.kind}`), 'back', 'cancel']);
  });

  it('words each refusal for the reseller', () => {
    const say = (purpose: KeyPurpose, v: Verification) => said(answer(keyEntry(purpose), verified(purpose, v)));
    expect(say('upgrade', { kind: 'expired', license: anExpiredLicense() })).toContain('This license expired on 2026-10-01');
    expect(say('upgrade', { kind: 'wrong_type', license: aPerpetualLicense(), expected: 'annual' })).toContain('This is a perpetual license');
    expect(say('renew_maintenance', { kind: 'wrong_type', license: anAnnualLicense(), expected: 'perpetual' })).toContain('This is an annual license');
    expect(say('upgrade', { kind: 'no_upgrade_path', license: aTopLicense() })).toContain('already at the highest edition');
    expect(say('renew_annual', { kind: 'not_found' })).toContain('License key not found');
    expect(say('upgrade', { kind: 'invalid_format' })).toContain('That is not a license key');
  });

  it('a refusal after an offer replaces the old offers', () => {
    const state = exampleState('key_entry');
    const out = answer(state, verified('renew_annual', { kind: 'not_found' }));
    expect(stepAt(out, 'key_entry').offers).toEqual([]);
  });
});

describe('upgrade_edition', () => {
  it('an edition the license may go to asks for its SC', () => {
    const state = aState({ name: 'upgrade_edition', license: anAnnualLicense() });
    expectShown(state, press(state, 'e.professional'), { name: 'upgrade_sc', license: anAnnualLicense(), edition: 'professional' });
    expectShown(state, press(state, 'e.enterprise'), { name: 'upgrade_sc', license: anAnnualLicense(), edition: 'enterprise' });
    expectShown(state, type(state, 'enterprise'), { name: 'upgrade_sc', license: anAnnualLicense(), edition: 'enterprise' });
  });

  it('an edition below the license is not offered and not taken', () => {
    const state = aState({ name: 'upgrade_edition', license: anAnnualLicense() });
    const out = press(state, 'e.startup');
    expect(out.command).toBeNull();
    expect(out.state.step).toEqual(state.step);
    expect(out.replies[0]?.text).toBe(t.staleButton);
  });

  it('a Startup license (sold with 4 SC only) may go to Professional and Enterprise', () => {
    expect(actionsOf(last(press(exampleState('upgrade_edition'), 'x', 0)))).toEqual(['e.professional', 'e.enterprise', 'back', 'cancel']);
  });
});

describe('upgrade_sc', () => {
  const license: License = anAnnualLicense();

  it('an allowed SC quotes the upgrade', () => {
    const state = aState({ name: 'upgrade_sc', license, edition: 'enterprise' });
    expectCommand(state, press(state, 's.16'), { kind: 'quote', request: { kind: 'upgrade', licenseId: 'lic-1', licenseKey: 'ABCD-EFGH-JKLM-NP23', toEdition: 'enterprise', toSc: 16 } });
    expectCommand(state, type(state, '1024 sc'), { kind: 'quote', request: { kind: 'upgrade', licenseId: 'lic-1', licenseKey: 'ABCD-EFGH-JKLM-NP23', toEdition: 'enterprise', toSc: 1024 } });
  });

  it('in the same edition only larger SC are offered and taken', () => {
    const state = aState({ name: 'upgrade_sc', license, edition: 'professional' });
    expect(actionsOf(last(press(state, 'x', 0))).slice(0, 2)).toEqual(['s.24', 's.32']);
    for (const action of ['s.16', 's.8', 's.20']) {
      const out = press(state, action);
      expect(out.command, action).toBeNull();
      expect(out.replies[0]?.text).toBe(t.staleButton);
    }
    expectCommand(state, press(state, 's.24'), { kind: 'quote', request: { kind: 'upgrade', licenseId: 'lic-1', licenseKey: license.key, toEdition: 'professional', toSc: 24 } });
  });
});

describe('renew_years', () => {
  it.each(['renew_annual', 'renew_maintenance'] as const)('a number from 1 to 5 quotes the %s', (purpose) => {
    const license = purpose === 'renew_annual' ? anAnnualLicense() : aPerpetualLicense();
    const state = aState({ name: 'renew_years', purpose, license, yearlyCents: 10_000 });
    expectCommand(state, press(state, 'n.3'), { kind: 'quote', request: { kind: purpose, licenseId: license.id, licenseKey: license.key, years: 3 } });
    expectCommand(state, type(state, '5'), { kind: 'quote', request: { kind: purpose, licenseId: license.id, licenseKey: license.key, years: 5 } });
  });

  it.each(['0', '6', 'n', '1.5'])('%j is not a number of years', (text) => {
    const state = exampleState('renew_years');
    const out = type(state, text);
    expect(out.command).toBeNull();
    expect(out.replies[0]?.text).toBe(t.notUnderstood(t.expectNumber(1, 5)));
  });

  it('offers the numbers 1 to 5, and Back and Cancel like every other step of the purchase', () => {
    const actions = actionsOf(last(press(exampleState('renew_years'), 'x', 0)));
    expect(actions.slice(0, 5)).toEqual(['n.1', 'n.2', 'n.3', 'n.4', 'n.5']);
    expect(actions).toEqual(expect.arrayContaining(['back', 'cancel']));
  });
});

describe('quoted, for a key', () => {
  it('ok for a renewal: the summary remembers renew_years as where it came from', () => {
    const state = exampleState('renew_years');
    const request = aRenewalRequest(anAnnualLicense(), 2);
    const out = answer(state, { kind: 'quoted', request, result: { kind: 'ok', quote: aRenewalQuote() }, customerName: 'Acme BV' });
    expectShown(state, out, { name: 'line_summary', request, quote: aRenewalQuote(), customerName: 'Acme BV', from: state.step });
    expect(said(out)).toContain('New expiry date: 2029-06-14');
  });

  it('ok for an upgrade: the summary shows the prorated days and the unchanged expiry', () => {
    const state = aState({ name: 'upgrade_sc', license: anAnnualLicense(), edition: 'enterprise' });
    const request = { kind: 'upgrade', licenseId: 'lic-1', licenseKey: 'ABCD-EFGH-JKLM-NP23', toEdition: 'enterprise', toSc: 16 } as const;
    const out = answer(state, { kind: 'quoted', request, result: { kind: 'ok', quote: anUpgradeQuote() }, customerName: null });
    expect(stepAt(out, 'line_summary').from).toEqual(state.step);
    expect(said(out)).toContain('Prorated for 200 days until the license expires');
    expect(said(out)).toContain('The expiry date stays 2027-06-14.');
  });

  it('refused: says why and asks for a key for the same purpose', () => {
    const state = exampleState('renew_years');
    const out = answer(state, { kind: 'quoted', request: aRenewalRequest(), result: { kind: 'not_found' }, customerName: null });
    expectShown(state, out, { name: 'key_entry', purpose: 'renew_annual', offers: [] });
    expect(out.replies[0]?.text).toBe(t.keyRefused({ kind: 'not_found' }, null, TODAY));
  });

  it('refused with the license known: worded with that license and with the same offers as a verification', () => {
    const state = aState({ name: 'upgrade_sc', license: anAnnualLicense(), edition: 'enterprise' });
    const request = { kind: 'upgrade', licenseId: 'lic-2', licenseKey: aPerpetualLicense().key, toEdition: 'enterprise', toSc: 64 } as const;
    const out = answer(state, { kind: 'quoted', request, result: { kind: 'wrong_type', license: aPerpetualLicense(), expected: 'annual' }, customerName: null });
    expect(out.replies[0]?.text).toBe(t.keyRefused({ kind: 'wrong_type' }, aPerpetualLicense(), TODAY));
    expect(said(out)).not.toContain('This is an annual license');
    expect(stepAt(out, 'key_entry').offers).toEqual([{ kind: 'renew_maintenance', key: aPerpetualLicense().key }, { kind: 'new_license' }]);
  });
});
