/**
 * A conversion printed on the document (a card slip paid in another currency): the rate as
 * printed ("1 USD = 152.48 JPY") and the converted amount, which is only taken when the
 * document's own total at that rate gives it (a card markup of a few percent allowed). A total
 * read from the converted amount instead of the document's own is put back.
 */
import type { Fact, PrintedExchangeRate } from '../../../domain/facts.js';
import { minorDigits } from '../../../domain/money.js';
import type { Money } from '../../../domain/types.js';
import type { PreparedDocument } from './document.js';
import { ISO_4217 } from './iso4217.js';
import { type AmountToken, toMinor } from './numbers.js';

const absent = <T>(): Fact<T> => ({ value: null, confidence: 0, page: null });

const SYMBOLS: Readonly<Record<string, string>> = { '¥': 'JPY', 円: 'JPY', '€': 'EUR', '£': 'GBP' };
const UNIT = '([A-Z]{3}|[¥円€£])';
const NUMBER = '(\\d+(?:[.,]\\d+)?)';
const RATE = new RegExp(`\\b1\\s*${UNIT}\\s*=\\s*${NUMBER}\\s*${UNIT}`, 'u');

const code = (unit: string): string | null => {
  const resolved = SYMBOLS[unit] ?? unit;
  return ISO_4217.has(resolved) ? resolved : null;
};

export interface ExchangeReading {
  rate: Fact<PrintedExchangeRate>;
  converted: Fact<Money>;
  /** The document's own total, when the total read was the converted amount. */
  total: { minor: number; page: number } | null;
}

const NONE: ExchangeReading = { rate: absent(), converted: absent(), total: null };

/** The amounts of a row read in a currency's own minor digits. */
function amountsIn(doc: PreparedDocument, index: number, currency: string): number[] {
  const options = { decimal: doc.decimal, minorDigits: minorDigits(currency) };
  return (doc.amounts[index] ?? []).flatMap((token: AmountToken) => {
    const read = toMinor(token.digits, options);
    return read ? [token.negative ? -read.minor : read.minor] : [];
  });
}

const within = (value: number, target: number, share: number) =>
  Math.abs(value - target) <= Math.abs(target) * share;

export function readExchange(
  doc: PreparedDocument,
  documentCurrency: string | null,
  totalMinor: number | null,
): ExchangeReading {
  for (const [index, row] of doc.rows.entries()) {
    const match = RATE.exec(row.text);
    const from = match && code(match[1] as string);
    const to = match && code(match[3] as string);
    if (!match || !from || !to || from === to) continue;
    const rate = (match[2] as string).replace(',', '.');
    if (documentCurrency !== null && from !== documentCurrency) continue;
    const factor = Number(rate) * 10 ** (minorDigits(to) - minorDigits(from));
    // The document's own totals, and the amounts printed beside the target currency.
    const owns = doc.rows.flatMap((_, at) =>
      (doc.labels[at] ?? []).some((label) => ['total', 'due', 'payment'].includes(label.role))
        ? amountsIn(doc, at, from).map((minor) => ({ minor, page: doc.rows[at]?.page ?? 1 }))
        : [],
    );
    const targets = doc.rows.flatMap((other, at) =>
      new RegExp(`\\b${to}\\b|${to === 'JPY' ? '[¥円]' : '(?!)'}`, 'u').test(other.text) &&
      at !== index
        ? amountsIn(doc, at, to).map((minor) => ({ minor, page: other.page }))
        : [],
    );
    for (const own of owns.filter((candidate) => candidate.minor > 0)) {
      const converted = targets.find((target) =>
        within(target.minor, Math.round(own.minor * factor), 0.05),
      );
      if (!converted) continue;
      // The total read in the document's currency was the converted amount: put the own back.
      const readAsConverted =
        totalMinor !== null &&
        totalMinor === converted.minor * 10 ** (minorDigits(from) - minorDigits(to));
      return {
        rate: { value: { from, to, rate }, confidence: 0.85, page: row.page },
        converted: {
          value: { amount_minor: converted.minor, currency: to },
          confidence: 0.8,
          page: converted.page,
        },
        total: readAsConverted || totalMinor === null ? own : null,
      };
    }
    return { ...NONE, rate: { value: { from, to, rate }, confidence: 0.6, page: row.page } };
  }
  return NONE;
}
