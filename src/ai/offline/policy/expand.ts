/**
 * The lexicon's pattern syntax: `a|b` are alternatives, `{x|y}` a choice inside a phrase (nested
 * as needed, `{|x}` optional), `(s)` an optional suffix. Expanded once, when the trie is built.
 */

/** "hotel stay(s)|lodging" → ["hotel stay", "hotel stays", "lodging"]. */
export function expandPattern(pattern: string): string[] {
  const phrases = new Set<string>();
  for (const alternative of splitTop(pattern)) {
    for (const phrase of expandSequence(alternative)) {
      const clean = phrase.replace(/\s+/g, ' ').trim();
      if (clean) phrases.add(clean);
    }
  }
  return [...phrases];
}

function expandSequence(text: string): string[] {
  let partial = [''];
  let rest = text;
  while (rest.length > 0) {
    if (rest.startsWith('{')) {
      const close = closingBrace(rest);
      const options = splitTop(rest.slice(1, close)).flatMap((option) =>
        option === '' ? [''] : expandSequence(option),
      );
      partial = partial.flatMap((prefix) => options.map((option) => prefix + option));
      rest = rest.slice(close + 1);
    } else if (rest.startsWith('(')) {
      const close = rest.indexOf(')');
      const suffix = rest.slice(1, close);
      partial = partial.flatMap((prefix) => [prefix, prefix + suffix]);
      rest = rest.slice(close + 1);
    } else {
      const next = rest.search(/[{(]/);
      const literal = next === -1 ? rest : rest.slice(0, next);
      partial = partial.map((prefix) => prefix + literal);
      rest = rest.slice(literal.length);
    }
  }
  return partial;
}

function closingBrace(text: string): number {
  let depth = 0;
  for (let index = 0; index < text.length; index += 1) {
    if (text[index] === '{') depth += 1;
    if (text[index] === '}') depth -= 1;
    if (depth === 0) return index;
  }
  throw new Error(`lexicon: unbalanced braces in "${text}"`);
}

function splitTop(pattern: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of pattern) {
    if (char === '{') depth += 1;
    if (char === '}') depth -= 1;
    if (char === '|' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}
