// The renew flow (annual licenses and the maintenance of perpetual ones): after the key, the
// yearly price and 1–5 years, then the quote; "renew KEY for 2 years" carries the years.
import { describe, expect, it } from 'vitest';
import type { RenewalPurpose } from '../../../src/conversation/flows/renew/steps';
import { t } from '../../../src/conversation/wording';
import type { License } from '../../../src/domain/pricing/license';
import { actionsOf, answer, expectCommand, expectMissed, expectOutOfRange, expectRefused, expectShown, expectStale, message, press, type } from './drive';
import { aPerpetualLicense, aRenewalRequest, aState, anAnnualLicense, asRole, exampleState } from './states';

const licenseFor = (purpose: RenewalPurpose): License => (purpose === 'renew_annual' ? anAnnualLicense() : aPerpetualLicense());
const quoteOf = (license: License, years: number) => ({ kind: 'quote', request: aRenewalRequest(license, years) });

describe.each(['renew_annual', 'renew_maintenance'] as const)('renew_years, for %s', (purpose) => {
  const license = licenseFor(purpose);
  const state = aState({ name: 'renew_years', purpose, license, yearlyCents: 10_000 });

  it('shows the license and the yearly price, and offers 1 to 5 years with Back and Cancel', () => {
    const shown = message(state);
    expect(shown.text).toBe(`${t.licenseDetails(license, '2026-11-26')}\n\n${t.renew.askYears(purpose, 10_000, 'EUR')}`);
    expect(actionsOf(shown)).toEqual(['renew.years.1', 'renew.years.2', 'renew.years.3', 'renew.years.4', 'renew.years.5', 'nav.back', 'nav.cancel']);
  });

  it('a number from 1 to 5 quotes the renewal, by button or typed', () => {
    expectCommand(state, press(state, 'renew.years.3'), quoteOf(license, 3));
    expectCommand(state, type(state, '5'), quoteOf(license, 5));
    expectCommand(state, type(state, ' 1 '), quoteOf(license, 1));
  });

  it.each(['n', '1.5', 'two', ''])('%j is not a number of years', (text) => {
    expectMissed(state, type(state, text), t.expectNumber(1, 5));
  });

  it.each([['0', 0], ['6', 6], ['10', 10]] as const)('%j years are out of range, said so', (text, n) => {
    expectOutOfRange(state, type(state, text), n, 1, 5);
  });

  it('a forged years button out of range is not used', () => {
    for (const action of ['renew.years.0', 'renew.years.6', 'renew.years', 'renew.annual.3']) expectStale(state, press(state, action));
  });

  it('Back and /back ask for a key for the same purpose', () => {
    expectShown(state, press(state, 'nav.back'), { name: 'key_entry', purpose, offers: [] });
    expectShown(state, type(state, '/back'), { name: 'key_entry', purpose, offers: [] });
  });

  it('verified without years: the years are asked', () => {
    const waiting = aState({ name: 'key_entry', purpose, offers: [] });
    const out = answer(waiting, { kind: 'verified', purpose, typedKey: license.key, verification: { kind: 'ok', license }, yearlyCents: 10_000 });
    expectShown(waiting, out, { name: 'renew_years', purpose, license, yearlyCents: 10_000 });
  });

  it('verified with the years said: straight to the quote', () => {
    const waiting = aState({ name: 'key_entry', purpose, offers: [], prefill: { years: 2 } });
    const out = answer(waiting, { kind: 'verified', purpose, typedKey: license.key, verification: { kind: 'ok', license }, yearlyCents: 10_000, prefill: { years: 2 } });
    expectCommand(waiting, out, quoteOf(license, 2));
  });

  it.each([0, 6, 7])('verified with %i years said: out of range, said so, and the years asked', (years) => {
    const waiting = aState({ name: 'key_entry', purpose, offers: [] });
    const out = answer(waiting, { kind: 'verified', purpose, typedKey: license.key, verification: { kind: 'ok', license }, yearlyCents: 10_000, prefill: { years } });
    expectShown(waiting, out, { name: 'renew_years', purpose, license, yearlyCents: 10_000 });
    expect(out.replies[0]?.text).toBe(t.expectNumber(1, 5));
  });
});

describe('a renewal stated in words', () => {
  const menu = exampleState('menu');
  const KEY = anAnnualLicense().key;
  const PERP = aPerpetualLicense().key;

  it('"renew KEY for 2 years" verifies the key for an annual renewal, carrying the years', () => {
    expectCommand(menu, type(menu, `renew ${KEY} for 2 years`), { kind: 'verify', key: KEY, purpose: 'renew_annual', prefill: { years: 2 } });
    expectCommand(menu, type(menu, `renew ${KEY}`), { kind: 'verify', key: KEY, purpose: 'renew_annual', prefill: {} });
  });

  it('"renew maintenance of KEY 3 years" verifies the key for maintenance', () => {
    expectCommand(menu, type(menu, `renew maintenance of ${PERP} 3 years`), { kind: 'verify', key: PERP, purpose: 'renew_maintenance', prefill: { years: 3 } });
  });

  it('without a key it asks for the key, keeping the years for after it', () => {
    const out = type(menu, 'renew for 2 years');
    expectShown(menu, out, { name: 'key_entry', purpose: 'renew_annual', offers: [], prefill: { years: 2 } });
    expectCommand(out.state, type(out.state, KEY), { kind: 'verify', key: KEY, purpose: 'renew_annual', prefill: { years: 2 } });
    expectShown(menu, type(menu, 'renew maintenance'), { name: 'key_entry', purpose: 'renew_maintenance', offers: [], prefill: {} });
  });

  it('years out of range are carried as said: the domain\'s answer has the years asked again', () => {
    expect(type(menu, `renew ${KEY} for 7 years`).command).toEqual({ kind: 'verify', key: KEY, purpose: 'renew_annual', prefill: { years: 7 } });
  });

  it('the years prompt takes a stated renewal of another key over its own number', () => {
    const state = exampleState('renew_years');
    expectCommand(state, type(state, `renew ${KEY} for 2 years`), { kind: 'verify', key: KEY, purpose: 'renew_annual', prefill: { years: 2 } });
  });

  it('a sales user may state a renewal; support is refused by role, like the buttons', () => {
    expect(type(asRole(menu, 'sales'), `renew ${KEY}`).command).toMatchObject({ kind: 'verify' });
    const support = asRole(menu, 'support');
    expectRefused(support, type(support, `renew ${KEY} for 2 years`), t.notAllowed('support'));
    expectRefused(support, type(support, `renew maintenance of ${PERP}`), t.notAllowed('support'));
  });
});
