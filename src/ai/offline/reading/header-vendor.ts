/**
 * The vendor when the seller block says nothing clear: an e-ticket's operator, else a line of the
 * header that reads as a name. The top of a photographed receipt is often its logo, which OCR
 * turns into marks and scraps ("~=| @@ 8S"): such a line is skipped for the next one, and a
 * header with no name in it gives no vendor rather than garbage. A guess is given low confidence.
 */
import type { PreparedDocument } from './document.js';
import { looksLikeName } from './name-shape.js';
import { cleanName, plausibleName, readVendor } from './read-vendor.js';

export interface HeaderLine {
  text: string;
  /** 1-based page. */
  page: number;
}

export interface VendorRead {
  value: string | null;
  confidence: number;
  page: number | null;
}

/** Headings, greetings and field labels that head documents without naming the seller. */
export const NOT_A_VENDOR =
  /^(?:welcome|congratulations|original|duplicate|tax invoice|invoice|receipt|bill|cash memo|e-?ticket|logo|thank|need help|write to us|customer care|postpone|date|gstin?|ph\.?|phone|tel)\b|^[\d\s+()-]+$|[:?]/i;

/** How far down the header is searched: a name stands above the items. */
const HEADER_LINES = 8;

/** A name read from the header alone, by its place and shape only, is a guess. */
const HEADER_GUESS = 0.3;

/** The first line of the header that reads as a name; null, with no confidence, when none does. */
export function headerVendor(lines: readonly HeaderLine[]): VendorRead {
  const header = lines.slice(0, HEADER_LINES);
  for (const line of header) {
    const text = cleanName(line.text).replace(/[!.]+$/, '');
    // Addresses, contacts, dates and prices are not names, however well they read.
    if (NOT_A_VENDOR.test(text) || !looksLikeName(text) || !plausibleName(text, true)) continue;
    return { value: text, confidence: HEADER_GUESS, page: line.page };
  }
  return { value: null, confidence: 0, page: null };
}

/** E-tickets print the operator shortly after the PNR, among help-desk boilerplate. */
function ticketOperator(lines: readonly HeaderLine[]): VendorRead | null {
  const operatorAt = lines.findIndex((line) => /\bpnr\b/i.test(line.text));
  const operator =
    operatorAt < 0
      ? undefined
      : lines
          .slice(operatorAt + 1, operatorAt + 12)
          .find(
            (line) =>
              /^[A-Za-z][A-Za-z .&'-]{2,40}$/.test(line.text) && !NOT_A_VENDOR.test(line.text),
          );
  return operator ? { value: operator.text, confidence: 0.7, page: operator.page } : null;
}

/** The seller block when it is clear; else an e-ticket's operator; else the best guess. */
export function chooseVendor(doc: PreparedDocument, lines: readonly HeaderLine[]): VendorRead {
  const seller = readVendor(doc);
  if (seller && seller.confidence >= 0.7) return seller;
  return ticketOperator(lines) ?? seller ?? headerVendor(lines);
}
