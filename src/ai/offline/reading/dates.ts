/**
 * Dates as invoices print them: ISO, numeric with either order, month names in English, German,
 * French, Dutch, Spanish and Italian (full or abbreviated, with or without accents and periods),
 * Japanese (2024年12月5日, 令和6年12月5日, R6.12.5). Whether "03/04/2024" is 3 April or 4 March
 * is decided per page from the dates that can only be read one way (see dateOrder), not assumed.
 *
 * Works on `readable()` text.
 */

export type DateOrder = 'dmy' | 'mdy';

export interface DateHit {
  /** YYYY-MM-DD */
  iso: string;
  index: number;
  end: number;
  /** A numeric date whose day and month could be swapped ("03/04/2024"). */
  ambiguous: boolean;
}

export interface OrderEvidence {
  dmy: number;
  mdy: number;
}

const MONTH_NAMES: ReadonlyArray<readonly [number, string]> = (
  [
    [1, 'january jan januar janner janvier janv januari enero ene gennaio gen'],
    [2, 'february feb februar feber fevrier fevr fev februari febrero febbraio'],
    [3, 'march mar maerz marz mrz mars maart mrt marzo'],
    [4, 'april apr avril avr abril abr aprile'],
    [5, 'may mai mei mayo maggio mag'],
    [6, 'june jun juni juin junio giugno giu'],
    [7, 'july jul juli juillet juil julio luglio lug'],
    [8, 'august aug aout augustus agosto ago'],
    [9, 'september sept sep septembre septiembre setiembre settembre set'],
    [10, 'october oct oktober okt octobre octubre ottobre ott'],
    [11, 'november nov novembre noviembre'],
    [12, 'december dec dezember dez decembre diciembre dic dicembre'],
  ] as const
).flatMap(([month, names]) => names.split(' ').map((name) => [month, name] as const));

export const MONTH_BY_NAME = new Map(MONTH_NAMES.map(([month, name]) => [name, month]));
const MONTH = `(${[...MONTH_BY_NAME.keys()].sort((a, b) => b.length - a.length).join('|')})\\.?(?![a-z])`;
const YEAR = "(\\d{4}|'?\\d{2})";

const ERAS: Readonly<Record<string, number>> = {
  令和: 2018,
  平成: 1988,
  昭和: 1925,
  R: 2018,
  H: 1988,
};

interface Pattern {
  regex: RegExp;
  read: (
    match: RegExpExecArray,
    order: DateOrder,
  ) => { y: number; m: number; d: number; ambiguous?: boolean } | null;
}

function year(text: string): number {
  const digits = text.replace("'", '');
  const value = Number(digits);
  if (digits.length === 4) return value;
  // Two-digit years: invoices are recent, so 00–69 are this century.
  return value < 70 ? 2000 + value : 1900 + value;
}

/** 13/06/2018, 06.13.18, 13-06-2018: one separator twice. */
const NUMERIC = /(?<![\d./:-])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d])(?![./:-]\d)/g;

function numericDate(m: RegExpExecArray, order: DateOrder) {
  const [a, b] = [Number(m[1]), Number(m[3])];
  const ambiguous = a <= 12 && b <= 12 && a !== b;
  const dayFirst = a > 12 ? true : b > 12 ? false : order === 'dmy';
  return { y: year(m[4] ?? ''), m: dayFirst ? b : a, d: dayFirst ? a : b, ambiguous };
}

