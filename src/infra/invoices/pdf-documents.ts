import type { Knex } from 'knex';
import type { DocumentFile, DocumentRenderer } from '../../domain/ports';
import { renderCreditNotePdf } from './credit-note-pdf';
import { loadCreditNoteDocument, loadInvoiceDocumentById } from './invoice-document';
import { fileNameOf, renderInvoicePdf, type InvoicePdfOptions } from './invoice-pdf';
import { renderCustomerQuotePdf } from './quote-pdf';

const pdf = (filename: string, content: Buffer): DocumentFile => ({ filename, mimeType: 'application/pdf', content });

/** The DocumentRenderer: invoices and credit notes read from PostgreSQL, every document drawn with pdfkit. */
export function pdfDocuments(knex: Knex, options: InvoicePdfOptions = {}): DocumentRenderer {
  return {
    async invoicePdf(resellerId, entry) {
      if (entry.kind === 'invoice') {
        const invoice = await loadInvoiceDocumentById(knex, resellerId, entry.id);
        return invoice && pdf(fileNameOf(invoice.number), await renderInvoicePdf(invoice, options));
      }
      const creditNote = await loadCreditNoteDocument(knex, resellerId, entry.id);
      return creditNote && pdf(fileNameOf(creditNote.number), await renderCreditNotePdf(creditNote, { compress: options.compress }));
    },
    async customerQuotePdf(quote) {
      const name = `Quote-${quote.to.company}-${quote.issuedOn}`.replace(/\s+/g, '-');
      return pdf(fileNameOf(name), await renderCustomerQuotePdf(quote, { compress: options.compress }));
    },
  };
}
