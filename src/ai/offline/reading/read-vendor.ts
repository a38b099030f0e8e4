/**
 * The seller: the name heading the document or its seller block, never the buyer's address block
 * nor a line of small print. Each plausible line earns points for what sellers' names carry (a
 * legal form, the mail or web domain, the top of the first page, a seller label, the sender
 * line above an address window) and loses them for what buyers' names and footnotes carry.
 */
import type { PreparedDocument } from './document.js';
import { looksLikeName } from './name-shape.js';
import { fold } from './normalize.js';
import type { Read } from './read-fields.js';

/** Company legal forms across the languages read (and a few neighbours'). */
const LEGAL_FORM =
  /(?:^|[\s,(])(?:gmbh|mbh|ag|kg|ohg|gbr|ug|e\.\s?k\.|e\.\s?v\.|kgaa|se|ltd\.?|limited|llc|l\.l\.c\.|inc\.?|corp\.?|corporation|co\.|company|plc|llp|pty|s\.\s?a\.?|sa|s\.a\.s\.?|sas|sasu|sarl|s\.\s?a\s?r\.?\s?l\.?|s\.à\s?r\.l\.|eurl|snc|b\.\s?v\.?|bv|n\.\s?v\.?|nv|v\.o\.f\.|vof|s\.\s?l\.?|slu|s\.p\.a\.?|spa|s\.r\.l\.?|srl|s\.n\.c\.|ab|a\/s|aps|as|asa|oy|oyj|sp\.\s?z\s?o\.o\.|s\.r\.o\.|kft\.?|zrt\.?)(?=$|[\s,.)&])|株式会社|有限会社|合同会社|\(株\)|㈱/i;

/** "GmbH" as OCR misreads it on receipts: "GabH", "GnbH", "6mbH", "GmbM". */
const OCR_GMBH = /(?:^|\s)[G6][mnrai]{1,2}[bh6][HM](?=$|[\s,.])/;

const ADDRESS =
  /\b\d{4,5}\s+\p{Lu}|\b(?:str\.|straße|strasse|street|st\.|road|rd\.|avenue|ave\.|rue|chemin|boulevard|weg|laan|plein|calle|via|piazza|platz|allee|gasse|ring|damm)\b|\bpostfach\b|\bp\.?o\.? box\b|\bbp\s\d/iu;
