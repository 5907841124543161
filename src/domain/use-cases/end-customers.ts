// A reseller's end customers: listed with their licenses, added, renamed, their email changed,
// deleted (archived: see CustomerRepository.archive), and a license given another end customer. Only the reseller's own customers and licenses are reached: an id of
// another reseller's is `not_found`, like one that does not exist. Who may do what is decided
// by the roles (listing: everyone who sees licenses; adding: who fills a cart, as while buying;
// renaming, changing the email, deleting and changing a license's customer: `manage_customers`).
import type { EndCustomer, ResellerUser } from '../accounts/accounts';
import { endCustomerEmail } from '../accounts/end-customer-email';
import { endCustomerName } from '../accounts/end-customer-name';
import { may } from '../accounts/roles';
import type { Page, Repositories } from '../ports';
import type { License } from '../pricing/license';

export type EndCustomerSummary = EndCustomer & { licenses: number };

/** Where a license goes: one of the reseller's customers by id, or a customer by name (added when new). */
export type NewEndCustomer = { customerId: string } | { company: string };

export type AddCustomerResult = { kind: 'added' | 'exists'; customer: EndCustomer } | { kind: 'not_allowed' | 'invalid_name' };
export type RenameCustomerResult = { kind: 'renamed'; customer: EndCustomer; before: string } | { kind: 'not_allowed' | 'invalid_name' | 'not_found' | 'unchanged' | 'taken' };
export type EmailChangeResult =
  | { kind: 'changed'; customer: EndCustomer; before: string | null }
  | { kind: 'unchanged'; customer: EndCustomer }
  | { kind: 'not_allowed' | 'invalid_email' | 'not_found' };
export type DeleteCustomerResult =
  | { kind: 'deleted'; customer: EndCustomer }
  /** It still has licenses: they are moved to another end customer first. */
  | { kind: 'has_licenses'; customer: EndCustomer; licenses: number }
  | { kind: 'not_allowed' | 'not_found' };
export type ChangeCustomerResult = { kind: 'changed'; license: License; customer: EndCustomer } | { kind: 'not_allowed' | 'invalid_name' | 'not_found' | 'customer_not_found' | 'unchanged' };

/** A page of the reseller's end customers, each with its number of licenses. */
export function listEndCustomers(repos: Repositories, user: ResellerUser, page: { offset: number; limit: number }): Promise<Page<EndCustomerSummary>> {
  return repos.customers.pageFor(user.resellerId, page);
}

/** One of the reseller's end customers with a page of its licenses; undefined when not the reseller's. */
export async function endCustomerLicenses(
  repos: Repositories,
  user: ResellerUser,
  customerId: string,
  page: { offset: number; limit: number },
): Promise<{ customer: EndCustomer; licenses: Page<License> } | undefined> {
  const customer = await repos.customers.get(user.resellerId, customerId);
  if (!customer) return undefined;
  return { customer, licenses: await repos.licenses.listFor(user.resellerId, page, { customerId: customer.id }) };
}

/** Adds an end customer; one of the same name (in any case) is the one there already, as while buying. */
export async function addEndCustomer(repos: Repositories, user: ResellerUser, typed: string): Promise<AddCustomerResult> {
  if (!may(user.role, 'fill_cart')) return { kind: 'not_allowed' };
  const company = endCustomerName(typed);
  if (company === undefined) return { kind: 'invalid_name' };
  const existing = (await repos.customers.listFor(user.resellerId)).find((c) => c.company.toLowerCase() === company.toLowerCase());
  if (existing) return { kind: 'exists', customer: existing };
  return { kind: 'added', customer: await repos.customers.add(user.resellerId, company, null) };
}

/** Gives an end customer another name, kept in the audit log; a name another customer has is refused (two would read the same). */
export async function renameEndCustomer(repos: Repositories, user: ResellerUser, customerId: string, typed: string): Promise<RenameCustomerResult> {
  if (!may(user.role, 'manage_customers')) return { kind: 'not_allowed' };
  const company = endCustomerName(typed);
  if (company === undefined) return { kind: 'invalid_name' };
  const customer = await repos.customers.get(user.resellerId, customerId);
  if (!customer) return { kind: 'not_found' };
  if (customer.company === company) return { kind: 'unchanged' };
  if ((await repos.customers.rename(user.resellerId, customer.id, company)) === 'taken') return { kind: 'taken' };
  await repos.audit.append({ actor: `user:${user.id}`, action: 'customer.renamed', subject: `customer:${customer.id}`, details: { before: { company: customer.company }, after: { company } } });
  return { kind: 'renamed', customer: { ...customer, company }, before: customer.company };
}

