// The admin flow's words (the distributor's administrators: the old Admin portal), in English.
import type { AuditRecord } from '../../../domain/admin/ports';
import type { SuspensionOutcome } from './commands';
import type { AuditBy, AuditCriterion, ResellerView } from './types';

const when = (at: Date | string) => new Date(at).toISOString().slice(0, 16).replace('T', ' ');
const MAX_DETAIL = 160;
const short = (value: unknown) => {
  const text = JSON.stringify(value ?? null);
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 1)}…` : text;
};

const BY_WORDS: Record<Exclude<AuditBy, 'auto'>, (value: string) => string> = {
  person: (v) => `by or about ${v}`,
  reseller: (v) => `of reseller ${v}`,
  order: (v) => `of order ${v}`,
  date: (v) => `on ${v}`,
};

const status = (r: ResellerView) => (r.suspendedAt ? `suspended since ${when(r.suspendedAt)} UTC: its users cannot log in or order, and it gets no reminders` : 'active');

export const adminWords = {
  adminButton: 'Admin',
  adminsOnly: 'Only an administrator may do that: nothing was done.',
  menuTitle: (name: string) => `Admin menu — ${name}.\nThe audit log shows who did what, when, with the values before and after.`,
  auditButton: 'Audit log',
  staffMenu: 'Staff menu',
  backToMenu: 'Admin menu',
  askAudit: 'Whose or what entries? Type a person\'s username, a reseller\'s partner id, an order number or payment reference, or a day (YYYY-MM-DD). "person …", "reseller …", "order …" or "date …" says which.',
  expectAudit: 'a username, a partner id, an order number or a day (YYYY-MM-DD)',
  auditTitle: (criterion: AuditCriterion, page: number, shown: number) => {
    const what = criterion.by === 'auto' ? `for ${criterion.value}` : BY_WORDS[criterion.by](criterion.value);
    return shown === 0 ? `No audit entries ${what}.` : `Audit log ${what}, newest first${page > 0 ? ` (page ${page + 1})` : ''}:`;
  },
  /** One entry: who, when, what, the values before and after (and the reason given). */
  auditLine: (e: AuditRecord): string => {
    const d = e.details as { before?: unknown; after?: unknown; reason?: unknown };
    const change = d.before !== undefined || d.after !== undefined ? `: ${short(d.before)} → ${short(d.after)}` : '';
    const reason = typeof d.reason === 'string' && d.reason ? ` (reason: "${d.reason.slice(0, 200)}")` : '';
    return `• ${when(e.at)} ${e.actorName} — ${e.action}${e.subjectName ? ` ${e.subjectName}` : ''}${change}${reason}`;
  },
  resellersButton: 'Resellers',
  askReseller: 'Which reseller? Type its partner id or (part of) its name.',
  expectReseller: 'a partner id or part of a reseller\'s name',
  noReseller: (query: string) => `No reseller found for "${query}". Try its partner id or another part of its name.`,
  resellersFound: (query: string) => `Resellers found for "${query}":`,
  resellerLabel: (r: ResellerView) => `${r.company} (partner ${r.partnerId})${r.suspendedAt ? ', suspended' : ''}`,
  open: (i: number) => `Open ${i}`,
  findAnother: 'Find a reseller',
  resellerCard: (r: ResellerView) => `Reseller ${r.company} (partner ${r.partnerId}), ${r.country}, level ${r.levelCode}\nStatus: ${status(r)}.`,
  suspend: 'Suspend',
  reactivate: 'Reactivate',
  askSuspensionReason: (r: ResellerView, suspend: boolean) => `${suspend ? 'Suspend' : 'Reactivate'} ${r.company} (partner ${r.partnerId}): why? Type the reason (it is kept in the audit log with your name).`,
  expectReason: 'the reason, in a few words',
  confirmSuspension: (r: ResellerView, suspend: boolean, reason: string) => (suspend
    ? `Suspend ${r.company} (partner ${r.partnerId})? Its users will not be able to log in or order, and it gets no reminders; nothing is deleted.\nReason: "${reason}"`
    : `Reactivate ${r.company} (partner ${r.partnerId})? Its users can log in and order again.\nReason: "${reason}"`),
  yesSuspend: 'Yes, suspend',
  yesReactivate: 'Yes, reactivate',
  no: 'No',
  notDone: 'Nothing was done.',
  suspension: (result: SuspensionOutcome, partnerId: string, r: ResellerView | null): string => {
    const name = r ? `${r.company} (partner ${partnerId})` : `partner ${partnerId}`;
    switch (result) {
      case 'suspended': return `${name} is suspended: its users cannot log in or order, and it gets no reminders; nothing was deleted.`;
      case 'reactivated': return `${name} is active again.`;
      case 'already_suspended': return `Nothing was done: ${name} is suspended already${r?.suspendedAt ? ` (since ${when(r.suspendedAt)} UTC)` : ''}.`;
      case 'not_suspended': return `Nothing was done: ${name} is not suspended.`;
      case 'not_found': return `Nothing was done: there is no reseller with partner id ${partnerId} any more.`;
      case 'not_available': return 'Nothing was done: resellers cannot be changed from this chat now.';
      default: {
        const never: never = result;
        throw new Error(`unknown suspension result ${String(never)}`);
      }
    }
  },
  inviteButton: 'Invite a user',
  role: (role: string) => role[0]?.toUpperCase() + role.slice(1),
  askRole: (r: ResellerView) => `Invite a user to ${r.company} (partner ${r.partnerId}): which role? (An owner and a purchase user order; a sales user asks them to approve; support sees licenses only.)`,
  askInvitee: (r: ResellerView, role: string) => `A new ${role} user of ${r.company}: type the login name and the full name, e.g. "jdoe Jane Doe". They get a one-time code, valid for 7 days, to set their password.`,
  expectInvitee: 'the login name and the full name, e.g. "jdoe Jane Doe"',
  inviteRefused: {
    username_taken: 'That login name is taken (by a reseller user or a staff member): type another.',
    invalid_username: 'A login name is 3 to 60 letters, digits or . _ @ - (and not a greeting such as hello): type it again with the full name.',
    invalid_name: 'A full name is 2 to 100 characters: type the login name and the full name again.',
    reseller_not_found: (partnerId: string) => `Nothing was done: there is no reseller with partner id ${partnerId} any more.`,
    not_available: () => 'Nothing was done: users cannot be invited from this chat now.',
    other_reseller: () => 'Nothing was done: you invite users of your own company only.',
  },
  older: 'Older',
  newer: 'Newer',
  newSearch: 'Search again',
  auditRefused: (why: 'reseller_not_found' | 'order_not_found' | 'invalid_dates' | 'not_available', criterion: AuditCriterion): string => {
    switch (why) {
      case 'reseller_not_found': return `There is no reseller with partner id ${criterion.value}.`;
      case 'order_not_found': return `There is no order ${criterion.value}: give its number (42) or its payment reference (TCX-000042-xx).`;
      case 'invalid_dates': return `${criterion.value} is not a day of the calendar (YYYY-MM-DD).`;
      case 'not_available': return 'The audit log cannot be searched from this chat now.';
      default: {
        const never: never = why;
        throw new Error(`unknown refusal ${String(never)}`);
      }
    }
  },
};
