// Customers (the reseller's end customers) and a license's change of end customer, in English.
import type { EndCustomer } from '../../../domain/accounts/accounts';

const licensesCount = (n: number) => (n === 1 ? '1 license' : `${n} licenses`);

export const customersWords = {
  menuButton: 'Customers',
  title: (from: number, to: number, total: number) => `Your end customers (${from}–${to} of ${total}):`,
  none: 'You have no end customers yet.',
  line: (i: number, c: EndCustomer & { licenses: number }) => `${i}. ${c.company} — ${licensesCount(c.licenses)}`,
  add: '+ New customer',
  backToList: '« Customers',
  customerTitle: (company: string, total: number) => (total === 0 ? `${company} has no licenses yet.` : `${company} — ${licensesCount(total)}:`),
  open: (key: string) => `Open ${key.slice(0, 4)}…`,
  rename: 'Rename',
  askName: 'Type the company name of the new end customer.',
  askRename: (company: string) => `Type the new company name of ${company}.`,
  added: (company: string) => `Added ${company} to your end customers.`,
  exists: (company: string) => `${company} is one of your end customers already.`,
  renamed: (before: string, company: string) => `Renamed ${before} to ${company}.`,
  unchangedName: (company: string) => `${company} has that name already; nothing was changed.`,
  taken: (company: string) => `Another of your end customers is named ${company} already; nothing was changed. Type another name.`,
  notYours: 'That end customer is not one of yours (or no longer exists); nothing was changed.',
  // A license's end customer.
  changeButton: 'Change end customer',
  askLicenseCustomer: (key: string, current: string | null) =>
    `License ${key} ${current ? `is for ${current}` : 'has no end customer'}. Which end customer should it be for? Choose one or add a new one.`,
  noOtherCustomers: 'You have no other end customers: add a new one.',
  confirmChange: (key: string, current: string | null, to: string) => `Change the end customer of license ${key} from ${current ?? '(none)'} to ${to}?`,
  yesChange: 'Yes, change it',
  no: 'No',
  notChanged: 'Nothing was changed.',
  changed: (key: string, to: string) => `License ${key} is now for ${to}.`,
  alreadyFor: (key: string) => `License ${key} is for that end customer already; nothing was changed.`,
  licenseNotYours: 'That license is not one of yours; nothing was changed.',
};
