// An end customer's company name as a reseller types it, checked the same way wherever one is
// given (a new license's end customer, Customers' add and rename, a license's new end customer).

export const CUSTOMER_NAME_MIN = 2;
export const CUSTOMER_NAME_MAX = 200;

/**
 * The name to keep (trimmed), or undefined when it is too short or too long, or holds a control
 * character: a line break too, since the name is printed on one line of invoices, quotes and cards.
 */
export function endCustomerName(text: string): string | undefined {
  const company = text.trim();
  if (company.length < CUSTOMER_NAME_MIN || company.length > CUSTOMER_NAME_MAX) return undefined;
  return /\p{Cc}/u.test(company) ? undefined : company;
}
