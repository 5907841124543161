import { addYears, maxDate, type LocalDate } from '../pricing/dates';
import type { Edition } from '../pricing/catalog';
import type { License } from '../pricing/license';
import type { LicenseKey } from '../pricing/license-key';
import type { LicenseChange, PlacedLine, Placement } from '../ports';
import type { Order, OrderLine } from './order';

/** One change a paid order makes to the licenses, planned before anything is written. */
export type FulfilmentStep =
  | { kind: 'issue'; line: OrderLine; count: number; edition: Edition; sc: number; expiresOn: LocalDate; endCustomerId: string | null }
  | { kind: 'renew_annual'; line: OrderLine; license: License; expiresOn: LocalDate }
  | { kind: 'renew_maintenance'; line: OrderLine; license: License; maintenanceUntil: LocalDate }
  | { kind: 'upgrade'; line: OrderLine; license: License; edition: Edition; sc: number };

/** A line that cannot be applied as ordered (the license changed since), for staff to settle. */
export interface FulfilmentProblem {
  line: OrderLine;
  reason: 'license_missing' | 'license_changed' | 'provider_refused';
  /** The provider's error code, when it refused the line. */
  code?: string;
}

/**
 * Plans the fulfilment of a paid order on `today`: new keys run from today, renewals extend
 * the term the license has now (not the one it had when quoted, so that two paid renewals
 * of one key both count), upgrades change edition and SC and keep the expiry. With
 * `alreadyPlaced` (a remote provider carried the lines out), a line of a license that changed
 * since it was priced is applied all the same: the provider did it.
 */
export function planFulfilment(
  order: Pick<Order, 'lines'>,
  licensesById: ReadonlyMap<string, License>,
  today: LocalDate,
  options: { alreadyPlaced?: boolean } = {},
): { steps: FulfilmentStep[]; problems: FulfilmentProblem[] } {
  const steps: FulfilmentStep[] = [];
  const problems: FulfilmentProblem[] = [];
  for (const line of order.lines) {
    if (line.kind === 'new_license') {
      steps.push({
        kind: 'issue', line, count: line.quantity, edition: line.edition, sc: line.sc,
        expiresOn: addYears(today, line.years), endCustomerId: line.endCustomerId,
      });
      continue;
    }
    const license = line.licenseId ? licensesById.get(line.licenseId) : undefined;
    if (!license) {
      problems.push({ line, reason: 'license_missing' });
      continue;
    }
    // A line applies only to the license it was priced for: a renewal to the same edition and
    // SC (an upgrade since would otherwise renew the bigger license at the smaller price), an
    // upgrade to the same edition, SC and expiry (the proration was for those days).
    const sameSize = license.edition === line.edition && license.sc === line.sc;
    if (line.kind === 'renew_annual' && license.expiresOn && sameSize) {
      steps.push({ kind: 'renew_annual', line, license, expiresOn: addYears(maxDate(license.expiresOn, today), line.years) });
    } else if (line.kind === 'renew_maintenance' && license.maintenanceUntil && sameSize) {
      steps.push({ kind: 'renew_maintenance', line, license, maintenanceUntil: addYears(maxDate(license.maintenanceUntil, today), line.years) });
    } else if (
      line.kind === 'upgrade' && license.type === 'annual' && license.edition === line.fromEdition && license.sc === line.fromSc &&
      (line.newTermEnd === null || license.expiresOn === line.newTermEnd)
    ) {
      steps.push({ kind: 'upgrade', line, license, edition: line.edition, sc: line.sc });
    } else if (options.alreadyPlaced) {
      steps.push(placedStep(line, license, today));
    } else {
      problems.push({ line, reason: 'license_changed' });
    }
  }
  return { steps, problems };
}

/** The step of a line the provider carried out, on the license as it is now. */
function placedStep(line: OrderLine, license: License, today: LocalDate): FulfilmentStep {
  switch (line.kind) {
    case 'renew_annual':
      return { kind: 'renew_annual', line, license, expiresOn: addYears(maxDate(license.expiresOn ?? today, today), line.years) };
    case 'renew_maintenance':
      return { kind: 'renew_maintenance', line, license, maintenanceUntil: addYears(maxDate(license.maintenanceUntil ?? today, today), line.years) };
    default:
      return { kind: 'upgrade', line, license, edition: line.edition, sc: line.sc };
  }
}

/** The change a step asks of the license provider. */
export function changeOfStep(step: FulfilmentStep): LicenseChange {
  switch (step.kind) {
    case 'issue':
      return { kind: 'new_license', edition: step.edition, sc: step.sc, quantity: step.count, years: step.line.years };
    case 'upgrade':
      return { kind: 'upgrade', key: step.license.key, edition: step.edition, sc: step.sc };
    case 'renew_annual':
    case 'renew_maintenance':
      return { kind: step.kind, key: step.license.key, years: step.line.years };
    default: {
      const never: never = step;
      throw new Error(`unknown fulfilment step ${JSON.stringify(never)}`);
    }
  }
}

/**
 * The placement of a provider that keeps licenses here (the sandbox): every step is carried
 * out as planned, new keys come from `newKeys`.
 */
export async function placeLocally(steps: readonly FulfilmentStep[], newKeys: (count: number) => Promise<LicenseKey[]>): Promise<Placement> {
  const lines: PlacedLine[] = [];
  for (const step of steps) {
    if (step.kind === 'issue') {
      const keys = await newKeys(step.count);
      const licenses = keys.map((key) => ({ key, type: 'annual' as const, edition: step.edition, sc: step.sc, expiresOn: step.expiresOn, maintenanceUntil: null }));
      lines.push({ lineId: step.line.id, outcome: 'done', licenses });
      continue;
    }
    const after = { ...step.license, ...termsAfter(step) };
    lines.push({ lineId: step.line.id, outcome: 'done', licenses: [{ key: after.key, type: after.type, edition: after.edition, sc: after.sc, expiresOn: after.expiresOn, maintenanceUntil: after.maintenanceUntil }] });
  }
  return { reference: null, lines };
}

/** The terms a step on an existing license sets, as planned. */
function termsAfter(step: Exclude<FulfilmentStep, { kind: 'issue' }>): Partial<License> {
  switch (step.kind) {
    case 'renew_annual': return { expiresOn: step.expiresOn };
    case 'renew_maintenance': return { maintenanceUntil: step.maintenanceUntil };
    case 'upgrade': return { edition: step.edition, sc: step.sc };
    default: {
      const never: never = step;
      throw new Error(`unknown fulfilment step ${JSON.stringify(never)}`);
    }
  }
}
