// The licenses flow: My licenses (all, or those to renew: ending soon or lapsed lately), paged, with Renew and Upgrade on
// each line for the roles that buy; and a license's card, opened by typing its key anywhere.
import { describe, expect, it } from 'vitest';
import { t } from '../../../src/conversation/wording';
import type { License } from '../../../src/domain/pricing/license';
import { actionsOf, answer, expectCommand, expectRefused, expectShown, expectStale, labelsOf, last, message, press, said, stepAt, type } from './drive';
import { TODAY, aPerpetualLicense, aSession, aState, aTopLicense, anAnnualLicense, anExpiredLicense, asRole, exampleState, someLicenses } from './states';

const all = (page: number, items: License[] = someLicenses(), total = 12) => aState({ name: 'licenses', page, total, items, filter: 'all' });

describe('licenses', () => {
  const first = all(0);
  const expiring = exampleState('licenses');

  it('the licenses answer shows the page with its place in the list, each license\'s term and end customer', () => {
    const menu = exampleState('menu');
    const out = answer(menu, { kind: 'licenses', page: 0, filter: 'all', result: { items: someLicenses(), total: 12 } });
    expectShown(menu, out, { name: 'licenses', page: 0, total: 12, items: someLicenses(), filter: 'all' });
    expect(last(out).text.split('\n')[0]).toBe('Your licenses (1–5 of 12):');
    expect(said(out)).toContain('1. ABCD-EFGH-JKLM-NP23 — Professional 16 SC, expires 2027-06-14 (200 days left)\n   End customer: Acme BV');
    expect(said(out)).toContain('2. PERP-0000-1111-2222 — Enterprise 32 SC, maintenance until 2027-03-01 (95 days left)');
    expect(said(out)).toContain('3. EXPD-2222-3333-4444 — Startup 4 SC, expires 2026-10-01 (expired 56 days ago)');
  });

  it('offers Renew on every line and Upgrade only where it can succeed, then paging and Main menu', () => {
    // Not for the perpetual one (2nd), the expired one (3rd), nor the one at the top edition and size (4th).
    expect(actionsOf(message(first))).toEqual([
      'licenses.renew.0', 'licenses.upgrade.0', 'licenses.renew.1', 'licenses.renew.2', 'licenses.renew.3', 'licenses.renew.4', 'licenses.upgrade.4',
      'licenses.page.1', 'nav.menu',
    ]);
    expect(labelsOf(message(first)).slice(0, 2)).toEqual(['Renew ABCD…', 'Upgrade ABCD…']);
  });

  it('Renew verifies the key for an annual renewal, or for maintenance when perpetual; Upgrade for an upgrade', () => {
    expectCommand(first, press(first, 'licenses.renew.0'), { kind: 'verify', key: anAnnualLicense().key, purpose: 'renew_annual' });
    expectCommand(first, press(first, 'licenses.renew.1'), { kind: 'verify', key: aPerpetualLicense().key, purpose: 'renew_maintenance' });
    expectCommand(first, press(first, 'licenses.renew.2'), { kind: 'verify', key: anExpiredLicense().key, purpose: 'renew_annual' });
    expectCommand(first, press(first, 'licenses.upgrade.0'), { kind: 'verify', key: anAnnualLicense().key, purpose: 'upgrade' });
    expectCommand(first, type(first, 'Renew PERP…'), { kind: 'verify', key: aPerpetualLicense().key, purpose: 'renew_maintenance' });
  });

  it('an Upgrade pressed where none was offered is still only a verification: the domain refuses it', () => {
    expectCommand(first, press(first, 'licenses.upgrade.3'), { kind: 'verify', key: aTopLicense().key, purpose: 'upgrade' });
  });

  it('a line that is not on the page is not used', () => {
    for (const action of ['licenses.renew.5', 'licenses.upgrade.9', 'licenses.renew', 'licenses.renew.x', 'card.renew']) expectStale(first, press(first, action));
  });

  it('Next and Previous ask for the neighbouring page of the same list', () => {
    const second = all(1);
    expect(actionsOf(message(second)).slice(-3)).toEqual(['licenses.page.0', 'licenses.page.2', 'nav.menu']);
    expectCommand(second, press(second, 'licenses.page.2'), { kind: 'licenses', page: 2, filter: 'all' });
    expectCommand(second, press(second, 'licenses.page.0'), { kind: 'licenses', page: 0, filter: 'all' });
    expectCommand(second, type(second, 'next ›'), { kind: 'licenses', page: 2, filter: 'all' });
    expectCommand(second, press(second, 'nav.menu'), { kind: 'menu' });
  });

  it('a list without a filter (as an earlier state had it) pages through all licenses', () => {
    const old = aState({ name: 'licenses', page: 1, total: 12, items: someLicenses() });
    expectCommand(old, press(old, 'licenses.page.2'), { kind: 'licenses', page: 2, filter: 'all' });
  });

  it('the list of licenses to renew marks each line "expired on" or "expires on", the maintenance of a perpetual one too, with Renew on each', () => {
    const menu = exampleState('menu');
    const items = [
      anExpiredLicense(),
      aPerpetualLicense({ maintenanceUntil: '2026-11-20', customerName: 'Harbor Dental' }),
      anAnnualLicense({ expiresOn: TODAY, customerName: null }),
      aPerpetualLicense({ key: 'PERP-0000-1111-3333', maintenanceUntil: '2026-12-06' }),
      anAnnualLicense({ key: 'ABCD-EFGH-JKLM-NP24', expiresOn: '2026-11-27', customerName: null }),
    ];
    const out = answer(menu, { kind: 'licenses', page: 0, filter: 'expiring', result: { items, total: 5 } });
    expect(last(out).text).toBe([
      'Your licenses to renew: ending within 30 days or expired in the last 90 days (1–5 of 5):',
      '1. EXPD-2222-3333-4444 — Startup 4 SC, expired on 2026-10-01 (56 days ago)',
      '2. PERP-0000-1111-2222 — Enterprise 32 SC, maintenance expired on 2026-11-20 (6 days ago)\n   End customer: Harbor Dental',
      '3. ABCD-EFGH-JKLM-NP23 — Professional 16 SC, expires on 2026-11-26 (today)',
      '4. PERP-0000-1111-3333 — Enterprise 32 SC, maintenance expires on 2026-12-06 (10 days left)',
      '5. ABCD-EFGH-JKLM-NP24 — Professional 16 SC, expires on 2026-11-27 (1 day left)',
    ].join('\n'));
    const shown = stepAt(out, 'licenses');
    expect(actionsOf(last(out)).filter((a) => a.startsWith('licenses.renew'))).toEqual(['licenses.renew.0', 'licenses.renew.1', 'licenses.renew.2', 'licenses.renew.3', 'licenses.renew.4']);
    const listed = aState(shown);
    expectCommand(listed, press(listed, 'licenses.renew.0'), { kind: 'verify', key: anExpiredLicense().key, purpose: 'renew_annual' });
    expectCommand(listed, press(listed, 'licenses.renew.1'), { kind: 'verify', key: aPerpetualLicense().key, purpose: 'renew_maintenance' });
  });

  it('the list of licenses to renew says so, pages within itself, and offers All my licenses', () => {
    const shown = message(expiring);
    expect(shown.text.split('\n')[0]).toBe('Your licenses to renew: ending within 30 days or expired in the last 90 days (6–10 of 12):');
    expect(actionsOf(shown).slice(-4)).toEqual(['licenses.page.0', 'licenses.page.2', 'licenses.all', 'nav.menu']);
    expect(labelsOf(shown)).toContain(t.licenses.allLicenses);
    expectCommand(expiring, press(expiring, 'licenses.page.2'), { kind: 'licenses', page: 2, filter: 'expiring' });
    expectCommand(expiring, press(expiring, 'licenses.all'), { kind: 'licenses', page: 0, filter: 'all' });
    expectCommand(expiring, type(expiring, 'all my licenses'), { kind: 'licenses', page: 0, filter: 'all' });
  });

  it('with no licenses it says so and offers the main menu (and All my licenses, from the expiring list)', () => {
    const none = answer(exampleState('menu'), { kind: 'licenses', page: 0, filter: 'all', result: { items: [], total: 0 } });
    expect(last(none).text).toBe(t.licenses.none(false));
    expect(actionsOf(last(none))).toEqual(['nav.menu']);
    const noneEnding = answer(exampleState('menu'), { kind: 'licenses', page: 0, filter: 'expiring', result: { items: [], total: 0 } });
    expect(last(noneEnding).text).toBe('None of your licenses ends within 30 days or expired in the last 90 days.');
    expect(actionsOf(last(noneEnding))).toEqual(['licenses.all', 'nav.menu']);
  });

  it('/back asks for the main menu', () => {
    expectCommand(expiring, type(expiring, '/back'), { kind: 'menu' });
  });
});

