import type { Page } from '../../../domain/ports';
import type { License } from '../../../domain/pricing/license';
import type { Verification } from '../../../domain/pricing/verification';
import { listLicenses, listLicensesToRenew, verifyLicenseKey } from '../../../domain/use-cases/licenses';
import type { CommandHandlers } from '../../commands';
import { pageWithin } from '../../paging';

export type LicenseFilter = 'all' | 'expiring';
export type LicensesCommand = { kind: 'licenses'; page: number; filter: LicenseFilter } | { kind: 'license_card'; key: string };
export type LicensesAnswer =
  | { kind: 'licenses'; page: number; filter: LicenseFilter; result: Page<License> }
  | { kind: 'license_card'; typedKey: string; verification: Verification };

export const licensesCommands: CommandHandlers<LicensesCommand['kind']> = {
  licenses: async (command, { repos, ctx, reseller }) => {
    const page = await pageWithin(command.page, (offset, limit) => (command.filter === 'expiring'
      ? listLicensesToRenew(repos, reseller.id, { offset, limit }, ctx.today)
      : listLicenses(repos, reseller.id, { offset, limit })));
    return { kind: 'licenses', page: page.page, filter: command.filter, result: page.result };
  },
  license_card: async (command, { repos, ctx, reseller }) => ({
    kind: 'license_card',
    typedKey: command.key,
    verification: await verifyLicenseKey(repos, ctx.licenses, { resellerId: reseller.id, typedKey: command.key, purpose: 'lookup', today: ctx.today }),
  }),
};
