// The license list a distributor loads: each row checked with its line, and planned against
// the licenses recorded (added, changed, unchanged, or refused when it would move a key).
import { describe, expect, it } from 'vitest';
import { parseLicenseCsv, planLicenseImport, type RecordedLicense } from '../../../../src/domain/admin/license-import';

const HEADER = 'key,partner_id,edition,sc,type,term_end,end_customer';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');

describe('parseLicenseCsv', () => {
  it('reads keys as typed keys are normalised, quoted names with commas and quotes, and an empty end customer', () => {
    const parsed = parseLicenseCsv(`\uFEFF${csv('ab12 cd34-ef56gh78,100001,Professional,16,annual,2027-06-14,"Harbor Dental, ""North"""', 'ZZZZ-ZZZZ-ZZZZ-ZZZ1,100002,startup,4,ANNUAL,2027-01-31,', '')}\r\n`);
    expect(parsed).toEqual({
      kind: 'ok',
      rows: [
        { line: 2, key: 'AB12-CD34-EF56-GH78', partnerId: '100001', edition: 'professional', sc: 16, type: 'annual', termEnd: '2027-06-14', endCustomer: 'Harbor Dental, "North"' },
        { line: 3, key: 'ZZZZ-ZZZZ-ZZZZ-ZZZ1', partnerId: '100002', edition: 'startup', sc: 4, type: 'annual', termEnd: '2027-01-31', endCustomer: null },
      ],
    });
  });

  it.each([
    ['edition,sc,kind,price', 1, 'the first line must be'],
    [csv(), 2, 'no licenses'],
    [csv('AB12-CD34-EF56-GH7,100001,professional,16,annual,2027-06-14,'), 2, 'is not a license key'],
    [csv('AB12-CD34-EF56-GH78,100001,professional,16,annual,2027-06-14,', 'ab12cd34ef56gh78,100001,professional,16,annual,2027-06-14,'), 3, 'on line 2 already'],
    [csv('AB12-CD34-EF56-GH78,100001,standard,16,annual,2027-06-14,'), 2, 'edition must be one of'],
    [csv('AB12-CD34-EF56-GH78,100001,professional,20,annual,2027-06-14,'), 2, '20 SC is not a size of professional'],
    [csv('AB12-CD34-EF56-GH78,100001,startup,8,annual,2027-06-14,'), 2, '8 SC is not a size of startup'],
    [csv('AB12-CD34-EF56-GH78,100001,startup,4,perpetual,2027-06-14,'), 2, 'a startup license is annual'],
    [csv('AB12-CD34-EF56-GH78,100001,professional,16,lifetime,2027-06-14,'), 2, 'type must be annual or perpetual'],
    [csv('AB12-CD34-EF56-GH78,100001,professional,16,annual,2027-02-30,'), 2, 'term_end must be a date'],
    [csv('AB12-CD34-EF56-GH78,100001,professional,16,annual,14/06/2027,'), 2, 'term_end must be a date'],
    [csv('AB12-CD34-EF56-GH78,100001,professional,16,annual,2027-06-14'), 2, 'expected 7 values'],
    [csv('AB12-CD34-EF56-GH78,100001,professional,16,annual,2027-06-14,"Harbor'), 2, 'not closed'],
    [csv('AB12-CD34-EF56-GH78,100001,professional,16,annual,2027-06-14,Har"bor'), 2, 'a quote stands inside'],
    [csv('AB12-CD34-EF56-GH78,100001,professional,16,annual,2027-06-14,Harbor\u0000Dental'), 2, 'control character'],
    [csv('AB12-CD34-EF56-GH78,100 001,professional,16,annual,2027-06-14,'), 2, 'partner_id'],
  ])('refuses %j at line %i', (text, line, problem) => {
    const parsed = parseLicenseCsv(text);
    expect(parsed.kind).toBe('invalid_csv');
    expect(parsed).toMatchObject({ line });
    expect(parsed.kind === 'invalid_csv' && parsed.problem).toContain(problem);
  });
});

describe('planLicenseImport', () => {
  const recorded = (over: Partial<RecordedLicense>): RecordedLicense => ({
    id: 'l1', key: 'AB12-CD34-EF56-GH78', resellerId: 'r1', partnerId: '100001', customerId: 'c1', customerName: 'Harbor Dental',
    type: 'annual', edition: 'professional', sc: 16, expiresOn: '2027-06-14', maintenanceUntil: null, ...over,
  });
  const rowsOf = (...rows: string[]) => {
    const parsed = parseLicenseCsv(csv(...rows));
    if (parsed.kind !== 'ok') throw new Error(parsed.problem);
    return parsed.rows;
  };
  const partners = new Set(['100001', '100002']);

  it('adds a new key, leaves one that is the same (the end customer in any case, or not given), and changes what differs', () => {
    const same = recorded({});
    const other = recorded({ id: 'l2', key: 'ZZZZ-ZZZZ-ZZZZ-ZZZ2', type: 'perpetual', expiresOn: null, maintenanceUntil: '2026-12-01', customerId: null, customerName: null });
    const plan = planLicenseImport(
      rowsOf(
        'AB12-CD34-EF56-GH78,100001,professional,16,annual,2027-06-14,harbor dental',
        'ZZZZ-ZZZZ-ZZZZ-ZZZ2,100001,enterprise,32,perpetual,2027-12-01,Nordic Freight',
        'NEW1-NEW1-NEW1-NEW1,100002,startup,4,annual,2027-03-01,',
      ),
      new Map([[same.key, same], [other.key, other]]),
      partners,
    );
    expect(plan).toMatchObject({ kind: 'ok', unchanged: 1, added: [{ key: 'NEW1-NEW1-NEW1-NEW1', partnerId: '100002' }] });
    expect(plan.kind === 'ok' && plan.changed.map(({ row: _row, license: _license, ...c }) => c)).toEqual([{
      edition: { from: 'professional', to: 'enterprise' }, sc: { from: 16, to: 32 }, termEnd: { from: '2026-12-01', to: '2027-12-01' }, endCustomer: { from: null, to: 'Nordic Freight' },
    }]);
    expect(planLicenseImport(rowsOf('AB12-CD34-EF56-GH78,100001,professional,16,annual,2027-06-14,'), new Map([[same.key, same]]), partners)).toMatchObject({ unchanged: 1, changed: [] });
  });

  it('refuses an unknown partner, a key recorded for another reseller, and a key recorded as the other type, with the line', () => {
    const license = recorded({});
    const map = new Map([[license.key, license]]);
    expect(planLicenseImport(rowsOf('NEW1-NEW1-NEW1-NEW1,100001,startup,4,annual,2027-03-01,', 'NEW2-NEW2-NEW2-NEW2,999999,startup,4,annual,2027-03-01,'), map, partners))
      .toMatchObject({ kind: 'invalid_csv', line: 3, problem: 'there is no reseller with partner id 999999' });
    expect(planLicenseImport(rowsOf('AB12-CD34-EF56-GH78,100002,professional,16,annual,2027-06-14,'), map, partners))
      .toMatchObject({ kind: 'invalid_csv', line: 2, problem: expect.stringContaining('recorded for partner 100001') });
    expect(planLicenseImport(rowsOf('AB12-CD34-EF56-GH78,100001,professional,16,perpetual,2027-06-14,'), map, partners))
      .toMatchObject({ kind: 'invalid_csv', line: 2, problem: 'AB12-CD34-EF56-GH78 is recorded as annual, not perpetual' });
  });
});
