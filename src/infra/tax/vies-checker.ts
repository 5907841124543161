// A VAT number check over HTTP, shaped like the EU's VIES REST API (`check-vat-number`):
//
//   POST <VAT_CHECK_URL>   Content-Type: application/json
//   {"countryCode": "DE", "vatNumber": "123456789"}
//
//   200 {"valid": true,  "name": "Rhein Telefonie GmbH", "address": "Domstraße 7, 50668 Köln", ...}
//   200 {"valid": false, "userError": "INVALID", ...}
//
// `countryCode` is the VAT prefix (EL for Greece, XI for Northern Ireland), `vatNumber` what
// follows it. `valid: true` is a valid number ("---" for a name or address the member state does
// not disclose); `valid: false` with no `userError` or with "INVALID" is an invalid one. Anything
// else — another `userError` (MS_UNAVAILABLE, TIMEOUT, SERVICE_UNAVAILABLE, …), an
// `actionSucceed: false` error answer, another HTTP status, no answer within the timeout — is
// no verdict: the caller stores the VAT ID unverified.
import type { VatNumberCheck, VatNumberChecker } from '../../domain/ports';
import { isEuMember } from '../../domain/tax/eu';

/** VIES knows the EU member states' numbers (Greece as EL) and Northern Ireland's (XI). */
function inVies(prefix: string): boolean {
  return prefix === 'EL' || prefix === 'XI' || (prefix !== 'GR' && isEuMember(prefix));
}

export const VAT_CHECK_TIMEOUT_MS = 5_000;

export function viesChecker(options: { url: string; timeoutMs?: number; fetch?: typeof fetch }): VatNumberChecker {
  const send = options.fetch ?? fetch;
  return {
    async check({ prefix, number }): Promise<VatNumberCheck> {
      if (!inVies(prefix)) return { kind: 'unavailable', reason: `VIES does not know ${prefix} numbers` };
      let response: Response;
      try {
        response = await send(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ countryCode: prefix, vatNumber: number }),
          signal: AbortSignal.timeout(options.timeoutMs ?? VAT_CHECK_TIMEOUT_MS),
        });
      } catch (error) {
        const reason = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError') ? 'no answer in time' : `cannot be reached (${errorText(error)})`;
        return { kind: 'unavailable', reason };
      }
      if (!response.ok) return { kind: 'unavailable', reason: `answered HTTP ${response.status}` };
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        return { kind: 'unavailable', reason: 'answered something that is not JSON' };
      }
      return verdictOf(body);
    },
  };
}

/** What a check-vat-number answer says. */
export function verdictOf(body: unknown): VatNumberCheck {
  const b = (body ?? {}) as Record<string, unknown>;
  const userError = typeof b.userError === 'string' ? b.userError : undefined;
  if (b.valid === true && (userError === undefined || userError === 'VALID')) return { kind: 'valid', name: disclosed(b.name), address: disclosed(b.address) };
  if (b.valid === false && (userError === undefined || userError === 'INVALID')) return { kind: 'invalid' };
  const wrapped = Array.isArray(b.errorWrappers) ? (b.errorWrappers as Array<{ error?: unknown }>).map((e) => String(e.error)).join(', ') : undefined;
  return { kind: 'unavailable', reason: userError ?? wrapped ?? 'an answer without a verdict' };
}

function disclosed(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' && value.trim() !== '---' ? value.trim() : null;
}

function errorText(error: unknown): string {
  const cause = (error as { cause?: { code?: string } } | null)?.cause?.code;
  return cause ?? (error instanceof Error ? error.message : String(error));
}
