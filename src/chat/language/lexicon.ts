/**
 * The words a finance person uses for the things the store can filter on, and the recognisers that
 * take them from a question. Phrases are matched on the folded question (lower case, no accents).
 * Order matters inside each table: "not fully reimbursed" must be read before "fully".
 */

import { parseAmount } from '../../domain/money.js';
import type { AggregateGroup, Category, Flag, Status } from '../../domain/types.js';
import type { QuestionScanner, ScannedWord } from './scanner.js';

export type AggregateMeasure = 'count' | 'sum' | 'average';

const STATUS_PHRASES: ReadonlyArray<readonly [RegExp, readonly Status[]]> = [
  [
    /\bnot\s+(?:fully|completely|entirely)\s+(?:reimbursed|approved|paid|covered)\b/,
    ['partially_reimbursed', 'declined'],
  ],
  [
    /\b(?:not|never|wasn'?t|weren'?t|isn'?t|aren'?t|didn'?t get)\s+(?:been\s+|get\s+)?(?:reimbursed|approved|paid|accepted|covered)\b|\b(?:un|non-?)(?:reimbursed|approved)\b/,
    ['declined'],
  ],
  [
    /\b(?:declined|declines?|rejected|rejections?|rejects?|refused|denied|turned down|disallowed)\b/,
    ['declined'],
  ],
  [
    /\b(?:partially|partly|partial|capped|reduced)\b(?:\s+(?:reimbursed|approved|paid|covered))?/,
    ['partially_reimbursed'],
  ],
  [
    /\b(?:fully|completely|entirely)\s+(?:reimbursed|approved|paid|covered)\b|\b(?:approved|reimbursed|paid)\s+in\s+full\b|\bin\s+full\b|\bfully\b|\bfull reimbursement\b/,
    ['fully_reimbursed'],
  ],
  [/\b(?:approved|accepted)\b/, ['fully_reimbursed', 'partially_reimbursed']],
];

const CATEGORY_PHRASES: ReadonlyArray<readonly [RegExp, Category]> = [
  [
    /\b(?:meals?|food|foods|restaurants?|dinners?|lunch(?:es)?|breakfasts?|beverages?|snacks?|f&b|dining|eating out|coffee)\b/,
    'meal',
  ],
  [/\b(?:cabs?|taxis?|taxies|uber|ola|lyft|rides?)\b/, 'cab'],
  [
    /\b(?:travel(?:s|led|ling)?|bus(?:es)?|trains?|flights?|trips?|airfares?|rail|journeys?|tickets?|lta)\b/,
    'travel',
  ],
  [/\b(?:hotels?|accommodations?|stays?|lodging|rooms?|airbnb|hostels?)\b/, 'accommodation'],
  [/\b(?:other category|other expenses|miscellaneous|misc)\b/, 'other'],
];

const FLAG_PHRASES: ReadonlyArray<readonly [RegExp, Flag]> = [
  [
    /\b(?:possible[ _])?duplicates?\b|\bduplicated\b|\bdupes?\b|\bclaimed twice\b|\bdouble[- ]claimed\b|\bsame (?:ticket|invoice|bill)(?: number)?\b/,
    'possible_duplicate',
  ],
  [
    /\balcohol(?:ic)?\b|\bliquor\b|\bwhiske?y\b|\bwines?\b|\bbeers?\b|\bbooze\b|\bspirits\b/,
    'alcohol',
  ],
  [
    /\blate(?:[ _]submissions?)?\b|\bsubmitted late\b|\boverdue\b|\bafter the deadline\b/,
    'late_submission',
  ],
  [
    /\bname[ _]mismatch(?:es)?\b|\bmismatched names?\b|\b(?:different|wrong|other) names?\b|\bnames? (?:do(?:es)?n'?t|do(?:es)? not) match\b/,
    'name_mismatch',
  ],
  [
    /\bamount[ _](?:inconsistent|mismatch(?:es)?)\b|\binconsistent (?:amounts?|totals?)\b|\b(?:amounts?|totals?) (?:do(?:es)?n'?t|do(?:es)? not) add up\b/,
    'amount_inconsistent',
  ],
  [
    /\binferred currenc(?:y|ies)\b|\b(?:no|without(?: an?)?|missing|unknown) currenc(?:y|ies)\b|\bcurrenc(?:y|ies)[ _](?:(?:was|were|is) )?(?:inferred|not printed|missing|unknown|guessed)\b/,
    'currency_inferred',
  ],
  [/\blow[ _-]confidence\b|\buncertain\b|\bunsure\b/, 'low_confidence'],
  [/\bocr\b|\bscanned\b|\bphotos?\b|\bphotographed\b/, 'ocr'],
];

const GROUP_PHRASES: ReadonlyArray<readonly [RegExp, AggregateGroup]> = [
  [
    /\b(?:by|per|for each|each|every)\s+(?:employee|person|people|staff|user|claimant|member)s?\b|\bemployee-?wise\b|\bwhich (?:employee|person)s?\b|\bwho\b/,
    'employee',
  ],
  [
    /\b(?:by|per|for each|each|every)\s+(?:category|categories|type|kind)\b|\bcategory-?wise\b|\bwhich (?:category|type)\b/,
    'category',
  ],
  [
    /\b(?:by|per|for each|each|every)\s+month\b|\bmonthly\b|\bmonth-?wise\b|\bmonth by month\b|\bwhich month\b/,
    'month',
  ],
  [
    /\b(?:by|per|for each)\s+status(?:es)?\b|\bwhich status\b|\bbreakdown\b|\bbroken down\b/,
    'status',
  ],
];

const MEASURE_PHRASES: ReadonlyArray<readonly [RegExp, AggregateMeasure]> = [
  [/\baverage\b|\bavg\b|\bmean\b/, 'average'],
  [/\bhow many\b|\bcount\b|\bnumber of\b|\bhow often\b/, 'count'],
  [
    /\bhow much\b|\btotals?\b|\bsum\b|\bspen[dt]\b|\bwhat amount\b|\bin all\b|\baltogether\b/,
    'sum',
  ],
];

function takeEach<T>(scanner: QuestionScanner, table: ReadonlyArray<readonly [RegExp, T]>): T[] {
  const found = new Set<T>();
  for (const [pattern, value] of table) if (scanner.take(pattern).length > 0) found.add(value);
  return [...found];
}

export function takeStatuses(scanner: QuestionScanner): Status[] {
  const found = new Set(
    STATUS_PHRASES.flatMap(([pattern, statuses]) =>
      scanner.take(pattern).length > 0 ? statuses : [],
    ),
  );
  return [...found];
}

export const takeCategories = (scanner: QuestionScanner): Category[] =>
  takeEach(scanner, CATEGORY_PHRASES);
export const takeFlags = (scanner: QuestionScanner): Flag[] => takeEach(scanner, FLAG_PHRASES);
export const takeGroups = (scanner: QuestionScanner): AggregateGroup[] =>
  takeEach(scanner, GROUP_PHRASES);

/** The measure asked for; a count wins over a sum ("how many in total"), an average over both. */
export function takeMeasure(scanner: QuestionScanner): AggregateMeasure | undefined {
  const found = takeEach(scanner, MEASURE_PHRASES);
  return found.includes('average') ? 'average' : found.includes('count') ? 'count' : found[0];
}

// ---------------------------------------------------------------------------------------------
// Amounts ("over ₹500", "between 100 and 500", "at most Rs 2k") as inclusive minor-unit bounds
// ---------------------------------------------------------------------------------------------

export interface AmountBounds {
  amount_min_minor?: number;
  amount_max_minor?: number;
}

const CURRENCY = '(?:₹|rs\\.?|inr|rupees?)';
/** A number that is an amount, not the start of a date or a duration ("15 Dec", "30 days"). */
const AMOUNT = `(${CURRENCY}?\\s*\\d[\\d,]*(?:\\.\\d{1,2})?(?:\\s*(?:k|lakhs?|lacs?)\\b)?(?:\\s*${CURRENCY})?)(?!\\d|[,.]\\d|\\s*(?:days?|weeks?|months?|years?|times|invoices|bills|receipts|claims|st|nd|rd|th|of|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\\b)`;
const BETWEEN = new RegExp(`\\b(?:between|from)\\s+${AMOUNT}\\s+(?:and|to|-)\\s+${AMOUNT}`);
const COMPARISONS: ReadonlyArray<
  readonly [RegExp, 'above' | 'at_least' | 'below' | 'at_most' | 'exactly']
> = [
  [
    new RegExp(
      `(?:\\b(?:over|above|more than|greater than|higher than|exceeding|in excess of)|>)\\s*${AMOUNT}`,
    ),
    'above',
  ],
  [
    new RegExp(`(?:\\b(?:at least|minimum(?: of)?|no less than|not less than)|>=)\\s*${AMOUNT}`),
    'at_least',
  ],
  [new RegExp(`(?:\\b(?:under|below|less than|lower than|cheaper than)|<)\\s*${AMOUNT}`), 'below'],
  [
    new RegExp(
      `(?:\\b(?:at most|up to|maximum(?: of)?|no more than|not more than|max)|<=)\\s*${AMOUNT}`,
    ),
    'at_most',
  ],
  [new RegExp(`(?:\\b(?:exactly|equal to)|=)\\s*${AMOUNT}`), 'exactly'],
];

/** "2k" is 2,000 and "1.5 lakh" 150,000 (the Indian hundred thousand). */
const MULTIPLIERS: ReadonlyArray<readonly [RegExp, number]> = [
  [/\s*k\b/, 1_000],
  [/\s*(?:lakhs?|lacs?)\b/, 100_000],
];

function amountMinor(text: string | undefined, currency: string): number | null {
  if (!text) return null;
  const [suffix, multiplier] = MULTIPLIERS.find(([pattern]) => pattern.test(text)) ?? [/$^/, 1];
  const parsed = parseAmount(text.replace(suffix, ''), currency);
  if (!parsed || parsed.amount_minor < 0) return null;
  return parsed.amount_minor * multiplier;
}

export function takeAmountBounds(scanner: QuestionScanner, currency: string): AmountBounds | null {
  const bounds: AmountBounds = {};
  for (const match of scanner.take(
    BETWEEN,
    (found) => amountMinor(found[1], currency) !== null && amountMinor(found[2], currency) !== null,
  )) {
    const [low, high] = [
      amountMinor(match[1], currency) ?? 0,
      amountMinor(match[2], currency) ?? 0,
    ].sort((a, b) => a - b);
    bounds.amount_min_minor = low;
    bounds.amount_max_minor = high;
  }
  for (const [pattern, comparison] of COMPARISONS) {
    for (const match of scanner.take(
      pattern,
      (found) => amountMinor(found[1], currency) !== null,
    )) {
      const amount = amountMinor(match[1], currency) ?? 0;
      // Bounds are inclusive integers, so "over ₹500" starts one minor unit above 500.
      if (comparison === 'above' || comparison === 'at_least' || comparison === 'exactly')
        bounds.amount_min_minor = comparison === 'above' ? amount + 1 : amount;
      if (comparison === 'below' || comparison === 'at_most' || comparison === 'exactly')
        bounds.amount_max_minor = comparison === 'below' ? Math.max(0, amount - 1) : amount;
    }
  }
  return Object.keys(bounds).length > 0 ? bounds : null;
}

// ---------------------------------------------------------------------------------------------
// Invoice references ("Ticket 2", "Dinner Invoice 3", "invoice #4102", "Ticket 6 (1).pdf", a ticket number)
// ---------------------------------------------------------------------------------------------

const QUOTED = /"([^"]{1,120})"/;
const FILE_NAME =
  /\b((?:[a-z0-9()&_-]+ ){0,3}[a-z0-9()&_-]+\.(?:pdf|png|jpe?g|heic|webp|tiff?|docx?))\b/;
/** What documents are called: a word of this kind and a number name one ("receipt 12", "bill #7"). */
const DOCUMENT_NOUNS = 'invoice|bill|receipt|ticket|folio|voucher|booking|statement';
const NAMED_DOCUMENT = new RegExp(
  `\\b((?:${DOCUMENT_NOUNS})\\s*(?:no\\.?|number|num|#)?\\s*#?\\s*(?=[a-z-]*\\d)[a-z0-9][a-z0-9-]*(?:\\s*\\(\\d+\\))?)(?![a-z0-9])`,
);
const BARE_ID =
  /(?:#\s*(\d{2,})\b|\b((?=[a-z0-9]*\d)(?=[a-z0-9]*[a-z])[a-z0-9]{10,})\b|\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b)/;
/** Words that may start a file name; others ("why", "was") are the question around it. */
const FILE_NAME_WORD = new RegExp(`^(?:\\(?\\d+\\)?|${DOCUMENT_NOUNS}|[a-z0-9()&_-]+\\.[a-z]+)$`);
const NUMBER_WORD = /^\d{1,6}$/;
const DOCUMENT_NOUN_WORD = new RegExp(`^(?:${DOCUMENT_NOUNS})$`);
const COPY_SUFFIX = /^\s*\(\d+\)/;

/**
 * Names typed with capitals and ending in a number: "Ticket 2", "Dinner Invoice 3", "Site Visit
 * Form 12 (1)". A document is called what its uploader called it, so the words cannot be listed;
 * the capitals say where the name starts. A possessive ("Rani's") or a lower-case word ends it,
 * and the question's first word joins only a name that would otherwise be a bare number. Read
 * after dates and amounts, which are capitalised too ("December 2024", "Q4 2024"); before them,
 * `nounLast` takes only names whose last word says what the document is ("Dinner Invoice 3").
 */
export function takeCapitalisedNames(scanner: QuestionScanner, nounLast = false): string[] {
  const names: string[] = [];
  const words = scanner.words();
  for (let index = 1; index < words.length; index += 1) {
    const number = words[index];
    if (!number || !NUMBER_WORD.test(number.folded) || number.possessive) continue;
    if (nounLast && !DOCUMENT_NOUN_WORD.test(words[index - 1]?.folded ?? '')) continue;
    let first = index;
    while (first > 0) {
      const word = words[first - 1];
      const next = words[first];
      if (!word || !next || word.possessive || !/^\p{Lu}/u.test(word.original)) break;
      if (scanner.original.slice(word.end, next.start).trim() !== '') break;
      first -= 1;
    }
    if (first === index || index - first > 5) continue;
    if (first === 0 && index > 1 && words[0]?.start === 0) first = 1;
    const start = words[first]?.start ?? number.start;
    const copy = COPY_SUFFIX.exec(scanner.original.slice(number.end));
    const end = number.end + (copy?.[0].length ?? 0);
    scanner.consume(start, end);
    names.push(scanner.original.slice(start, end));
  }
  return names;
}

export interface InvoiceReferences {
  /** Quoted phrases: an invoice reference when explaining, otherwise text to search for. */
  quoted: string[];
  /** Everything else that names one invoice, as typed. */
  references: string[];
}

export function takeInvoiceReferences(scanner: QuestionScanner): InvoiceReferences {
  const quoted = scanner.take(QUOTED).map((match) => scanner.originalGroup(match, 1) ?? '');
  const references: string[] = [];
  for (const match of scanner.take(FILE_NAME)) {
    const words = (scanner.originalGroup(match, 1) ?? '').split(' ');
    // Keep the file name's own words: capitalised ones and the words invoices are named with.
    let first = words.length - 1;
    while (
      first > 0 &&
      (/^[A-Z(\d]/.test(words[first - 1] ?? '') ||
        FILE_NAME_WORD.test((words[first - 1] ?? '').toLowerCase()))
    )
      first -= 1;
    references.push(words.slice(first).join(' '));
  }
  references.push(...takeCapitalisedNames(scanner, true));
  for (const match of scanner.take(NAMED_DOCUMENT))
    references.push(scanner.originalGroup(match, 1) ?? '');
  for (const match of scanner.take(BARE_ID))
    references.push(scanner.originalGroup(match, match[1] ? 1 : match[2] ? 2 : 3) ?? '');
  return { quoted, references: references.filter(Boolean) };
}

// ---------------------------------------------------------------------------------------------
// Limits and free text
// ---------------------------------------------------------------------------------------------

const LIMIT =
  /\b(?:top|first|last|latest|recent|newest|largest|biggest)\s+(\d{1,3})\b|\b(\d{1,3})\s+(?=(?:largest|biggest|highest|smallest|cheapest|lowest|latest|most recent|recent|newest|invoices|bills|receipts|claims)\b)/;

export function takeLimit(scanner: QuestionScanner): number | undefined {
  const match = scanner.take(LIMIT)[0];
  const value = Number(match?.[1] ?? match?.[2]);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

const MENTIONING =
  /\b(?:mentioning|mentions?|containing|contains?|with the words?|that says?|saying|matching)\s+([\p{L}\p{N}&'-]{2,})/u;
const VENDOR_MARKER = new Set(['at', 'from']);

/** Words typed with a capital, next to each other from `words[first]` on: "Lotus Courtyard". */
export function capitalisedRun(
  words: readonly ScannedWord[],
  first: number,
  original: string,
): ScannedWord[] {
  const run: ScannedWord[] = [];
  for (let index = first; index < words.length; index += 1) {
    const word = words[index];
    const previous = run[run.length - 1];
    if (!word || !/^\p{Lu}/u.test(word.original)) break;
    if (previous && (previous.possessive || original.slice(previous.end, word.start).trim() !== ''))
      break;
    run.push(word);
  }
  return run;
}

/** Text to search for: "mentioning pulao", and a capitalised vendor "at Lotus" / "from Uber". */
export function takeSearchText(scanner: QuestionScanner): string[] {
  const texts = scanner.take(MENTIONING).map((match) => scanner.originalGroup(match, 1) ?? '');
  const words = scanner.words();
  for (let index = 0; index < words.length - 1; index += 1) {
    const marker = words[index];
    if (!marker || !VENDOR_MARKER.has(marker.folded)) continue;
    const vendor = capitalisedRun(words, index + 1, scanner.original);
    const last = vendor[vendor.length - 1];
    if (!last) continue;
    scanner.consume(marker.start, last.end);
    texts.push(vendor.map((word) => word.original).join(' '));
  }
  return texts.filter(Boolean);
}
