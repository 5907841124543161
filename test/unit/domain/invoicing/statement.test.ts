import { describe, expect, it } from 'vitest';
import { csvField, decimalOf, statementCsv, type StatementEntry } from '../../../../src/domain/invoicing/statement';

const entry = (overrides: Partial<StatementEntry>): StatementEntry => ({
  kind: 'invoice', number: 'INV-2026-000001', issuedOn: '2026-11-26', orderNumber: 1042, taxableCents: 182842, vatRateBp: 2100, vatCents: 38397,
  totalCents: 221239, currency: 'EUR', status: 'paid', creditedInvoiceNumber: null, ...overrides,
});

describe('the yearly statement CSV', () => {
  it('writes amounts as decimals with a dot, negative for credit notes', () => {
    expect(decimalOf(221239)).toBe('2212.39');
    expect(decimalOf(-1200)).toBe('-12.00');
    expect(decimalOf(5)).toBe('0.05');
    expect(decimalOf(0)).toBe('0.00');
  });

  it('quotes fields as RFC 4180 says', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('has a header and one CRLF-ended line per invoice or credit note', () => {
    const csv = statementCsv([
      entry({}),
      entry({ kind: 'credit_note', number: 'CN-2026-000001', orderNumber: 1042, taxableCents: -992, vatCents: -208, totalCents: -1200, status: 'issued', creditedInvoiceNumber: 'INV-2026-000001' }),
      entry({ number: 'INV,DEMO"1', orderNumber: null, taxableCents: null, vatRateBp: null, vatCents: null, totalCents: 23595, status: 'unpaid' }),
      entry({ number: 'INV-2026-000002', vatRateBp: 2550, taxableCents: 10000, vatCents: 2550, totalCents: 12550 }),
    ]);
    expect(csv).toBe([
      'number,kind,date,order,taxable,vat_rate_percent,vat,total,currency,status,credits_invoice',
      'INV-2026-000001,invoice,2026-11-26,1042,1828.42,21,383.97,2212.39,EUR,paid,',
      'CN-2026-000001,credit note,2026-11-26,1042,-9.92,21,-2.08,-12.00,EUR,issued,INV-2026-000001',
      '"INV,DEMO""1",invoice,2026-11-26,,,,,235.95,EUR,unpaid,',
      'INV-2026-000002,invoice,2026-11-26,1042,100.00,25.5,25.50,125.50,EUR,paid,',
      '',
    ].join('\r\n'));
  });
});
