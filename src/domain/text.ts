/**
 * Text rules shared by the reader, the engine and the store: the employee key, name similarity
 * and dates printed in the many ways invoices print them (Indian invoices put the day first).
 */

/** Lower case, accents stripped (NFKD), punctuation and runs of spaces collapsed: the filter key. */
export function normalizeEmployeeKey(name: string): string {
  return (
    name
      .normalize('NFKD')
      // Only Latin-style accents go: vowel signs of Indic scripts are marks too, and carry meaning.
      .replace(/[\u0300-\u036f]+/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
      .trim()
  );
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function tokenSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  // "Shivam M" names the same person as "Shivam Mehta".
  if ((a.length === 1 && b.startsWith(a)) || (b.length === 1 && a.startsWith(b))) return 1;
  return 1 - levenshtein(a, b) / Math.max(a.length, b.length);
}

/**
 * 0..1: how well the shorter name's words match words of the longer one, so "Sushma" matches
 * "Sushma Rao", "hardhik" matches "Hardik" (a typo) and "Rani" does not match "Ravi Kumar".
 */
export function nameSimilarity(a: string, b: string): number {
  const left = normalizeEmployeeKey(a).split(' ').filter(Boolean);
  const right = normalizeEmployeeKey(b).split(' ').filter(Boolean);
  if (left.length === 0 || right.length === 0) return 0;
  const [shorter, longer] = left.length <= right.length ? [left, right] : [right, left];
  const total = shorter.reduce(
    (sum, token) => sum + Math.max(...longer.map((other) => tokenSimilarity(token, other))),
    0,
  );
  return total / shorter.length;
}

export const NAME_MATCH_THRESHOLD = 0.8;

export function namesMatch(a: string, b: string, threshold = NAME_MATCH_THRESHOLD): boolean {
  return nameSimilarity(a, b) >= threshold;
}

/** "a", "a and b", or "a, b and 3 more": enough to find the others without a wall of names. */
/** How duplicate notes name an invoice filed before: "earlier invoice <vendor> no. <n> of <date>". */
export function earlierInvoiceLabel(record: {
  id: string;
  vendor: string | null;
  invoice_number: string | null;
  invoice_date: string | null;
}): string {
  const name = [
    record.vendor,
    record.invoice_number && `no. ${record.invoice_number}`,
    record.invoice_date && `of ${record.invoice_date}`,
  ]
    .filter(Boolean)
    .join(' ');
  return `earlier invoice ${name || record.id}`;
}

export function listNames(names: readonly string[]): string {
  const unique = [...new Set(names)];
  return unique.length <= 2
    ? unique.join(' and ')
    : `${unique.slice(0, 2).join(', ')} and ${unique.length - 2} more`;
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAME =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
const YEAR = '(\\d{4})';

/** Each pattern names where its year, month and day are; the first to match at a position wins. */
const DATE_PATTERNS: ReadonlyArray<{
  pattern: RegExp;
  year: number;
  month: number;
  day: number;
  numericMonth: boolean;
}> = [
  {
    pattern: /(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/giy,
    year: 1,
    month: 2,
    day: 3,
    numericMonth: true,
  },
  {
    pattern: new RegExp(
      `(?<!\\d)${DAY}(?:\\s+of)?[\\s\\-/.,]*${MONTH_NAME}[\\s\\-/.,']*${YEAR}(?!\\d)`,
      'giy',
    ),
    year: 3,
    month: 2,
    day: 1,
    numericMonth: false,
  },
  {
    pattern: new RegExp(
      `(?<![a-z])${MONTH_NAME}[\\s\\-/.]*${DAY},?[\\s\\-/.]*${YEAR}(?!\\d)`,
      'giy',
    ),
    year: 3,
    month: 1,
    day: 2,
    numericMonth: false,
  },
  {
    pattern: /(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?![\d/.-])/gy,
    year: 3,
    month: 2,
    day: 1,
    numericMonth: true,
  },
];

export interface FoundDate {
  /** YYYY-MM-DD */
  iso: string;
  /** Offset of the match in the text. */
  index: number;
  raw: string;
}

export interface DateOptions {
  /** "03/12/2024" is 3 December when true (Indian and European invoices), 12 March when false. */
  dayFirst?: boolean;
}

function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1) return null;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function monthNumber(text: string): number {
  return MONTHS.indexOf(text.slice(0, 3).toLowerCase()) + 1;
}

/** Every date in the text, in order of appearance. */
export function findDates(text: string, opts: DateOptions = {}): FoundDate[] {
  const dayFirst = opts.dayFirst ?? true;
  const found: FoundDate[] = [];
  for (let index = 0; index < text.length; index += 1) {
    for (const { pattern, year, month, day, numericMonth } of DATE_PATTERNS) {
      pattern.lastIndex = index;
      const match = pattern.exec(text);
      if (!match) continue;
      let yearValue = Number(match[year]);
      if (yearValue < 100) yearValue += 2000;
      let monthValue = numericMonth ? Number(match[month]) : monthNumber(match[month] ?? '');
      let dayValue = Number(match[day]);
      // Slash dates: day first unless told otherwise, but 12/25/2024 can only be month first.
      const slashDate = numericMonth && year === 3;
      if (slashDate && (!dayFirst || monthValue > 12) && dayValue <= 12)
        [monthValue, dayValue] = [dayValue, monthValue];
      const iso = isoDate(yearValue, monthValue, dayValue);
      if (!iso) continue;
      found.push({ iso, index, raw: match[0] });
      index += match[0].length - 1;
      break;
    }
  }
  return found;
}

/** The first date in the text as YYYY-MM-DD, or null. */
export function parseDate(text: string, opts: DateOptions = {}): string | null {
  return findDates(text, opts)[0]?.iso ?? null;
}

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export function isIsoDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return match !== null && isoDate(Number(match[1]), Number(match[2]), Number(match[3])) === text;
}
