import type { FulfilmentStep } from '../../domain/orders/fulfilment';
import { changeOfStep } from '../../domain/orders/fulfilment';
import type { PlacedLine, ProvidedLicense, ProviderRefusal, RemoteLicenseProvider, RemotePlacement } from '../../domain/ports';
import { isEdition, SC_TIERS, type Edition } from '../../domain/pricing/catalog';
import { isLocalDate, type LocalDate } from '../../domain/pricing/dates';
import { normaliseLicenseKey } from '../../domain/pricing/license-key';
import type { ProviderRefusalReason } from '../../domain/pricing/verification';
import type { Logger } from '../log';
import { orderApiLine, postOrder, type LicenseKeyAnswer, type OrderApiOptions, type OrderItemAnswer } from './threecx-order-api';

/** How long a question (a read-only order) may take; a placement gets longer. */
export const CHECK_TIMEOUT_MS = 5_000;
/** After a failed check, quotes go on without asking 3CX for this long (nobody waits for a dead line). */
export const CHECK_PAUSE_MS = 60_000;
export const PLACE_TIMEOUT_MS = 30_000;

/** 3CX's per-line error codes, as the product understands them (compared without case). */
const REFUSALS: Record<string, ProviderRefusalReason> = {
  upgradeisnotavailable: 'upgrade_not_available',
  cannotupgradekeywithexpiredmaintenance: 'maintenance_expired',
  cannotupgradekeywithadditionalmaintenance: 'additional_maintenance',
  keyversionisdeprecated: 'version_deprecated',
};

/** What a 3CX error code means here; unknown codes are kept as `other`. */
export function refusalOf(code: string): ProviderRefusal {
  return { reason: REFUSALS[code.toLowerCase()] ?? 'other', code };
}

/**
 * The 3CX Order API license provider (`LICENSE_PROVIDER=3cx`). Keys are looked up among the
 * licenses recorded here (which reseller owns which key is the distributor's knowledge, and
 * the API has no look-up of a key). Every line is checked with a read-only order before it
 * is sold; a paid order is checked again and placed with `readonly=false`, outside any
 * transaction, and what 3CX answers (keys, new dates, refused lines) is what the order applies.
 */
export function threecxLicenseProvider(options: OrderApiOptions & { log: Logger; checkTimeoutMs?: number; placeTimeoutMs?: number; now?: () => number }): RemoteLicenseProvider {
  const checkTimeout = options.checkTimeoutMs ?? CHECK_TIMEOUT_MS;
  const placeTimeout = options.placeTimeoutMs ?? PLACE_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  let checksPausedUntil = 0;

  return {
    name: '3cx',
    placement: 'remote',
    // The read-only check and the order itself, one after the other.
    placementTimeoutMs: checkTimeout + placeTimeout,
    lookup: (key, repos) => repos.licenses.findByKey(key),

    async check(changes, partnerId) {
      // A 3CX outage does not stop selling: the paid order is checked again before it is placed.
      if (changes.length === 0 || now() < checksPausedUntil) return changes.map(() => undefined);
      const lines = changes.map((change) => orderApiLine(change, partnerId));
      const call = await postOrder(options, { readonly: true, po: 'QUOTE', notes: 'price check', lines }, checkTimeout);
      if (call.kind !== 'answered') {
        checksPausedUntil = now() + CHECK_PAUSE_MS;
        options.log.warn(`3CX check skipped, and skipped for the next ${CHECK_PAUSE_MS / 1000} s: ${call.error}`);
        return changes.map(() => undefined);
      }
      return call.answer.Items.map((item) => (item.ErrorCode ? refusalOf(item.ErrorCode) : undefined));
    },

    async place(request): Promise<RemotePlacement> {
      const po = `ORDER-${request.orderNumber}`;
      const notes = `order ${request.orderId}`;
      const lines = request.steps.map((step) => orderApiLine(changeOfStep(step), request.partnerId));
      // A read-only order first: lines 3CX would refuse are left out, so that the rest is placed.
      const check = await postOrder(options, { readonly: true, po, notes, lines }, checkTimeout);
      switch (check.kind) {
        case 'answered':
          break;
        case 'refused':
          return { kind: 'not_placed', retryable: false, error: check.error };
        default:
          // Nothing is placed by a read-only order, whatever happened to it.
          return { kind: 'not_placed', retryable: true, error: check.error };
      }
      const refused = new Map<string, string>();
      const accepted: FulfilmentStep[] = [];
      request.steps.forEach((step, i) => {
        const code = check.answer.Items[i]?.ErrorCode;
        if (code) refused.set(step.line.id, code);
        else accepted.push(step);
      });
      const refusedLines = (): PlacedLine[] => [...refused].map(([lineId, code]) => ({ lineId, outcome: 'refused', code }));
      // Kept with an uncertain answer: staff recording what 3CX shows leave these lines out.
      const alreadyRefused = [...refused].map(([lineId, code]) => ({ lineId, code }));
      if (accepted.length === 0) return { kind: 'placed', placement: { reference: null, lines: refusedLines() }, response: { readonly: check.body } };

      const placed = await postOrder(options, { readonly: false, po, notes, lines: accepted.map((step) => orderApiLine(changeOfStep(step), request.partnerId)) }, placeTimeout);
      switch (placed.kind) {
        case 'not_sent':
          return { kind: 'not_placed', retryable: true, error: placed.error };
        case 'refused':
          return { kind: 'not_placed', retryable: false, error: placed.error };
        case 'unknown':
          return { kind: 'uncertain', error: placed.error, response: placed.body, refused: alreadyRefused };
        case 'answered':
          break;
        default: {
          const never: never = placed;
          throw new Error(`unknown 3CX call ${JSON.stringify(never)}`);
        }
      }
      const done: PlacedLine[] = [];
      // An order with a refused line may not have been carried out at all: its other lines
      // count as done only when they carry their license keys.
      const partlyRefused = placed.answer.Items.some((item) => item.ErrorCode);
      for (const [i, step] of accepted.entries()) {
        const item = placed.answer.Items[i] as OrderItemAnswer;
        if (item.ErrorCode) {
          done.push({ lineId: step.line.id, outcome: 'refused', code: item.ErrorCode });
          continue;
        }
        const licenses = providedLicenses(item, step);
        if (partlyRefused && !licenses?.length) {
          return { kind: 'uncertain', error: `3CX refused part of ${po} and does not show whether line ${i + 1} (${item.Type ?? '?'}) was carried out`, response: placed.body, refused: alreadyRefused };
        }
        if (!licenses) {
          return { kind: 'uncertain', error: `3CX placed ${po} but its line ${i + 1} (${item.Type ?? '?'}) does not carry the expected license keys`, response: placed.body, refused: alreadyRefused };
        }
        done.push({ lineId: step.line.id, outcome: 'done', licenses });
      }
      return { kind: 'placed', placement: { reference: placed.answer.OrderId ?? po, lines: [...done, ...refusedLines()] }, response: placed.body };
    },
  };
}

