// The upgrade flow: after the key, the target edition and SC the license may go to, then the
// prorated quote; and "upgrade KEY to enterprise 32", whose edition and SC are carried on the
// verify command and its answer.
import { describe, expect, it } from 'vitest';
import type { KeyPrefill } from '../../../src/conversation/flows/license-key/steps';
import { t } from '../../../src/conversation/wording';
import type { License } from '../../../src/domain/pricing/license';
import { actionsOf, answer, expectAgain, expectCommand, expectMissed, expectRefused, expectShown, expectStale, message, press, type } from './drive';
import { aPerpetualLicense, aState, anAnnualLicense, anUpgradeRequest, asRole, exampleState } from './states';

const NAV = ['nav.back', 'nav.cancel'];
const KEY = anAnnualLicense().key;
const quoteOf = (toEdition: License['edition'], toSc: number, license: License = anAnnualLicense()) => ({ kind: 'quote', request: anUpgradeRequest(license, toEdition, toSc) });

describe('upgrade_edition', () => {
  const state = aState({ name: 'upgrade_edition', license: anAnnualLicense() });

  it('an edition the license may go to asks for its SC, by button or label', () => {
    expectShown(state, press(state, 'upgrade.edition.professional'), { name: 'upgrade_sc', license: anAnnualLicense(), edition: 'professional' });
    expectShown(state, press(state, 'upgrade.edition.enterprise'), { name: 'upgrade_sc', license: anAnnualLicense(), edition: 'enterprise' });
    expectShown(state, type(state, 'enterprise'), { name: 'upgrade_sc', license: anAnnualLicense(), edition: 'enterprise' });
  });

  it('an edition below the license is not offered and not taken', () => {
    for (const action of ['upgrade.edition.startup', 'upgrade.edition.platinum', 'upgrade.edition', 'upgrade.sc.32']) expectStale(state, press(state, action));
    expectMissed(state, type(state, 'startup'), t.expectChoice);
  });

  it('a Startup license (sold with 4 SC only) may go to Professional and Enterprise', () => {
    expect(actionsOf(message(exampleState('upgrade_edition')))).toEqual(['upgrade.edition.professional', 'upgrade.edition.enterprise', ...NAV]);
  });

  it('an Enterprise 512 SC license may go to Enterprise only', () => {
    const big = aState({ name: 'upgrade_edition', license: anAnnualLicense({ edition: 'enterprise', sc: 512 }) });
    expect(actionsOf(message(big))).toEqual(['upgrade.edition.enterprise', ...NAV]);
  });

  it('Back and /back ask for a key to upgrade again', () => {
    expectShown(state, press(state, 'nav.back'), { name: 'key_entry', purpose: 'upgrade', offers: [] });
    expectShown(state, type(state, '/back'), { name: 'key_entry', purpose: 'upgrade', offers: [] });
  });
});

describe('upgrade_sc', () => {
  const enterprise = aState({ name: 'upgrade_sc', license: anAnnualLicense(), edition: 'enterprise' });
  const professional = aState({ name: 'upgrade_sc', license: anAnnualLicense(), edition: 'professional' });

  it('asks for the SC, offering the allowed ones of the edition', () => {
    expect(message(enterprise).text).toBe(t.upgrade.askSc('enterprise'));
    expect(actionsOf(message(enterprise))).toEqual([16, 24, 32, 48, 64, 96, 128, 192, 256, 512, 1024].map((sc) => `upgrade.sc.${sc}`).concat(NAV));
  });

  it('an allowed SC quotes the upgrade: by button, label or number', () => {
    expectCommand(enterprise, press(enterprise, 'upgrade.sc.16'), quoteOf('enterprise', 16));
    expectCommand(enterprise, type(enterprise, '1024 sc'), quoteOf('enterprise', 1024));
    expectCommand(enterprise, type(enterprise, '32'), quoteOf('enterprise', 32));
  });

  it('in the same edition only larger SC are offered and taken', () => {
    expect(actionsOf(message(professional)).slice(0, 2)).toEqual(['upgrade.sc.24', 'upgrade.sc.32']);
    for (const action of ['upgrade.sc.16', 'upgrade.sc.8', 'upgrade.sc.20', 'upgrade.sc', 'upgrade.edition.enterprise']) expectStale(professional, press(professional, action));
    expectCommand(professional, press(professional, 'upgrade.sc.24'), quoteOf('professional', 24));
  });

  it('a typed number that is not an allowed SC is refused, saying why: not a size of the edition, or not up', () => {
    expectMissed(professional, type(professional, 'lots'), t.expectChoice);
    for (const text of ['16', '8 SC']) expectAgain(professional, type(professional, text), t.keyRefused({ kind: 'not_allowed_upgrade' }, anAnnualLicense()));
    for (const text of ['20', '5 sc']) expectAgain(professional, type(professional, text), t.keyRefused({ kind: 'invalid_tier' }, anAnnualLicense()));
  });

  it('a typed SC is a whole number, as at every other prompt: "0x20" or "3.2e1" is not 32 SC', () => {
    for (const text of ['0x20', '3.2e1', '32.0']) expectMissed(professional, type(professional, text), t.expectChoice);
  });

  it('Back goes to the edition of the same license', () => {
    expectShown(professional, press(professional, 'nav.back'), { name: 'upgrade_edition', license: anAnnualLicense() });
  });
});

