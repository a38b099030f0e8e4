/**
 * Amounts as a reader of the report expects them: integer minor units turned into the currency's
 * own decimals and written the way its home locale writes them (₹1,23,456.78; £1,234.56), unless
 * the client asks for a locale of its own.
 */
import { minorDigits } from '../domain/money.js';

/** English as spoken where the currency is at home: its grouping and symbol, in the report's language. */
const HOME_LOCALES: Record<string, string> = {
  INR: 'en-IN',
  GBP: 'en-GB',
  EUR: 'en-IE',
  USD: 'en-US',
  JPY: 'en-JP',
  CHF: 'en-CH',
  AUD: 'en-AU',
  CAD: 'en-CA',
  SGD: 'en-SG',
  AED: 'en-AE',
  NZD: 'en-NZ',
  HKD: 'en-HK',
  ZAR: 'en-ZA',
};

export function homeLocale(currency: string): string {
  return HOME_LOCALES[currency.toUpperCase()] ?? 'en';
}

/** True when Intl knows the tag (a client-sent `locale` is checked before any formatting). */
export function isKnownLocale(tag: string): boolean {
  try {
    return Intl.NumberFormat.supportedLocalesOf([tag]).length > 0;
  } catch {
    return false;
  }
}

const formats = new Map<string, Intl.NumberFormat>();

function formatFor(currency: string, locale: string | undefined): Intl.NumberFormat {
  const tag = locale ?? homeLocale(currency);
  const key = `${tag}\u0000${currency}`;
  let format = formats.get(key);
  if (!format) {
    const digits = minorDigits(currency);
    const fraction = { minimumFractionDigits: digits, maximumFractionDigits: digits };
    try {
      format = new Intl.NumberFormat(tag, { style: 'currency', currency, ...fraction });
    } catch {
      // A code Intl does not know (a typo in an invoice): still an amount, with its code.
      format = new Intl.NumberFormat(tag, fraction);
    }
    formats.set(key, format);
  }
  return format;
}

/**
 * `amountMinor` in `currency`, for `locale` (default: the currency's home locale). The full-width
 * yen sign some locales use is written as ¥, which the embedded font has.
 */
export function formatMoney(amountMinor: number, currency: string, locale?: string): string {
  const format = formatFor(currency, locale);
  // The exponent the amounts were stored with (domain/money.ts), whatever Intl's own table says.
  const text = format.format(amountMinor / 10 ** minorDigits(currency)).replace(/\uFFE5/g, '¥');
  return format.resolvedOptions().style === 'currency' ? text : `${text} ${currency}`;
}
