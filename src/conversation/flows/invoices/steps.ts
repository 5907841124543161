// The reseller's invoices, paged, newest first, with their status and amount.
import type { InvoiceListEntry } from '../../../domain/accounts/accounts';
import { flowButtons, indexArg, navButton } from '../../buttons';
import { next, type Flow } from '../../flow';
import { pagingButtons } from '../../paging';
import { PAGE_SIZE } from '../../state';
import { t } from '../../wording';

export type InvoicesStep = { name: 'invoices'; page: number; total: number; items: InvoiceListEntry[] };

const button = flowButtons('invoices', ['page'] as const);

export const invoicesFlow: Flow<'invoices', 'invoices'> = {
  steps: {
    invoices: {
      flow: 'invoices',
      view: (step) => {
        if (step.total === 0) return { text: t.invoices.none, buttons: [[navButton('menu', t.toMenu)]], secret: false };
        const first = step.page * PAGE_SIZE;
        const paging = pagingButtons(step.page, step.total, (label, page) => button('page', label === 'previous' ? t.previous : t.next, page));
        return {
          text: [t.invoices.title(first + 1, first + step.items.length, step.total), ...step.items.map((inv, i) => t.invoices.line(first + i + 1, inv))].join('\n'),
          buttons: [paging, [navButton('menu', t.toMenu)]].filter((r) => r.length > 0),
          secret: false,
        };
      },
      press: (verb, arg) => {
        const page = indexArg(arg);
        return verb === 'page' && page !== undefined ? next.run({ kind: 'invoices', page }) : undefined;
      },
      expects: () => t.expectChoice,
    },
  },
  answers: {
    invoices: (a) => next.show({ name: 'invoices', page: a.page, total: a.result.total, items: a.result.items }),
  },
  intents: {},
};
