/**
 * The seller: the name heading the document or its seller block, never the buyer's address block
 * nor a line of small print. Each plausible line earns points for what sellers' names carry (a
 * legal form, the mail or web domain, the top of the first page, a seller label, the sender
 * line above an address window) and loses them for what buyers' names and footnotes carry.
 */
import type { PreparedDocument } from './document.js';
import { fold } from './normalize.js';
import type { Read } from './read-fields.js';

/** Company legal forms across the languages read (and a few neighbours'). */
const LEGAL_FORM =
  /(?:^|[\s,(])(?:gmbh|mbh|ag|kg|ohg|gbr|ug|e\.\s?k\.|e\.\s?v\.|kgaa|se|ltd\.?|limited|llc|l\.l\.c\.|inc\.?|corp\.?|corporation|co\.|company|plc|llp|pty|s\.\s?a\.?|sa|s\.a\.s\.?|sas|sasu|sarl|s\.\s?a\s?r\.?\s?l\.?|s\.à\s?r\.l\.|eurl|snc|b\.\s?v\.?|bv|n\.\s?v\.?|nv|v\.o\.f\.|vof|s\.\s?l\.?|slu|s\.p\.a\.?|spa|s\.r\.l\.?|srl|s\.n\.c\.|ab|a\/s|aps|as|asa|oy|oyj|sp\.\s?z\s?o\.o\.|s\.r\.o\.|kft\.?|zrt\.?)(?=$|[\s,.)&])|株式会社|有限会社|合同会社|\(株\)|㈱/i;

const ADDRESS =
  /\b\d{4,5}\s+\p{Lu}|\b(?:str\.|straße|strasse|street|st\.|road|rd\.|avenue|ave\.|rue|chemin|boulevard|weg|laan|plein|calle|via|piazza|platz|allee|gasse|ring|damm)\b|\bpostfach\b|\bp\.?o\.? box\b|\bbp\s\d/iu;
const CONTACT = /@|www\.|https?:|\b(?:tel|fax|phone|telefon|iban|bic)\b|\+\d/i;

interface Candidate {
  text: string;
  row: number;
  score: number;
}

