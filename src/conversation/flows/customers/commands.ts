// What Customers asks the domain: each goes through the end-customer use cases, which check the
// user's role and that the customer or license is the reseller's own.
import type { EndCustomer } from '../../../domain/accounts/accounts';
import type { Page } from '../../../domain/ports';
import type { License } from '../../../domain/pricing/license';
import {
  addEndCustomer, changeEndCustomerEmail, changeLicenseCustomer, deleteEndCustomer, endCustomerLicenses, listEndCustomers, renameEndCustomer,
  type AddCustomerResult, type ChangeCustomerResult, type DeleteCustomerResult, type EmailChangeResult, type EndCustomerSummary, type NewEndCustomer, type RenameCustomerResult,
} from '../../../domain/use-cases/end-customers';
import type { CommandHandlers } from '../../commands';
import { pageWithin } from '../../paging';

export type CustomersCommand =
  | { kind: 'customer_list'; page: number }
  | { kind: 'customer_licenses'; customerId: string; page: number }
  | { kind: 'customer_add'; company: string }
  | { kind: 'customer_rename'; customerId: string; company: string }
  | { kind: 'customer_email'; customerId: string; email: string }
  | { kind: 'customer_delete'; customerId: string }
  | { kind: 'license_customers'; license: License }
  | { kind: 'license_customer_change'; licenseId: string; key: string; to: NewEndCustomer };

export type CustomersAnswer =
  | { kind: 'customer_list'; page: number; result: Page<EndCustomerSummary> }
  | { kind: 'customer_licenses'; page: number; found: { customer: EndCustomer; licenses: Page<License> } | undefined }
  | { kind: 'customer_added'; result: AddCustomerResult }
  | { kind: 'customer_renamed'; customerId: string; company: string; result: RenameCustomerResult }
  | { kind: 'customer_email_changed'; customerId: string; result: EmailChangeResult }
  | { kind: 'customer_deleted'; customerId: string; result: DeleteCustomerResult }
  | { kind: 'license_customers'; license: License; customers: EndCustomer[] }
  | { kind: 'license_customer_changed'; key: string; result: ChangeCustomerResult };

export const customersCommands: CommandHandlers<CustomersCommand['kind']> = {
  customer_list: async (command, { repos, user }) => {
    const { page, result } = await pageWithin(command.page, (offset, limit) => listEndCustomers(repos, user, { offset, limit }));
    return { kind: 'customer_list', page, result };
  },
  customer_licenses: async (command, { repos, user }) => {
    let found: Awaited<ReturnType<typeof endCustomerLicenses>>;
    const { page } = await pageWithin(command.page, async (offset, limit) => {
      found = await endCustomerLicenses(repos, user, command.customerId, { offset, limit });
      return found?.licenses ?? { items: [], total: 0 };
    });
    return { kind: 'customer_licenses', page, found };
  },
  customer_add: async (command, { repos, user }) => ({ kind: 'customer_added', result: await addEndCustomer(repos, user, command.company) }),
  customer_rename: async (command, { repos, user }) => ({
    kind: 'customer_renamed', customerId: command.customerId, company: command.company, result: await renameEndCustomer(repos, user, command.customerId, command.company),
  }),
  customer_email: async (command, { repos, user }) => ({
    kind: 'customer_email_changed', customerId: command.customerId, result: await changeEndCustomerEmail(repos, user, command.customerId, command.email),
  }),
  customer_delete: async (command, { repos, user }) => ({ kind: 'customer_deleted', customerId: command.customerId, result: await deleteEndCustomer(repos, user, command.customerId) }),
  license_customers: async (command, { repos, user }) => ({ kind: 'license_customers', license: command.license, customers: await repos.customers.listFor(user.resellerId) }),
  license_customer_change: async (command, { repos, user }) => ({
    kind: 'license_customer_changed', key: command.key, result: await changeLicenseCustomer(repos, user, command.licenseId, command.to),
  }),
};
