/**
 * A document in another currency than the policy's. When the policy accepts the rate printed on
 * the document (a card slip, a folio's conversion line), every amount is converted at that rate,
 * and a converted total printed in the policy currency is taken exactly as printed. Otherwise the
 * document is left for review: no rate is ever invented or looked up.
 */
import {
  applyRatio,
  conversionFactor,
  invert,
  isDecimalString,
  type Ratio,
  ROUNDING_WORDS,
  ratio,
} from '../decimal.js';
import type { Fact, FactLine, InvoiceFacts } from '../facts.js';
import { formatMoney } from '../money.js';
import type { ForeignCurrencyRule, RoundingMode } from '../rules/types.js';

export type Conversion =
  | { ok: true; facts: InvoiceFacts; total: number; explanation: string }
  | { ok: false; explanation: string };

function rateFactor(
  facts: InvoiceFacts,
  from: string,
  to: string,
): { factor: Ratio; text: string } | null {
  const printed = facts.exchange_rate.value;
  if (!printed || !isDecimalString(printed.rate) || /^0*\.?0*$/.test(printed.rate)) return null;
  const page = facts.exchange_rate.page ? ` (page ${facts.exchange_rate.page})` : '';
  const text = `the printed rate 1 ${printed.from} = ${printed.rate} ${printed.to}${page}`;
  if (printed.from === from && printed.to === to)
    return { factor: conversionFactor(from, to, printed.rate), text };
  if (printed.from === to && printed.to === from)
    return { factor: invert(conversionFactor(to, from, printed.rate)), text };
  return null;
}

export function convertFacts(
  facts: InvoiceFacts,
  total: number,
  from: string,
  to: string,
  rule: ForeignCurrencyRule | null,
  rounding: RoundingMode,
): Conversion {
  const original = formatMoney({ amount_minor: total, currency: from }, { symbol: false });
  if (rule?.accept !== 'printed_rate') {
    return {
      ok: false,
      explanation: `${original} is in ${from}; the policy does not convert other currencies, so it is left for review`,
    };
  }
  const printedTotal = facts.converted_total.value;
  const converted =
    printedTotal && printedTotal.currency === to && printedTotal.amount_minor > 0
      ? printedTotal.amount_minor
      : null;
  const rate = rateFactor(facts, from, to);
  if (!rate && converted === null) {
    return {
      ok: false,
      explanation: `${original} is in ${from} and the document prints no rate to ${to}: left for review, never converted at a rate the document does not show`,
    };
  }
  const factor = rate?.factor ?? ratio(converted ?? 0, total);
  const convert = (amount: number) => applyRatio(amount, factor, rounding);
  const newTotal = converted ?? convert(total);
  const money = formatMoney({ amount_minor: newTotal, currency: to });
  const how = rate ? rate.text : `the converted amount printed on the document`;
  const result =
    converted !== null
      ? `${money} as printed on the document${facts.converted_total.page ? ` (page ${facts.converted_total.page})` : ''}`
      : `${money} (${ROUNDING_WORDS[rounding]})`;
  return {
    ok: true,
    total: newTotal,
    facts: convertAmounts(facts, convert, to, newTotal),
    explanation: `${original} converted at ${how}: ${result}`,
  };
}

function convertFact(field: Fact<number>, convert: (amount: number) => number): Fact<number> {
  return field.value === null ? field : { ...field, value: convert(field.value) };
}

function convertAmounts(
  facts: InvoiceFacts,
  convert: (amount: number) => number,
  to: string,
  total: number,
): InvoiceFacts {
  const maybe = (amount: number | null) => (amount === null ? null : convert(amount));
  const line = (entry: FactLine): FactLine => ({
    ...entry,
    unit_price_minor: maybe(entry.unit_price_minor),
    net_minor: maybe(entry.net_minor),
    tax_minor: maybe(entry.tax_minor),
    gross_minor: maybe(entry.gross_minor),
  });
  return {
    ...facts,
    currency: { ...facts.currency, value: to },
    lines: facts.lines.map(line),
    net_minor: convertFact(facts.net_minor, convert),
    tax_minor: convertFact(facts.tax_minor, convert),
    total_minor: { ...facts.total_minor, value: total },
    amount_due_minor: convertFact(facts.amount_due_minor, convert),
    room_rate_minor: convertFact(facts.room_rate_minor, convert),
    taxes: facts.taxes.map((row) => ({
      ...row,
      net_minor: maybe(row.net_minor),
      tax_minor: convert(row.tax_minor),
      gross_minor: maybe(row.gross_minor),
    })),
  };
}
