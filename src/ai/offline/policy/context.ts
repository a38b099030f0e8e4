/**
 * What surrounds a sentence and changes its meaning: the heading it sits under ("Part G — Not
 * reimbursed" makes its list items exclusions, "Worked example" makes its sentences examples,
 * "Annex 1 — Limits" makes its amounts limits, "5.3 Accommodation" names the category of
 * sentences that name none), its leading label ("Limits: …"), the list's lead-in sentence, the
 * table row's label and header ("Limit (VAT included)"), and the sentences before it in the same
 * clause ("First Class tickets …" after "Rail travel is …").
 */
import type { TravelClass } from '../../../domain/facts.js';
import type { BasisHint } from './findings.js';
import type { Place } from './lexemes.js';
import { lex, type Tok } from './lexer.js';
import type { PolicySentence } from './sentences.js';
import {
  type CatRef,
  categoriesIn,
  hasLex,
  hasWord,
  isPunct,
  placesIn,
  splitClauses,
  splitLabel,
} from './tokens.js';

export interface Surroundings {
  text: string;
  cats: CatRef[];
  exclusion: boolean;
  example: boolean;
  limits: boolean;
  eligible: boolean;
  tokens: Tok[];
}

/** What earlier sentences of the same clause (block) said, for sentences that name nothing. */
export interface BlockMemory {
  block: number;
  cats: CatRef[];
  /** Classes a sentence allowed ("economy class only"), for "other classes are declined". */
  allowed: TravelClass[];
  /** The last sentence was about duplicates, documents that are not invoices, … */
  topic: string | null;
}

export interface Ctx {
  sentence: PolicySentence;
  tokens: Tok[];
  label: Tok[] | null;
  body: Tok[];
  clauses: Tok[][];
  heading: Surroundings | null;
  leadIn: Surroundings | null;
  labelInfo: Surroundings | null;
  table: { header: string; basis: BasisHint } | null;
  row: { cats: CatRef[]; places: Place[]; text: string } | null;
  memory: BlockMemory;
}

const surroundingsCache = new Map<string, Surroundings>();

/** "Part C — Meals", "SECTION 4. MEALS", "5.3 Accommodation" → "Meals", "Meals", "Accommodation". */
function headingText(text: string): string {
  const bare = text
    .replace(
      /^(?:part|article|section|chapter|schedule|annex|annexe|appendix|clause)\s+[\w.]+\s*[—–:.-]?\s*/i,
      '',
    )
    .replace(/^[\w.]+\s*[—–:-]\s*/, '')
    .replace(/[:\s]+$/, '')
    .replace(/^\((.+)\)$/, '$1');
  const shouting = bare === bare.toUpperCase() && /\p{Lu}{2}/u.test(bare);
  return shouting ? bare.charAt(0) + bare.slice(1).toLowerCase() : bare;
}

export function surroundings(text: string): Surroundings {
  const cached = surroundingsCache.get(text);
  if (cached) return cached;
  const tokens = lex(text);
  const info: Surroundings = {
    tokens,
    text: headingText(text),
    cats: categoriesIn(tokens),
    exclusion: hasLex(tokens, 'neg', 'negv', 'selfpay') || hasWord(tokens, 'restrictions'),
    example: hasLex(tokens, 'example'),
    limits: hasLex(tokens, 'limit') || hasWord(tokens, 'rates', 'maximums', 'maxima', 'ceilings'),
    eligible:
      hasLex(tokens, 'pay') ||
      hasWord(tokens, 'categories', 'eligibility') ||
      (hasWord(tokens, 'reimbursement') && !hasLex(tokens, 'neg')),
  };
  // Headings repeat across policies; the cache stays small however many policies are read.
  if (surroundingsCache.size > 2000) surroundingsCache.clear();
  surroundingsCache.set(text, info);
  return info;
}

