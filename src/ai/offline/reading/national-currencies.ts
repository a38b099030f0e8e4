/**
 * The money of each country the country evidence can name, and the countries each language read
 * here is written in: what lets a VAT id, an IBAN or German words speak for a currency.
 */
import type { Language } from './label-tables.js';

/** Countries paying in euros (and the microstates that use it by agreement). */
const EUROZONE: ReadonlySet<string> = new Set(
  'AT BE CY DE EE ES FI FR GR HR IE IT LT LU LV MT NL PT SI SK MC SM AD VA'.split(' '),
);

/** The currency of every other country the readers name (calling codes, ids, domains, IBANs). */
const NATIONAL: Readonly<Record<string, string>> = {
  AR: 'ARS',
  AU: 'AUD',
  BR: 'BRL',
  CA: 'CAD',
  CH: 'CHF',
  CI: 'XOF',
  CL: 'CLP',
  CM: 'XAF',
  CN: 'CNY',
  CO: 'COP',
  CZ: 'CZK',
  DK: 'DKK',
  GB: 'GBP',
  HK: 'HKD',
  HU: 'HUF',
  IN: 'INR',
  IS: 'ISK',
  JP: 'JPY',
  LI: 'CHF',
  LK: 'LKR',
  MA: 'MAD',
  MX: 'MXN',
  MY: 'MYR',
  NO: 'NOK',
  NP: 'NPR',
  NZ: 'NZD',
  PE: 'PEN',
  PK: 'PKR',
  PL: 'PLN',
  SE: 'SEK',
  SG: 'SGD',
  SN: 'XOF',
  SR: 'SRD',
  TN: 'TND',
  US: 'USD',
};

export function currencyOfCountry(country: string): string | null {
  return EUROZONE.has(country) ? 'EUR' : (NATIONAL[country] ?? null);
}

/** Countries whose currency is known here: an IBAN from anywhere else is not read as one. */
export const KNOWN_COUNTRIES: ReadonlySet<string> = new Set([
  ...EUROZONE,
  ...Object.keys(NATIONAL),
]);

/**
 * Where each language is written on invoices. English is left out: it is the language of
 * invoices everywhere, and of OCR's first model, so it says nothing about the country.
 */
export const LANGUAGE_COUNTRIES: Readonly<Partial<Record<Language, readonly string[]>>> = {
  de: ['DE', 'AT', 'CH', 'LI', 'LU', 'BE'],
  fr: ['FR', 'BE', 'CH', 'LU', 'MC', 'CA', 'MA', 'TN', 'SN', 'CI', 'CM'],
  nl: ['NL', 'BE', 'SR'],
  es: ['ES', 'MX', 'AR', 'CO', 'CL', 'PE', 'US'],
  it: ['IT', 'CH', 'SM'],
  ja: ['JP'],
};
