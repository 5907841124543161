import type { EndCustomer } from '../../../domain/accounts/accounts';
import type { LineRequest } from '../../../domain/pricing/line';
import { quoteRequest } from '../../../domain/use-cases/quotes';
import type { CommandHandlers } from '../../commands';

export type NewLicenseCommand = { kind: 'customers' } | { kind: 'add_customer'; company: string; request: LineRequest };
export type NewLicenseAnswer = { kind: 'customers'; customers: EndCustomer[] };

export const newLicenseCommands: CommandHandlers<NewLicenseCommand['kind']> = {
  customers: async (_command, { repos, reseller }) => ({ kind: 'customers', customers: await repos.customers.listFor(reseller.id) }),
  add_customer: async (command, { repos, ctx, reseller }) => {
    const customer = await repos.customers.add(reseller.id, command.company, null);
    const request = command.request.kind === 'new_license' ? { ...command.request, customerId: customer.id } : command.request;
    const quoted = await quoteRequest(repos, ctx.licenses, { resellerId: reseller.id, request, today: ctx.today });
    return { kind: 'quoted', request: quoted.request, result: quoted.result, customerName: customer.company };
  },
};
