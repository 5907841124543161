// Help, in English: for someone not logged in (what the assistant does), and for a logged-in user
// the entries of their own menu (which entries, in which order: the menu's tables), what their role
// does not do and who does it, what they can type, and the commands that work at every step.
import type { Permission, Role } from '../../../domain/accounts/roles';
import type { MenuVerb } from '../menu/steps';
import type { StaffMenuEntry } from '../staff/steps';

/** What the words need to know of the user's role: whether it may do something. */
type Can = (permission: Permission) => boolean;

const ARTICLE: Record<Role, string> = { owner: 'an', purchase: 'a', sales: 'a', support: 'a' };

/** Roles as people say them: "an owner", "an owner or purchase user", "an owner, purchase or sales user". */
function anyOf(roles: readonly Role[]): string {
  const first = roles[0];
  if (!first) return 'nobody';
  if (roles.length === 1) return `${ARTICLE[first]} ${first}${first === 'owner' ? '' : ' user'}`;
  return `${ARTICLE[first]} ${roles.slice(0, -1).join(', ')} or ${roles.at(-1) ?? ''} user`;
}

const COMMANDS = ['/back – one step back', '/cancel – stop what you are doing', '/help – this help'];
/** The first line of a reseller's help, logged in or not. */
const INTRO = 'I help you order 3CX licenses from your distributor.';

export const helpWords = {
  /** For someone not logged in. */
  text: [
    INTRO,
    '• Buy: new licenses, upgrades, annual renewals and maintenance renewals',
    '• Cart and checkout with a coupon code and the payment method of your choice',
    '• My licenses, Orders (and paying one that waits), Invoices and the Dashboard',
    '• Team (owners): invite a colleague, give one a new password code, change a role, remove a user',
    '• Customers: your end customers and their licenses',
    'What you can do depends on your role in your company: log in, then /help says what yours does.',
    '',
    'Commands that work at every step:',
    '/menu – the main menu',
    '/cart – your cart',
    ...COMMANDS,
  ].join('\n'),

  // ——— a reseller's user ———
  title: (role: Role, company: string) => `${INTRO}\nAs ${anyOf([role])} of ${company}, your main menu has:`,
  /** Each entry of the main menu, starting with its label. */
  entries: {
    dashboard: () => 'Dashboard: your referrals, license keys and invoices at a glance, and the bank details to pay by',
    buy: () => 'Buy: new licenses, upgrades, annual renewals and maintenance renewals',
    cart: (can: Can) => (can('place_order')
      ? 'Cart: check out with a coupon code and pay by the method of your choice, or make a quote for your customer (a PDF with your prices)'
      : 'Cart: check out with a coupon code and press "Ask an owner to approve", or make a quote for your customer (a PDF with your prices)'),
    licenses: (can: Can) => `My licenses: your keys with their end customer and days left${can('fill_cart') ? ', to renew or upgrade' : ''}`,
    customers: (can: Can) => {
      if (can('manage_customers')) return 'Customers: your end customers and their licenses; add or rename one, or give a license another end customer';
      return can('fill_cart') ? 'Customers: your end customers and their licenses; add one' : 'Customers: your end customers and their licenses';
    },
    orders: () => 'Orders: your company\'s orders; pay one that waits, or cancel it',
    invoices: () => 'Invoices: invoices and credit notes as PDF, and a year\'s statement (CSV)',
    team: () => 'Team: your company\'s users; invite a colleague, give one a new password code, change a role, remove a user',
    approvals: () => 'Approvals (shown while a request waits): approve and pay a sales user\'s cart, or reject it',
    help: () => 'Help: this help',
    logout: () => 'Log out',
  } satisfies Record<MenuVerb, (can: Can) => string>,
  notYours: (role: Role) => `Not for your role (${role}):`,
  /** What a role does not do, by the permission it lacks, and who does it (`roles`: the roles that may). */
  cannot: (permission: Permission, roles: readonly Role[], can: Can): string => {
    const who = `${anyOf(roles)} of your company`;
    switch (permission) {
      case 'fill_cart': return `Buy and Cart: buying is done by ${who}. Ask them.`;
      case 'view_invoices': return `Orders and Invoices: ${who} sees them.`;
      case 'manage_users': return `Team (inviting colleagues, new password codes, roles, removing users): ${who} does that.`;
      case 'place_order': return can('fill_cart')
        ? `Placing and paying an order: ${who} does that. Check out your cart and press "Ask an owner to approve": they approve it and pay, and you are told.`
        : `Placing and paying an order: ${who} does that.`;
      default: return `That is done by ${who}.`;
    }
  },
  saying: (can: Can) => [
    'You can also just say what you want, for example:',
    ...(can('fill_cart') ? ['• renew 7Q2M-4K8P-ZX3N-1A9B for 2 years', '• upgrade H3LT-9W2E-6RQ1-PK7V to enterprise 32', '• buy 3 pro 16 for 2 years'] : []),
    ...(can('view_invoices') ? ['• order 12 – that order of your company'] : []),
    '• a license key alone shows that license; "expiring" lists those ending soon or lapsed lately, to renew',
  ],
  commands: (can: Can) => ['Commands that work at every step:', '/menu – the main menu', ...(can('fill_cart') ? ['/cart – your cart'] : []), ...COMMANDS],

  // ——— the distributor's staff ———
  staffTitle: (role: 'staff' | 'admin') => `You are ${role === 'admin' ? 'an administrator' : 'a member of staff'} of the distributor. Your staff menu has:`,
  staffEntries: {
    find: 'Find (or type it at the staff menu): a reseller, a user, an end customer, a license key, an order number, a payment reference, an invoice or credit-note number; its card shows its history and what you can do there',
    attention: 'Needs attention: orders and payments waiting for staff',
    admin: 'Admin: the audit log, resellers and their users, partner levels, prices, coupons, broadcasts, the staff',
    logout: 'Log out',
  } satisfies Record<StaffMenuEntry['verb'], string>,
  staffNotYours: 'Not for your role (staff):',
  adminsOnly: 'Admin (the audit log, resellers and their users, prices, coupons, broadcasts): an administrator does that.',
  staffNote: 'Resellers buy, pay and manage their own users in their chats with me; you find and act on what they did.',
  staffCommands: ['Commands that work at every step:', '/menu – the staff menu', ...COMMANDS],
};
