/**
 * Words to search the invoices' text for: what follows "mentioning" and a vendor typed with
 * capitals after "at" or "from". Read after the filters and the named invoice, so it only sees
 * words none of them took.
 */

import { capitalisedRun, type QuestionScanner } from './scanner.js';

const MENTIONING =
  /\b(?:mentioning|mentions?|containing|contains?|with the words?|that says?|saying|matching)\s+([\p{L}\p{N}&'-]{2,})/u;
const VENDOR_MARKER = new Set(['at', 'from']);

/** Text to search for: "mentioning pulao", and a capitalised vendor "at Lotus" / "from Uber". */
export function takeSearchText(scanner: QuestionScanner): string[] {
  const texts = scanner.take(MENTIONING).map((match) => scanner.originalGroup(match, 1) ?? '');
  const words = scanner.words();
  for (let index = 0; index < words.length - 1; index += 1) {
    const marker = words[index];
    if (!marker || !VENDOR_MARKER.has(marker.folded)) continue;
    const vendor = capitalisedRun(words, index + 1, scanner.original);
    const last = vendor[vendor.length - 1];
    if (!last) continue;
    scanner.consume(marker.start, last.end);
    texts.push(vendor.map((word) => word.original).join(' '));
  }
  return texts.filter(Boolean);
}