/** The label of a row in a table that lost its columns: the words before its first value. */
function rowLabel(tokens: readonly Tok[], cells: string[] | null, byPlace: boolean): Ctx['row'] {
  if (cells && cells.length >= 2) {
    const first = lex(cells[0] ?? '');
    return placeFromLabel(
      { cats: categoriesIn(first), places: placesIn(first), text: cells[0] ?? '' },
      first,
      byPlace,
    );
  }
  const end = tokens.findIndex(
    (token) =>
      token.t === 'money' ||
      token.t === 'pct' ||
      (token.t === 'lex' &&
        ['limit', 'actual', 'class', 'neg', 'decline', 'pay', 'per'].includes(token.lex.k)),
  );
  const head = tokens.slice(0, end === -1 ? Math.min(tokens.length, 4) : end);
  const text = head
    .map((token) => token.text)
    .join(' ')
    .replace(/\s+([,.])/g, '$1');
  return placeFromLabel({ cats: categoriesIn(head), places: placesIn(head), text }, head, byPlace);
}

/**
 * In a table of limits by city ("City | Limit per night"), a row labelled with a name the lexicon
 * does not know ("Rotterdam") is a city all the same.
 */
function placeFromLabel(
  row: NonNullable<Ctx['row']>,
  head: readonly Tok[],
  byPlace: boolean,
): Ctx['row'] {
  if (!byPlace || row.cats.length > 0 || row.places.length > 0) return row;
  const words = head.filter((token) => token.t === 'word' || token.t === 'p');
  const name = row.text.trim();
  const named =
    words.length > 0 && words.length === head.length && /^\p{Lu}[\p{L}\s.'-]{1,40}$/u.test(name);
  return named ? { ...row, places: [{ kind: 'city', name, country: null }] } : row;
}

const BY_PLACE =
  /\b(?:city|cities|location|locations|destination|destinations|place|places|country|countries)\b/i;

export function contextOf(sentence: PolicySentence, memory: BlockMemory): Ctx {
  const tokens = lex(sentence.text);
  const { label, body } =
    sentence.kind === 'row' ? { label: null, body: tokens } : splitLabel(tokens);
  const header = sentence.table_header;
  const headerTokens = header ? surroundings(header).tokens : [];
  return {
    sentence,
    tokens,
    label,
    body,
    clauses: splitClauses(body),
    heading: sentence.heading ? surroundings(sentence.heading.text) : null,
    leadIn: sentence.lead_in ? surroundings(sentence.lead_in) : null,
    labelInfo: label ? surroundings(label.map((token) => token.text).join(' ')) : null,
    table: header
      ? {
          header,
          basis: hasLex(headerTokens, 'gross')
            ? 'gross'
            : hasLex(headerTokens, 'net')
              ? 'net'
              : null,
        }
      : null,
    row:
      sentence.kind === 'row'
        ? rowLabel(
            body,
            sentence.cells,
            BY_PLACE.test(sentence.table_header ?? '') ||
              BY_PLACE.test(sentence.heading?.text ?? ''),
          )
        : null,
    memory,
  };
}

/** Amounts here are limits by their place: a limits table, list or labelled line. */
export function inLimitsContext(ctx: Ctx): boolean {
  return (
    ctx.table !== null ||
    ctx.labelInfo?.limits === true ||
    ctx.leadIn?.limits === true ||
    (ctx.heading?.limits === true && (ctx.sentence.kind === 'item' || ctx.sentence.kind === 'row'))
  );
}

export function inExclusionList(ctx: Ctx): boolean {
  return (
    ctx.sentence.kind === 'item' &&
    (ctx.leadIn?.exclusion === true || (ctx.leadIn === null && ctx.heading?.exclusion === true))
  );
}

export function inEligibleList(ctx: Ctx): boolean {
  return ctx.sentence.kind === 'item' && ctx.leadIn?.eligible === true && !ctx.leadIn.exclusion;
}

/** Categories a sentence falls back on: its row, label, clause, block, then heading. */
export function fallbackCats(ctx: Ctx): CatRef[] {
  if (ctx.row && ctx.row.cats.length > 0) return ctx.row.cats;
  if (ctx.labelInfo && ctx.labelInfo.cats.length > 0) return ctx.labelInfo.cats;
  if (ctx.memory.cats.length > 0) return ctx.memory.cats;
  const header = ctx.table ? surroundings(ctx.table.header).cats : [];
  if (header.length > 0) return header;
  return ctx.heading?.cats ?? [];
}

export const endsWithColon = (tokens: readonly Tok[]) => isPunct(tokens[tokens.length - 1], ':');
