/**
 * The one invoice a question names ("Ticket 2", "Dinner Invoice 3", "invoice #4102", "Ticket 6
 * (1).pdf", a ticket number, an id), as typed, so an explain question can be matched to the
 * invoice its uploader called that; and quoted phrases, which name an invoice or are words to find.
 */

import type { QuestionScanner } from './scanner.js';

const QUOTED = /"([^"]{1,120})"/;
const FILE_NAME =
  /\b((?:[a-z0-9()&_-]+ ){0,3}[a-z0-9()&_-]+\.(?:pdf|png|jpe?g|heic|webp|tiff?|docx?))\b/;
/** What documents are called: a word of this kind and a number name one ("receipt 12", "bill #7"). */
const DOCUMENT_NOUNS = 'invoice|bill|receipt|ticket|folio|voucher|booking|statement';
const NAMED_DOCUMENT = new RegExp(
  `\\b((?:${DOCUMENT_NOUNS})\\s*(?:no\\.?|number|num|#)?\\s*#?\\s*(?=[a-z-]*\\d)[a-z0-9][a-z0-9-]*(?:\\s*\\(\\d+\\))?)(?![a-z0-9])`,
);
const BARE_ID =
  /(?:#\s*(\d{2,})\b|\b((?=[a-z0-9]*\d)(?=[a-z0-9]*[a-z])[a-z0-9]{10,})\b|\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b)/;
/** Words that may start a file name; others ("why", "was") are the question around it. */
const FILE_NAME_WORD = new RegExp(`^(?:\\(?\\d+\\)?|${DOCUMENT_NOUNS}|[a-z0-9()&_-]+\\.[a-z]+)$`);
const NUMBER_WORD = /^\d{1,6}$/;
const DOCUMENT_NOUN_WORD = new RegExp(`^(?:${DOCUMENT_NOUNS})$`);
const COPY_SUFFIX = /^\s*\(\d+\)/;

/**
 * Names typed with capitals and ending in a number: "Ticket 2", "Dinner Invoice 3", "Site Visit
 * Form 12 (1)". A document is called what its uploader called it, so the words cannot be listed;
 * the capitals say where the name starts. A possessive ("Rani's") or a lower-case word ends it,
 * and the question's first word joins only a name that would otherwise be a bare number. Read
 * after dates and amounts, which are capitalised too ("December 2024", "Q4 2024"); before them,
 * `nounLast` takes only names whose last word says what the document is ("Dinner Invoice 3").
 */
export function takeCapitalisedNames(scanner: QuestionScanner, nounLast = false): string[] {
  const names: string[] = [];
  const words = scanner.words();
  for (let index = 1; index < words.length; index += 1) {
    const number = words[index];
    if (!number || !NUMBER_WORD.test(number.folded) || number.possessive) continue;
    if (nounLast && !DOCUMENT_NOUN_WORD.test(words[index - 1]?.folded ?? '')) continue;
    let first = index;
    while (first > 0) {
      const word = words[first - 1];
      const next = words[first];
      if (!word || !next || word.possessive || !/^\p{Lu}/u.test(word.original)) break;
      if (scanner.original.slice(word.end, next.start).trim() !== '') break;
      first -= 1;
    }
    if (first === index || index - first > 5) continue;
    if (first === 0 && index > 1 && words[0]?.start === 0) first = 1;
    const start = words[first]?.start ?? number.start;
    const copy = COPY_SUFFIX.exec(scanner.original.slice(number.end));
    const end = number.end + (copy?.[0].length ?? 0);
    scanner.consume(start, end);
    names.push(scanner.original.slice(start, end));
  }
  return names;
}

export interface InvoiceReferences {
  /** Quoted phrases: an invoice reference when explaining, otherwise text to search for. */
  quoted: string[];
  /** Everything else that names one invoice, as typed. */
  references: string[];
}

export function takeInvoiceReferences(scanner: QuestionScanner): InvoiceReferences {
  const quoted = scanner.take(QUOTED).map((match) => scanner.originalGroup(match, 1) ?? '');
  const references: string[] = [];
  for (const match of scanner.take(FILE_NAME)) {
    const words = (scanner.originalGroup(match, 1) ?? '').split(' ');
    // Keep the file name's own words: capitalised ones and the words invoices are named with.
    let first = words.length - 1;
    while (
      first > 0 &&
      (/^[A-Z(\d]/.test(words[first - 1] ?? '') ||
        FILE_NAME_WORD.test((words[first - 1] ?? '').toLowerCase()))
    )
      first -= 1;
    references.push(words.slice(first).join(' '));
  }
  references.push(...takeCapitalisedNames(scanner, true));
  for (const match of scanner.take(NAMED_DOCUMENT))
    references.push(scanner.originalGroup(match, 1) ?? '');
  for (const match of scanner.take(BARE_ID))
    references.push(scanner.originalGroup(match, match[1] ? 1 : match[2] ? 2 : 3) ?? '');
  return { quoted, references: references.filter(Boolean) };
}
