/**
 * Which invoice lines a policy excludes (alcohol, tobacco, listed terms). Shared by the reader,
 * which marks lines, and the engine, which removes them: one word list, one matching rule.
 */

import { normalizeEmployeeKey } from './text.js';
import type { Category, ExclusionRule, LineItem } from './types.js';

/** Words that name an alcoholic drink on a bill. "Ginger ale" and "root beer" are not drinks of that kind. */
export const ALCOHOL_TERMS: readonly string[] = [
  'alcohol',
  'alcoholic',
  'liquor',
  'whisky',
  'whiskey',
  'scotch',
  'bourbon',
  'vodka',
  'rum',
  'gin',
  'brandy',
  'cognac',
  'tequila',
  'wine',
  'wines',
  'champagne',
  'prosecco',
  'beer',
  'beers',
  'lager',
  'pint',
  'ipa',
  'stout',
  'cider',
  'sake',
  'cocktail',
  'cocktails',
  'martini',
  'mojito',
  'margarita',
  'sangria',
  'breezer',
  'toddy',
  'feni',
  'arrack',
  'kingfisher',
  'budweiser',
  'heineken',
  'carlsberg',
  'tuborg',
  'corona',
  'royal stag',
  'blenders pride',
  'old monk',
  'mcdowell',
  'mc whisky',
  'imperial blue',
  'officers choice',
  'magic moments',
];

const NOT_ALCOHOL: readonly string[] = [
  'ginger ale',
  'root beer',
  'ginger beer',
  'non alcoholic',
  'alcohol free',
  'mocktail',
  'virgin',
];

export const TOBACCO_TERMS: readonly string[] = [
  'tobacco',
  'cigarette',
  'cigarettes',
  'cigar',
  'cigars',
  'hookah',
  'shisha',
  'gutka',
  'gutkha',
  'paan masala',
  'pan masala',
  'beedi',
  'bidi',
  'vape',
  'e cigarette',
  'nicotine',
  'marlboro',
  'gold flake',
  'classic milds',
];

/** Whole-word (or whole-phrase) match on normalised text, so "gin" never matches "ginger". */
export function mentionsTerm(text: string, terms: readonly string[]): string | null {
  const haystack = ` ${normalizeEmployeeKey(text)} `;
  for (const term of terms) {
    const needle = normalizeEmployeeKey(term);
    if (needle && haystack.includes(` ${needle} `)) return term;
  }
  return null;
}

export function looksAlcoholic(description: string): boolean {
  return (
    mentionsTerm(description, NOT_ALCOHOL) === null &&
    mentionsTerm(description, ALCOHOL_TERMS) !== null
  );
}

export function looksTobacco(description: string): boolean {
  return mentionsTerm(description, TOBACCO_TERMS) !== null;
}

function appliesTo(rule: ExclusionRule, category: Category): boolean {
  return rule.categories === null || rule.categories.includes(category);
}

/** The first exclusion rule that removes this line, or null when the line stays. */
export function exclusionFor(
  line: LineItem,
  category: Category,
  rules: readonly ExclusionRule[],
): ExclusionRule | null {
  for (const rule of rules) {
    if (!appliesTo(rule, category)) continue;
    const listed = rule.terms.length > 0 && mentionsTerm(line.description, rule.terms) !== null;
    const excluded =
      rule.kind === 'alcohol'
        ? line.alcohol || looksAlcoholic(line.description) || listed
        : rule.kind === 'tobacco'
          ? line.tobacco || looksTobacco(line.description) || listed
          : listed;
    if (excluded) return rule;
  }
  return null;
}
