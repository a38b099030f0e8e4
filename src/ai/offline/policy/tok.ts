/**
 * The tokens the policy grammar reads (lexer.ts makes them): amounts, percentages, clock times,
 * numbers, phrases of the lexicon with their meaning, plain words and punctuation, each with its
 * place in the sentence so a rule can quote what it read.
 */
import type { Lexeme } from './lexemes.js';

export interface Span {
  start: number;
  end: number;
  text: string;
}

export type Tok = Span &
  (
    | { t: 'money'; minor: number | null; currency: string; ambiguous: boolean }
    | { t: 'pct'; bp: number }
    | { t: 'num'; n: number }
    | { t: 'time'; hhmm: string }
    | { t: 'lex'; lex: Lexeme }
    | { t: 'word'; w: string }
    | { t: 'p'; c: string }
  );

export type LexTok<K extends Lexeme['k'] = Lexeme['k']> = Span & {
  t: 'lex';
  lex: Extract<Lexeme, { k: K }>;
};

export function isLex<K extends Lexeme['k']>(
  token: Tok | undefined,
  ...kinds: K[]
): token is LexTok<K> {
  return token?.t === 'lex' && (kinds as string[]).includes(token.lex.k);
}
