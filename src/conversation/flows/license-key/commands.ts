import { priceListOn, yearlyRenewalPrice } from '../../../domain/pricing/catalog';
import type { Verification } from '../../../domain/pricing/verification';
import { verifyLicenseKey } from '../../../domain/use-cases/licenses';
import type { CommandHandlers } from '../../commands';
import type { KeyPrefill, KeyPurpose } from './steps';

export type LicenseKeyCommand = { kind: 'verify'; key: string; purpose: KeyPurpose; prefill?: KeyPrefill };
export type LicenseKeyAnswer = {
  kind: 'verified';
  purpose: KeyPurpose;
  typedKey: string;
  verification: Verification;
  /** Renewals: the yearly list price of the license (null when the price list has none). */
  yearlyCents: number | null;
  prefill?: KeyPrefill;
};

export const licenseKeyCommands: CommandHandlers<'verify'> = {
  verify: async (command, { repos, ctx, reseller }) => {
    const verification = await verifyLicenseKey(repos, ctx.licenses, { resellerId: reseller.id, typedKey: command.key, purpose: command.purpose, today: ctx.today });
    let yearlyCents: number | null = null;
    if (verification.kind === 'ok' && command.purpose !== 'upgrade') {
      const prices = priceListOn(await repos.prices.entries(), ctx.today);
      yearlyCents = yearlyRenewalPrice(prices, verification.license) ?? null;
    }
    return { kind: 'verified', purpose: command.purpose, typedKey: command.key, verification, yearlyCents, ...(command.prefill ? { prefill: command.prefill } : {}) };
  },
};