/** A street and house number at the end of a line ("Senefelder Str 2", "Calle Mayor 12b", "Kamp 30-32"). */
const STREET_NUMBER = /^\p{L}[\p{L} .'-]{2,40}\s\d{1,4}\s?[a-z]?(?:\s?[-–/]\s?\d{1,4}[a-z]?)?$/u;
const CONTACT = /@|www\.|https?:|\b(?:tel|fax|phone|telefon|iban|bic)\b|\+\d/i;
/** "Page 1 of 2", "Seite 1 von 1", "Página 1 de 2", "1/2": page numbers in any language. */
const PAGE_NUMBER = /^\p{L}{2,8}\.?\s*\d+\s*(?:\/|\p{L}{1,4})\s*\d+$|^\d+\s*\/\s*\d+$/u;

export interface Candidate {
  text: string;
  row: number;
  score: number;
}

/** A name without the marks around it. */
export function cleanName(text: string): string {
  // OCR reads the edge of a scan and the rules of a receipt as marks ("= § : Name").
  return text
    .replace(/^[\s*•·|:=§~#_<>»«.,;'"-]+|[\s*•·|:=§~#_<>»«,;'"-]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A sentence, not a name: several words starting in lower case ("postpone this journey till"). */
function sentence(text: string): boolean {
  const words = text.split(' ');
  const lower = words.filter((word) => /^\p{Ll}{3,}/u.test(word)).length;
  return words.length > 7 || lower >= 3;
}

/**
 * Prices per unit and currencies ("1,99 EUR/kg", "2 Stk") belong to a line item, not to a name;
 * a unit counts after a quantity only ("KG" alone is a legal form).
 */
const MONEY_OR_UNIT = /[€£$¥]|\b(?:EUR|EURO|USD|GBP)\b|\d\s?(?:kg|Stk|pcs)\b/i;

/** OCR of a logo or of faded print: brackets and stray marks, or too few real words. */
function noise(text: string, ocr: boolean): boolean {
  if (/[[\]{}\\|;<>=_~^]/.test(text)) return true;
  if (ocr && logoFragments(text)) return true;
  const tokens = text.split(' ');
  const words = tokens.filter(
    (token) => /^\p{L}[\p{L}'’.&-]*$/u.test(token) && (token.match(/\p{L}/gu) ?? []).length >= 2,
  );
  return words.length < tokens.length * 0.6;
}

/**
 * OCR of a drawn logo comes out as several scraps of one or two letters ("a LL DT", "4 LiL FT"):
 * names are made of words, and a name of one short word ("dm") stays possible.
 */
function logoFragments(text: string): boolean {
  const tokens = text.split(' ');
  if (tokens.length < 2) return false;
  const letters = tokens.reduce((sum, token) => sum + token.length, 0);
  // A two-letter legal form ("AS", "SE") is as likely a scrap as a form here.
  return letters / tokens.length < 3;
}

/** A name, not a sentence, a date, an address, a contact, a price or the noise of a logo. */
export function plausibleName(text: string, ocr: boolean): boolean {
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  if (letters < 2 || text.length > 70 || sentence(text)) return false;
  // Dates and times belong to the document, not to a name.
  if (/\d{1,2}:\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\b(?:19|20)\d{2}\b/.test(text)) return false;
  if (letters < text.replace(/\s/g, '').length * 0.5) return false;
  if (ocr && !looksLikeName(text)) return false;
  return (
    !CONTACT.test(text) &&
    !ADDRESS.test(text) &&
    !STREET_NUMBER.test(text) &&
    !PAGE_NUMBER.test(text) &&
    !MONEY_OR_UNIT.test(text) &&
    !noise(text, ocr)
  );
}

/** Words of the sender's mail or web domains ("billing@example-hosting.de" → "example-hosting"). */
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
      const cells = row.geometry
        ? below.cells.filter((cell) => Math.abs(cell.x0 - x0) < 30)
        : below.cells;
      if (cells.length === 0) continue;
      rows.add(next);
      // The block ends with its town: a postcode line closes an address.
      if (cells.some((cell) => POSTCODE_TOWN.test(cell.text))) break;
    }
  });
  return rows;
}

/** "80333 München", "75018 PARIS", "Leeds LS1 4AP", "Austin, TX 78701", "3528 BJ Utrecht". */
const POSTCODE_TOWN =
  /\b\d{4,5}\s+\p{Lu}|\b\d{4}\s?[A-Z]{2}\s+\p{Lu}|\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b|\b[A-Z]{2},?\s+\d{5}\b/u;

/**
 * Rows of an OCR'd receipt that head an address: the shop's name stands above its street and its
 * postcode and town. (On a page with positions, the buyer's window is laid out the same way, so
 * only receipts, which name no buyer, read it so.)
 */
function addressHeads(doc: PreparedDocument): Set<number> {
  const heads = new Set<number>();
  if (!doc.ocr) return heads;
  doc.rows.forEach((row, index) => {
    const street = doc.rows[index + 1]?.text.trim() ?? '';
    const town = doc.rows[index + 2]?.text.trim() ?? '';
    const isStreet = ADDRESS.test(street) || STREET_NUMBER.test(street);
    if (row.page === 1 && isStreet && POSTCODE_TOWN.test(town) && !POSTCODE_TOWN.test(street))
      heads.add(index);
  });
  return heads;
}

/** Every plausible seller name with its points, best first. */
export function rankVendors(doc: PreparedDocument): Candidate[] {
  const domains = domainWords(doc.text);
  const buyers = buyerRows(doc);
  const firstPage = doc.rows.filter((row) => row.page === 1);
  const pageHeight = Math.max(...firstPage.map((row) => row.y), 1);
  const heights = firstPage.map((row) => row.height).sort((a, b) => a - b);
  const median = heights[Math.floor(heights.length / 2)] ?? 1;
  const sellerRows = new Set<number>();
  doc.labels.forEach((labels, index) => {
    const row = doc.rows[index];
    const heading = labels.find(
      (label) =>
        label.role === 'seller' &&
        row !== undefined &&
        /^\s*(?::|$)/.test(row.text.slice(label.end).split('  ')[0] ?? ''),
    );
    if (heading) {
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

  const headsAddress = addressHeads(doc);
  const receipt = !doc.labels.some((labels) => labels.some((label) => label.role === 'buyer'));
  const candidates: Candidate[] = [];
  doc.rows.forEach((row, index) => {
    if (row.page !== 1 && !sellerRows.has(index)) return;
    const labelled = doc.labels[index] ?? [];
    const texts = row.cells.flatMap((cell) => {
      const inCell = labelled.filter(
        (label) =>
          label.start >= cell.start &&
          label.start < cell.end &&
          label.role !== 'excluding' &&
          label.role !== 'including',
      );
      // A seller label heads its cell and is followed by nothing or a colon ("Verkäufer:"); in
      // "Lieferant GmbH" the word is part of the name.
      const seller = inCell.find(
        (label) =>
          label.role === 'seller' &&
          row.text.slice(cell.start, label.start).trim() === '' &&
          /^\s*(?::|$)/.test(row.text.slice(label.end, cell.end)),
      );
      if (seller) return [{ raw: cell.text.slice(seller.end - cell.start), sender: false }];
      // A strong label makes the cell a field ("Invoice no 12") or a buyer label; weak ones
      // ("Invoice", "bon") only when they are all the cell says.
      const rest = inCell.reduce(
        (text, label) => text.replace(row.text.slice(label.start, label.end), ''),
        cell.text,
      );
      const fields = inCell.filter((label) => label.role !== 'seller');
      if (fields.some((label) => !label.weak) || (inCell.length > 0 && !/\p{L}{3}/u.test(rest)))
        return [];
      // A sender line ("Lieferant GmbH · Straße 1 · 80333 München") names the seller first.
      // Its parts are all words: "Wxq ~= || 8S" is the rule of a scan, not three fields.
      const parts = cell.text.split(/\s+[·•|–-]\s+|\s*[·•|]\s*/);
      return parts.length >= 3 && parts.every((part) => /\p{L}{2}|\d{2}/u.test(part))
        ? [{ raw: parts[0] ?? '', sender: true }]
        : [{ raw: cell.text, sender: false }];
    });
    for (const { raw, sender } of texts) {
      const text = cleanName(raw);
      if (!plausibleName(text, doc.ocr) || /\d[.,]\d{2}\b/.test(text)) continue;
      let score = 0;
      const legal = LEGAL_FORM.test(text) || (doc.ocr && OCR_GMBH.test(text));
      if (legal) score += 3;
      if (headsAddress.has(index) && !buyers.has(index)) score += 2;
      if (sender) score += 2;
      const folded = fold(text).text;
      const words = folded.split(' ');
      if (
        words.some((word) => domains.has(word)) ||
        [...domains].some((d) => folded.replace(/ /g, '').includes(d))
      )
        score += 2;
      if (sellerRows.has(index)) score += 3;
      if (buyers.has(index)) score -= 6;
      const position = row.geometry ? row.y / pageHeight : index / Math.max(1, firstPage.length);
      if (position < 0.2 || index < 4) score += 2;
      else if (position < 0.35) score += 1;
      // Footers hold small print, but a receipt (no buyer named) ends with the shop's legal name.
      else if (position > 0.85 && !(legal && receipt && !/\bbank\b/i.test(text))) score -= 2;
      if (row.geometry && row.height > median * 1.3) score += 1;
      if ((seen.get(folded) ?? 0) > 1) score += 1;
      if (/^(?:\p{L}+\s?){1,2}:/u.test(raw) || /[?!]/.test(text)) score -= 2;
      candidates.push({ text, row: index, score });
    }
  });
  if (doc.ocr) candidates.push(...domainNames(doc, domains, candidates));
  return candidates.sort((a, b) => b.score - a.score || a.row - b.row);
}

/**
 * A receipt's name is often a drawn logo that OCR cannot read, while its web or mail domain is
 * printed in plain type: a domain no candidate carries stands in for the name.
 */
function domainNames(
  doc: PreparedDocument,
  domains: ReadonlySet<string>,
  candidates: readonly Candidate[],
): Candidate[] {
  const named = candidates.map((candidate) => fold(candidate.text).text.replace(/ /g, ''));
  return [...domains]
    .filter((domain) => !named.some((name) => name.includes(domain)))
    .map((domain) => ({
      text: domain,
      row: Math.max(
        0,
        doc.rows.findIndex((row) => row.text.toLowerCase().includes(domain)),
      ),
      score: 3,
    }));
}

export function readVendor(doc: PreparedDocument): Read<string> | null {
  const best = rankVendors(doc)[0];
  if (!best || best.score < 1) return null;
  return {
    value: best.text,
    confidence: best.score >= 5 ? 0.85 : best.score >= 3 ? 0.7 : 0.5,
    page: doc.rows[best.row]?.page ?? 1,
  };
}
