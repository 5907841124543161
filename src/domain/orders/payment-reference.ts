/**
 * The reference a reseller writes on a bank transfer: the order number with a check digit
 * (ISO 7064 mod 97-10, as in IBANs), so that a mistyped reference is caught when staff confirm it.
 */
export function paymentReference(orderNumber: number, prefix = 'TCX'): string {
  const body = String(orderNumber).padStart(6, '0');
  const check = 98 - Number((BigInt(body + '00') % 97n));
  return `${prefix}-${body}-${String(check).padStart(2, '0')}`;
}

/** Reads a reference a person typed; undefined when it is malformed or its check digits are wrong. */
export function parsePaymentReference(input: string, prefix = 'TCX'): { orderNumber: number } | undefined {
  const match = new RegExp(`^${prefix}-?(\\d{6,})-?(\\d{2})$`, 'i').exec(input.trim().replace(/\s+/g, ''));
  if (!match || !match[1] || !match[2]) return undefined;
  const orderNumber = Number(match[1]);
  if (!Number.isSafeInteger(orderNumber)) return undefined;
  return paymentReference(orderNumber, prefix).toUpperCase() === `${prefix}-${match[1]}-${match[2]}`.toUpperCase()
    ? { orderNumber }
    : undefined;
}
