import { may } from '../domain/accounts/roles';
import { EDITIONS, tiersOf } from '../domain/pricing/catalog';
import { upgradeTargets } from '../domain/pricing/upgrade-paths';
import { verifyLicenseFor } from '../domain/pricing/verification';
import type { License } from '../domain/pricing/license';
import { button, rows } from './buttons';
import { t } from './wording';
import type { ActionButton, Button, Reply } from './reply';
import { PAGE_SIZE, type ConversationState, type Session, type Step } from './state';

/** What the step function knows besides the state: the date and who runs the assistant. */
export interface StepContext {
  today: string;
  distributorName: string;
  /** False in a group chat: passwords are asked only in a private chat. */
  privateChat: boolean;
}

const nav = (...extra: ActionButton[]): ActionButton[] => [...extra, button('back', t.back), button('cancel', t.cancel)];
const numbers = (max: number) => [Array.from({ length: max }, (_, i) => button(`n.${i + 1}`, String(i + 1))), nav()];
const reply = (text: string, buttons: Button[][] = [], secret = false): Reply => ({ text, buttons: buttons.filter((r) => r.length > 0), secret });

/** The main menu's buttons for a session: only what the user's role may do. */
export function menuButtons(session: Session): ActionButton[][] {
  const m = t.menu;
  return [
    [button('dash', m.dashboard), ...(may(session.role, 'fill_cart') ? [button('buy', m.buy), button('cart', m.cart(session.cartCount))] : [])],
    [button('lic', m.licenses), ...(may(session.role, 'view_invoices') ? [button('inv', m.invoices) ] : [])],
    [button('help', m.help), button('out', m.logout)],
  ];
}

