// The main menu, the Buy menu, and going anywhere the menu goes (by button, or by saying so:
// "cart", "my licenses", "log out").
import { mayDo, resellerOf } from '../../session';
import { may, type Permission, type Role } from '../../../domain/accounts/roles';
import { flowButtons, navButton } from '../../buttons';
import { next, type Flow, type Next } from '../../flow';
import type { Destination } from '../../intents/intent';
import type { ActionButton } from '../../reply';
import type { ConversationState, ResellerSession } from '../../state';
import { staffGoTo, staffOf } from '../staff/steps';
import { openTeam } from '../team/steps';
import { t } from '../../wording';

export type MenuStep = { name: 'menu' } | { name: 'buy' };

const MENU_VERBS = ['dashboard', 'buy', 'cart', 'licenses', 'customers', 'invoices', 'orders', 'help', 'logout', 'approvals', 'team'] as const satisfies readonly Destination[];
export type MenuVerb = (typeof MENU_VERBS)[number];
const menuButton = flowButtons('menu', MENU_VERBS);
const BUY_VERBS = ['new', 'upgrade', 'renew', 'maintenance'] as const;
const buyButton = flowButtons('buy', BUY_VERBS);

/** An entry of the main menu: where it leads, what a role needs to get it (null: every role), its label. */
export interface MenuEntry {
  verb: MenuVerb;
  needs: Permission | null;
  label: (session: ResellerSession) => string;
  /** Shown only while approval requests wait. */
  whileWaiting?: true;
}

/** The main menu, row by row: a role gets the entries it may have. Help describes the same entries. */
export const MAIN_MENU: ReadonlyArray<readonly MenuEntry[]> = [
  [
    { verb: 'dashboard', needs: 'view_dashboard', label: () => t.menu.dashboard },
    { verb: 'buy', needs: 'fill_cart', label: () => t.menu.buy },
    { verb: 'cart', needs: 'fill_cart', label: (s) => t.menu.cart(s.cartCount) },
  ],
  [
    { verb: 'licenses', needs: 'view_licenses', label: () => t.menu.licenses },
    { verb: 'customers', needs: 'view_licenses', label: () => t.customers.menuButton },
    { verb: 'orders', needs: 'view_invoices', label: () => t.menu.orders },
    { verb: 'invoices', needs: 'view_invoices', label: () => t.menu.invoices },
  ],
  [{ verb: 'team', needs: 'manage_users', label: () => t.team.menuButton }],
  [{ verb: 'approvals', needs: 'place_order', label: (s) => t.approvals.menuButton(s.pendingApprovals ?? 0), whileWaiting: true }],
  [{ verb: 'help', needs: null, label: () => t.menu.help }, { verb: 'logout', needs: null, label: () => t.menu.logout }],
];

/** Whether `role` gets `entry` in its menu (Approvals, shown only while requests wait, included). */
export const hasEntry = (role: Role, entry: MenuEntry): boolean => entry.needs === null || may(role, entry.needs);

/** The main menu's buttons for a session: only what the user's role may do. */
export function menuButtons(session: ResellerSession): ActionButton[][] {
  const shown = (e: MenuEntry) => hasEntry(session.role, e) && (!e.whileWaiting || (session.pendingApprovals ?? 0) > 0);
  return MAIN_MENU.map((row) => row.filter(shown).map((e) => menuButton(e.verb, e.label(session)))).filter((row) => row.length > 0);
}

