// What an administrator types to search the audit log.
import type { AuditBy, AuditCriterion } from './types';

const KEYWORDS: Record<string, Exclude<AuditBy, 'auto'>> = { person: 'person', user: 'person', reseller: 'reseller', partner: 'reseller', order: 'order', date: 'date', day: 'date' };

/**
 * What a typed search means: "reseller 100001", "order 42", "person demo", "date 2026-11-26",
 * or just the value (a day YYYY-MM-DD is a day; anything else is tried as a partner id, an
 * order, then a person). Undefined when nothing is typed.
 */
export function auditCriterionOf(text: string): AuditCriterion | undefined {
  const trimmed = text.trim().slice(0, 100);
  if (!trimmed) return undefined;
  const [first = '', ...rest] = trimmed.split(/\s+/);
  const by = KEYWORDS[first.toLowerCase()];
  if (by && rest.length > 0) return { by, value: rest.join(' ') };
  return { by: /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? 'date' : 'auto', value: trimmed };
}
