// Every word the assistant says in English, put together from the words beside each flow
// (flows/<flow>/en.ts) and those they share (common.en.ts), with the English grammar of
// stated intents. A translation gives the same shape (see `Wording`), chosen in wording.ts.
import { understandEnglish, editionNamedEnglish } from '../intents/en';
import { adminWords } from '../flows/admin/en';
import { catalogueWords } from '../flows/admin-catalogue/en';
import { approvalsWords } from '../flows/approvals/en';
import { cartWords } from '../flows/cart/en';
import { checkoutWords } from '../flows/checkout/en';
import { customerQuoteWords } from '../flows/customer-quote/en';
import { customersWords } from '../flows/customers/en';
import { dashboardWords } from '../flows/dashboard/en';
import { helpWords } from '../flows/help/en';
import { homeWords } from '../home/en';
import { invoicesWords } from '../flows/invoices/en';
import { licenseKeyWords } from '../flows/license-key/en';
import { licensesWords } from '../flows/licenses/en';
import { loginWords } from '../flows/login/en';
import { menuWords } from '../flows/menu/en';
import { newLicenseWords } from '../flows/new-license/en';
import { notify, remind } from '../flows/notifications/en';
import { ordersWords } from '../flows/orders/en';
import { peopleWords } from '../flows/people/en';
import { quoteWords } from '../flows/quote/en';
import { renewWords } from '../flows/renew/en';
import { staffWords } from '../flows/staff/en';
import { teamWords } from '../flows/team/en';
import { upgradeWords } from '../flows/upgrade/en';
import { common } from './common.en';

export const en = {
  ...common,
  login: loginWords,
  menu: menuWords,
  dashboard: dashboardWords,
  newLicense: newLicenseWords,
  licenseKey: licenseKeyWords,
  upgrade: upgradeWords,
  renew: renewWords,
  quote: quoteWords,
  cart: cartWords,
  checkout: checkoutWords,
  licenses: licensesWords,
  invoices: invoicesWords,
  orders: ordersWords,
  help: helpWords,
  approvals: approvalsWords,
  customerQuote: customerQuoteWords,
  home: homeWords,
  staff: staffWords,
  admin: adminWords,
  catalogue: catalogueWords,
  people: peopleWords,
  team: teamWords,
  customers: customersWords,
  notify,
  remind,
  /** What a typed text states (the grammar of this language). */
  understand: understandEnglish,
  /** The edition a typed word names. */
  editionNamed: editionNamedEnglish,
};

export type Wording = typeof en;
