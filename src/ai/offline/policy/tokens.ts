/**
 * Small questions the grammar asks of a run of tokens: where its clauses end, which categories
 * it is about (not those it mentions in passing: "when travelling", "including tolls", or in
 * parentheses), which line kinds, classes and places it names, and how a list splits into items.
 */
import type { LineKind, TravelClass } from '../../../domain/facts.js';
import type { Lexeme, Place } from './lexemes.js';
import { isLex, type LexTok, type Tok } from './lexer.js';

export interface CatRef {
  category: string;
  /** As the policy wrote it ("Hotel accommodation"), for labels. */
  text: string;
  index: number;
}

export const isWord = (token: Tok | undefined, ...words: string[]): boolean =>
  token?.t === 'word' && words.includes(token.w);

export const isPunct = (token: Tok | undefined, ...chars: string[]): boolean =>
  token?.t === 'p' && chars.includes(token.c);

export function hasLex(tokens: readonly Tok[], ...kinds: Lexeme['k'][]): boolean {
  return tokens.some((token) => token.t === 'lex' && kinds.includes(token.lex.k));
}

export function lexOf<K extends Lexeme['k']>(tokens: readonly Tok[], k: K): LexTok<K>[] {
  return tokens.filter((token): token is LexTok<K> => isLex(token, k));
}

export function hasWord(tokens: readonly Tok[], ...words: string[]): boolean {
  return tokens.some((token) => token.t === 'word' && words.includes(token.w));
}

/** Depth of parentheses at each token (inside "(…)" is 1 or more). */
export function parenDepths(tokens: readonly Tok[]): number[] {
  let depth = 0;
  return tokens.map((token) => {
    if (isPunct(token, '(', '[')) depth += 1;
    const here = depth;
    if (isPunct(token, ')', ']')) depth = Math.max(0, depth - 1);
    return here;
  });
}

/** Splits at ";" and at ":" (a leading label's colon is cut off before). */
export function splitClauses(tokens: readonly Tok[]): Tok[][] {
  const clauses: Tok[][] = [];
  let current: Tok[] = [];
  const depths = parenDepths(tokens);
  tokens.forEach((token, index) => {
    if (isPunct(token, ';', ':') && depths[index] === 0) {
      if (current.length > 0) clauses.push(current);
      current = [];
    } else current.push(token);
  });
  if (current.length > 0) clauses.push(current);
  return clauses;
}

const VERBS = 'is are was were be been will shall must may can does do has have'.split(' ');

/** "Limits: …", "Taxi: …": up to four words before a colon at the start. */
export function splitLabel(tokens: readonly Tok[]): { label: Tok[] | null; body: Tok[] } {
  const colon = tokens.findIndex((token) => isPunct(token, ':'));
  if (colon <= 0 || colon > 5) return { label: null, body: [...tokens] };
  const label = tokens.slice(0, colon);
  const verb = label.some(
    (token) => isWord(token, ...VERBS) || isLex(token, 'must', 'pay', 'decline', 'class'),
  );
  if (verb || label.some((token) => token.t === 'money' || token.t === 'pct' || token.t === 'time'))
    return { label: null, body: [...tokens] };
  return { label, body: tokens.slice(colon + 1) };
}

/**
 * Categories the tokens are about. Skipped: a category after a purpose or "for/when/during"
 * ("while on business travel"), inside "including …" up to the next comma, in parentheses when
 * others are outside, and "under Article 5"-style references are kept (they name the category).
 */
