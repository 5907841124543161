import { t } from '../conversation/wording';
import type { Logger } from '../infra/log';
import type { DigestStore } from './ports';

export interface StaffDigestDeps {
  digests: DigestStore;
  clock: { now(): Date };
  /** The hour (UTC) the digest is scheduled at: a period ends there. */
  hourUtc: number;
  deliver(outboxIds: number[]): Promise<void>;
  log: Logger;
}

/** The latest instant at `hourUtc`:00 UTC not after `now`: where the digest's period ends. */
export function periodEndAt(now: Date, hourUtc: number): Date {
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hourUtc));
  return end.getTime() > now.getTime() ? new Date(end.getTime() - 24 * 3600_000) : end;
}

/**
 * The daily digest to the staff chat, run by a job scheduler at STAFF_DIGEST_HOUR: the period
 * since the last digest is claimed once (a second run, or another instance's, finds it claimed
 * and sends nothing), its figures written as a message for staff, and the message delivered.
 */
export function staffDigestProcessor(deps: StaffDigestDeps) {
  return async (): Promise<{ kind: 'sent'; outboxId: number; periodEnd: string } | { kind: 'already_sent'; periodEnd: string }> => {
    const end = periodEndAt(deps.clock.now(), deps.hourUtc);
    const claimed = await deps.digests.claim(end, (facts, from) => t.staff.digest(facts, from, end));
    if (!claimed) return { kind: 'already_sent', periodEnd: end.toISOString() };
    await deps.deliver([claimed.outboxId]);
    deps.log.info(`staff digest until ${end.toISOString()} queued`);
    return { kind: 'sent', outboxId: claimed.outboxId, periodEnd: end.toISOString() };
  };
}
