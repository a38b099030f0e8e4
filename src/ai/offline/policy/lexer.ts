/**
 * A policy sentence as tokens the grammar reads: the amounts, percentages, times and numbers of
 * amounts.ts, then the lexicon's phrases, longest first (one walk down a trie of words).
 * Whatever is none of these stays a word.
 */
import { composite, span } from './amounts.js';
import { expandPattern } from './expand.js';
import type { Lexeme } from './lexemes.js';
import { LEXICON } from './lexicon.js';
import type { Tok } from './tok.js';
import { type RawToken, scanWords } from './words.js';

export { isLex, type LexTok, type Tok } from './tok.js';

const ORDINAL_SUFFIX = /^(?:st|nd|rd|th|ere|re|e|nde|er)$/;
interface TrieNode {
  lex: Lexeme | null;
  next: Map<string, TrieNode>;
}

/** Every phrase of the lexicon in a trie of words, so the longest match is one walk (built once). */
const PHRASES: TrieNode = (() => {
  const root: TrieNode = { lex: null, next: new Map() };
  for (const [pattern, lex] of LEXICON) {
    for (const phrase of expandPattern(pattern)) {
      let node = root;
      for (const word of phrase.split(' ')) {
        let child = node.next.get(word);
        if (!child) {
          child = { lex: null, next: new Map() };
          node.next.set(word, child);
        }
        node = child;
      }
      // The first meaning listed for a phrase wins.
      node.lex ??= lex;
    }
  }
  return root;
})();

/** The longest phrase starting at raw[i]: its meaning and its length in raw tokens. */
function phraseAt(raw: readonly RawToken[], i: number): { lex: Lexeme; length: number } | null {
  let node: TrieNode | undefined = PHRASES;
  let best: { lex: Lexeme; length: number } | null = null;
  for (let at = i; at < raw.length; at += 1) {
    node = node.next.get((raw[at] as RawToken).norm);
    if (!node) break;
    if (node.lex) best = { lex: node.lex, length: at - i + 1 };
  }
  return best;
}

/** Hyphens inside words go ("ride-hailing"); ordinals join their number ("2nd", "1ère"). */
function prepare(raw: readonly RawToken[]): RawToken[] {
  const out: RawToken[] = [];
  for (let index = 0; index < raw.length; index += 1) {
    const token = raw[index] as RawToken;
    const next = raw[index + 1];
    const previous = out[out.length - 1];
    if (
      token.kind === 'sym' &&
      /^[-‐‑]$/.test(token.text) &&
      token.joined &&
      next?.joined &&
      previous &&
      previous.kind !== 'sym' &&
      next.kind === 'word'
    )
      continue;
    if (
      token.kind === 'word' &&
      token.joined &&
      previous?.kind === 'num' &&
      ORDINAL_SUFFIX.test(token.norm)
    ) {
      out[out.length - 1] = {
        ...previous,
        kind: 'word',
        text: previous.text + token.text,
        norm: previous.norm + token.norm,
        end: token.end,
      };
      continue;
    }
    out.push(token);
  }
  return out;
}

/** Every token of one sentence, in order. */
export function lex(sentence: string): Tok[] {
  const raw = prepare(scanWords(sentence));
  const tokens: Tok[] = [];
  let i = 0;
  while (i < raw.length) {
    const made = composite(sentence, raw, i);
    if (made) {
      tokens.push(made[0]);
      i += made[1];
      continue;
    }
    const token = raw[i] as RawToken;
    const phrase = phraseAt(raw, i);
    if (phrase) {
      const last = raw[i + phrase.length - 1] as RawToken;
      tokens.push({ ...span(sentence, token, last), t: 'lex', lex: phrase.lex });
      i += phrase.length;
      continue;
    }
    tokens.push(
      token.kind === 'sym'
        ? { ...span(sentence, token, token), t: 'p', c: token.text }
        : { ...span(sentence, token, token), t: 'word', w: token.norm },
    );
    i += 1;
  }
  return tokens;
}
