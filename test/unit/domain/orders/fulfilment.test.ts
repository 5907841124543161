import { describe, expect, it } from 'vitest';
import { planFulfilment } from '../../../../src/domain/orders/fulfilment';
import type { OrderLine } from '../../../../src/domain/orders/order';
import type { License } from '../../../../src/domain/pricing/license';
import { aPerpetualLicense, anAnnualLicense } from '../../../fakes/mother';

const TODAY = '2026-11-26';
let lineNumber = 0;

function aLine(overrides: Partial<OrderLine>): OrderLine {
  lineNumber += 1;
  return {
    id: `line-${lineNumber}`, position: lineNumber, kind: 'new_license', description: 'a line', edition: 'professional', sc: 16,
    quantity: 1, years: 1, licenseId: null, licenseKey: null, fromEdition: null, fromSc: null, remainingDays: null,
    endCustomerId: null, unitPriceCents: 59_500, listCents: 59_500, partnerDiscountCents: 0, netCents: 59_500, newTermEnd: null,
    ...overrides,
  };
}
const newLicense = (years: number, overrides: Partial<OrderLine> = {}) => aLine({ kind: 'new_license', years, ...overrides });
const onLicense = (license: License, overrides: Partial<OrderLine>) =>
  aLine({ licenseId: license.id, licenseKey: license.key, edition: license.edition, sc: license.sc, quantity: 1, ...overrides });
const byId = (...licenses: License[]) => new Map(licenses.map((l) => [l.id, l] as const));

describe('planFulfilment: new licenses', () => {
  it('issues `quantity` keys of the ordered edition and size, expiring today + years', () => {
    const line = newLicense(2, { edition: 'enterprise', sc: 64, quantity: 3, endCustomerId: 'cust-1' });
    expect(planFulfilment({ lines: [line] }, new Map(), TODAY)).toEqual({
      steps: [{ kind: 'issue', line, count: 3, edition: 'enterprise', sc: 64, expiresOn: '2028-11-26', endCustomerId: 'cust-1' }],
      problems: [],
    });
  });

  it.each([
    [1, '2029-02-28'],
    [2, '2030-02-28'],
    [3, '2031-02-28'],
    [4, '2032-02-29'],
    [5, '2033-02-28'],
  ])('on leap day 2028-02-29, %i year(s) run to %s', (years, expiresOn) => {
    const { steps } = planFulfilment({ lines: [newLicense(years)] }, new Map(), '2028-02-29');
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ kind: 'issue', expiresOn });
  });

  it('runs from the day of fulfilment, not the day the order was quoted', () => {
    const line = newLicense(1, { newTermEnd: '2027-11-26' });
    expect(planFulfilment({ lines: [line] }, new Map(), '2026-12-24').steps[0]).toMatchObject({ expiresOn: '2027-12-24' });
  });
});

describe('planFulfilment: renewals', () => {
  it('extends a running annual term from its end', () => {
    const license = anAnnualLicense({ expiresOn: '2027-06-14' });
    const line = onLicense(license, { kind: 'renew_annual', years: 2 });
    expect(planFulfilment({ lines: [line] }, byId(license), TODAY)).toEqual({
      steps: [{ kind: 'renew_annual', line, license, expiresOn: '2029-06-14' }],
      problems: [],
    });
  });

  it('extends a term that ends today from its end (the term is inclusive)', () => {
    const license = anAnnualLicense({ expiresOn: TODAY });
    const { steps } = planFulfilment({ lines: [onLicense(license, { kind: 'renew_annual', years: 1 })] }, byId(license), TODAY);
    expect(steps[0]).toMatchObject({ expiresOn: '2027-11-26' });
  });

  it('restarts a lapsed annual term from today', () => {
    const license = anAnnualLicense({ expiresOn: '2026-11-25' });
    const { steps } = planFulfilment({ lines: [onLicense(license, { kind: 'renew_annual', years: 1 })] }, byId(license), TODAY);
    expect(steps[0]).toMatchObject({ kind: 'renew_annual', expiresOn: '2027-11-26' });
  });

  it('extends the term the license has now, so two paid renewals both count', () => {
    const renewedOnce = anAnnualLicense({ expiresOn: '2028-06-14' });
    const line = onLicense(renewedOnce, { kind: 'renew_annual', years: 1, newTermEnd: '2028-06-14' });
    expect(planFulfilment({ lines: [line] }, byId(renewedOnce), TODAY).steps[0]).toMatchObject({ expiresOn: '2029-06-14' });
  });

  it('extends running maintenance from its end and lapsed maintenance from today', () => {
    const running = aPerpetualLicense({ maintenanceUntil: '2027-03-01' });
    const lapsed = aPerpetualLicense({ maintenanceUntil: '2025-01-31' });
    const runningLine = onLicense(running, { kind: 'renew_maintenance', years: 3 });
    const lapsedLine = onLicense(lapsed, { kind: 'renew_maintenance', years: 1 });
    expect(planFulfilment({ lines: [runningLine, lapsedLine] }, byId(running, lapsed), TODAY)).toEqual({
      steps: [
        { kind: 'renew_maintenance', line: runningLine, license: running, maintenanceUntil: '2030-03-01' },
        { kind: 'renew_maintenance', line: lapsedLine, license: lapsed, maintenanceUntil: '2027-11-26' },
      ],
      problems: [],
    });
  });

  it('reports a renewal whose license changed type since as a problem', () => {
    const perpetual = aPerpetualLicense();
    const annual = anAnnualLicense();
    const renewAnnual = onLicense(perpetual, { kind: 'renew_annual', years: 1 });
    const renewMaintenance = onLicense(annual, { kind: 'renew_maintenance', years: 1 });
    expect(planFulfilment({ lines: [renewAnnual, renewMaintenance] }, byId(perpetual, annual), TODAY)).toEqual({
      steps: [],
      problems: [{ line: renewAnnual, reason: 'license_changed' }, { line: renewMaintenance, reason: 'license_changed' }],
    });
  });
});

