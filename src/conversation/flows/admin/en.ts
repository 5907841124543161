// The admin flow's words (the distributor's administrators: the old Admin portal), in English.
import type { AuditRecord } from '../../../domain/admin/ports';
import type { AuditBy, AuditCriterion } from './steps';

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
    return `• ${when(e.at)} ${e.actor} — ${e.action}${e.subject ? ` ${e.subject}` : ''}${change}${reason}`;
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
