import { describe, expect, it } from 'vitest';
import type { VatNumberCheck, VatNumberChecker } from '../../../../src/domain/ports';
import { editResellerProfile, type ResellerEditRequest } from '../../../../src/domain/use-cases/reseller-profile';
import { memoryStore } from '../../../fakes/memory-store';
import { NOW, aReseller, aWorld } from '../../../fakes/mother';

/** The checker's twin: answers what it is told, and keeps what it was asked. */
function scriptedChecker(answer: VatNumberCheck | (() => never)): VatNumberChecker & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async check({ prefix, number }) {
      asked.push(`${prefix}${number}`);
      return typeof answer === 'function' ? answer() : answer;
    },
  };
}

function setUp(checker: VatNumberChecker | null = null) {
  const store = memoryStore(aWorld({ resellers: [aReseller({ partnerId: '100001', explicitVatRateBp: null })] }));
  const edit = (request: ResellerEditRequest, partnerId = '100001') => editResellerProfile(store, checker, { partnerId, request, actor: 'staff:ann', now: NOW });
  const reseller = () => store.state.resellers[0]!;
  return { store, edit, reseller };
}

describe('editing a reseller\'s legal details and VAT', () => {
  it('moves a reseller to Germany with a VAT ID checked as valid: reverse charge at 0 %, the audit log keeping before and after', async () => {
    const checker = scriptedChecker({ kind: 'valid', name: 'RHEIN TELEFONIE GMBH', address: null });
    const world = setUp(checker);
    const result = await world.edit({ legalName: 'Acme Telecom GmbH', street: 'Domstraße 7', postcode: '50668', city: 'Köln', country: 'de', vatId: 'de 123 456 789' });
    expect(result).toMatchObject({ kind: 'edited', after: { country: 'DE', vatId: 'DE123456789', vatIdVerified: true, vatIdCheckedAt: NOW, vatRateBp: 0, vatTreatment: 'reverse_charge' } });
    expect(checker.asked).toEqual(['DE123456789']);
    expect(world.reseller()).toMatchObject({ legalName: 'Acme Telecom GmbH', address: { street: 'Domstraße 7', postcode: '50668', city: 'Köln', country: 'DE' } });
    const [entry] = world.store.state.audit;
    expect(entry).toMatchObject({ actor: 'staff:ann', action: 'reseller.edited', subject: `reseller:${world.reseller().id}`, details: {
      before: { country: 'NL', vatId: 'NL001234567B02', vatRateBp: 2100, vatTreatment: 'domestic', legalName: 'Acme Telecom B.V.' },
      after: { country: 'DE', vatId: 'DE123456789', vatIdVerified: true, vatRateBp: 0, vatTreatment: 'reverse_charge', legalName: 'Acme Telecom GmbH' },
      vatIdCheck: 'valid',
    } });
  });

  it('stores a VAT ID unverified when the check service cannot answer, or throws', async () => {
    for (const answer of [{ kind: 'unavailable', reason: 'MS_UNAVAILABLE' } as const, () => { throw new Error('socket hang up'); }]) {
      const world = setUp(scriptedChecker(answer));
      expect(await world.edit({ vatId: 'NL123456789B01' })).toMatchObject({ kind: 'edited', after: { vatId: 'NL123456789B01', vatIdVerified: null, vatIdCheckedAt: NOW } });
    }
  });

  it('without a check service, checks the format only', async () => {
    const world = setUp(null);
    expect(await world.edit({ vatId: 'NL123456789B01' })).toMatchObject({ kind: 'edited', vatIdCheck: 'not_checked', after: { vatIdVerified: null, vatIdCheckedAt: null } });
  });

  it('sets and removes an explicit rate', async () => {
    const world = setUp();
    expect(await world.edit({ vatRate: '9' })).toMatchObject({ kind: 'edited', after: { explicitVatRateBp: 900, vatRateBp: 900 } });
    expect(await world.edit({ vatRate: '20,5' })).toMatchObject({ kind: 'edited', after: { explicitVatRateBp: 2050 } });
    expect(await world.edit({ vatRate: 'none' })).toMatchObject({ kind: 'edited', after: { explicitVatRateBp: null, vatRateBp: 2100 } });
  });

  it('refuses bad input with what was wrong, and changes nothing', async () => {
    const checker = scriptedChecker({ kind: 'invalid' });
    const world = setUp(checker);
    const before = structuredClone(world.store.state);
    const refusals: Array<[ResellerEditRequest, unknown]> = [
      [{}, { kind: 'nothing_to_change' }],
      [{ legalName: ' x ' }, { kind: 'invalid_text', field: 'legalName' }],
      [{ city: '   ' }, { kind: 'invalid_text', field: 'city' }],
      [{ country: 'Germany' }, { kind: 'invalid_country' }],
      [{ vatRate: '101' }, { kind: 'invalid_vat_rate' }],
      [{ vatRate: '21.555' }, { kind: 'invalid_vat_rate' }],
      [{ vatId: 'NL12345' }, { kind: 'invalid_format', country: 'NL', expected: 'NL followed by 9 digits, B and 2 digits' }],
      [{ vatId: 'DE123456789' }, { kind: 'wrong_country', country: 'NL', prefix: 'DE', expected: 'NL followed by 9 digits, B and 2 digits' }],
      [{ country: 'DE' }, { kind: 'vat_id_of_other_country', vatId: 'NL001234567B02' }],
      [{ country: 'US', vatId: '12-3456789' }, { kind: 'unsupported_country', country: 'US' }],
      [{ vatId: 'NL999999999B99' }, { kind: 'vat_id_rejected', vatId: 'NL999999999B99' }],
    ];
    for (const [request, refusal] of refusals) expect(await world.edit(request)).toEqual(refusal);
    expect(await world.edit({ legalName: 'Acme' }, '999999')).toEqual({ kind: 'not_found' });
    expect(world.store.state).toEqual(before);
  });

  it('asks for the whole address of a reseller that has none', async () => {
    const store = memoryStore(aWorld({ resellers: [aReseller({ partnerId: '100001', address: null })] }));
    const edit = (request: ResellerEditRequest) => editResellerProfile(store, null, { partnerId: '100001', request, actor: 'staff:ann', now: NOW });
    expect(await edit({ street: 'Stationsplein 45' })).toEqual({ kind: 'incomplete_address', missing: ['postcode', 'city'] });
    expect(await edit({ street: 'Stationsplein 45', postcode: '3511 ED', city: 'Utrecht' })).toMatchObject({ kind: 'edited', after: { address: { city: 'Utrecht', country: 'NL' } } });
  });

  it('needs an explicit rate where the distributor\'s country is not set', async () => {
    const store = memoryStore(aWorld({ resellers: [aReseller({ partnerId: '100001', explicitVatRateBp: 2100 })] }));
    store.state.distributor!.address = null;
    const edit = (request: ResellerEditRequest) => editResellerProfile(store, null, { partnerId: '100001', request, actor: 'staff:ann', now: NOW });
    expect(await edit({ vatRate: 'none' })).toEqual({ kind: 'vat_rate_needed', reason: 'distributor_country_unknown' });
  });
});