/** Where the main menu (or a typed "cart", "expiring", "checkout") leads, refused by role like the buttons. */
export function goTo(destination: Destination, state: ConversationState): Next {
  // Staff have their own menu; a reseller's places (a cart, orders, licenses of their own) are not theirs.
  if (staffOf(state)) return staffGoTo(destination === 'menu' || destination === 'help' || destination === 'logout' ? destination : 'other');
  const role = resellerOf(state)?.role;
  if (!role) return next.login(t.notLoggedIn);
  switch (destination) {
    case 'menu': return next.run({ kind: 'menu' });
    case 'dashboard': return next.run({ kind: 'dashboard' });
    case 'buy': return may(role, 'fill_cart') ? next.show({ name: 'buy' }) : next.refuse('fill_cart');
    case 'cart': return may(role, 'fill_cart') ? next.run({ kind: 'cart' }) : next.refuse('fill_cart');
    // A sales user checks out too, and asks an owner or purchase user to approve at the end.
    case 'checkout': return may(role, 'fill_cart') ? next.run({ kind: 'requote' }) : next.refuse('fill_cart');
    case 'approvals': return may(role, 'place_order') ? next.run({ kind: 'approvals' }) : next.refuse('place_order');
    case 'licenses': return next.run({ kind: 'licenses', page: 0, filter: 'all' });
    case 'expiring': return next.run({ kind: 'licenses', page: 0, filter: 'expiring' });
    // Everyone who sees the licenses sees the end customers they are for.
    case 'customers': return may(role, 'view_licenses') ? next.run({ kind: 'customer_list', page: 0 }) : next.refuse('view_licenses');
    case 'invoices': return may(role, 'view_invoices') ? next.run({ kind: 'invoices', page: 0 }) : next.refuse('view_invoices');
    // An order's figures are its invoice's: the same users see them.
    case 'orders': return may(role, 'view_invoices') ? next.run({ kind: 'orders', page: 0 }) : next.refuse('view_invoices');
    case 'help': return next.show({ name: 'help' });
    case 'logout': return next.run({ kind: 'logout' });
    // An owner's; anyone else is told an owner does this.
    case 'team': return openTeam(state);
    default: {
      const never: never = destination;
      throw new Error(`unknown destination ${String(never)}`);
    }
  }
}

/** Starting one of the four purchases, refused by role. */
export function startPurchase(kind: (typeof BUY_VERBS)[number], state: ConversationState): Next {
  if (!mayDo(state, 'fill_cart')) return next.refuse('fill_cart');
  switch (kind) {
    case 'new': return next.show({ name: 'new_edition', draft: {} });
    case 'upgrade': return next.show({ name: 'key_entry', purpose: 'upgrade', offers: [] });
    case 'renew': return next.show({ name: 'key_entry', purpose: 'renew_annual', offers: [] });
    case 'maintenance': return next.show({ name: 'key_entry', purpose: 'renew_maintenance', offers: [] });
    default: return next.stale();
  }
}

export const menuFlow: Flow<MenuStep['name'], 'menu' | 'not_allowed', 'go'> = {
  steps: {
    menu: {
      flow: 'menu',
      view: (_step, state) => {
        const session = resellerOf(state);
        return { text: t.menu.title, buttons: session ? menuButtons(session) : [], secret: false };
      },
      press: (verb, _arg, _step, state) => ((MENU_VERBS as readonly string[]).includes(verb) ? goTo(verb as Destination, state) : undefined),
      expects: () => t.expectChoice,
    },
    buy: {
      flow: 'buy',
      view: () => ({
        text: t.menu.buyTitle,
        buttons: [
          [buyButton('new', t.lineKinds.new_license), buyButton('upgrade', t.lineKinds.upgrade)],
          [buyButton('renew', t.lineKinds.renew_annual), buyButton('maintenance', t.lineKinds.renew_maintenance)],
          [navButton('back', t.back)],
        ],
        secret: false,
      }),
      press: (verb, _arg, _step, state) => ((BUY_VERBS as readonly string[]).includes(verb) ? startPurchase(verb as (typeof BUY_VERBS)[number], state) : undefined),
      expects: () => t.expectChoice,
    },
  },
  answers: {
    menu: (a, state) => {
      const session = resellerOf(state);
      return next.show({ name: 'menu' }, { patch: session ? { session: { ...session, cartCount: a.cartCount, pendingApprovals: a.pendingApprovals, role: a.role ?? session.role } } : {} });
    },
    not_allowed: () => next.refuse('fill_cart'),
  },
  intents: {
    go: (intent, state) => goTo(intent.to, state),
  },
};
