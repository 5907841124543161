// The reseller's invoices and credit notes, paged, newest first; one of them opened (its PDF,
// and how to pay it when it is unpaid: the bank transfer's details, or a payment page where
// configured); and the yearly statement as a CSV file.
import type { InvoiceListEntry } from '../../../domain/accounts/accounts';
import { flowButtons, indexArg, navButton, rows } from '../../buttons';
import { next, type Flow } from '../../flow';
import { pagingButtons } from '../../paging';
import { say, type Reply, type ReplyDocument } from '../../reply';
import { PAGE_SIZE } from '../../state';
import { t } from '../../wording';
import type { InvoicePayment } from './commands';

export type InvoicesStep =
  | { name: 'invoices'; page: number; total: number; items: InvoiceListEntry[] }
  | { name: 'invoice_card'; entry: InvoiceListEntry; hasDocument: boolean; payment: InvoicePayment | null }
  | { name: 'statement_year'; years: number[] };

const STATEMENT_YEARS = 3;
const button = flowButtons('invoices', ['page', 'open', 'statement', 'pay', 'list', 'year'] as const);
const withDocument = (document: ReplyDocument): Reply => ({ ...say(t.invoices.documentCaption(document.filename)), document });

export const invoicesFlow: Flow<InvoicesStep['name'], 'invoices' | 'invoice_opened' | 'invoice_payment' | 'statement'> = {
  steps: {
    invoices: {
      flow: 'invoices',
      view: (step) => {
        if (step.total === 0) return { text: t.invoices.none, buttons: [[navButton('menu', t.toMenu)]], secret: false };
        const first = step.page * PAGE_SIZE;
        const paging = pagingButtons(step.page, step.total, (label, page) => button('page', label === 'previous' ? t.previous : t.next, page));
        return {
          text: [t.invoices.title(first + 1, first + step.items.length, step.total), ...step.items.map((inv, i) => t.invoices.line(first + i + 1, inv))].join('\n'),
          buttons: [...rows(step.items.map((_, i) => button('open', t.invoices.open(first + i + 1), i)), 5), paging, [button('statement', t.invoices.statement), navButton('menu', t.toMenu)]].filter((r) => r.length > 0),
          secret: false,
        };
      },
      press: (verb, arg, step, _state, ctx) => {
        const index = indexArg(arg);
        if (verb === 'page' && index !== undefined) return next.run({ kind: 'invoices', page: index });
        const entry = verb === 'open' && index !== undefined ? step.items[index] : undefined;
        if (entry) return next.run({ kind: 'invoice_open', entry: { id: entry.id, kind: entry.kind } });
        if (verb === 'statement') {
          const year = Number(ctx.today.slice(0, 4));
          return next.show({ name: 'statement_year', years: Array.from({ length: STATEMENT_YEARS }, (_, i) => year - i) });
        }
        return undefined;
      },
      expects: () => t.expectChoice,
    },
    invoice_card: {
      flow: 'invoices',
      view: (step) => ({
        text: t.invoices.card(step.entry, step.hasDocument, step.payment),
        buttons: [
          (step.payment?.online ?? []).map((m) => button('pay', t.invoices.payWith[m], m)),
          [button('list', t.invoices.backToList), navButton('menu', t.toMenu)],
        ].filter((r) => r.length > 0),
        secret: false,
      }),
      press: (verb, arg, step) => {
        const method = step.payment?.online.find((m) => m === arg);
        if (verb === 'pay' && method) return next.run({ kind: 'invoice_pay', invoiceId: step.entry.id, method });
        if (verb === 'list') return next.run({ kind: 'invoices', page: 0 });
        return undefined;
      },
      expects: () => t.expectChoice,
      back: () => next.run({ kind: 'invoices', page: 0 }),
    },
    statement_year: {
      flow: 'invoices',
      view: (step) => ({ text: t.invoices.askYear, buttons: [step.years.map((y) => button('year', String(y), y)), [button('list', t.invoices.backToList), navButton('menu', t.toMenu)]], secret: false }),
      press: (verb, arg, step) => {
        const year = indexArg(arg);
        if (verb === 'year' && year !== undefined && step.years.includes(year)) return next.run({ kind: 'statement', year });
        if (verb === 'list') return next.run({ kind: 'invoices', page: 0 });
        return undefined;
      },
      text: (text) => (/^\s*\d{4}\s*$/.test(text) ? next.run({ kind: 'statement', year: Number(text.trim()) }) : undefined),
      expects: () => t.invoices.askYear,
      back: () => next.run({ kind: 'invoices', page: 0 }),
    },
  },
  answers: {
    invoices: (a) => next.show({ name: 'invoices', page: a.page, total: a.result.total, items: a.result.items }),
    invoice_opened: (a) => {
      const r = a.result;
      if (r.kind !== 'ok') return next.run({ kind: 'invoices', page: 0 }, { say: [say(t.invoices.notFound)] });
      return next.show({ name: 'invoice_card', entry: r.entry, hasDocument: r.document !== null, payment: r.payment }, { say: r.document ? [withDocument(r.document)] : [] });
    },
    invoice_payment: (a) => {
      const r = a.result;
      if (r.kind !== 'ok') return next.again(say(t.invoices.notPayable));
      return next.again({ text: t.invoices.payPage(r.method), buttons: [[{ url: r.url, label: t.invoices.openPaymentPage }]], secret: false });
    },
    statement: (a) => {
      const r = a.result;
      if (r.kind === 'ok') return next.run({ kind: 'invoices', page: 0 }, { say: [withDocument(r.document), say(t.invoices.statementDone(r.year, r.entries))] });
      if (r.kind === 'invalid_year') return next.again(say(t.invoices.invalidYear(r.earliest, r.latest)));
      return next.refuse('view_invoices');
    },
  },
  intents: {},
};
