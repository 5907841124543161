import { describe, it, expect } from 'vitest';
import { daysLeft, hasMaintenance, isActive, termEnd } from '../../../../src/domain/pricing/license';
import { aPerpetualLicense, anAnnualLicense } from './fixtures';

describe('an annual license', () => {
  const license = anAnnualLicense({ expiresOn: '2027-06-14' });

  it('is active through its expiry date and expired from the day after', () => {
    expect(isActive(license, '2026-11-26')).toBe(true);
    expect(isActive(license, '2027-06-13')).toBe(true);
    expect(isActive(license, '2027-06-14')).toBe(true);
    expect(isActive(license, '2027-06-15')).toBe(false);
    expect(hasMaintenance(license, '2027-06-14')).toBe(true);
    expect(hasMaintenance(license, '2027-06-15')).toBe(false);
  });

  it('counts the days left to its expiry', () => {
    expect(termEnd(license)).toBe('2027-06-14');
    expect(daysLeft(license, '2026-11-26')).toBe(200);
    expect(daysLeft(license, '2027-06-14')).toBe(0);
    expect(daysLeft(license, '2027-06-15')).toBe(-1);
  });

  it('is not active when no expiry is recorded', () => {
    const broken = anAnnualLicense({ expiresOn: null });
    expect(isActive(broken, '2026-11-26')).toBe(false);
    expect(daysLeft(broken, '2026-11-26')).toBeNull();
  });
});

describe('a perpetual license', () => {
  const license = aPerpetualLicense({ maintenanceUntil: '2027-03-01' });

  it('is always active, while its maintenance lapses after its date', () => {
    expect(isActive(license, '2040-01-01')).toBe(true);
    expect(hasMaintenance(license, '2027-03-01')).toBe(true);
    expect(hasMaintenance(license, '2027-03-02')).toBe(false);
    expect(hasMaintenance(aPerpetualLicense({ maintenanceUntil: null }), '2027-03-01')).toBe(false);
  });

  it('counts the days left of maintenance', () => {
    expect(termEnd(license)).toBe('2027-03-01');
    expect(daysLeft(license, '2027-02-27')).toBe(2);
  });
});
