/**
 * Small readings several readers share: an amount token as money, what a clause says about tax
 * ("the limits include VAT", "VAT only on the eligible part", "taxes paid in addition"), and a
 * minimum number of persons ("two or more persons", "3+ guests", "more than one person").
 */
import type { Amount, BasisStatement } from './findings.js';
import { isLex, type Tok } from './lexer.js';
import { hasLex, hasWord } from './tokens.js';

export const amountOf = (token: Tok): Amount | null =>
  token.t === 'money' && token.minor !== null
    ? { minor: token.minor, currency: token.currency, ambiguous: token.ambiguous }
    : null;

/** "The limits include VAT", "VAT is paid only on the eligible part", "taxes paid in addition". */
export function basisStatementIn(tokens: readonly Tok[]): BasisStatement | null {
  const vat = hasLex(tokens, 'vat');
  if (vat && hasLex(tokens, 'ontop')) return 'all_tax';
  if (
    vat &&
    hasLex(tokens, 'pay', 'full') &&
    hasLex(tokens, 'ontop', 'full') &&
    !hasLex(tokens, 'only')
  )
    return 'all_tax';
  if (
    (vat || hasLex(tokens, 'gross')) &&
    hasLex(tokens, 'only') &&
    hasWord(tokens, 'part', 'portion', 'eligible', 'within', 'allowed')
  )
    return 'eligible_tax';
  if (hasLex(tokens, 'gross') || (vat && hasWord(tokens, 'include', 'includes', 'included')))
    return 'gross';
  if (hasLex(tokens, 'net')) return 'net';
  return null;
}

/** "two or more persons", "groups of 4 or more", "3+ guests". */
export function personsMin(tokens: readonly Tok[]): number | null {
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index];
    if (token?.t !== 'num' || !Number.isInteger(token.n) || token.n < 1 || token.n > 50) continue;
    const next = tokens.slice(index + 1, index + 4);
    if (hasLex(next, 'ormore') && (hasLex(next, 'who') || hasLex(tokens, 'who'))) return token.n;
  }
  // "more than one person" is two or more.
  for (let index = 1; index < tokens.length; index += 1) {
    const token = tokens[index];
    const before = tokens[index - 1];
    if (
      token?.t === 'num' &&
      isLex(before, 'more') &&
      before.lex.dir === 'above' &&
      isLex(tokens[index + 1], 'who')
    )
      return token.n + 1;
  }
  return null;
}
