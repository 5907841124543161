import type { LocalDate } from '../pricing/dates';
import type { BankDetails } from '../dashboard/dashboard';
import type { Role } from './roles';

/** The distributor who runs this assistant (one per deployment). */
export interface DistributorSettings {
  name: string;
  currency: string;
  timezone: string;
  bankAccounts: BankDetails;
  offlinePaymentDays: number;
}

export interface PartnerLevel {
  code: string;
  name: string;
  discountBp: number;
  rank: number;
}

/** A 3CX partner that buys from the distributor. */
export interface Reseller {
  id: string;
  partnerId: string;
  company: string;
  country: string;
  levelCode: string;
  discountBp: number;
  vatRateBp: number;
  timezone: string;
  remindSalesUsers: boolean;
}

/** A person at a reseller who talks to the assistant. */
export interface ResellerUser {
  id: string;
  resellerId: string;
  username: string;
  name: string;
  role: Role;
  passwordHash: string;
  failedAttempts: number;
  lockedUntil: Date | null;
  active: boolean;
}

/** A reseller's own customer, the company a license is for. */
export interface EndCustomer {
  id: string;
  resellerId: string;
  company: string;
  email: string | null;
}

/** An invoice as listed to a reseller. */
export interface Invoice {
  id: string;
  number: string;
  resellerId: string;
  orderId: string | null;
  status: 'unpaid' | 'paid' | 'void';
  issuedOn: LocalDate;
  paidOn: LocalDate | null;
  currency: string;
  totalCents: number;
}