describe('an upgrade stated in words', () => {
  const menu = exampleState('menu');

  it('"upgrade KEY to enterprise 32" verifies the key, carrying the edition and SC', () => {
    expectCommand(menu, type(menu, `upgrade ${KEY} to enterprise 32`), { kind: 'verify', key: KEY, purpose: 'upgrade', prefill: { edition: 'enterprise', sc: 32 } });
    expectCommand(menu, type(menu, `upgrade ${KEY}`), { kind: 'verify', key: KEY, purpose: 'upgrade', prefill: {} });
  });

  it('without a key it asks for the key, keeping what was said for after it', () => {
    const out = type(menu, 'upgrade to enterprise');
    expectShown(menu, out, { name: 'key_entry', purpose: 'upgrade', offers: [], prefill: { edition: 'enterprise' } });
    expectCommand(out.state, type(out.state, KEY), { kind: 'verify', key: KEY, purpose: 'upgrade', prefill: { edition: 'enterprise' } });
  });

  it.each(['sales', 'purchase'] as const)('%s may state an upgrade', (role) => {
    expect(type(asRole(menu, role), `upgrade ${KEY} to 32`).command).toMatchObject({ kind: 'verify', purpose: 'upgrade' });
  });

  it('support is refused by role, like the buttons', () => {
    const support = asRole(menu, 'support');
    expectRefused(support, type(support, `upgrade ${KEY} to enterprise 32`), t.notAllowed('support'));
    expectRefused(support, type(support, 'upgrade'), t.notAllowed('support'));
  });
});

describe('verified with what was said (the prefill)', () => {
  const waiting = aState({ name: 'key_entry', purpose: 'upgrade', offers: [] });
  const verifiedWith = (prefill: KeyPrefill, license: License = anAnnualLicense()) =>
    answer(waiting, { kind: 'verified', purpose: 'upgrade', typedKey: license.key, verification: { kind: 'ok', license }, yearlyCents: null, prefill });

  it('edition and SC both allowed: straight to the quote', () => {
    expectCommand(waiting, verifiedWith({ edition: 'enterprise', sc: 32 }), quoteOf('enterprise', 32));
  });

  it('an SC alone keeps the license\'s edition', () => {
    expectCommand(waiting, verifiedWith({ sc: 32 }), quoteOf('professional', 32));
  });

  it('an edition alone asks only for the SC', () => {
    expectShown(waiting, verifiedWith({ edition: 'enterprise' }), { name: 'upgrade_sc', license: anAnnualLicense(), edition: 'enterprise' });
  });

  it('nothing said: asks for the edition', () => {
    expectShown(waiting, verifiedWith({}), { name: 'upgrade_edition', license: anAnnualLicense() });
  });

  it('a smaller SC in the same edition is refused as a downgrade, and the allowed SCs are offered', () => {
    const out = verifiedWith({ sc: 8 });
    expectShown(waiting, out, { name: 'upgrade_sc', license: anAnnualLicense(), edition: 'professional' });
    expect(out.replies[0]?.text).toBe('That upgrade is not allowed: upgrades go up in edition and/or SC, never down.');
  });

  it('an SC that is not a tier of the edition is refused as such, and the allowed SCs are offered', () => {
    const out = verifiedWith({ edition: 'enterprise', sc: 20 });
    expectShown(waiting, out, { name: 'upgrade_sc', license: anAnnualLicense(), edition: 'enterprise' });
    expect(out.replies[0]?.text).toBe(t.keyRefused({ kind: 'invalid_tier' }, anAnnualLicense()));
  });

  it('an edition below the license is refused, and the editions it may go to are offered', () => {
    for (const prefill of [{ edition: 'startup' }, { edition: 'startup', sc: 4 }] as const) {
      const out = verifiedWith(prefill);
      expectShown(waiting, out, { name: 'upgrade_edition', license: anAnnualLicense() });
      expect(out.replies[0]?.text).toBe(t.keyRefused({ kind: 'not_allowed_upgrade' }, anAnnualLicense()));
    }
  });

  it('a refused key is refused as without a prefill', () => {
    const out = answer(waiting, { kind: 'verified', purpose: 'upgrade', typedKey: KEY, verification: { kind: 'wrong_type', license: aPerpetualLicense(), expected: 'annual' }, yearlyCents: null, prefill: { sc: 64 } });
    expectShown(waiting, out, { name: 'key_entry', purpose: 'upgrade', offers: [{ kind: 'renew_maintenance', key: aPerpetualLicense().key }, { kind: 'new_license' }] });
  });
});