describe('licenses, for each role', () => {
  const first = all(1);

  it('sales sees Renew and Upgrade and may use them', () => {
    const sales = asRole(first, 'sales');
    expect(actionsOf(message(sales))).toEqual(actionsOf(message(first)));
    expect(press(sales, 'licenses.renew.0').command).toMatchObject({ kind: 'verify' });
  });

  it('support sees the list without Renew or Upgrade, and pressing them is refused by role', () => {
    const support = asRole(first, 'support');
    expect(actionsOf(message(support))).toEqual(['licenses.page.0', 'licenses.page.2', 'nav.menu']);
    for (const action of ['licenses.renew.0', 'licenses.upgrade.0']) expectRefused(support, press(support, action), t.notAllowed('support'));
    expectCommand(support, press(support, 'licenses.page.2'), { kind: 'licenses', page: 2, filter: 'all' });
  });
});

describe('license_card', () => {
  const card = exampleState('license_card');

  it('a key typed anywhere, alone or in other words, opens its card', () => {
    const menu = exampleState('menu');
    expectCommand(menu, type(menu, 'ABCD-EFGH-JKLM-NP23'), { kind: 'license_card', key: 'ABCD-EFGH-JKLM-NP23' });
    expectCommand(menu, type(menu, 'what about abcd efgh jklm np23?'), { kind: 'license_card', key: 'ABCD-EFGH-JKLM-NP23' });
    const cart = exampleState('cart');
    expectCommand(cart, type(cart, 'abcdefghjklmnp23'), { kind: 'license_card', key: 'ABCD-EFGH-JKLM-NP23' });
  });

  it('a support user may open a card too', () => {
    const support = exampleState('menu', { session: aSession('support') });
    expectCommand(support, type(support, 'ABCD-EFGH-JKLM-NP23'), { kind: 'license_card', key: 'ABCD-EFGH-JKLM-NP23' });
  });

  it('the license_card answer shows the license: key, edition and size, type, term and end customer', () => {
    const menu = exampleState('menu');
    const out = answer(menu, { kind: 'license_card', typedKey: 'abcd efgh jklm np23', verification: { kind: 'ok', license: anAnnualLicense() } });
    expectShown(menu, out, { name: 'license_card', license: anAnnualLicense() });
    expect(last(out).text).toBe(['License ABCD-EFGH-JKLM-NP23', 'Professional 16 SC, annual', 'expires 2027-06-14 (200 days left)', 'End customer: Acme BV'].join('\n'));
    expect(last(out).text).toBe(t.licenseDetails(anAnnualLicense(), TODAY));
  });

  it('a key that is refused is explained, and the user stays where they were', () => {
    const cart = exampleState('cart');
    const out = answer(cart, { kind: 'license_card', typedKey: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ', verification: { kind: 'not_found' } });
    expect(out.replies[0]?.text).toBe('License key not found. Check it and type it again.');
    expectShown(cart, out, cart.step);
  });

  it.each([
    ['an annual license: Renew and Upgrade', anAnnualLicense(), ['card.renew', 'card.upgrade', 'card.customer', 'card.quote', 'nav.menu']],
    ['an expired annual license: Renew only', anExpiredLicense(), ['card.renew', 'card.customer', 'card.quote', 'nav.menu']],
    ['an annual license at the top: Renew only', aTopLicense(), ['card.renew', 'card.customer', 'card.quote', 'nav.menu']],
    ['a perpetual license: Renew maintenance', aPerpetualLicense(), ['card.maintenance', 'card.customer', 'card.quote', 'nav.menu']],
  ])('%s', (_, license, actions) => {
    expect(actionsOf(message(aState({ name: 'license_card', license })))).toEqual(actions);
  });

  it('Renew, Renew maintenance and Upgrade verify the key for that purpose', () => {
    expectCommand(card, press(card, 'card.renew'), { kind: 'verify', key: anAnnualLicense().key, purpose: 'renew_annual' });
    expectCommand(card, press(card, 'card.upgrade'), { kind: 'verify', key: anAnnualLicense().key, purpose: 'upgrade' });
    expectCommand(card, type(card, 'renew'), { kind: 'verify', key: anAnnualLicense().key, purpose: 'renew_annual' });
    const perpetual = aState({ name: 'license_card', license: aPerpetualLicense() });
    expectCommand(perpetual, press(perpetual, 'card.maintenance'), { kind: 'verify', key: aPerpetualLicense().key, purpose: 'renew_maintenance' });
  });

  it('a renewal of the wrong kind for the license is not used', () => {
    expectStale(card, press(card, 'card.maintenance'));
    const perpetual = aState({ name: 'license_card', license: aPerpetualLicense() });
    expectStale(perpetual, press(perpetual, 'card.renew'));
    expectStale(card, press(card, 'licenses.renew.0'));
  });

  it('sales may renew from the card; support sees only Main menu and is refused by role', () => {
    expect(press(asRole(card, 'sales'), 'card.renew').command).toMatchObject({ kind: 'verify', purpose: 'renew_annual' });
    const support = asRole(card, 'support');
    expect(actionsOf(message(support))).toEqual(['nav.menu']);
    for (const action of ['card.renew', 'card.upgrade']) expectRefused(support, press(support, action), t.notAllowed('support'));
  });

  it('Main menu and /back ask for the menu', () => {
    expectCommand(card, press(card, 'nav.menu'), { kind: 'menu' });
    expectCommand(card, type(card, '/back'), { kind: 'menu' });
  });
});
