// What an administrator types into the reseller form: one `field: value` a line ("vat id:
// DE123456789", "level: gold"), several at once; a field with nothing after the colon is taken
// out of what was typed. The values are checked by the use case, not here.
import type { FormValues, ResellerField } from './types';

/** The names a field may be typed as (lower case, spaces, dashes and underscores alike). */
const NAMES: Record<string, ResellerField> = {
  partnerid: 'partnerId', partner: 'partnerId', id: 'partnerId',
  company: 'company', name: 'company',
  country: 'country',
  level: 'level', partnerlevel: 'level',
  legalname: 'legalName',
  street: 'street', address: 'street',
  postcode: 'postcode', zip: 'postcode', postalcode: 'postcode', zipcode: 'postcode',
  city: 'city', town: 'city',
  vatid: 'vatId', vat: 'vatId', vatnumber: 'vatId',
  vatrate: 'vatRate',
  timezone: 'timezone', tz: 'timezone', zone: 'timezone',
  currency: 'currency',
};

const MAX_VALUE = 200;

export type FormParse =
  | { kind: 'ok'; values: FormValues }
  /** A line names no field (or has no colon): the line, as typed. */
  | { kind: 'unknown_field'; line: string }
  /** A field the form does not take (the partner id or company of an existing reseller). */
  | { kind: 'not_editable'; field: ResellerField }
  /** A value longer than any field takes (never cut short: a cut legal name would be saved as it is). */
  | { kind: 'too_long'; field: ResellerField }
  /** A value with a character that reorders the text around it (a bidirectional override or isolate), which would print on invoices. */
  | { kind: 'reordering'; field: ResellerField };

/** Unicode's explicit bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). */
const REORDERING = /[\u202a-\u202e\u2066-\u2069]/u;

/** The field a typed name means, if any. */
export function fieldNamed(name: string): ResellerField | undefined {
  return NAMES[name.toLowerCase().replace(/[\s_-]+/g, '')];
}

/** `values` with the typed lines applied; `allowed` are the fields this form takes. Undefined when nothing is typed. */
export function applyLines(text: string, values: FormValues, allowed: readonly ResellerField[]): FormParse | undefined {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  if (lines.length === 0) return undefined;
  const out: FormValues = { ...values };
  for (const line of lines) {
    const colon = line.indexOf(':');
    const field = colon > 0 ? fieldNamed(line.slice(0, colon)) : undefined;
    if (!field) return { kind: 'unknown_field', line: line.slice(0, 60) };
    if (!allowed.includes(field)) return { kind: 'not_editable', field };
    const value = line.slice(colon + 1).trim();
    if (value.length > MAX_VALUE) return { kind: 'too_long', field };
    if (REORDERING.test(value)) return { kind: 'reordering', field };
    if (value) out[field] = value;
    else delete out[field];
  }
  return { kind: 'ok', values: out };
}
