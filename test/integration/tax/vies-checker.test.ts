// The VIES-style checker against a fake of the service on 127.0.0.1: a verdict when it gives
// one, "unavailable" (the VAT ID is then stored unverified) whenever it cannot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verdictOf, viesChecker } from '../../../src/infra/tax/vies-checker';
import { startFakeVatService, type FakeVatService } from '../../support/fake-vat-service';
import { freePort } from '../../support/http-helpers';

describe('the VIES-style VAT number check over HTTP', () => {
  let vies: FakeVatService;
  beforeAll(async () => {
    vies = await startFakeVatService();
  });
  afterAll(async () => vies?.close());

  it('sends the prefix and the number, and reads a valid answer', async () => {
    const checker = viesChecker({ url: vies.url });
    expect(await checker.check({ prefix: 'DE', number: '123456789' })).toEqual({ kind: 'valid', name: 'RHEIN TELEFONIE GMBH', address: 'DOMSTRASSE 7\n50668 KOELN' });
    expect(await checker.check({ prefix: 'EL', number: '123456789' })).toMatchObject({ kind: 'valid' });
    expect(vies.requests.slice(-2)).toEqual([{ countryCode: 'DE', vatNumber: '123456789' }, { countryCode: 'EL', vatNumber: '123456789' }]);
  });

  it('reads an invalid one', async () => {
    vies.answer('NL999999999B99', 'invalid');
    expect(await viesChecker({ url: vies.url }).check({ prefix: 'NL', number: '999999999B99' })).toEqual({ kind: 'invalid' });
  });

  it('gives no verdict when the member state is down, the service errs, is slow, or is not there', async () => {
    vies.answer('FR12345678901', 'ms_unavailable');
    vies.answer('IT12345678901', 'http_500');
    vies.answer('PL1234567890', 'hang');
    const checker = viesChecker({ url: vies.url, timeoutMs: 300 });
    expect(await checker.check({ prefix: 'FR', number: '12345678901' })).toEqual({ kind: 'unavailable', reason: 'MS_UNAVAILABLE' });
    expect(await checker.check({ prefix: 'IT', number: '12345678901' })).toEqual({ kind: 'unavailable', reason: 'answered HTTP 500' });
    expect(await checker.check({ prefix: 'PL', number: '1234567890' })).toEqual({ kind: 'unavailable', reason: 'no answer in time' });
    const down = viesChecker({ url: `http://127.0.0.1:${await freePort()}/check-vat-number` });
    expect(await down.check({ prefix: 'DE', number: '123456789' })).toEqual({ kind: 'unavailable', reason: 'cannot be reached (ECONNREFUSED)' });
  });

  it('does not ask about numbers VIES does not know (United Kingdom, Switzerland, Norway)', async () => {
    const before = vies.requests.length;
    const checker = viesChecker({ url: vies.url });
    for (const prefix of ['GB', 'CHE', 'NO']) expect(await checker.check({ prefix, number: '123456789' })).toMatchObject({ kind: 'unavailable' });
    expect(await checker.check({ prefix: 'XI', number: '123456789' })).toMatchObject({ kind: 'valid' });
    expect(vies.requests.length).toBe(before + 1);
  });

  it('reads the answers of the real service\'s shape', () => {
    expect(verdictOf({ valid: true, name: '---', address: '---' })).toEqual({ kind: 'valid', name: null, address: null });
    expect(verdictOf({ valid: false })).toEqual({ kind: 'invalid' });
    expect(verdictOf({ valid: false, userError: 'TIMEOUT' })).toEqual({ kind: 'unavailable', reason: 'TIMEOUT' });
    expect(verdictOf({ actionSucceed: false, errorWrappers: [{ error: 'GLOBAL_MAX_CONCURRENT_REQ' }] })).toEqual({ kind: 'unavailable', reason: 'GLOBAL_MAX_CONCURRENT_REQ' });
    expect(verdictOf(null)).toEqual({ kind: 'unavailable', reason: 'an answer without a verdict' });
  });
});
