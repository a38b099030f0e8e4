/**
 * Amounts, percentages, clock times and numbers in policy text: money in the minor units of its
 * own currency (symbols, ISO codes and currency words on either side, thousands separators, each
 * currency's minor digits: JPY 0, KWD 3), percentages in basis points, "7pm" and "10:30" as
 * "HH:MM", "thirty" as 30.
 */
import { parseAmount } from '../../../domain/money.js';
import { ISO_4217, WORD_LIKE_CODES } from '../reading/iso4217.js';
import type { Span, Tok } from './tok.js';
import type { RawToken } from './words.js';

const PREFIX_SYMBOLS: Readonly<Record<string, string>> = {
  '£': 'GBP',
  '€': 'EUR',
  $: 'USD',
  '¥': 'JPY',
  '￥': 'JPY',
  '₹': 'INR',
  '₩': 'KRW',
  '₫': 'VND',
  '₺': 'TRY',
  '₽': 'RUB',
  '₱': 'PHP',
  '₪': 'ILS',
  '฿': 'THB',
  '₦': 'NGN',
};
const SUFFIX_SYMBOLS: Readonly<Record<string, string>> = {
  '€': 'EUR',
  円: 'JPY',
  元: 'CNY',
  '£': 'GBP',
  '₽': 'RUB',
};
/** Letters printed right before "$" ("US$", "A$"). */
const DOLLAR_PREFIXES: Readonly<Record<string, string>> = {
  us: 'USD',
  a: 'AUD',
  au: 'AUD',
  c: 'CAD',
  ca: 'CAD',
  s: 'SGD',
  sg: 'SGD',
  hk: 'HKD',
  nz: 'NZD',
  nt: 'TWD',
  mx: 'MXN',
  r: 'BRL',
};
const CURRENCY_WORDS: ReadonlyArray<readonly [string[], string]> = [
  [['pounds', 'sterling'], 'GBP'],
  [['swiss', 'francs'], 'CHF'],
  [['kuwaiti', 'dinars'], 'KWD'],
  [['us', 'dollars'], 'USD'],
  [['pounds'], 'GBP'],
  [['pound'], 'GBP'],
  [['euros'], 'EUR'],
  [['euro'], 'EUR'],
  [['dollars'], 'USD'],
  [['yen'], 'JPY'],
  [['rupees'], 'INR'],
  [['francs'], 'CHF'],
  [['dinars'], 'KWD'],
];
const AMBIGUOUS_SYMBOLS = new Set(['$', '¥', '￥']);
const NUMBER_WORDS: Readonly<Record<string, number>> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  hundred: 100,
};

export const span = (sentence: string, from: RawToken, to: RawToken): Span => ({
  start: from.start,
  end: to.end,
  text: sentence.slice(from.start, to.end),
});

function money(numberText: string, currency: string): number | null {
  return parseAmount(numberText, currency)?.amount_minor ?? null;
}

function basisPointsOf(numberText: string): number | null {
  const text = /^\d+,\d{1,2}$/.test(numberText) ? numberText.replace(',', '.') : numberText;
  if (!/^\d+(?:\.\d+)?$/.test(text)) return null;
  const [whole = '0', fraction = ''] = text.split('.');
  const hundredths = Number(`${whole}${fraction.padEnd(2, '0').slice(0, 2)}`);
  const rest = fraction.slice(2);
  return hundredths + (rest !== '' && Number(rest[0]) >= 5 ? 1 : 0);
}

function isCode(token: RawToken | undefined, beside: RawToken | undefined): string | null {
  if (token?.kind !== 'word' || !/^[A-Z]{3}$/.test(token.text)) return null;
  if (!ISO_4217.has(token.text)) return null;
  if (WORD_LIKE_CODES.has(token.text) && beside?.kind !== 'num') return null;
  return token.text;
}

