/**
 * Blocks → sentences, each knowing its page, the heading it sits under, the table header above a
 * row, and the sentence that introduced its list ("The following are never reimbursed:"). A full
 * stop ends a sentence unless it closes an abbreviation ("e.g.", "approx.", "No.", "Art.", "Rs."),
 * an initial, or sits inside parentheses; a table row and a heading are one sentence each.
 */
import { type Block, type BlockKind, segment } from './segment.js';

export interface PolicySentence {
  /** Verbatim, as rules quote it (wrapped lines joined by one space). */
  text: string;
  page: number;
  kind: BlockKind;
  marker: string | null;
  /** The nearest heading above, or null at the top of the document. */
  heading: { text: string; page: number } | null;
  /** For a table row: the header line of its table. */
  table_header: string | null;
  /** For a list item: the sentence that introduced the list (ending with ":"), if any. */
  lead_in: string | null;
  cells: string[] | null;
  /** Index of the block it came from: sentences of one clause share it. */
  block: number;
}

const ABBREVIATIONS = new Set(
  (
    'e.g eg i.e ie etc approx appr no nos art arts rs vs mr ms mrs dr ltd inc co incl excl max min ' +
    'rev ref p pp sec fig st a.m p.m u.s u.k cf viz jan feb mar apr jun jul aug sep sept oct nov ' +
    'dec k.k e.u para paras cl dept govt corp pty est approx.'
  ).split(' '),
);

/** Where a block's text splits into sentences. */
export function splitSentences(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  let depth = 0;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] as string;
    if (char === '(') depth += 1;
    else if (char === ')') depth = Math.max(0, depth - 1);
    if (!/[.!?。]/.test(char) || depth > 0) continue;
    let end = index + 1;
    while (end < text.length && /["')\]”’]/.test(text[end] as string)) end += 1;
    const gap = /^\s+/.exec(text.slice(end))?.[0] ?? '';
    const next = text[end + gap.length];
    if ((gap === '' && char !== '。') || next === undefined) continue;
    if (!/[\p{Lu}"“(\p{Script=Han}\p{Script=Katakana}]/u.test(next)) continue;
    if (char === '.') {
      const word = /([\p{L}.]+)\.$/u.exec(text.slice(start, index + 1))?.[1]?.toLowerCase() ?? '';
      if (ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word) || /^(?:\p{L}\.)+\p{L}$/u.test(word))
        continue;
    }
    parts.push(text.slice(start, end).trim());
    start = end + gap.length;
  }
  const rest = text.slice(start).trim();
  if (rest) parts.push(rest);
  return parts;
}

export function policySentences(pages: readonly string[]): PolicySentence[] {
  const blocks = segment(pages);
  const sentences: PolicySentence[] = [];
  let heading: PolicySentence['heading'] = null;
  let header: string | null = null;
  let leadIn: string | null = null;
  let previous: Block | null = null;
  blocks.forEach((block, index) => {
    if (block.kind === 'heading') {
      heading = { text: block.text, page: block.page };
      header = null;
      leadIn = null;
    } else if (block.kind === 'header') {
      header = block.text;
    } else if (block.kind !== 'row') {
      header = null;
    }
    if (block.kind === 'item' && previous?.kind !== 'item') {
      const before = previous?.kind === 'prose' ? previous.text.trim() : '';
      leadIn = before.endsWith(':') ? (splitSentences(before).at(-1) ?? null) : null;
    } else if (block.kind === 'prose') leadIn = null;
    const texts =
      block.kind === 'prose' || block.kind === 'item' ? splitSentences(block.text) : [block.text];
    for (const text of texts) {
      sentences.push({
        text,
        page: block.page,
        kind: block.kind,
        marker: block.marker,
        heading: block.kind === 'heading' ? null : heading,
        table_header: block.kind === 'row' ? header : null,
        lead_in: block.kind === 'item' ? leadIn : null,
        cells: block.cells,
        block: index,
      });
    }
    previous = block;
  });
  return sentences;
}
