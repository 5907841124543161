import { describe, expect, it } from 'vitest';
import { parseEditFlags, refusalLine } from '../../../src/cli/reseller-edit';

describe('resellers:edit on the command line', () => {
  it('reads each flag once, with its value', () => {
    expect(parseEditFlags(['--legal-name', 'Rhein GmbH', '--vat-id', 'DE123456789', '--vat-rate', 'none', '--street', 'Domstraße 7', '--postcode', '50668', '--city', 'Köln', '--country', 'DE'])).toEqual({
      kind: 'ok', request: { legalName: 'Rhein GmbH', vatId: 'DE123456789', vatRate: 'none', street: 'Domstraße 7', postcode: '50668', city: 'Köln', country: 'DE' },
    });
    expect(parseEditFlags([])).toEqual({ kind: 'ok', request: {} });
    expect(parseEditFlags(['--colour', 'red'])).toMatchObject({ kind: 'usage', problem: expect.stringMatching(/^unknown option --colour: use --legal-name, --street/) });
    expect(parseEditFlags(['--city'])).toEqual({ kind: 'usage', problem: '--city needs a value' });
    expect(parseEditFlags(['--city', '--street', 'x'])).toEqual({ kind: 'usage', problem: '--city needs a value' });
    expect(parseEditFlags(['--city', 'A', '--city', 'B'])).toEqual({ kind: 'usage', problem: '--city is given twice' });
    expect(parseEditFlags(['Köln'])).toMatchObject({ kind: 'usage' });
  });

  it('says in one line why an edit was refused', () => {
    const lines: Array<[Parameters<typeof refusalLine>[1], string]> = [
      [{ kind: 'not_found' }, 'no reseller with partner id 100003'],
      [{ kind: 'nothing_to_change' }, 'nothing to change: give at least one option'],
      [{ kind: 'invalid_text', field: 'legalName' }, 'the legal name must be 2 to 200 characters'],
      [{ kind: 'invalid_text', field: 'city' }, 'the city must be 1 to 200 characters'],
      [{ kind: 'incomplete_address', missing: ['postcode', 'city'] }, 'reseller 100003 has no address yet: give --postcode, --city as well'],
      [{ kind: 'invalid_country' }, '--country must be a two-letter country code such as DE'],
      [{ kind: 'invalid_vat_rate' }, '--vat-rate must be a percentage from 0 to 100 with at most two decimals (21, 20.5), or none'],
      [{ kind: 'invalid_format', country: 'DE', expected: 'DE followed by 9 digits' }, 'that is not a VAT ID of DE: expected DE followed by 9 digits'],
      [{ kind: 'wrong_country', country: 'DE', prefix: 'NL', expected: 'DE followed by 9 digits' }, 'that VAT ID starts with NL, but the reseller is in DE: expected DE followed by 9 digits'],
      [{ kind: 'unsupported_country', country: 'US' }, 'VAT IDs of US are not known here: leave --vat-id out, or give none'],
      [{ kind: 'vat_id_of_other_country', vatId: 'DE123456789' }, "the reseller's VAT ID DE123456789 is not one of the new country: give --vat-id with its new VAT ID, or --vat-id none"],
      [{ kind: 'vat_rate_needed', reason: 'distributor_country_unknown' }, "the distributor's country is not set, so the VAT rate cannot be derived: give --vat-rate"],
      [{ kind: 'vat_id_rejected', vatId: 'DE111111111' }, 'the VAT check service says DE111111111 is not a valid VAT number'],
      [{ kind: 'changed_meanwhile' }, 'reseller 100003 was changed by someone else meanwhile: run the command again'],
    ];
    for (const [refusal, line] of lines) expect(refusalLine('100003', refusal)).toBe(line);
  });
});
