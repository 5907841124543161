// What the admin flow asks the domain, for an administrator's staff session only (the
// interpreter checks the staff account and its admin role before any of these runs). The Admin
// portal's use cases run through the AdminDesk, each in a transaction of its own, as the CLI's.
import type { StaffUser } from '../../../domain/accounts/accounts';
import type { StaffActor } from '../../../domain/admin/actor';
import type { AuditQuery, AuditSearchResult } from '../../../domain/use-cases/admin/audit';
import type { CommandEnv } from '../../commands';
import { PAGE_SIZE } from '../../state';
import { t } from '../../wording';
import type { AuditBy, AuditCriterion } from './steps';

/** The Admin portal's use cases as the chat reaches them (outside the conversation's transaction). */
export interface AdminDesk {
  searchAudit(input: { actor: StaffActor; query: AuditQuery; timeZone: string }): Promise<AuditSearchResult>;
}

export type AdminCommand = { kind: 'admin_audit'; criterion: AuditCriterion; page: number };

type Found = { kind: 'found'; by: Exclude<AuditBy, 'auto'>; lines: string[]; more: boolean };
export type AdminAnswer =
  | { kind: 'admin_audit'; criterion: AuditCriterion; page: number; result: Found | { kind: 'reseller_not_found' | 'order_not_found' | 'invalid_dates' | 'not_available' } }
  | { kind: 'admin_only' };

export type AdminCommandKind = AdminCommand['kind'];
export const ADMIN_COMMANDS: readonly AdminCommandKind[] = ['admin_audit'];

/** What an admin command's handler works with: the administrator as stored now. */
export interface AdminEnv extends CommandEnv {
  staff: StaffUser;
}

export type AdminCommandHandlers = { [C in AdminCommandKind]: (command: Extract<AdminCommand, { kind: C }>, env: AdminEnv) => Promise<AdminAnswer> };

/** The actor of the Admin portal's use cases, as the audit log names it. */
export const actorOf = (staff: StaffUser): StaffActor => ({ kind: 'staff', id: staff.id, name: staff.username, role: staff.role });

/** Pages beyond this are not offered (the CLI's `--limit` goes to 1,000). */
const MAX_ENTRIES = 1000;

/** The criteria an `auto` search tries, in order: the first that names something is taken. */
function attempts(criterion: AuditCriterion): Array<Exclude<AuditBy, 'auto'>> {
  if (criterion.by !== 'auto') return [criterion.by];
  return /^\d{1,12}$/.test(criterion.value) || /^TCX-/i.test(criterion.value) ? ['reseller', 'order', 'person'] : ['reseller', 'person'];
}

function queryOf(by: Exclude<AuditBy, 'auto'>, value: string, limit: number): AuditQuery {
  switch (by) {
    case 'person': return { person: value, limit };
    case 'reseller': return { reseller: value, limit };
    case 'order': return { order: value, limit };
    case 'date': return { from: value, to: value, limit };
    default: {
      const never: never = by;
      throw new Error(`unknown audit criterion ${String(never)}`);
    }
  }
}

export const adminCommands: AdminCommandHandlers = {
  admin_audit: async (command, { ctx, staff }) => {
    const { criterion } = command;
    if (!ctx.admin) return { kind: 'admin_audit', criterion, page: 0, result: { kind: 'not_available' } };
    const page = Math.max(0, Math.min(command.page, MAX_ENTRIES / PAGE_SIZE - 1));
    // One more than the page shows tells whether an older page follows.
    const limit = (page + 1) * PAGE_SIZE + 1;
    const tries = attempts(criterion);
    let last: Exclude<AuditSearchResult, { kind: 'found' }> = { kind: 'invalid_dates' };
    for (const by of tries) {
      const result = await ctx.admin.searchAudit({ actor: actorOf(staff), query: queryOf(by, criterion.value, limit), timeZone: ctx.timeZone });
      if (result.kind === 'found') {
        const entries = result.entries.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
        return { kind: 'admin_audit', criterion, page, result: { kind: 'found', by, lines: entries.map((e) => t.admin.auditLine(e)), more: result.entries.length === limit && limit <= MAX_ENTRIES } };
      }
      last = result;
    }
    return { kind: 'admin_audit', criterion, page, result: last };
  },
};
