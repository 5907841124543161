// The admin chat's catalogue and messages (the old Admin portal's partner levels, prices, coupons
// and broadcasts), reached from the admin menu. Only an administrator's staff session acts on
// these steps; the interpreter checks the staff account and its role again before any of their
// commands runs, and the use cases write the audit log.
import { next, type Flow } from '../../flow';
import { say } from '../../reply';
import { t } from '../../wording';
import { adminOf } from '../admin/steps';
import { button, pressOnly, toAdminMenu } from './common';
import { couponsBroadcastsAnswers, couponsBroadcastsSteps } from './coupons-broadcasts';
import { levelsPricesAnswers, levelsPricesSteps } from './levels-prices';
import type { CatalogueAnswer } from './commands';
import type { CatalogueStep } from './types';

export const catalogueFlow: Flow<CatalogueStep['name'], CatalogueAnswer['kind']> = {
  steps: {
    cat_menu: {
      flow: 'catalogue',
      view: () => ({
        text: t.catalogue.menu,
        buttons: [
          [button('levels', t.catalogue.levelsButton), button('prices', t.catalogue.pricesButton)],
          [button('coupons', t.catalogue.couponsButton), button('broadcasts', t.catalogue.broadcastsButton)],
          [toAdminMenu()],
        ],
        secret: false,
      }),
      press: pressOnly((verb) => {
        if (verb === 'levels') return next.run({ kind: 'catalogue_levels' });
        if (verb === 'prices') return next.show({ name: 'cat_prices' });
        if (verb === 'coupons') return next.show({ name: 'cat_coupons' });
        if (verb === 'broadcasts') return next.show({ name: 'cat_broadcasts' });
        if (verb === 'admin') return next.show({ name: 'admin_menu' });
        return undefined;
      }),
      expects: () => t.expectChoice,
      back: () => next.show({ name: 'admin_menu' }),
    },
    ...levelsPricesSteps,
    ...couponsBroadcastsSteps,
  },
  answers: {
    ...levelsPricesAnswers,
    ...couponsBroadcastsAnswers,
    catalogue_unavailable: (_a, state) => (adminOf(state) ? next.show({ name: 'admin_menu' }, { say: [say(t.catalogue.unavailable)] }) : next.run({ kind: 'staff_menu' })),
  },
  intents: {},
};
