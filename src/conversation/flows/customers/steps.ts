// Customers: the reseller's end customers, paged, each with its number of licenses; one opened
// shows its licenses (each opens the license card) and its email; an end customer added, renamed,
// its email changed, or deleted after a confirmation (one with licenses is not); and, from
// a license's card, the license given another end customer after a confirmation. The buttons
// offered follow the role; the use cases check the role, and that the customer or license is the
// reseller's own, again.
import type { EndCustomer } from '../../../domain/accounts/accounts';
import { endCustomerEmail } from '../../../domain/accounts/end-customer-email';
import { endCustomerName } from '../../../domain/accounts/end-customer-name';
import type { License } from '../../../domain/pricing/license';
import type { EndCustomerSummary } from '../../../domain/use-cases/end-customers';
import { flowButtons, indexArg, navButton, rows } from '../../buttons';
import { next, type Flow, type Next } from '../../flow';
import { pagingButtons } from '../../paging';
import { say, type ActionButton, type Reply } from '../../reply';
import { mayDo } from '../../session';
import { PAGE_SIZE } from '../../state';
import { t } from '../../wording';

/** What a typed company name is for: a new end customer, a new name of one, or a license's new end customer. */
export type CustomerNamePurpose = { kind: 'add' } | { kind: 'rename'; customer: EndCustomer } | { kind: 'license'; license: License };

export type CustomersStep =
  | { name: 'customer_list'; page: number; total: number; items: EndCustomerSummary[] }
  | { name: 'customer'; customer: EndCustomer; page: number; total: number; licenses: License[] }
  | { name: 'customer_name'; purpose: CustomerNamePurpose }
  | { name: 'customer_email'; customer: EndCustomer }
  | { name: 'customer_delete_confirm'; customer: EndCustomer }
  /** The reseller's other end customers, to choose the license's new one from. */
  | { name: 'license_customer'; license: License; customers: EndCustomer[]; page: number }
  | { name: 'license_customer_confirm'; license: License; to: { customer: EndCustomer } | { company: string } };

const button = flowButtons('customers', ['open', 'page', 'add', 'list', 'license', 'lpage', 'rename', 'email', 'delete', 'choose', 'cpage', 'new', 'yes', 'no', 'delete_yes', 'delete_no'] as const);
const message = (text: string, buttons: ActionButton[][]): Reply => ({ text, buttons: buttons.filter((r) => r.length > 0), secret: false });
const toMenu = () => navButton('menu', t.toMenu);

const list = (page = 0, extra: { say?: string[] } = {}): Next => next.run({ kind: 'customer_list', page }, { say: (extra.say ?? []).map((s) => say(s)) });
const customerPage = (customerId: string, page = 0, said: string[] = []): Next => next.run({ kind: 'customer_licenses', customerId, page }, { say: said.map((s) => say(s)) });
const card = (license: License, said: string[] = []): Next => next.show({ name: 'license_card', license }, { say: said.map((s) => say(s)) });
const toName = (to: { customer: EndCustomer } | { company: string }) => ('customer' in to ? to.customer.company : to.company);

/** From a license's card: the reseller's end customers to choose its new one from (owner and purchase only). */
export function changeLicenseCustomer(license: License, state: Parameters<typeof mayDo>[0]): Next {
  return mayDo(state, 'manage_customers') ? next.run({ kind: 'license_customers', license }) : next.refuse('manage_customers');
}

type CustomersAnswerKind = 'customer_list' | 'customer_licenses' | 'customer_added' | 'customer_renamed' | 'customer_email_changed' | 'customer_deleted' | 'license_customers' | 'license_customer_changed';

