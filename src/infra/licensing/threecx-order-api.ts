// The 3CX partner Order API on the wire (domain.md: "as seen in public distributor
// integrations"): `POST {base}/order/?readonly=true|false` with HTTP Basic auth (the partner
// API key as the user name, an empty password). Only this file knows its shapes, so that a
// difference found against the real service is mended here.
import { z } from 'zod';
import { editionName } from '../../domain/pricing/catalog';
import type { LicenseChange } from '../../domain/ports';

/** A line of an order as 3CX takes it. */
export interface OrderApiLine {
  Type: 'NewLicense' | 'Upgrade' | 'RenewAnnual' | 'Maintenance';
  Edition: string | null;
  SimultaneousCalls: number | null;
  /** Licenses for a new license; years for a renewal; 1 for an upgrade. */
  Quantity: number;
  /** Years bought on top of a new license's first year. */
  AdditionalInsuranceYears: number;
  /** The existing key an upgrade or renewal is for. */
  UpgradeKey: string | null;
  ResellerId: string;
  AddHosting: boolean;
}

/** The line 3CX is sent for a change of licenses of a reseller (its partner id). */
export function orderApiLine(change: LicenseChange, partnerId: string): OrderApiLine {
  const common = { ResellerId: partnerId, AddHosting: false, AdditionalInsuranceYears: 0 };
  switch (change.kind) {
    case 'new_license':
      return { ...common, Type: 'NewLicense', Edition: editionName(change.edition), SimultaneousCalls: change.sc, Quantity: change.quantity, AdditionalInsuranceYears: change.years - 1, UpgradeKey: null };
    case 'upgrade':
      return { ...common, Type: 'Upgrade', Edition: editionName(change.edition), SimultaneousCalls: change.sc, Quantity: 1, UpgradeKey: change.key };
    case 'renew_annual':
      return { ...common, Type: 'RenewAnnual', Edition: null, SimultaneousCalls: null, Quantity: change.years, UpgradeKey: change.key };
    case 'renew_maintenance':
      return { ...common, Type: 'Maintenance', Edition: null, SimultaneousCalls: null, Quantity: change.years, UpgradeKey: change.key };
    default: {
      const never: never = change;
      throw new Error(`unknown license change ${JSON.stringify(never)}`);
    }
  }
}

const text = z.union([z.string(), z.number()]).nullish().transform((v) => (v === null || v === undefined || v === '' ? null : String(v)));

const licenseKeyAnswer = z.object({
  LicenseKey: z.string(),
  SimultaneousCalls: z.number().int().positive().nullish(),
  IsPerpetual: z.boolean().nullish(),
  Edition: z.string().nullish(),
  ExpiryDate: z.string().nullish(),
  MaintenanceDate: z.string().nullish(),
}).passthrough();

const itemAnswer = z.object({
  Type: z.string().nullish(),
  SKU: z.string().nullish(),
  ErrorCode: text,
  LicenseKeys: z.array(licenseKeyAnswer).nullish(),
}).passthrough();

/** The answer to an order, read leniently: only what the product uses must be there. */
export const orderAnswer = z.object({
  Currency: z.string().nullish(),
  GrandTotal: z.number().nullish(),
  Items: z.array(itemAnswer),
  OrderId: text,
}).passthrough();

export type OrderAnswer = z.infer<typeof orderAnswer>;
export type OrderItemAnswer = z.infer<typeof itemAnswer>;
export type LicenseKeyAnswer = z.infer<typeof licenseKeyAnswer>;

/** What came of one call, classified by what it means for an order placed with it. */
export type OrderCall =
  | { kind: 'answered'; answer: OrderAnswer; body: unknown }
  /** Nothing reached 3CX, or 3CX said it did nothing (429): the same call may be made again. */
  | { kind: 'not_sent'; error: string }
  /** 3CX refused the request as a whole (400, 401, 403, 404, 422): repeating it changes nothing. */
  | { kind: 'refused'; status: number; error: string }
  /**
   * The call may have been carried out: a timeout, a connection lost, a 5xx (a proxy's 503 may
   * come after 3CX did the work), an answer that cannot be read.
   */
  | { kind: 'unknown'; error: string; body?: unknown };

/** Errors of a connection that was never made: the request cannot have arrived. */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

export interface OrderApiOptions {
  apiKey: string;
  /** e.g. https://api.3cx.com/public/v1 */
  baseUrl: string;
  fetch?: typeof fetch;
}

/** Sends an order to 3CX: `readonly` quotes it, otherwise it is placed. */
export async function postOrder(
  options: OrderApiOptions,
  order: { readonly: boolean; po: string; notes: string; lines: OrderApiLine[] },
  timeoutMs: number,
): Promise<OrderCall> {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/order/?readonly=${order.readonly ? 'true' : 'false'}`;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${options.apiKey}:`).toString('base64')}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify({ PO: order.po, SalesCode: '', Notes: order.notes, Lines: order.lines }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const code = (error as { cause?: { code?: unknown } }).cause?.code;
    const message = `3CX ${url}: ${error instanceof Error ? error.message : String(error)}${typeof code === 'string' ? ` (${code})` : ''}`;
    return typeof code === 'string' && NEVER_CONNECTED.has(code) ? { kind: 'not_sent', error: message } : { kind: 'unknown', error: message };
  }
  const raw = await response.text().catch(() => '');
  const body = parseJson(raw);
  const said = `3CX answered ${response.status}${raw ? `: ${raw.slice(0, 300)}` : ''}`;
  if (response.status === 429) return { kind: 'not_sent', error: said };
  if ([400, 401, 403, 404, 405, 409, 415, 422].includes(response.status)) return { kind: 'refused', status: response.status, error: said };
  if (!response.ok) return { kind: 'unknown', error: said, body };
  const parsed = orderAnswer.safeParse(body);
  if (!parsed.success) return { kind: 'unknown', error: `3CX answered ${response.status} with an order that cannot be read: ${parsed.error.issues[0]?.message ?? ''}`, body };
  if (parsed.data.Items.length !== order.lines.length) {
    return { kind: 'unknown', error: `3CX answered ${parsed.data.Items.length} items for ${order.lines.length} lines`, body };
  }
  return { kind: 'answered', answer: parsed.data, body };
}

function parseJson(raw: string): unknown {
  try {
    return raw ? (JSON.parse(raw) as unknown) : null;
  } catch {
    return raw;
  }
}