/** The message of a step, without the nonce on its buttons. */
export function view(step: Step, state: ConversationState, ctx: StepContext): Reply {
  const session = state.session;
  const currency = session?.currency ?? 'EUR';
  switch (step.name) {
    case 'login_username':
      return reply(t.askUsername);
    case 'login_password':
      return reply(t.askPassword(step.username), [], true);
    case 'menu':
      return reply(t.menuTitle, session ? menuButtons(session) : []);
    case 'dashboard': {
      const d = step.dashboard;
      return reply(t.dashboard(d, currency), [
        [button('nref', t.noticesButton('referral_payment', d.referralPayments.length)), button('nmon', t.noticesButton('monthly_payment', d.monthlyPayments.length))],
        [button('menu', t.toMenu)],
      ]);
    }
    case 'notices': {
      const list = step.kind === 'referral_payment' ? step.dashboard.referralPayments : step.dashboard.monthlyPayments;
      return reply(t.notices(step.kind, list, currency), [...rows(list.map((_, i) => button(`rm.${i}`, t.removeNotice(i + 1))), 4), [button('back', t.back), button('menu', t.toMenu)]]);
    }
    case 'buy':
      return reply(t.buyTitle, [
        [button('new', t.buy.new_license), button('upg', t.buy.upgrade)],
        [button('ren', t.buy.renew_annual), button('mnt', t.buy.renew_maintenance)],
        [button('back', t.back)],
      ]);
    case 'new_edition':
      return reply(t.askEdition, [EDITIONS.map((e) => button(`e.${e}`, t.edition(e))), nav()]);
    case 'new_sc':
      return reply(t.askSc(step.draft.edition), [...rows(tiersOf(step.draft.edition).map((sc) => button(`s.${sc}`, t.sc(sc))), 4), nav()]);
    case 'new_quantity':
      return reply(t.askQuantity(step.draft.edition, step.draft.sc ?? 0), numbers(5));
    case 'new_years':
      return reply(t.askYears, numbers(5));
    case 'new_customer': {
      const pageItems = step.customers.slice(step.page * PAGE_SIZE, (step.page + 1) * PAGE_SIZE);
      const paging = [
        ...(step.page > 0 ? [button('prev', t.previous)] : []),
        ...((step.page + 1) * PAGE_SIZE < step.customers.length ? [button('next', t.next)] : []),
      ];
      return reply(t.askCustomer, [
        ...rows(pageItems.map((c, i) => button(`c.${step.page * PAGE_SIZE + i}`, c.company)), 2),
        paging,
        [button('cnew', t.newCustomer), button('cskip', t.skip)],
        nav(),
      ]);
    }
    case 'new_customer_name':
      return reply(t.askCustomerName, [nav()]);
    case 'key_entry':
      return reply(t.askKey(step.purpose), [
        step.offers.map((o) => button(`o.${o.kind}`, t.offer[o.kind])),
        nav(),
      ]);
    case 'upgrade_edition': {
      const targets = upgradeTargets(step.license);
      return reply(`${t.licenseDetails(step.license, ctx.today)}\n\n${t.askUpgradeEdition}`, [targets.map((target) => button(`e.${target.edition}`, t.edition(target.edition))), nav()]);
    }
    case 'upgrade_sc': {
      const target = upgradeTargets(step.license).find((x) => x.edition === step.edition);
      return reply(t.askUpgradeSc(step.edition), [...rows((target?.scs ?? []).map((sc) => button(`s.${sc}`, t.sc(sc))), 4), nav()]);
    }
    case 'renew_years':
      return reply(`${t.licenseDetails(step.license, ctx.today)}\n\n${t.askRenewYears(step.purpose, step.yearlyCents, currency)}`, numbers(5));
    case 'line_summary':
      return reply(
        t.summary({ ...step.quote, currency, customerName: step.customerName, discountBp: session?.discountBp ?? 0, kind: step.request.kind }),
        [[button('add', t.addToCart), button('cart', t.viewCart)], [button('back', t.back), button('cancel', t.cancel)]],
      );
    case 'added':
      return reply(t.added(step.quote.description, session?.cartCount ?? 0), [[button('cart', t.viewCart), button('buy', t.buyMore)], [button('menu', t.toMenu)]]);
    case 'cart': {
      if (step.lines.length === 0) return reply(t.cartEmpty, [[button('buy', t.menu.buy), button('menu', t.toMenu)]]);
      const lines = step.lines.map((l, i) => ({ description: l.quote.description, listCents: l.quote.listCents, netCents: step.totals.lines[i]?.netCents ?? l.quote.listCents }));
      const orders = session ? may(session.role, 'place_order') : false;
      return reply(`${t.cart(lines, step.totals, currency, session?.discountBp ?? 0)}${orders ? '' : `\n${t.placedByOthers}`}`, [
        ...rows(step.lines.map((_, i) => button(`rm.${i}`, t.removeLine(i + 1))), 5),
        [button('more', t.addMore), button('empty', t.emptyCart)],
        orders ? [button('go', t.proceed)] : [],
        [button('menu', t.toMenu)],
      ]);
    }
    case 'checkout_changes':
      return reply([t.changesTitle, ...step.changes.map((c) => t.change(c, currency)), '', t.newTotal(step.totals.totalCents, currency)].join('\n'), [
        [button('ok', t.confirmChanges), button('cart', t.viewCart)],
      ]);
    case 'checkout_coupon':
      return reply(t.askCoupon, [[button('skip', t.skip), button('cart', t.viewCart)]]);
    case 'checkout_review':
      return reply(t.review(step.totals, currency, step.couponCode, session?.discountBp ?? 0, session?.vatBp ?? 0), [
        // Nothing to pay: no payment method, just the confirmation (recorded as an offline order).
        ...(step.totals.totalCents === 0 ? [[button('pay.offline', t.confirmFree)]] : step.methods.map((m) => [button(`pay.${m}`, t.payWith[m])])),
        [button('coupon', t.changeCoupon), button('cart', t.viewCart)],
      ]);
    case 'order_placed':
      return reply(t.placed(step.order, step.bankDetails), [
        ...(step.order.paymentUrl ? [[{ url: step.order.paymentUrl, label: t.openPaymentPage }]] : []),
        [button('inv', t.menu.invoices), button('menu', t.toMenu)],
      ]);
    case 'licenses': {
      if (step.total === 0) return reply(t.noLicenses, [[button('menu', t.toMenu)]]);
      const first = step.page * PAGE_SIZE;
      const buyer = session ? may(session.role, 'fill_cart') : false;
      const text = [t.licensesTitle(first + 1, first + step.items.length, step.total), ...step.items.map((l, i) => t.licenseLine(first + i + 1, l, ctx.today))].join('\n');
      return reply(text, [
        ...(buyer ? step.items.map((l, i) => [button(`r.${i}`, t.renewShort(l.key)), ...(canUpgrade(l, ctx.today) ? [button(`u.${i}`, t.upgradeShort(l.key))] : [])]) : []),
        pagingButtons(step.page, step.total),
        [button('menu', t.toMenu)],
      ]);
    }
    case 'invoices': {
      if (step.total === 0) return reply(t.noInvoices, [[button('menu', t.toMenu)]]);
      const first = step.page * PAGE_SIZE;
      return reply([t.invoicesTitle(first + 1, first + step.items.length, step.total), ...step.items.map((inv, i) => t.invoiceLine(first + i + 1, inv))].join('\n'), [
        pagingButtons(step.page, step.total),
        [button('menu', t.toMenu)],
      ]);
    }
    case 'help':
      return reply(t.help, [[button('menu', t.toMenu)]]);
    default: {
      const never: never = step;
      throw new Error(`no view for ${JSON.stringify(never)}`);
    }
  }
}

/** Upgrade is offered only where it can succeed: where the verification for an upgrade would pass. */
function canUpgrade(license: License, today: string): boolean {
  return verifyLicenseFor('upgrade', license, license.resellerId, today).kind === 'ok';
}

function pagingButtons(page: number, total: number): ActionButton[] {
  return [...(page > 0 ? [button('prev', t.previous)] : []), ...((page + 1) * PAGE_SIZE < total ? [button('next', t.next)] : [])];
}
