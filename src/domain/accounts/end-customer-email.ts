// An end customer's email address as a reseller types it: one address, or a word that takes the
// address away (the column may be empty: a customer is added from its name alone).

export const CUSTOMER_EMAIL_MAX = 254;

/** The words that clear the address (an empty text does not: a chat sends none, and blanks are no answer). */
const NONE = new Set(['none', 'no email', 'remove', '-']);

/**
 * `{ email }` to keep (trimmed; null: no address), or undefined when the text is not one address:
 * one `@`, a dot in the domain, no spaces, control characters, quotes or brackets (the address is
 * printed on one line and written into mail headers), at most 254 characters.
 */
export function endCustomerEmail(text: string): { email: string | null } | undefined {
  const typed = text.trim();
  if (typed === '') return undefined;
  if (NONE.has(typed.toLowerCase())) return { email: null };
  if (typed.length > CUSTOMER_EMAIL_MAX) return undefined;
  return /^[^\s@"'<>()[\]\\,;:\p{Cc}]+@[^\s@"'<>()[\]\\,;:_\p{Cc}]+\.[^\s@"'<>()[\]\\,;:_.\p{Cc}]{2,}$/u.test(typed) && !typed.includes('..') ? { email: typed } : undefined;
}
