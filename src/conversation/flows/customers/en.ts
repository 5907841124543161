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
  email: (email: string) => `Email: ${email}`,
  changeEmail: 'Change email',
  askEmail: (company: string, email: string | null) =>
    `Type the email address of ${company}${email ? ` (now ${email}), or "none" to remove it` : ' (it has none)'}.`,
  invalidEmail: 'That is not one email address (like it@example.com, without spaces). Type the address, or "none" to remove it.',
  emailChanged: (company: string, email: string | null) => (email ? `The email address of ${company} is now ${email}.` : `${company} has no email address now.`),
  emailUnchanged: (company: string) => `${company} has that email address already; nothing was changed.`,
  delete: 'Delete',
  confirmDelete: (company: string) => `Delete the end customer ${company}? It disappears from your lists; your orders and invoices that name it keep its name.`,
  yesDelete: 'Yes, delete it',
  deleted: (company: string) => `Deleted ${company}. Orders and invoices that name it keep its name; adding ${company} again brings it back.`,
  hasLicenses: (company: string, n: number) =>
    `${company} still has ${licensesCount(n)}, so it was not deleted. Move ${n === 1 ? 'it' : 'them'} to another end customer first (open each license, then Change end customer), then delete ${company}.`,
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
