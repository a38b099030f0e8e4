/**
 * The words a finance person uses for the things the store can filter on (status, category,
 * flags) and for the shape of the answer (groups, measure, how many), with the recognisers that
 * take them from a question. Phrases are matched on the folded question (lower case, no accents).
 * Order matters inside each table: "not fully reimbursed" must be read before "fully".
 * Amounts, dates, invoice references and search words have files of their own beside this one.
 */

import type { AggregateGroup, Category, Flag, Status } from '../../domain/types.js';
import type { QuestionScanner } from './scanner.js';

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

/** How many invoices to list ("top 5", "3 largest"): a number counting invoices, not money. */
const LIMIT =
  /\b(?:top|first|last|latest|recent|newest|largest|biggest)\s+(\d{1,3})\b|\b(\d{1,3})\s+(?=(?:largest|biggest|highest|smallest|cheapest|lowest|latest|most recent|recent|newest|invoices|bills|receipts|claims)\b)/;

export function takeLimit(scanner: QuestionScanner): number | undefined {
  const match = scanner.take(LIMIT)[0];
  const value = Number(match?.[1] ?? match?.[2]);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}
