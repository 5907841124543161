// Examples of the Customers flow's steps and answers (a reseller's end customers), for the
// tables of examples in states.ts.
import type { Answer } from '../../../src/conversation/commands';
import type { CustomersStep } from '../../../src/conversation/flows/customers/steps';
import type { EndCustomer } from '../../../src/domain/accounts/accounts';
import { aPerpetualLicense, anAnnualLicense } from '../domain/pricing/fixtures';

const RESELLER = 'a0000000-0000-4000-8000-0000000000c1';
const harbor: EndCustomer = { id: 'a0000000-0000-4000-8000-0000000000e1', resellerId: RESELLER, company: 'Harbor Dental', email: null };
const globex: EndCustomer = { id: 'a0000000-0000-4000-8000-0000000000e2', resellerId: RESELLER, company: 'Globex', email: 'it@globex.example' };

export const CUSTOMERS_EXAMPLE_STEPS: { [N in CustomersStep['name']]: () => Extract<CustomersStep, { name: N }> } = {
  customer_list: () => ({ name: 'customer_list', page: 1, total: 7, items: [{ ...harbor, licenses: 1 }, { ...globex, licenses: 0 }] }),
  customer: () => ({ name: 'customer', customer: globex, page: 0, total: 7, licenses: [anAnnualLicense({ customerName: 'Globex' }), aPerpetualLicense({ customerName: 'Globex' })] }),
  customer_name: () => ({ name: 'customer_name', purpose: { kind: 'rename', customer: harbor } }),
  customer_email: () => ({ name: 'customer_email', customer: globex }),
  customer_delete_confirm: () => ({ name: 'customer_delete_confirm', customer: harbor }),
  license_customer: () => ({ name: 'license_customer', license: anAnnualLicense({ customerName: 'Globex' }), customers: [harbor], page: 0 }),
  license_customer_confirm: () => ({ name: 'license_customer_confirm', license: anAnnualLicense({ customerName: null }), to: { company: 'New Clinic' } }),
};

type CustomersAnswerKind = 'customer_list' | 'customer_licenses' | 'customer_added' | 'customer_renamed' | 'customer_email_changed' | 'customer_deleted' | 'license_customers' | 'license_customer_changed';
export const CUSTOMERS_EXAMPLE_ANSWERS: { [K in CustomersAnswerKind]: () => Array<Extract<Answer, { kind: K }>> } = {
  customer_list: () => [{ kind: 'customer_list', page: 0, result: { items: [{ ...harbor, licenses: 2 }], total: 1 } }, { kind: 'customer_list', page: 0, result: { items: [], total: 0 } }],
  customer_licenses: () => [
    { kind: 'customer_licenses', page: 0, found: { customer: harbor, licenses: { items: [anAnnualLicense({ customerName: 'Harbor Dental' })], total: 1 } } },
    { kind: 'customer_licenses', page: 0, found: undefined },
  ],
  customer_added: () => [
    { kind: 'customer_added', result: { kind: 'added', customer: harbor } },
    { kind: 'customer_added', result: { kind: 'exists', customer: harbor } },
    ...(['invalid_name', 'not_allowed'] as const).map((kind) => ({ kind: 'customer_added' as const, result: { kind } })),
  ],
  customer_renamed: () => [
    { kind: 'customer_renamed', customerId: harbor.id, company: 'Harbor Dental Care', result: { kind: 'renamed', customer: { ...harbor, company: 'Harbor Dental Care' }, before: 'Harbor Dental' } },
    ...(['invalid_name', 'not_allowed', 'not_found', 'unchanged', 'taken'] as const).map((kind) => ({ kind: 'customer_renamed' as const, customerId: harbor.id, company: 'Globex', result: { kind } })),
  ],
  customer_email_changed: () => [
    { kind: 'customer_email_changed', customerId: globex.id, result: { kind: 'changed', customer: { ...globex, email: 'ops@globex.example' }, before: 'it@globex.example' } },
    { kind: 'customer_email_changed', customerId: globex.id, result: { kind: 'changed', customer: { ...globex, email: null }, before: 'it@globex.example' } },
    { kind: 'customer_email_changed', customerId: globex.id, result: { kind: 'unchanged', customer: globex } },
    ...(['not_allowed', 'invalid_email', 'not_found'] as const).map((kind) => ({ kind: 'customer_email_changed' as const, customerId: globex.id, result: { kind } })),
  ],
  customer_deleted: () => [
    { kind: 'customer_deleted', customerId: harbor.id, result: { kind: 'deleted', customer: harbor } },
    { kind: 'customer_deleted', customerId: harbor.id, result: { kind: 'has_licenses', customer: harbor, licenses: 2 } },
    ...(['not_allowed', 'not_found'] as const).map((kind) => ({ kind: 'customer_deleted' as const, customerId: harbor.id, result: { kind } })),
  ],
  license_customers: () => [{ kind: 'license_customers', license: anAnnualLicense({ customerName: 'Globex' }), customers: [harbor, globex] }],
  license_customer_changed: () => [
    { kind: 'license_customer_changed', key: 'ABCD-EFGH-JKLM-NP23', result: { kind: 'changed', license: anAnnualLicense({ customerName: 'Harbor Dental' }), customer: harbor } },
    ...(['not_allowed', 'invalid_name', 'not_found', 'customer_not_found', 'unchanged'] as const).map((kind) => ({ kind: 'license_customer_changed' as const, key: 'ABCD-EFGH-JKLM-NP23', result: { kind } })),
  ],
};
