// My licenses (all, or those to renew: ending soon or lapsed lately), paged, with Renew and Upgrade on each; and the card
// of one license, opened by typing its key anywhere.
import { mayDo } from '../../session';
import type { License } from '../../../domain/pricing/license';
import { verifyLicenseFor } from '../../../domain/pricing/verification';
import { flowButtons, indexArg, navButton } from '../../buttons';
import { next, type Flow, type Next } from '../../flow';
import { pagingButtons } from '../../paging';
import { say, type ActionButton } from '../../reply';
import { PAGE_SIZE, type ConversationState } from '../../state';
import { t } from '../../wording';
import type { LicenseFilter } from './commands';
import { startCustomerQuote } from '../customer-quote/steps';
import { changeLicenseCustomer } from '../customers/steps';

export type LicensesStep =
  | { name: 'licenses'; page: number; total: number; items: License[]; filter?: LicenseFilter }
  | { name: 'license_card'; license: License };

const listButton = flowButtons('licenses', ['renew', 'upgrade', 'page', 'all'] as const);
const cardButton = flowButtons('card', ['renew', 'upgrade', 'maintenance', 'quote', 'customer'] as const);
const mayBuy = (state: ConversationState) => (mayDo(state, 'fill_cart'));

/** Upgrade is offered only where it can succeed: where the verification for an upgrade would pass. */
const canUpgrade = (license: License, today: string) => verifyLicenseFor('upgrade', license, license.resellerId, today).kind === 'ok';

/** The renewal a license takes: annual renewal, or maintenance for a perpetual one. */
const renewal = (license: License) => (license.type === 'perpetual' ? 'renew_maintenance' : 'renew_annual');

function buyWith(license: License, purpose: 'upgrade' | 'renew_annual' | 'renew_maintenance', state: ConversationState): Next {
  if (!mayBuy(state)) return next.refuse('fill_cart');
  return next.run({ kind: 'verify', key: license.key, purpose });
}

export const licensesFlow: Flow<LicensesStep['name'], 'licenses' | 'license_card', 'open_key'> = {
  steps: {
    licenses: {
      flow: 'licenses',
      view: (step, state, ctx) => {
        const expiring = step.filter === 'expiring';
        const back = [...(expiring ? [listButton('all', t.licenses.allLicenses)] : []), navButton('menu', t.toMenu)];
        if (step.total === 0) return { text: t.licenses.none(expiring), buttons: [back], secret: false };
        const first = step.page * PAGE_SIZE;
        const text = [t.licenses.title(first + 1, first + step.items.length, step.total, expiring), ...step.items.map((l, i) => (expiring ? t.licenses.renewalLine : t.licenses.line)(first + i + 1, l, ctx.today))].join('\n');
        const perLicense: ActionButton[][] = mayBuy(state)
          ? step.items.map((l, i) => [listButton('renew', t.licenses.renewShort(l.key), i), ...(canUpgrade(l, ctx.today) ? [listButton('upgrade', t.licenses.upgradeShort(l.key), i)] : [])])
          : [];
        const paging = pagingButtons(step.page, step.total, (label, page) => listButton('page', label === 'previous' ? t.previous : t.next, page));
        return { text, buttons: [...perLicense, paging, back].filter((r) => r.length > 0), secret: false };
      },
      press: (verb, arg, step, state) => {
        const index = indexArg(arg);
        if (verb === 'page' && index !== undefined) return next.run({ kind: 'licenses', page: index, filter: step.filter ?? 'all' });
        if (verb === 'all') return next.run({ kind: 'licenses', page: 0, filter: 'all' });
        const license = index === undefined ? undefined : step.items[index];
        if (license && verb === 'renew') return buyWith(license, renewal(license), state);
        if (license && verb === 'upgrade') return buyWith(license, 'upgrade', state);
        return undefined;
      },
      expects: () => t.expectChoice,
    },
    license_card: {
      flow: 'card',
      view: (step, state, ctx) => {
        const l = step.license;
        const buttons: ActionButton[] = !mayBuy(state) ? [] : l.type === 'perpetual'
          ? [cardButton('maintenance', t.licenses.renewMaintenance)]
          : [cardButton('renew', t.licenses.renew), ...(canUpgrade(l, ctx.today) ? [cardButton('upgrade', t.licenses.upgrade)] : [])];
        const quote = mayDo(state, 'quote') ? [cardButton('quote', t.customerQuote.start)] : [];
        const customer = mayDo(state, 'manage_customers') ? [cardButton('customer', t.customers.changeButton)] : [];
        return { text: t.licenseDetails(l, ctx.today), buttons: [buttons, customer, [...quote, navButton('menu', t.toMenu)]].filter((r) => r.length > 0), secret: false };
      },
      press: (verb, _arg, step, state) => {
        if (verb === 'renew' && step.license.type === 'annual') return buyWith(step.license, 'renew_annual', state);
        if (verb === 'maintenance' && step.license.type === 'perpetual') return buyWith(step.license, 'renew_maintenance', state);
        if (verb === 'upgrade') return buyWith(step.license, 'upgrade', state);
        if (verb === 'quote') return mayDo(state, 'quote') ? startCustomerQuote({ kind: 'license', key: step.license.key }) : next.refuse('quote');
        if (verb === 'customer') return changeLicenseCustomer(step.license, state);
        return undefined;
      },
      expects: () => t.expectChoice,
    },
  },
  answers: {
    licenses: (a) => next.show({ name: 'licenses', page: a.page, total: a.result.total, items: a.result.items, filter: a.filter }),
    license_card: (a) => {
      const v = a.verification;
      if (v.kind === 'ok') return next.show({ name: 'license_card', license: v.license });
      return next.again(say(t.keyRefused(v, 'license' in v ? v.license : null)));
    },
  },
  intents: {
    open_key: (intent) => next.run({ kind: 'license_card', key: intent.key }),
  },
};