/** Sets an end customer's email address, or takes it away ("none"), kept in the audit log as a rename is. */
export async function changeEndCustomerEmail(repos: Repositories, user: ResellerUser, customerId: string, typed: string): Promise<EmailChangeResult> {
  if (!may(user.role, 'manage_customers')) return { kind: 'not_allowed' };
  const parsed = endCustomerEmail(typed);
  if (parsed === undefined) return { kind: 'invalid_email' };
  const customer = await repos.customers.get(user.resellerId, customerId);
  if (!customer) return { kind: 'not_found' };
  if (customer.email === parsed.email) return { kind: 'unchanged', customer };
  if (!(await repos.customers.setEmail(user.resellerId, customer.id, parsed.email))) return { kind: 'not_found' };
  await repos.audit.append({ actor: `user:${user.id}`, action: 'customer.email_changed', subject: `customer:${customer.id}`, details: { before: { email: customer.email }, after: { email: parsed.email } } });
  return { kind: 'changed', customer: { ...customer, email: parsed.email }, before: customer.email };
}

/**
 * Deletes an end customer that has no licenses (one that has is refused: its licenses are moved
 * first). It is archived, not erased: the orders, invoices (which keep their own copy of its name)
 * and audit entries that name it keep naming it. Audited with its name and email.
 */
export async function deleteEndCustomer(repos: Repositories, user: ResellerUser, customerId: string): Promise<DeleteCustomerResult> {
  if (!may(user.role, 'manage_customers')) return { kind: 'not_allowed' };
  const customer = await repos.customers.get(user.resellerId, customerId);
  if (!customer) return { kind: 'not_found' };
  const archived = await repos.customers.archive(user.resellerId, customer.id);
  switch (archived.kind) {
    case 'not_found': return { kind: 'not_found' };
    case 'has_licenses': return { kind: 'has_licenses', customer, licenses: archived.licenses };
    case 'archived': break;
    default: {
      const never: never = archived;
      throw new Error(`unknown archive result ${JSON.stringify(never)}`);
    }
  }
  await repos.audit.append({ actor: `user:${user.id}`, action: 'customer.deleted', subject: `customer:${customer.id}`, details: { before: { company: customer.company, email: customer.email }, after: null } });
  return { kind: 'deleted', customer };
}

/**
 * Gives one of the reseller's licenses another of its end customers (a new name adds one), as
 * staff's Move license does, and recorded the same way: in the license's audit history, which
 * staff read on its card.
 */
export async function changeLicenseCustomer(repos: Repositories, user: ResellerUser, licenseId: string, to: NewEndCustomer): Promise<ChangeCustomerResult> {
  if (!may(user.role, 'manage_customers')) return { kind: 'not_allowed' };
  const [license] = await repos.licenses.getMany([licenseId], { forUpdate: true });
  if (!license || license.resellerId !== user.resellerId) return { kind: 'not_found' };
  let customer: EndCustomer | undefined;
  if ('customerId' in to) {
    customer = await repos.customers.get(user.resellerId, to.customerId);
    if (!customer) return { kind: 'customer_not_found' };
  } else {
    const company = endCustomerName(to.company);
    if (company === undefined) return { kind: 'invalid_name' };
    customer = await repos.customers.add(user.resellerId, company, null);
  }
  const moved = await moveLicenseToCustomer(repos, license, customer, { actor: `user:${user.id}`, action: 'license.customer_changed', details: {} });
  return moved ? { kind: 'changed', license: { ...license, customerId: customer.id, customerName: customer.company }, customer } : { kind: 'unchanged' };
}

/**
 * Moves a license to an end customer of its own reseller and writes the audit entry (on the
 * license, with the owner before and after); false when the license is that customer's already.
 * Staff's Move license and a reseller's change of end customer both go through here.
 */
export async function moveLicenseToCustomer(
  repos: Repositories,
  license: License,
  customer: EndCustomer,
  audit: { actor: string; action: string; details: Record<string, unknown> },
): Promise<boolean> {
  if (customer.id === license.customerId) return false;
  const before = { resellerId: license.resellerId, customerId: license.customerId };
  const after = { resellerId: license.resellerId, customerId: customer.id };
  await repos.licenses.reassign(license.id, after);
  await repos.audit.append({ actor: audit.actor, action: audit.action, subject: `license:${license.id}`, details: { ...audit.details, key: license.key, before, after } });
  return true;
}
