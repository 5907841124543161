import type { InvoiceListEntry } from '../../../domain/accounts/accounts';
import type { Page } from '../../../domain/ports';
import type { CommandHandlers } from '../../commands';
import { pageWithin } from '../../paging';

export type InvoicesCommand = { kind: 'invoices'; page: number };
export type InvoicesAnswer = { kind: 'invoices'; page: number; result: Page<InvoiceListEntry> };

export const invoicesCommands: CommandHandlers<'invoices'> = {
  invoices: async (command, { repos, reseller }) => {
    const page = await pageWithin(command.page, (offset, limit) => repos.invoices.listFor(reseller.id, { offset, limit }));
    return { kind: 'invoices', page: page.page, result: page.result };
  },
};
