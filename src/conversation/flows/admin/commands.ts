// What the admin flow asks the domain, for an administrator's staff session only (the
// interpreter checks the staff account and its admin role before any of these runs). The Admin
// portal's use cases run through the AdminDesk, each in a transaction of its own, as the CLI's.
import type { StaffUser } from '../../../domain/accounts/accounts';
import type { StaffActor, UsersActor } from '../../../domain/admin/actor';
import type { Reseller } from '../../../domain/accounts/accounts';
import type { AuditQuery, AuditSearchResult } from '../../../domain/use-cases/admin/audit';
import type { SuspensionResult } from '../../../domain/use-cases/admin/resellers';
import type { InviteResult } from '../../../domain/use-cases/admin/users';
import { invitationLines } from '../../../domain/admin/invitation-lines';
import type { Role } from '../../../domain/accounts/roles';
import type { CommandEnv } from '../../commands';
import type { CatalogueDesk } from '../admin-catalogue/commands';
import type { PeopleDesk } from '../people/commands';
import { PAGE_SIZE } from '../../state';
import { t } from '../../wording';
import type { AuditBy, AuditCriterion, ResellerView } from './types';

/** The Admin portal's use cases as the chat reaches them (outside the conversation's transaction). */
export interface AdminDesk extends CatalogueDesk {
  searchAudit(input: { actor: StaffActor; query: AuditQuery; timeZone: string }): Promise<AuditSearchResult>;
  setSuspended(input: { actor: StaffActor; partnerId: string; suspend: boolean; reason: string | null; now: Date }): Promise<SuspensionResult>;
  /** An administrator's invitation of anyone, or an owner's of a user of their own reseller. */
  invite(input: { actor: UsersActor; username: string; name: string; role: string; partnerId: string | null; now: Date }): Promise<InviteResult>;
  /** The Telegram bot's username, for the t.me link of a code (null: no link). */
  telegramBot: string | null;
  /** Creating and editing resellers, a reseller's users and the staff (flows/people). */
  people?: PeopleDesk;
}

/** What an invitation came to: the lines to hand over, or why none was made. */
export type InviteOutcome =
  | { kind: 'invited'; lines: string[] }
  | { kind: 'username_taken' | 'invalid_username' | 'invalid_name' | 'reseller_not_found' | 'other_reseller' | 'not_available' };

/** What a suspension or reactivation came to. */
export type SuspensionOutcome = Exclude<SuspensionResult['kind'], 'forbidden'> | 'not_available';

export type AdminCommand =
  | { kind: 'admin_audit'; criterion: AuditCriterion; page: number }
  | { kind: 'admin_find_reseller'; query: string }
  | { kind: 'admin_suspend'; partnerId: string; suspend: boolean; reason: string }
  | { kind: 'admin_invite'; reseller: ResellerView; role: Role; username: string; name: string };

type Found = { kind: 'found'; by: Exclude<AuditBy, 'auto'>; lines: string[]; more: boolean };
export type AdminAnswer =
  | { kind: 'admin_audit'; criterion: AuditCriterion; page: number; result: Found | { kind: 'reseller_not_found' | 'order_not_found' | 'invalid_dates' | 'not_available' } }
  | { kind: 'admin_only' }
  | { kind: 'admin_resellers'; query: string; resellers: ResellerView[] }
  | { kind: 'admin_suspended'; partnerId: string; result: SuspensionOutcome; reseller: ResellerView | null }
  | { kind: 'admin_invited'; reseller: ResellerView; role: Role; result: InviteOutcome };

export type AdminCommandKind = AdminCommand['kind'];
export const ADMIN_COMMANDS: readonly AdminCommandKind[] = ['admin_audit', 'admin_find_reseller', 'admin_suspend', 'admin_invite'];

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

/** A reseller as the step keeps it. */
export const resellerView = (r: Reseller): ResellerView => ({ partnerId: r.partnerId, company: r.company, country: r.country, levelCode: r.levelCode, suspendedAt: r.suspendedAt?.toISOString() ?? null });

const MAX_FOUND = 8;

/**
 * Invites a user to a reseller with one of its roles, for an administrator or for an owner of that
 * reseller, and hands over what the invitation came to ('forbidden': the actor may not, as stored now).
 */
export async function inviteToReseller(admin: AdminDesk, input: { actor: UsersActor; reseller: ResellerView; role: Role; username: string; name: string; now: Date }): Promise<InviteOutcome | 'forbidden'> {
  const result = await admin.invite({ actor: input.actor, username: input.username, name: input.name, role: input.role, partnerId: input.reseller.partnerId, now: input.now });
  switch (result.kind) {
    case 'invited': return { kind: 'invited', lines: invitationLines(result.user, result.code, result.expiresAt, admin.telegramBot) };
    case 'forbidden': return 'forbidden';
    case 'username_taken':
    case 'invalid_username':
    case 'invalid_name':
    case 'reseller_not_found':
    case 'other_reseller':
      return { kind: result.kind };
    // A reseller's role is always given with its partner id: these cannot come from the chat.
    case 'invalid_role':
    case 'reseller_needed':
    case 'no_reseller_for_staff':
      throw new Error(`invitation refused: ${result.kind}`);
    default: {
      const never: never = result;
      throw new Error(`unknown invitation result ${JSON.stringify(never)}`);
    }
  }
}

export const adminCommands: AdminCommandHandlers = {
  admin_invite: async (command, { ctx, staff }) => {
    if (!ctx.admin) return { kind: 'admin_invited', reseller: command.reseller, role: command.role, result: { kind: 'not_available' } };
    const result = await inviteToReseller(ctx.admin, { actor: actorOf(staff), reseller: command.reseller, role: command.role, username: command.username, name: command.name, now: ctx.now });
    return result === 'forbidden' ? { kind: 'admin_only' } : { kind: 'admin_invited', reseller: command.reseller, role: command.role, result };
  },
  // By partner id exactly, else by (part of) the name, as staff find them.
  admin_find_reseller: async (command, { repos }) => {
    const exact = await repos.resellers.findByPartnerId(command.query);
    if (exact) return { kind: 'admin_resellers', query: command.query, resellers: [resellerView(exact)] };
    const hits = (await repos.staffDesk.search(command.query, MAX_FOUND * 2)).filter((f) => f.opens.kind === 'reseller').slice(0, MAX_FOUND);
    const found = await Promise.all(hits.map((h) => repos.resellers.get(h.opens.id)));
    return { kind: 'admin_resellers', query: command.query, resellers: found.flatMap((r) => (r ? [resellerView(r)] : [])) };
  },
  admin_suspend: async (command, { ctx, staff }) => {
    if (!ctx.admin) return { kind: 'admin_suspended', partnerId: command.partnerId, result: 'not_available', reseller: null };
    const result = await ctx.admin.setSuspended({ actor: actorOf(staff), partnerId: command.partnerId, suspend: command.suspend, reason: command.reason, now: ctx.now });
    if (result.kind === 'forbidden') return { kind: 'admin_only' };
    return { kind: 'admin_suspended', partnerId: command.partnerId, result: result.kind, reseller: result.kind === 'not_found' ? null : resellerView(result.reseller) };
  },
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
