// The new-license flow's words, in English. Limits come from the domain's constants.
import { editionName, type Edition } from '../../../domain/pricing/catalog';
import { ADDITIONAL_YEARS_MAX, ADDITIONAL_YEARS_MIN, QUANTITY_MAX, QUANTITY_MIN } from '../../../domain/pricing/line';
import { CUSTOMER_NAME_MAX, CUSTOMER_NAME_MIN } from '../../../domain/accounts/end-customer-name';

export const newLicenseWords = {
  askEdition: 'New license: which edition?',
  askSc: (e: Edition) => `${editionName(e)}: how many simultaneous calls (SC)?`,
  askQuantity: (e: Edition, sc: number) => `${editionName(e)} ${sc} SC: how many licenses? Press a number or type one from ${QUANTITY_MIN} to ${QUANTITY_MAX}.`,
  askYears: `How many years in total? The first year is included; up to ${ADDITIONAL_YEARS_MAX} additional years can be bought now (${1 + ADDITIONAL_YEARS_MIN}–${1 + ADDITIONAL_YEARS_MAX}).`,
  askCustomer: 'Which end customer is this for? Choose one, add a new one, or skip.',
  newCustomer: '+ New customer',
  askCustomerName: 'Type the company name of the new end customer.',
  invalidCustomerName: `A company name needs ${CUSTOMER_NAME_MIN} to ${CUSTOMER_NAME_MAX} characters on one line. Type the company name.`,
  notATier: (e: Edition, sc: number) => `${editionName(e)} is not sold with ${sc} SC. Choose one of its sizes.`,
};