/**
 * The licenses 3CX reports for a placed line, filled in from the plan where it is silent;
 * `undefined` when they cannot be what the line asked for (a key that is no key, too few keys).
 */
function providedLicenses(item: OrderItemAnswer, step: FulfilmentStep): ProvidedLicense[] | undefined {
  const answers = item.LicenseKeys ?? [];
  if (step.kind === 'issue') {
    if (answers.length !== step.count) return undefined;
    const licenses = answers.map((a) => providedLicense(a, { type: 'annual', edition: step.edition, sc: step.sc, expiresOn: step.expiresOn, maintenanceUntil: null }));
    return licenses.every((l) => l !== undefined) ? licenses : undefined;
  }
  // Renewals and upgrades: the key's new terms when 3CX reports them, the plan's otherwise.
  const licenses = answers.map((a) => providedLicense(a, { ...step.license, ...(step.kind === 'upgrade' ? { edition: step.edition, sc: step.sc } : {}) }));
  return licenses.every((l) => l !== undefined) ? licenses : undefined;
}

function providedLicense(
  answer: LicenseKeyAnswer,
  otherwise: Pick<ProvidedLicense, 'type' | 'edition' | 'sc' | 'expiresOn' | 'maintenanceUntil'>,
): ProvidedLicense | undefined {
  const key = normaliseLicenseKey(answer.LicenseKey);
  if (key.kind !== 'ok') return undefined;
  const type = answer.IsPerpetual === true ? 'perpetual' : answer.IsPerpetual === false ? 'annual' : otherwise.type;
  const edition = editionOf(answer.Edition) ?? otherwise.edition;
  const expiresOn = type === 'annual' ? (dateOf(answer.ExpiryDate) ?? otherwise.expiresOn) : null;
  const maintenanceUntil = type === 'perpetual' ? (dateOf(answer.MaintenanceDate) ?? otherwise.maintenanceUntil) : null;
  const sc = answer.SimultaneousCalls ?? otherwise.sc;
  // A license the product could not keep (a size 3CX does not sell, a term without its end) is no answer.
  if (!(SC_TIERS as readonly number[]).includes(sc) || (type === 'annual' ? expiresOn === null : maintenanceUntil === null)) return undefined;
  return { key: key.key, type, edition, sc, expiresOn, maintenanceUntil };
}

function editionOf(name: string | null | undefined): Edition | undefined {
  const edition = name?.trim().toLowerCase();
  return isEdition(edition) ? edition : undefined;
}

/** "2027-12-16T00:00:00" → 2027-12-16. */
function dateOf(value: string | null | undefined): LocalDate | undefined {
  const day = value?.slice(0, 10);
  return isLocalDate(day) ? day : undefined;
}
