// Asking for a license key (upgrade, renewals), in English.
import type { KeyPurpose } from './steps';
import { lineKinds } from '../../i18n/common.en';

export const licenseKeyWords = {
  askKey: (purpose: KeyPurpose) => `${lineKinds[purpose]}: type the license key (XXXX-XXXX-XXXX-XXXX).`,
  offer: { renew_annual: 'Renew this license', renew_maintenance: 'Renew maintenance', new_license: 'Buy a new license' },
};