/** A composite token starting at raw[i]: money, percent, time or number; with the raws it used. */
export function composite(
  sentence: string,
  raw: readonly RawToken[],
  i: number,
): [Tok, number] | null {
  const a = raw[i] as RawToken;
  const b = raw[i + 1];
  const c = raw[i + 2];
  const d = raw[i + 3];
  // Prefix currency: "£40", "EUR 25.00", "US$ 12", "Rs. 500".
  let prefix: { code: string; ambiguous: boolean; used: number } | null = null;
  if (a.kind === 'sym' && PREFIX_SYMBOLS[a.text])
    prefix = {
      code: PREFIX_SYMBOLS[a.text] as string,
      ambiguous: AMBIGUOUS_SYMBOLS.has(a.text),
      used: 1,
    };
  else if (a.kind === 'word' && b?.text === '$' && b.joined && DOLLAR_PREFIXES[a.norm])
    prefix = { code: DOLLAR_PREFIXES[a.norm] as string, ambiguous: false, used: 2 };
  else if (a.kind === 'word' && a.norm === 'rs')
    prefix = { code: 'INR', ambiguous: false, used: b?.text === '.' ? 2 : 1 };
  else if (isCode(a, b)) prefix = { code: a.text, ambiguous: false, used: 1 };
  if (prefix) {
    const number = raw[i + prefix.used];
    if (number?.kind === 'num') {
      const thousand = raw[i + prefix.used + 1];
      const k = thousand?.kind === 'word' && thousand.joined && thousand.norm === 'k';
      const minor = money(number.norm, prefix.code);
      const end = k ? (thousand as RawToken) : number;
      return [
        {
          ...span(sentence, a, end),
          t: 'money',
          minor: minor === null ? null : k ? minor * 1000 : minor,
          currency: prefix.code,
          ambiguous: prefix.ambiguous,
        },
        prefix.used + (k ? 2 : 1),
      ];
    }
  }
  if (a.kind !== 'num') {
    const word = a.kind === 'word' ? NUMBER_WORDS[a.norm] : undefined;
    if (word !== undefined) {
      const unit = b?.kind === 'word' ? NUMBER_WORDS[b.norm] : undefined;
      if (unit !== undefined && word >= 20 && unit < 10)
        return [{ ...span(sentence, a, b as RawToken), t: 'num', n: word + unit }, 2];
      return [{ ...span(sentence, a, a), t: 'num', n: word }, 1];
    }
    if (a.kind === 'word' && (a.norm === 'noon' || a.norm === 'midday'))
      return [{ ...span(sentence, a, a), t: 'time', hhmm: '12:00' }, 1];
    if (a.kind === 'word' && a.norm === 'midnight')
      return [{ ...span(sentence, a, a), t: 'time', hhmm: '00:00' }, 1];
    return null;
  }
  // Suffix currency: "25 EUR", "2,380円", "1 260,00 €", "50 euros", "45p".
  if (b && b.kind !== 'word' && SUFFIX_SYMBOLS[b.text]) {
    const code = SUFFIX_SYMBOLS[b.text] as string;
    return [
      {
        ...span(sentence, a, b),
        t: 'money',
        minor: money(a.norm, code),
        currency: code,
        ambiguous: false,
      },
      2,
    ];
  }
  const code = isCode(b, a);
  if (code)
    return [
      {
        ...span(sentence, a, b as RawToken),
        t: 'money',
        minor: money(a.norm, code),
        currency: code,
        ambiguous: false,
      },
      2,
    ];
  for (const [words, wordCode] of CURRENCY_WORDS) {
    if (words.every((word, offset) => raw[i + 1 + offset]?.norm === word)) {
      const last = raw[i + words.length] as RawToken;
      return [
        {
          ...span(sentence, a, last),
          t: 'money',
          minor: money(a.norm, wordCode),
          currency: wordCode,
          ambiguous: false,
        },
        1 + words.length,
      ];
    }
  }
  if (
    b?.kind === 'word' &&
    ((b.joined && b.norm === 'p') || b.norm === 'pence') &&
    /^\d+$/.test(a.norm)
  )
    return [
      {
        ...span(sentence, a, b),
        t: 'money',
        minor: Number(a.norm),
        currency: 'GBP',
        ambiguous: false,
      },
      2,
    ];
  // Percentages: "12.5%", "12,5 %", "15 per cent".
  if (b?.text === '%' || b?.text === '％') {
    const bp = basisPointsOf(a.norm);
    if (bp !== null) return [{ ...span(sentence, a, b), t: 'pct', bp }, 2];
  }
  if ((b?.norm === 'per' && c?.norm === 'cent') || b?.norm === 'percent' || b?.norm === 'pct') {
    const bp = basisPointsOf(a.norm);
    const last = b.norm === 'per' ? (c as RawToken) : b;
    if (bp !== null)
      return [{ ...span(sentence, a, last), t: 'pct', bp }, b.norm === 'per' ? 3 : 2];
  }
  // Clock times: "10:00", "9.30 am", "7pm", "10h30".
  const dotted = /^(\d{1,2})[.:](\d{2})$/.exec(a.norm);
  if (dotted && Number(dotted[1]) <= 12) {
    const meridiem = meridiemAt(raw, i + 1);
    if (meridiem) {
      const hhmm = clock(toTwentyFour(Number(dotted[1]), meridiem.pm), Number(dotted[2]));
      return [
        { ...span(sentence, a, raw[i + meridiem.used] as RawToken), t: 'time', hhmm },
        1 + meridiem.used,
      ];
    }
  }
  if (/^\d{1,2}$/.test(a.norm) && Number(a.norm) <= 24) {
    const hour = Number(a.norm);
    if ((b?.text === ':' || b?.text === '.') && c?.kind === 'num' && /^\d{2}$/.test(c.norm)) {
      const meridiem = meridiemAt(raw, i + 3);
      if (b.text === ':' || meridiem) {
        const h = meridiem ? toTwentyFour(hour, meridiem.pm) : hour;
        const last = meridiem ? (raw[i + 2 + meridiem.used] as RawToken) : c;
        return [
          { ...span(sentence, a, last), t: 'time', hhmm: clock(h, Number(c.norm)) },
          3 + (meridiem?.used ?? 0),
        ];
      }
    }
    if (b?.kind === 'num' && b.joined) return null;
    const meridiem = meridiemAt(raw, i + 1);
    if (meridiem && hour >= 1 && hour <= 12)
      return [
        {
          ...span(sentence, a, raw[i + meridiem.used] as RawToken),
          t: 'time',
          hhmm: clock(toTwentyFour(hour, meridiem.pm), 0),
        },
        1 + meridiem.used,
      ];
    if (b?.kind === 'word' && b.joined && b.norm === 'h') {
      const minutes = c?.kind === 'num' && c.joined && /^\d{2}$/.test(c.norm) ? Number(c.norm) : 0;
      const last = minutes || c?.norm === '00' ? (c as RawToken) : b;
      return [
        { ...span(sentence, a, last), t: 'time', hhmm: clock(hour, minutes) },
        last === c ? 3 : 2,
      ];
    }
  }
  void d;
  const n = Number(a.norm.replace(/,(?=\d{3}\b)/g, ''));
  return [{ ...span(sentence, a, a), t: 'num', n: Number.isFinite(n) ? n : Number.NaN }, 1];
}

function meridiemAt(raw: readonly RawToken[], i: number): { pm: boolean; used: number } | null {
  const a = raw[i];
  if (a?.kind !== 'word') return null;
  if (a.norm === 'am' || a.norm === 'pm') return { pm: a.norm === 'pm', used: 1 };
  // "a.m." scans as a . m .
  if ((a.norm === 'a' || a.norm === 'p') && raw[i + 1]?.text === '.' && raw[i + 2]?.norm === 'm')
    return { pm: a.norm === 'p', used: raw[i + 3]?.text === '.' ? 4 : 3 };
  return null;
}

const toTwentyFour = (hour: number, pm: boolean) => (pm ? (hour % 12) + 12 : hour % 12);
const clock = (hour: number, minutes: number) =>
  `${String(hour % 24).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