function cleanName(text: string): string {
  return text
    .replace(/^[\s*•·|:-]+|[\s*•·|:,-]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A sentence, not a name: several words starting in lower case ("postpone this journey till"). */
function sentence(text: string): boolean {
  const words = text.split(' ');
  const lower = words.filter((word) => /^\p{Ll}{3,}/u.test(word)).length;
  return words.length > 7 || lower >= 3;
}

function plausible(text: string): boolean {
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  if (letters < 2 || text.length > 70 || sentence(text)) return false;
  // Dates and times belong to the document, not to a name.
  if (/\d{1,2}:\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\b(?:19|20)\d{2}\b/.test(text)) return false;
  if (letters < text.replace(/\s/g, '').length * 0.5) return false;
  return !CONTACT.test(text) && !ADDRESS.test(text);
}

/** Words of the sender's mail or web domains ("info@hetzner.de" → "hetzner"). */
function domainWords(text: string): Set<string> {
  const words = new Set<string>();
  for (const match of text.matchAll(/(?:@|www\.)([a-z0-9-]+)\./gi)) {
    const word = (match[1] ?? '').toLowerCase();
    if (
      word.length >= 3 &&
      !['mail', 'gmail', 'web', 'gmx', 'outlook', 'yahoo', 'info'].includes(word)
    )
      words.add(word);
  }
  return words;
}

/** Rows of the buyer's block: the rows under (or beside) a buyer label, up to a blank stretch. */
function buyerRows(doc: PreparedDocument): Set<number> {
  const rows = new Set<number>();
  doc.labels.forEach((labels, index) => {
    const row = doc.rows[index];
    const label = labels.find((match) => match.role === 'buyer');
    if (!row || !label) return;
    // A buyer label begins its line ("Bill to:", "Rechnungsempfänger"), or ends it ("… 御中").
    const atStart = row.text.slice(0, label.start).trim() === '';
    const atEnd = row.text.slice(label.end).replace(/[\s:]/g, '') === '';
    if (!atStart && !atEnd) return;
    if (atEnd && !atStart) rows.add(index);
    const [x0] = row.geometry ? [row.cells.find((cell) => label.start < cell.end)?.x0 ?? 0] : [0];
    for (
      let next = index + (atStart ? 0 : 1);
      next < doc.rows.length && next <= index + 5;
      next += 1
    ) {
      const below = doc.rows[next];
      if (!below || below.page !== row.page) break;
      if (!row.geometry || below.cells.some((cell) => Math.abs(cell.x0 - x0) < 30)) rows.add(next);
    }
  });
  return rows;
}

export function readVendor(doc: PreparedDocument): Read<string> | null {
  const domains = domainWords(doc.text);
  const buyers = buyerRows(doc);
  const firstPage = doc.rows.filter((row) => row.page === 1);
  const pageHeight = Math.max(...firstPage.map((row) => row.y), 1);
  const heights = firstPage.map((row) => row.height).sort((a, b) => a - b);
  const median = heights[Math.floor(heights.length / 2)] ?? 1;
  const sellerRows = new Set<number>();
  doc.labels.forEach((labels, index) => {
    if (labels.some((label) => label.role === 'seller')) {
      for (let next = index; next <= index + 3; next += 1) sellerRows.add(next);
    }
  });
  const seen = new Map<string, number>();
  for (const row of doc.rows) {
    for (const cell of row.cells) {
      const key = fold(cell.text).text;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
  }

  const candidates: Candidate[] = [];
  doc.rows.forEach((row, index) => {
    if (row.page !== 1 && !sellerRows.has(index)) return;
    const labelled = doc.labels[index] ?? [];
    const texts = row.cells.flatMap((cell) => {
      const inCell = labelled.filter(
        (label) => label.start >= cell.start && label.start < cell.end,
      );
      const seller = inCell.find((label) => label.role === 'seller');
      if (seller) return [{ raw: cell.text.slice(seller.end - cell.start), sender: false }];
      // Any other label makes the cell a field ("Invoice no 12"), a title or a buyer label.
      if (inCell.length > 0) return [];
      // A sender line ("Lieferant GmbH · Straße 1 · 80333 München") names the seller first.
      const parts = cell.text.split(/\s+[·•|–-]\s+|\s*[·•|]\s*/);
      return parts.length >= 3
        ? [{ raw: parts[0] ?? '', sender: true }]
        : [{ raw: cell.text, sender: false }];
    });
    for (const { raw, sender } of texts) {
      const text = cleanName(raw);
      if (!plausible(text) || /\d[.,]\d{2}\b/.test(text)) continue;
      let score = 0;
      if (LEGAL_FORM.test(text)) score += 3;
      if (sender) score += 2;
      const words = fold(text).text.split(' ');
      if (
        words.some((word) => domains.has(word)) ||
        [...domains].some((d) => fold(text).text.replace(/ /g, '').includes(d))
      )
        score += 2;
      if (sellerRows.has(index)) score += 3;
      if (buyers.has(index)) score -= 6;
      const position = row.geometry ? row.y / pageHeight : index / Math.max(1, firstPage.length);
      if (position < 0.2 || index < 4) score += 2;
      else if (position < 0.35) score += 1;
      else if (position > 0.85) score -= 2;
      if (row.geometry && row.height > median * 1.3) score += 1;
      if ((seen.get(fold(text).text) ?? 0) > 1) score += 1;
      if (/^(?:\p{L}+\s?){1,2}:/u.test(raw) || /[?!]/.test(text)) score -= 2;
      candidates.push({ text, row: index, score });
    }
  });
  const best = candidates.sort((a, b) => b.score - a.score || a.row - b.row)[0];
  if (!best || best.score < 1) return null;
  return {
    value: best.text,
    confidence: best.score >= 5 ? 0.85 : best.score >= 3 ? 0.7 : 0.5,
    page: doc.rows[best.row]?.page ?? 1,
  };
}
