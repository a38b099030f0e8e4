/**
 * Cuts policy text into sentences that know their page and the section they sit in. Lines are
 * rejoined first: PDFs wrap sentences across lines and DOCX text across paragraphs, while
 * headings and list items stand alone.
 */
import type { Category } from '../../domain/types.js';
import { POLICY_CATEGORY_WORDS } from './vocabulary.js';

export interface PolicySentence {
  text: string;
  page: number;
  /** The nearest heading (or category list item) above the sentence. */
  section: PolicySection | null;
  /** True for a heading or a short list item such as "Food and Beverages". */
  title: boolean;
}

export interface PolicySection {
  title: string;
  category: Category | null;
}

const BULLET = /^[●•▪◦○■□➢►\-*–]\s*/;
const NUMBERING = /^\d+(?:\.\d+)*[.)]?\s+(?=\S)/;

export function categoryNamedIn(text: string): Category | null {
  for (const [category, words] of POLICY_CATEGORY_WORDS) if (words.test(text)) return category;
  return null;
}

/** Short, capitalised, no closing punctuation, no numbers: "5.1 Food and Beverages", "Accommodations". */
function isTitleLike(text: string): boolean {
  const words = text.split(/\s+/).filter(Boolean);
  return (
    words.length > 0 &&
    words.length <= 6 &&
    /^[A-Z]/.test(text) &&
    !/[.;!?,]$/.test(text) &&
    !/\d/.test(text)
  );
}

function endsSentence(text: string): boolean {
  return /[.!?:]["')\]]?$/.test(text);
}

interface Unit {
  text: string;
  page: number;
  title: boolean;
}

function units(pages: readonly string[]): Unit[] {
  const found: Unit[] = [];
  let current: Unit | null = null;
  const flush = () => {
    if (current?.text) found.push(current);
    current = null;
  };
  pages.forEach((pageText, pageIndex) => {
    for (const rawLine of pageText.split(/\r?\n/)) {
      const line = rawLine.replace(/\s+/g, ' ').trim();
      if (!line) continue;
      const marked = BULLET.test(line) || NUMBERING.test(line);
      const content = line.replace(BULLET, '').replace(NUMBERING, '').trim();
      const open: Unit | null = current;
      const continues =
        open !== null &&
        !marked &&
        !open.title &&
        (/^[a-z(₹$]/.test(content) || (!endsSentence(open.text) && !isTitleLike(content)));
      if (open !== null && continues) {
        open.text = `${open.text} ${content}`;
        continue;
      }
      flush();
      current = { text: content, page: pageIndex + 1, title: isTitleLike(content) };
    }
  });
  flush();
  return found;
}

/** Sentences in document order; "Rs. 500" and "e.g." do not end a sentence. */
export function policySentences(pages: readonly string[]): PolicySentence[] {
  const sentences: PolicySentence[] = [];
  let section: PolicySection | null = null;
  for (const unit of units(pages)) {
    if (unit.title) {
      section = { title: unit.text, category: categoryNamedIn(unit.text) };
      sentences.push({ text: unit.text, page: unit.page, section, title: true });
      continue;
    }
    const parts = unit.text.split(
      /(?<!\b(?:Rs|e\.g|i\.e|etc|No|Mr|Ms|Dr|vs))(?<=[.!?])\s+(?=[A-Z"(])/,
    );
    for (const part of parts) {
      const text = part.trim();
      if (text) sentences.push({ text, page: unit.page, section, title: false });
    }
  }
  return sentences;
}
