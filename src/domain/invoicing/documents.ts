// What an issued invoice and credit note say, frozen on their rows the day they are issued
// (`details`), so that a later change of an address, a VAT ID or a bank account never alters
// a document already sent. The contents follow Directive 2006/112/EC, art. 226.
import type { DistributorSettings, PostalAddress, Reseller } from '../accounts/accounts';
import type { BankDetails } from '../dashboard/dashboard';
import type { Order, PaymentMethod } from '../orders/order';
import type { LocalDate } from '../pricing/dates';
import type { LineKind } from '../pricing/line';
import { vatMention, type VatTreatment } from '../tax/vat-treatment';

/** A party to an invoice: who, where, and under which VAT ID. */
export interface PartyDetails {
  legalName: string;
  address: PostalAddress | null;
  vatId: string | null;
}

export interface SellerDetails extends PartyDetails {
  /** The trading name. */
  name: string;
  chamberOfCommerce: string | null;
  bankAccounts: BankDetails;
}

export interface BuyerDetails extends PartyDetails {
  company: string;
  partnerId: string;
  country: string;
}

/** The VAT of a document: its treatment, its rate, and the words it must carry. */
export interface VatDetails {
  treatment: VatTreatment;
  rateBp: number;
  mention: string | null;
}

/** One line of an invoice, as frozen from its order line. */
export interface InvoiceLine {
  position: number;
  kind: LineKind;
  description: string;
  /** The existing key an upgrade or renewal is for; null for new licenses (their keys are issued on payment). */
  licenseKey: string | null;
  /** The end customer the licenses are for, when the reseller named one. */
  endCustomer: string | null;
  /** Licenses on the line (new licenses), else 1. */
  quantity: number;
  /** The list price of one of them for the whole term: listCents / quantity. */
  unitListCents: number;
  listCents: number;
  partnerDiscountCents: number;
  netCents: number;
}

/** The figures of the order, in cents and basis points, as they were when it was placed. */
export interface InvoiceFigures {
  listCents: number;
  partnerDiscountBp: number;
  partnerDiscountCents: number;
  subtotalCents: number;
  couponCode: string | null;
  couponCents: number;
  taxableCents: number;
  vatRateBp: number;
  vatCents: number;
  totalCents: number;
}

/** What issueInvoice writes to `invoices.details`. */
export interface InvoiceDetails {
  version: 2;
  seller: SellerDetails;
  buyer: BuyerDetails;
  orderNumber: number;
  paymentMethod: PaymentMethod;
  paymentReference: string;
  /** The day the licenses were delivered, when known at issue (null: on payment). */
  supplyDate: LocalDate | null;
  /** An invoice issued before payment: pay by this day. */
  dueOn: LocalDate | null;
  vat: VatDetails;
  figures: InvoiceFigures;
  lines: InvoiceLine[];
}

/** The seller as the distributor's settings say today. */
export function sellerDetails(distributor: DistributorSettings): SellerDetails {
  return {
    name: distributor.name,
    legalName: distributor.legalName,
    address: distributor.address,
    vatId: distributor.vatId,
    chamberOfCommerce: distributor.chamberOfCommerce,
    bankAccounts: distributor.bankAccounts,
  };
}

/** The buyer as the reseller's account says today. */
export function buyerDetails(reseller: Reseller): BuyerDetails {
  return {
    company: reseller.company,
    legalName: reseller.legalName,
    partnerId: reseller.partnerId,
    country: reseller.country,
    address: reseller.address,
    vatId: reseller.vatId,
  };
}

/** The VAT of an order's documents: the order's frozen rate and treatment, with the mention it needs. */
export function vatDetails(treatment: VatTreatment, rateBp: number, seller: PartyDetails, buyer: PartyDetails): VatDetails {
  return { treatment, rateBp, mention: vatMention(treatment, { seller: seller.vatId, buyer: buyer.vatId }) };
}

/**
 * The details of the invoice of `order`, frozen now. `endCustomers` names the end customers of
 * the order's lines by id; `supplyDate` is the day of delivery when the invoice follows it.
 */
export function invoiceDetails(input: {
  order: Order;
  treatment: VatTreatment;
  distributor: DistributorSettings;
  reseller: Reseller;
  endCustomers: ReadonlyMap<string, string>;
  supplyDate: LocalDate | null;
  dueOn: LocalDate | null;
}): InvoiceDetails {
  const { order } = input;
  const seller = sellerDetails(input.distributor);
  const buyer = buyerDetails(input.reseller);
  return {
    version: 2,
    seller,
    buyer,
    orderNumber: order.number,
    paymentMethod: order.paymentMethod,
    paymentReference: order.paymentReference,
    supplyDate: input.supplyDate,
    dueOn: input.dueOn,
    vat: vatDetails(input.treatment, order.vatRateBp, seller, buyer),
    figures: {
      listCents: order.listCents, partnerDiscountBp: order.partnerDiscountBp, partnerDiscountCents: order.partnerDiscountCents,
      subtotalCents: order.subtotalCents, couponCode: order.couponCode, couponCents: order.couponCents,
      taxableCents: order.taxableCents, vatRateBp: order.vatRateBp, vatCents: order.vatCents, totalCents: order.totalCents,
    },
    lines: order.lines.map((l) => {
      // A new-license line's list is annual × years × quantity, so one license's share is exact.
      const perLicense = l.quantity > 1 && l.listCents % l.quantity === 0;
      return {
        position: l.position, kind: l.kind, description: l.description, licenseKey: l.licenseKey,
        endCustomer: l.endCustomerId === null ? null : input.endCustomers.get(l.endCustomerId) ?? null,
        quantity: perLicense ? l.quantity : 1, unitListCents: perLicense ? l.listCents / l.quantity : l.listCents,
        listCents: l.listCents, partnerDiscountCents: l.partnerDiscountCents, netCents: l.netCents,
      };
    }),
  };
}