export function categoriesIn(tokens: readonly Tok[]): CatRef[] {
  const depths = parenDepths(tokens);
  const found: Array<CatRef & { depth: number }> = [];
  let including = false;
  tokens.forEach((token, index) => {
    // "… including VAT and breakfast": what follows "including" is content, not a subject.
    if (isLex(token, 'incl') || (isLex(token, 'gross') && /^(?:incl|with|plus)/i.test(token.text)))
      including = true;
    if (isPunct(token, ',', ';', ':', '.') || isLex(token, 'pay') || isLex(token, 'neg'))
      including = false;
    const before = tokens[index - 1];
    // "Each meal is …", "treated as a meal": a meal named as a thing, not a period after an amount.
    const mealNoun =
      isLex(token, 'per') &&
      token.lex.period === 'meal' &&
      before?.t !== 'money' &&
      before?.t !== 'num' &&
      before?.t !== 'pct';
    if (mealNoun && !including)
      found.push({ category: 'meal', text: token.text, index, depth: depths[index] ?? 0 });
    if (!isLex(token, 'cat')) return;
    const passing =
      isLex(before, 'purpose') ||
      isWord(before, 'when', 'while', 'during', 'whilst') ||
      (isWord(before, 'related') && isLex(tokens[index - 2], 'purpose'));
    if (including || passing) return;
    found.push({
      category: token.lex.category,
      text: token.text,
      index,
      depth: depths[index] ?? 0,
    });
  });
  const outside = found.filter((ref) => ref.depth === 0);
  return (outside.length > 0 ? outside : found).map(({ depth: _depth, ...ref }) => ref);
}

export function kindsIn(tokens: readonly Tok[]): LineKind[] {
  const kinds = new Set<LineKind>();
  for (const token of lexOf(tokens, 'kind')) for (const kind of token.lex.kinds) kinds.add(kind);
  return [...kinds];
}

export function placesIn(tokens: readonly Tok[]): Place[] {
  return lexOf(tokens, 'place').map((token) => token.lex.place);
}

/** The classes named, for a train or a plane (both when the mode is not known). */
export function classesIn(
  tokens: readonly Tok[],
  mode: 'air' | 'rail' | null,
): { classes: TravelClass[]; others: boolean } {
  const classes = new Set<TravelClass>();
  let others = false;
  for (const token of lexOf(tokens, 'class')) {
    if (token.lex.others) others = true;
    const named =
      mode === 'air'
        ? token.lex.air
        : mode === 'rail'
          ? token.lex.rail
          : [...token.lex.air, ...token.lex.rail];
    for (const value of named.length > 0 ? named : mode === 'air' ? [] : token.lex.rail)
      classes.add(value);
  }
  return { classes: [...classes], others };
}

/** Items of a list: split at commas, "and", "or", "/", "+", outside parentheses. */
export function listItems(tokens: readonly Tok[]): Tok[][] {
  const items: Tok[][] = [];
  let current: Tok[] = [];
  const depths = parenDepths(tokens);
  tokens.forEach((token, index) => {
    const separator =
      depths[index] === 0 &&
      (isPunct(token, ',', ';', '/', '+', '&') || isWord(token, 'and', 'or', 'nor'));
    if (separator) {
      if (current.length > 0) items.push(current);
      current = [];
    } else current.push(token);
  });
  if (current.length > 0) items.push(current);
  return items;
}

/** Plain words of tokens, lower case, as a term an invoice line may contain. */
export function termOf(tokens: readonly Tok[]): string {
  const depths = parenDepths(tokens);
  return tokens
    .filter((token, index) => depths[index] === 0 && (token.t === 'word' || token.t === 'lex'))
    .map((token) => token.text.toLowerCase())
    .join(' ')
    .replace(/^(?:(?:the|any|all|other|such|a|an|of|for|on|in|and|or)\s+)+/, '')
    .replace(/\s+(?:charges?|costs?|expenses?|items?)$/, '')
    .trim();
}

/** Words in parentheses: glosses a policy gives in another language ("beer (ビール, 生ビール)"). */
export function glosses(tokens: readonly Tok[]): string[] {
  const depths = parenDepths(tokens);
  const found: string[] = [];
  let current: string[] = [];
  tokens.forEach((token, index) => {
    const inside = (depths[index] ?? 0) > 0 && !isPunct(token, '(', ')');
    if (inside && (token.t === 'word' || token.t === 'lex') && !isPunct(token, ',')) {
      current.push(token.text);
    } else if (current.length > 0) {
      found.push(current.join(' '));
      current = [];
    }
  });
  if (current.length > 0) found.push(current.join(' '));
  return found.filter(
    (gloss) => !/^(?:see|art|article|section|clause|e\.?g|annex|schedule)\b/i.test(gloss),
  );
}