describe('planFulfilment: upgrades', () => {
  it('changes edition and SC when the license is still what was ordered from', () => {
    const license = anAnnualLicense({ edition: 'professional', sc: 16 });
    const line = onLicense(license, { kind: 'upgrade', years: 0, edition: 'enterprise', sc: 32, fromEdition: 'professional', fromSc: 16 });
    expect(planFulfilment({ lines: [line] }, byId(license), TODAY)).toEqual({
      steps: [{ kind: 'upgrade', line, license, edition: 'enterprise', sc: 32 }],
      problems: [],
    });
  });

  it('is a problem when the license has another SC or edition by now', () => {
    const biggerNow = anAnnualLicense({ edition: 'professional', sc: 24 });
    const otherEdition = anAnnualLicense({ edition: 'enterprise', sc: 16 });
    const a = onLicense(biggerNow, { kind: 'upgrade', years: 0, sc: 32, fromEdition: 'professional', fromSc: 16 });
    const b = onLicense(otherEdition, { kind: 'upgrade', years: 0, edition: 'enterprise', sc: 32, fromEdition: 'professional', fromSc: 16 });
    expect(planFulfilment({ lines: [a, b] }, byId(biggerNow, otherEdition), TODAY)).toEqual({
      steps: [],
      problems: [{ line: a, reason: 'license_changed' }, { line: b, reason: 'license_changed' }],
    });
  });

  it('is a problem for a perpetual license even with the same edition and SC', () => {
    const license = aPerpetualLicense({ edition: 'professional', sc: 16 });
    const line = onLicense(license, { kind: 'upgrade', years: 0, sc: 32, fromEdition: 'professional', fromSc: 16 });
    expect(planFulfilment({ lines: [line] }, byId(license), TODAY).problems).toEqual([{ line, reason: 'license_changed' }]);
  });
});

describe('planFulfilment: missing licenses', () => {
  it('reports a line whose license is gone and still plans the other lines', () => {
    const present = anAnnualLicense({ expiresOn: '2027-06-14' });
    const gone = anAnnualLicense();
    const missingLine = onLicense(gone, { kind: 'renew_annual', years: 1 });
    const presentLine = onLicense(present, { kind: 'renew_annual', years: 1 });
    const fresh = newLicense(1);
    expect(planFulfilment({ lines: [missingLine, presentLine, fresh] }, byId(present), TODAY)).toEqual({
      steps: [
        { kind: 'renew_annual', line: presentLine, license: present, expiresOn: '2028-06-14' },
        { kind: 'issue', line: fresh, count: 1, edition: 'professional', sc: 16, expiresOn: '2027-11-26', endCustomerId: null },
      ],
      problems: [{ line: missingLine, reason: 'license_missing' }],
    });
  });

  it('reports a key line without a license id as missing', () => {
    const line = aLine({ kind: 'renew_annual', licenseId: null, licenseKey: 'ANNU-0000-0000-0001' });
    expect(planFulfilment({ lines: [line] }, new Map(), TODAY)).toEqual({ steps: [], problems: [{ line, reason: 'license_missing' }] });
  });
});

describe('planFulfilment: a license changed by another order since the line was priced', () => {
  it('does not renew a license upgraded since, at the smaller price', () => {
    const priced = anAnnualLicense({ edition: 'professional', sc: 16, expiresOn: '2026-12-06' });
    const upgradedSince = { ...priced, edition: 'enterprise' as const, sc: 1024 };
    const renewal = onLicense(priced, { kind: 'renew_annual', years: 1 });
    expect(planFulfilment({ lines: [renewal] }, byId(upgradedSince), TODAY)).toEqual({ steps: [], problems: [{ line: renewal, reason: 'license_changed' }] });
  });

  it('does not apply an upgrade prorated for an expiry that a renewal has moved since', () => {
    const priced = anAnnualLicense({ edition: 'professional', sc: 16, expiresOn: '2026-12-06' });
    const renewedSince = { ...priced, expiresOn: '2027-12-06' };
    const upgrade = onLicense(priced, { kind: 'upgrade', edition: 'professional', sc: 32, fromEdition: 'professional', fromSc: 16, years: 0, newTermEnd: '2026-12-06' });
    expect(planFulfilment({ lines: [upgrade] }, byId(renewedSince), TODAY)).toEqual({ steps: [], problems: [{ line: upgrade, reason: 'license_changed' }] });
    expect(planFulfilment({ lines: [upgrade] }, byId(priced), TODAY).steps).toHaveLength(1);
  });
});