export const customersFlow: Flow<CustomersStep['name'], CustomersAnswerKind> = {
  steps: {
    customer_list: {
      flow: 'customers',
      view: (step, state) => {
        const first = step.page * PAGE_SIZE;
        const text = step.total === 0 ? t.customers.none : [t.customers.title(first + 1, first + step.items.length, step.total), ...step.items.map((c, i) => t.customers.line(first + i + 1, c))].join('\n');
        return message(text, [
          ...rows(step.items.map((c, i) => button('open', c.company, i)), 2),
          pagingButtons(step.page, step.total, (label, page) => button('page', label === 'previous' ? t.previous : t.next, page)),
          [...(mayDo(state, 'fill_cart') ? [button('add', t.customers.add)] : []), toMenu()],
        ]);
      },
      press: (verb, arg, step, state) => {
        const index = indexArg(arg);
        const customer = index === undefined ? undefined : step.items[index];
        if (verb === 'open' && customer) return customerPage(customer.id);
        if (verb === 'page' && index !== undefined) return list(index);
        if (verb === 'add') return mayDo(state, 'fill_cart') ? next.show({ name: 'customer_name', purpose: { kind: 'add' } }) : next.refuse('fill_cart');
        return undefined;
      },
      expects: () => t.expectChoice,
    },
    customer: {
      flow: 'customers',
      view: (step, state, ctx) => {
        const first = step.page * PAGE_SIZE;
        const text = [
          t.customers.customerTitle(step.customer.company, step.total),
          ...step.licenses.map((l, i) => t.licenses.line(first + i + 1, l, ctx.today)),
          ...(step.customer.email ? [t.customers.email(step.customer.email)] : []),
        ].join('\n');
        const manages = mayDo(state, 'manage_customers');
        return message(text, [
          ...rows(step.licenses.map((l, i) => button('license', t.customers.open(l.key), i)), 2),
          pagingButtons(step.page, step.total, (label, page) => button('lpage', label === 'previous' ? t.previous : t.next, page)),
          manages ? [button('rename', t.customers.rename), button('email', t.customers.changeEmail), button('delete', t.customers.delete)] : [],
          [button('list', t.customers.backToList), toMenu()],
        ]);
      },
      press: (verb, arg, step, state) => {
        const index = indexArg(arg);
        const license = index === undefined ? undefined : step.licenses[index];
        if (verb === 'license' && license) return next.run({ kind: 'license_card', key: license.key });
        if (verb === 'lpage' && index !== undefined) return customerPage(step.customer.id, index);
        if (verb === 'rename') return mayDo(state, 'manage_customers') ? next.show({ name: 'customer_name', purpose: { kind: 'rename', customer: step.customer } }) : next.refuse('manage_customers');
        if (verb === 'email') return mayDo(state, 'manage_customers') ? next.show({ name: 'customer_email', customer: step.customer }) : next.refuse('manage_customers');
        if (verb === 'delete') {
          if (!mayDo(state, 'manage_customers')) return next.refuse('manage_customers');
          // Said at once when its licenses are in view; the use case (and the database) check again.
          if (step.total > 0) return next.again(say(t.customers.hasLicenses(step.customer.company, step.total)));
          return next.show({ name: 'customer_delete_confirm', customer: step.customer });
        }
        if (verb === 'list') return list();
        return undefined;
      },
      expects: () => t.expectChoice,
      back: () => list(),
    },
    customer_name: {
      flow: 'customers',
      view: (step) => message(step.purpose.kind === 'rename' ? t.customers.askRename(step.purpose.customer.company) : t.customers.askName, [[navButton('back', t.back), navButton('cancel', t.cancel)]]),
      // The same check as a new license's end customer; the use case checks it again.
      text: (text, step) => {
        const company = endCustomerName(text);
        if (company === undefined) return next.miss(t.newLicense.invalidCustomerName);
        const { purpose } = step;
        switch (purpose.kind) {
          case 'add': return next.run({ kind: 'customer_add', company });
          case 'rename': return next.run({ kind: 'customer_rename', customerId: purpose.customer.id, company });
          case 'license': return next.show({ name: 'license_customer_confirm', license: purpose.license, to: { company } });
          default: return undefined;
        }
      },
      expects: () => t.newLicense.invalidCustomerName,
      back: (step) => {
        const { purpose } = step;
        if (purpose.kind === 'rename') return customerPage(purpose.customer.id);
        if (purpose.kind === 'license') return next.run({ kind: 'license_customers', license: purpose.license });
        return list();
      },
      ownsText: true,
    },
    customer_email: {
      flow: 'customers',
      view: (step) => message(t.customers.askEmail(step.customer.company, step.customer.email), [[navButton('back', t.back), navButton('cancel', t.cancel)]]),
      // Checked here to ask again at once; the use case checks it again.
      text: (text, step) => (endCustomerEmail(text) === undefined ? next.miss(t.customers.invalidEmail) : next.run({ kind: 'customer_email', customerId: step.customer.id, email: text.trim() })),
      expects: () => t.customers.invalidEmail,
      back: (step) => customerPage(step.customer.id),
      ownsText: true,
    },
    customer_delete_confirm: {
      flow: 'customers',
      view: (step) => message(t.customers.confirmDelete(step.customer.company), [[button('delete_yes', t.customers.yesDelete), button('delete_no', t.customers.no)]]),
      press: (verb, _arg, step) => {
        if (verb === 'delete_yes') return next.run({ kind: 'customer_delete', customerId: step.customer.id });
        if (verb === 'delete_no') return customerPage(step.customer.id, 0, [t.customers.notChanged]);
        return undefined;
      },
      expects: () => t.expectChoice,
      back: (step) => customerPage(step.customer.id),
    },
    license_customer: {
      flow: 'customers',
      view: (step) => {
        const first = step.page * PAGE_SIZE;
        const shown = step.customers.slice(first, first + PAGE_SIZE);
        const text = [t.customers.askLicenseCustomer(step.license.key, step.license.customerName ?? null), ...(step.customers.length === 0 ? [t.customers.noOtherCustomers] : [])].join('\n');
        return message(text, [
          ...rows(shown.map((c, i) => button('choose', c.company, first + i)), 2),
          pagingButtons(step.page, step.customers.length, (label, page) => button('cpage', label === 'previous' ? t.previous : t.next, page)),
          [button('new', t.customers.add)],
          [navButton('back', t.back), toMenu()],
        ]);
      },
      press: (verb, arg, step) => {
        const index = indexArg(arg);
        const customer = index === undefined ? undefined : step.customers[index];
        if (verb === 'choose' && customer) return next.show({ name: 'license_customer_confirm', license: step.license, to: { customer } });
        if (verb === 'cpage' && index !== undefined && index * PAGE_SIZE < step.customers.length) return next.show({ ...step, page: index });
        if (verb === 'new') return next.show({ name: 'customer_name', purpose: { kind: 'license', license: step.license } });
        return undefined;
      },
      expects: () => t.expectChoice,
      back: (step) => card(step.license),
    },
    license_customer_confirm: {
      flow: 'customers',
      view: (step) => message(t.customers.confirmChange(step.license.key, step.license.customerName ?? null, toName(step.to)), [[button('yes', t.customers.yesChange), button('no', t.customers.no)]]),
      press: (verb, _arg, step) => {
        const { license, to } = step;
        if (verb === 'yes') return next.run({ kind: 'license_customer_change', licenseId: license.id, key: license.key, to: 'customer' in to ? { customerId: to.customer.id } : { company: to.company } });
        if (verb === 'no') return card(license, [t.customers.notChanged]);
        return undefined;
      },
      expects: () => t.expectChoice,
      back: (step) => next.run({ kind: 'license_customers', license: step.license }),
    },
  },
  answers: {
    customer_list: (a) => next.show({ name: 'customer_list', page: a.page, total: a.result.total, items: a.result.items }),
    customer_licenses: (a) => {
      if (!a.found) return list(0, { say: [t.customers.notYours] });
      return next.show({ name: 'customer', customer: a.found.customer, page: a.page, total: a.found.licenses.total, licenses: a.found.licenses.items });
    },
    customer_added: (a) => {
      const { result } = a;
      switch (result.kind) {
        case 'added': return customerPage(result.customer.id, 0, [t.customers.added(result.customer.company)]);
        case 'exists': return customerPage(result.customer.id, 0, [t.customers.exists(result.customer.company)]);
        case 'invalid_name': return next.again(say(t.newLicense.invalidCustomerName));
        case 'not_allowed': return next.refuse('fill_cart');
        default: {
          const never: never = result;
          throw new Error(`unknown result ${JSON.stringify(never)}`);
        }
      }
    },
    customer_renamed: (a) => {
      const { result } = a;
      switch (result.kind) {
        case 'renamed': return customerPage(a.customerId, 0, [t.customers.renamed(result.before, result.customer.company)]);
        case 'unchanged': return customerPage(a.customerId, 0, [t.customers.unchangedName(a.company)]);
        case 'taken': return next.again(say(t.customers.taken(a.company)));
        case 'invalid_name': return next.again(say(t.newLicense.invalidCustomerName));
        case 'not_found': return list(0, { say: [t.customers.notYours] });
        case 'not_allowed': return next.refuse('manage_customers');
        default: {
          const never: never = result;
          throw new Error(`unknown result ${JSON.stringify(never)}`);
        }
      }
    },
    customer_email_changed: (a) => {
      const { result } = a;
      switch (result.kind) {
        case 'changed': return customerPage(a.customerId, 0, [t.customers.emailChanged(result.customer.company, result.customer.email)]);
        case 'unchanged': return customerPage(a.customerId, 0, [t.customers.emailUnchanged(result.customer.company)]);
        case 'invalid_email': return next.again(say(t.customers.invalidEmail));
        case 'not_found': return list(0, { say: [t.customers.notYours] });
        case 'not_allowed': return next.refuse('manage_customers');
        default: {
          const never: never = result;
          throw new Error(`unknown result ${JSON.stringify(never)}`);
        }
      }
    },
    customer_deleted: (a) => {
      const { result } = a;
      switch (result.kind) {
        case 'deleted': return list(0, { say: [t.customers.deleted(result.customer.company)] });
        case 'has_licenses': return customerPage(a.customerId, 0, [t.customers.hasLicenses(result.customer.company, result.licenses)]);
        case 'not_found': return list(0, { say: [t.customers.notYours] });
        case 'not_allowed': return next.refuse('manage_customers');
        default: {
          const never: never = result;
          throw new Error(`unknown result ${JSON.stringify(never)}`);
        }
      }
    },
    license_customers: (a) => next.show({ name: 'license_customer', license: a.license, customers: a.customers.filter((c) => c.id !== a.license.customerId), page: 0 }),
    license_customer_changed: (a) => {
      const { result } = a;
      switch (result.kind) {
        case 'changed': return card(result.license, [t.customers.changed(result.license.key, result.customer.company)]);
        case 'unchanged': return next.run({ kind: 'license_card', key: a.key }, { say: [say(t.customers.alreadyFor(a.key))] });
        case 'customer_not_found': return next.run({ kind: 'license_card', key: a.key }, { say: [say(t.customers.notYours)] });
        case 'invalid_name': return next.run({ kind: 'license_card', key: a.key }, { say: [say(t.newLicense.invalidCustomerName)] });
        case 'not_found': return next.run({ kind: 'menu' }, { say: [say(t.customers.licenseNotYours)] });
        case 'not_allowed': return next.refuse('manage_customers');
        default: {
          const never: never = result;
          throw new Error(`unknown result ${JSON.stringify(never)}`);
        }
      }
    },
  },
  intents: {},
};
