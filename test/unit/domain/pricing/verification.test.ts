import { describe, it, expect } from 'vitest';
import { verifyLicenseFor, type Purpose } from '../../../../src/domain/pricing/verification';
import { OTHER_RESELLER, RESELLER, TODAY, aPerpetualLicense, anAnnualLicense } from './fixtures';

const PURPOSES: Purpose[] = ['upgrade', 'renew_annual', 'renew_maintenance', 'lookup'];

describe('verifyLicenseFor', () => {
  it("answers a missing key and another reseller's key the same way, for every purpose", () => {
    for (const purpose of PURPOSES) {
      for (const license of [anAnnualLicense(), aPerpetualLicense()]) {
        const missing = verifyLicenseFor(purpose, undefined, RESELLER, TODAY);
        const foreign = verifyLicenseFor(purpose, license, OTHER_RESELLER, TODAY);
        expect(missing).toEqual({ kind: 'not_found' });
        expect(foreign).toEqual(missing);
      }
    }
  });

  describe('for an upgrade', () => {
    it('accepts an active annual key', () => {
      const license = anAnnualLicense();
      expect(verifyLicenseFor('upgrade', license, RESELLER, TODAY)).toEqual({ kind: 'ok', license });
    });

    it('accepts a key that expires today', () => {
      const license = anAnnualLicense({ expiresOn: TODAY });
      expect(verifyLicenseFor('upgrade', license, RESELLER, TODAY).kind).toBe('ok');
    });

    it('refuses a key that expired yesterday: renew it first', () => {
      const license = anAnnualLicense({ expiresOn: '2026-11-25' });
      expect(verifyLicenseFor('upgrade', license, RESELLER, TODAY)).toEqual({ kind: 'expired', license });
    });

    it('refuses a perpetual key', () => {
      const license = aPerpetualLicense();
      expect(verifyLicenseFor('upgrade', license, RESELLER, TODAY)).toEqual({ kind: 'wrong_type', license, expected: 'annual' });
    });

    it('refuses Enterprise 1024, and only that, for having nothing higher', () => {
      const top = anAnnualLicense({ edition: 'enterprise', sc: 1024 });
      expect(verifyLicenseFor('upgrade', top, RESELLER, TODAY)).toEqual({ kind: 'no_upgrade_path', license: top });
      expect(verifyLicenseFor('upgrade', anAnnualLicense({ edition: 'professional', sc: 1024 }), RESELLER, TODAY).kind).toBe('ok');
      expect(verifyLicenseFor('upgrade', anAnnualLicense({ edition: 'enterprise', sc: 512 }), RESELLER, TODAY).kind).toBe('ok');
    });

    it('says "renew it first" before "nothing higher" for an expired top key', () => {
      const license = anAnnualLicense({ edition: 'enterprise', sc: 1024, expiresOn: '2026-01-01' });
      expect(verifyLicenseFor('upgrade', license, RESELLER, TODAY).kind).toBe('expired');
    });
  });

  describe('for renewing an annual license', () => {
    it('accepts annual keys, expired or not', () => {
      for (const expiresOn of ['2020-01-01', '2026-11-25', TODAY, '2030-01-01']) {
        const license = anAnnualLicense({ expiresOn });
        expect(verifyLicenseFor('renew_annual', license, RESELLER, TODAY)).toEqual({ kind: 'ok', license });
      }
    });

    it('sends a perpetual key to maintenance', () => {
      const license = aPerpetualLicense();
      expect(verifyLicenseFor('renew_annual', license, RESELLER, TODAY)).toEqual({ kind: 'wrong_type', license, expected: 'annual' });
    });
  });

  describe('for renewing maintenance', () => {
    it('accepts perpetual keys, lapsed or not', () => {
      for (const maintenanceUntil of ['2020-01-01', '2030-01-01', null]) {
        const license = aPerpetualLicense({ maintenanceUntil });
        expect(verifyLicenseFor('renew_maintenance', license, RESELLER, TODAY)).toEqual({ kind: 'ok', license });
      }
    });

    it('sends an annual key to renew the license', () => {
      const license = anAnnualLicense();
      expect(verifyLicenseFor('renew_maintenance', license, RESELLER, TODAY)).toEqual({ kind: 'wrong_type', license, expected: 'perpetual' });
    });
  });

  it('looks up any key of the reseller, expired or perpetual', () => {
    for (const license of [anAnnualLicense({ expiresOn: '2020-01-01' }), aPerpetualLicense()]) {
      expect(verifyLicenseFor('lookup', license, RESELLER, TODAY)).toEqual({ kind: 'ok', license });
    }
  });
});
