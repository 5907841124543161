import type { LocalDate } from '../pricing/dates';
import type { BankDetails } from '../dashboard/dashboard';
import type { VatTreatment } from '../tax/vat-treatment';
import type { Role } from './roles';

/** A postal address as printed on invoices; `country` is an ISO 3166-1 alpha-2 code. */
export interface PostalAddress {
  street: string;
  postcode: string;
  city: string;
  country: string;
}

/** The distributor who runs this assistant (one per deployment). */
export interface DistributorSettings {
  name: string;
  currency: string;
  timezone: string;
  bankAccounts: BankDetails;
  offlinePaymentDays: number;
  /** The seller's name on invoices (`name` where none is set). */
  legalName: string;
  /** Its registered address; its country decides the resellers' VAT. Null until configured. */
  address: PostalAddress | null;
  vatId: string | null;
  /** The chamber of commerce (trade register) number, as printed: "KvK 81234567". */
  chamberOfCommerce: string | null;
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
  /**
   * The VAT rate its orders are charged (basis points): the explicit rate when one is set,
   * else the one its VAT treatment gives (see src/domain/tax/vat-treatment.ts).
   */
  vatRateBp: number;
  /** How VAT applies to its orders, against the distributor's country. */
  vatTreatment: VatTreatment;
  /** A rate an admin set for this reseller; null: derived from its country and VAT ID. */
  explicitVatRateBp: number | null;
  timezone: string;
  remindSalesUsers: boolean;
  /** The buyer's name on invoices (`company` where none is set). */
  legalName: string;
  /** Its address (the country is `country`); null when not on record. */
  address: PostalAddress | null;
  /** Its VAT ID, normalised ("DE123456789"); null when it has none. */
  vatId: string | null;
  /** What a VIES-style check said of the VAT ID: true, false, or null when it could not be (or was not) checked. */
  vatIdVerified: boolean | null;
  vatIdCheckedAt: Date | null;
}

/** A person of the distributor's own staff (the old Master and Admin portals). */
export interface StaffUser {
  id: string;
  username: string;
  name: string;
  role: 'staff' | 'admin';
  passwordHash: string;
  failedAttempts: number;
  lockedUntil: Date | null;
  active: boolean;
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
  /** When the last of the failed logins in a row was (they are forgotten a day later). */
  lastFailedAt?: Date | null;
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
  /** `void`: cancelled by a credit note before it was paid; `issued`: a credit note's only status. */
  status: 'unpaid' | 'paid' | 'void' | 'issued';
  issuedOn: LocalDate;
  paidOn: LocalDate | null;
  currency: string;
  totalCents: number;
}

/**
 * An entry of a reseller's invoice list: an invoice, or a credit note (its total negative)
 * that cancels an invoice in full or in part.
 */
export interface InvoiceListEntry extends Invoice {
  kind: 'invoice' | 'credit_note';
  /** A credit note: the number of the invoice it credits. */
  creditedInvoiceNumber: string | null;
  /** An invoice issued before it was paid: the day it is due. */
  dueOn: LocalDate | null;
  vatTreatment: VatTreatment | null;
}