const PATTERNS: readonly Pattern[] = [
  {
    // 2024年12月5日, 令和6年12月5日, 令和元年5月1日
    regex: /(令和|平成|昭和)?\s*(\d{1,4}|元)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/g,
    read: (m) => {
      const era = m[1] ? ERAS[m[1]] : undefined;
      const value = m[2] === '元' ? 1 : Number(m[2]);
      if (!era && (m[2] ?? '').length !== 4) return null;
      return { y: era ? era + value : value, m: Number(m[3]), d: Number(m[4]) };
    },
  },
  {
    // R6.12.5 / H31/04/30: Japanese era initials.
    regex: /(?<![\p{L}\d])([rh])(\d{1,2})[./](\d{1,2})[./](\d{1,2})(?![\d./])/gu,
    read: (m) => ({
      y: (ERAS[(m[1] ?? '').toUpperCase()] ?? 0) + Number(m[2]),
      m: Number(m[3]),
      d: Number(m[4]),
    }),
  },
  {
    regex: /(?<![\d./-])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?![\d])(?![./-]\d)/g,
    read: (m) => ({ y: Number(m[1]), m: Number(m[3]), d: Number(m[4]) }),
  },
  {
    // 3 août 2024, 3. Mär 2024, 1er octobre 2023, 3 de agosto de 2024, 28-Jan-15, 3rd of May 2024
    regex: new RegExp(
      `(?<![\\d.])(\\d{1,2})(?:st|nd|rd|th|er|e|\\.)?(?:\\s*(?:of|de|del)\\s+|[\\s./-]+)${MONTH}(?:\\s*(?:de|del)\\s+|[\\s.,/-]+)${YEAR}(?![\\d])`,
      'g',
    ),
    read: (m) => ({ y: year(m[3] ?? ''), m: MONTH_BY_NAME.get(m[2] ?? '') ?? 0, d: Number(m[1]) }),
  },
  {
    // 05OCT26: airline tickets write day, month and year without a space.
    regex: new RegExp(`(?<![\\d\\p{L}])(\\d{2})${MONTH}(\\d{2}|\\d{4})(?![\\d\\p{L}])`, 'gu'),
    read: (m) => ({ y: year(m[3] ?? ''), m: MONTH_BY_NAME.get(m[2] ?? '') ?? 0, d: Number(m[1]) }),
  },
  {
    // August 3, 2014 · August 3 , 2014 · Aug. 3rd 2014
    regex: new RegExp(
      `(?<![a-z])${MONTH}\\s*(\\d{1,2})(?:st|nd|rd|th)?\\s*,?\\s*(\\d{4})(?![\\d])`,
      'g',
    ),
    read: (m) => ({ y: Number(m[3]), m: MONTH_BY_NAME.get(m[1] ?? '') ?? 0, d: Number(m[2]) }),
  },
  {
    regex: NUMERIC,
    read: numericDate,
  },
  {
    // "04. 04. 2020", "04.04, 2020": dotted dates as OCR spaces them or reads a dot as a comma;
    // only with two-digit day and month (as receipts print them) and a four-digit year of this
    // era, which amounts and quantities ("2.5, 1999") do not look like.
    regex: /(?<![\d./:,-])(\d{2})\.\s?(\d{2})(?:\.\s|,\s?)((?:19|20)\d{2})(?![\d])(?![.,]\d)/g,
    read: (m, order) =>
      numericDate([m[0], m[1], '.', m[2], m[3]] as unknown as RegExpExecArray, order),
  },
];

function isoOf(y: number, m: number, d: number): string | null {
  if (y < 1970 || y > 2100 || m < 1 || m > 12 || d < 1) return null;
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCMonth() !== m - 1) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Lower case without accents, one character for one: offsets stay those of the text. */
function matchable(text: string): string {
  let out = '';
  for (const char of text) {
    const base = char.normalize('NFD')[0] ?? char;
    out += (base.length === char.length ? base : char).toLowerCase();
  }
  return out.length === text.length ? out : text.toLowerCase();
}

/** Every date in the text, in order; numeric dates that could be read both ways use `order`. */
export function findDates(text: string, order: DateOrder = 'dmy'): DateHit[] {
  const subject = matchable(text);
  const hits: DateHit[] = [];
  const taken: Array<[number, number]> = [];
  for (const { regex, read } of PATTERNS) {
    for (const match of subject.matchAll(regex)) {
      const index = match.index;
      const end = index + match[0].length;
      if (taken.some(([from, to]) => index < to && end > from)) continue;
      const parts = read(match, order);
      const iso = parts && isoOf(parts.y, parts.m, parts.d);
      if (!parts || !iso) continue;
      taken.push([index, end]);
      hits.push({ iso, index, end, ambiguous: parts.ambiguous ?? false });
    }
  }
  return hits.sort((a, b) => a.index - b.index);
}

/** Numeric dates that can only be read one way: 13/06/2018 is day first, 11/17/2017 month first. */
export function orderEvidence(text: string): OrderEvidence {
  const evidence = { dmy: 0, mdy: 0 };
  for (const match of matchable(text).matchAll(NUMERIC)) {
    const [a, b] = [Number(match[1]), Number(match[3])];
    if (a > 12 && a <= 31 && b <= 12) evidence.dmy += 1;
    if (b > 12 && b <= 31 && a <= 12) evidence.mdy += 1;
  }
  return evidence;
}

/**
 * The reading order of each page: the page's own unambiguous dates, else the document's, else
 * the hint (the country or currency's custom), else day first, as most of the world writes.
 */
export function pageDateOrders(pages: readonly string[], hint: DateOrder | null): DateOrder[] {
  const perPage = pages.map(orderEvidence);
  const total = perPage.reduce((sum, e) => ({ dmy: sum.dmy + e.dmy, mdy: sum.mdy + e.mdy }), {
    dmy: 0,
    mdy: 0,
  });
  const decide = (e: OrderEvidence): DateOrder | null =>
    e.dmy > e.mdy ? 'dmy' : e.mdy > e.dmy ? 'mdy' : null;
  return perPage.map((e) => decide(e) ?? decide(total) ?? hint ?? 'dmy');
}
