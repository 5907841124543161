import { addDays, type LocalDate } from '../pricing/dates';
import type { Cents } from '../pricing/money';

export interface LicenseTerm {
  /** The annual expiry date, or the perpetual license's maintenance date. */
  termEnd: LocalDate;
}

export interface InvoiceSummary {
  id: string;
  number: string;
  issuedOn: LocalDate;
  status: 'unpaid' | 'paid' | 'void';
  paidOn: LocalDate | null;
  totalCents: Cents;
}

export interface Referral {
  id: string;
  referredCompany: string;
  referredOn: LocalDate;
  commissionCents: Cents;
  status: 'pending' | 'paid';
  paidOn: LocalDate | null;
}

export type NoticeKind = 'referral_payment' | 'monthly_payment';

/** A dashboard entry the user can view and remove. */
export interface Notice {
  kind: NoticeKind;
  /** Stable within its kind: the referral id, or the month as YYYY-MM. */
  ref: string;
  title: string;
  amountCents: Cents;
  date: LocalDate;
  count?: number;
}

export interface BankAccount {
  label: string;
  holder?: string;
  iban?: string;
  bic?: string;
  bank?: string;
  note?: string;
}

export interface BankDetails {
  local?: BankAccount;
  international?: BankAccount;
  online?: BankAccount;
}

export interface Dashboard {
  licenseKeys: { total: number; active: number; expiringWithin30Days: number; expired: number };
  invoices: { count: number; unpaidCount: number; unpaidCents: Cents };
  referrals: { count: number; commissionPaidCents: Cents; commissionPendingCents: Cents };
  referralPayments: Notice[];
  monthlyPayments: Notice[];
  bankDetails: BankDetails;
}

export const EXPIRING_WINDOW_DAYS = 30;
/**
 * How far back the list of licenses to renew (`expiring`) reaches for terms that already ended:
 * a key lapsed within this many days is listed with the ones ending soon, so that it is renewed.
 * 90 days: a quarter, long enough to notice a key that lapsed unrenewed, short enough that keys
 * the end customer gave up long ago do not crowd the list (My licenses shows every key).
 */
export const LAPSED_WINDOW_DAYS = 90;

/**
 * The dashboard's figures. A license is active through its term end (annual expiry or
 * perpetual maintenance date); "expiring" is active and ending within 30 days; voided
 * invoices are not counted. Referral payments are paid referrals; monthly payments are
 * paid invoices summed per month of payment. Dismissed notices (`kind:ref`) are left out.
 */
export function buildDashboard(input: {
  today: LocalDate;
  licenses: readonly LicenseTerm[];
  invoices: readonly InvoiceSummary[];
  referrals: readonly Referral[];
  dismissed: ReadonlySet<string>;
  bankDetails: BankDetails;
}): Dashboard {
  const { today } = input;
  const horizon = addDays(today, EXPIRING_WINDOW_DAYS);
  const active = input.licenses.filter((l) => l.termEnd >= today);
  const counted = input.invoices.filter((i) => i.status !== 'void');
  const unpaid = counted.filter((i) => i.status === 'unpaid');
  const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
  const isShown = (n: Notice) => !input.dismissed.has(`${n.kind}:${n.ref}`);

  const referralPayments: Notice[] = input.referrals
    .filter((r) => r.status === 'paid' && r.paidOn)
    .map((r) => ({ kind: 'referral_payment' as const, ref: r.id, title: r.referredCompany, amountCents: r.commissionCents, date: r.paidOn as LocalDate }))
    .sort((a, b) => (a.date < b.date ? 1 : -1));

  const months = new Map<string, { amountCents: number; count: number; last: LocalDate }>();
  for (const invoice of counted) {
    if (invoice.status !== 'paid' || !invoice.paidOn) continue;
    const month = invoice.paidOn.slice(0, 7);
    const entry = months.get(month) ?? { amountCents: 0, count: 0, last: invoice.paidOn };
    entry.amountCents += invoice.totalCents;
    entry.count += 1;
    if (invoice.paidOn > entry.last) entry.last = invoice.paidOn;
    months.set(month, entry);
  }
  const monthlyPayments: Notice[] = [...months.entries()]
    .sort(([a], [b]) => (a < b ? 1 : -1))
    .map(([month, e]) => ({ kind: 'monthly_payment' as const, ref: month, title: month, amountCents: e.amountCents, date: e.last, count: e.count }));

  return {
    licenseKeys: {
      total: input.licenses.length,
      active: active.length,
      expiringWithin30Days: active.filter((l) => l.termEnd <= horizon).length,
      expired: input.licenses.length - active.length,
    },
    invoices: { count: counted.length, unpaidCount: unpaid.length, unpaidCents: sum(unpaid.map((i) => i.totalCents)) },
    referrals: {
      count: input.referrals.length,
      commissionPaidCents: sum(input.referrals.filter((r) => r.status === 'paid').map((r) => r.commissionCents)),
      commissionPendingCents: sum(input.referrals.filter((r) => r.status === 'pending').map((r) => r.commissionCents)),
    },
    referralPayments: referralPayments.filter(isShown),
    monthlyPayments: monthlyPayments.filter(isShown),
    bankDetails: input.bankDetails,
  };
}
