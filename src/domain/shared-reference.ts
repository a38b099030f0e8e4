/**
 * One purchase filed as two documents: the e-ticket and the invoice of the same booking, the
 * order confirmation and the receipt. Their layouts, file names and own numbers differ; what they
 * share is a reference printed on both (the invoice number, or the booking reference / PNR) and
 * the amount charged. Two documents that share a reference AND the same total in the same
 * currency are each flagged possible_duplicate; their amounts stand (duplicates go to review,
 * they are not declined). An equal amount alone is never evidence: two taxis may cost the same.
 * Pure.
 */
import { withReviewNotes } from './decide-claim-v2.js';
import { listNames, normalizeEmployeeKey } from './text.js';
import { FLAGS, type Flag } from './types.js';

export interface ReferencedDocument {
  /** Candidate key, or the stored id of an earlier invoice. */
  key: string;
  /** How a note names it: a file name, or "earlier invoice …". */
  label: string;
  /** The references it prints (invoice number, booking reference), as read; nulls are skipped. */
  references: ReadonlyArray<string | null | undefined>;
  /** The total charged, in minor units of `currency`; null when not read. */
  total_minor: number | null;
  currency: string | null;
}

export interface SharedReferenceMatch {
  label: string;
  /** The reference both print, normalised. */
  reference: string;
}

/** Shorter references ("12", "A-7") repeat across vendors and years: they identify nothing. */
const MIN_LENGTH = 5;

/**
 * A reference compared across layouts: accents, case, spaces and punctuation dropped
 * ("qzx-k4t", "QZX K4T" → "QZXK4T"); null when too short to identify a purchase or all one
 * character ("00000").
 */
export function normaliseReference(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const compact = normalizeEmployeeKey(raw)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
  if (compact.length < MIN_LENGTH) return null;
  if (/^(.)\1*$/.test(compact)) return null;
  return compact;
}

function signaturesOf(document: ReferencedDocument): Map<string, string> {
  const found = new Map<string, string>();
  if (document.total_minor === null || !document.currency) return found;
  for (const raw of document.references) {
    const reference = normaliseReference(raw);
    if (reference)
      found.set(
        `${reference}|${document.total_minor}|${document.currency.toUpperCase()}`,
        reference,
      );
  }
  return found;
}

/**
 * For each candidate key, the other documents (candidates of the same claim, or earlier invoices)
 * that print one of its references with the same total and currency, sorted by label. Candidates
 * are matched both ways; earlier invoices only as what a candidate matches.
 */
export function findSharedReferences(
  candidates: readonly ReferencedDocument[],
  prior: readonly ReferencedDocument[] = [],
): Map<string, SharedReferenceMatch[]> {
  const bySignature = new Map<string, ReferencedDocument[]>();
  for (const document of [...candidates, ...prior]) {
    for (const signature of signaturesOf(document).keys())
      bySignature.set(signature, [...(bySignature.get(signature) ?? []), document]);
  }
  const result = new Map<string, SharedReferenceMatch[]>();
  for (const candidate of candidates) {
    const matches = new Map<string, string>();
    for (const [signature, reference] of signaturesOf(candidate)) {
      for (const other of bySignature.get(signature) ?? []) {
        if (other.key !== candidate.key && !matches.has(other.label))
          matches.set(other.label, reference);
      }
    }
    if (matches.size > 0)
      result.set(
        candidate.key,
        [...matches.entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([label, reference]) => ({ label, reference })),
      );
  }
  return result;
}

/** "possible duplicate of ticket.pdf (same reference QZ12345 and total)", one clause per reference. */
export function sharedReferenceNote(matches: readonly SharedReferenceMatch[]): string {
  const byReference = new Map<string, string[]>();
  for (const { label, reference } of matches)
    byReference.set(reference, [...(byReference.get(reference) ?? []), label]);
  return [...byReference.entries()]
    .map(
      ([reference, labels]) =>
        `possible duplicate of ${listNames(labels)} (same reference ${reference} and total)`,
    )
    .join('; ');
}

/** A decision flagged possible_duplicate with notes saying why; its amounts are left alone. */
export function withPossibleDuplicate<D extends { flags: Flag[]; reason: string }>(
  decision: D,
  notes: readonly string[],
): D {
  const flags = FLAGS.filter(
    (flag) => flag === 'possible_duplicate' || decision.flags.includes(flag),
  );
  return { ...decision, flags, reason: withReviewNotes(decision.reason, notes) };
}

/**
 * The claim's decisions (in the order of `documents`) with shared references flagged. A document
 * the decision already names as a possible duplicate (same file, same ticket number) is not named
 * again.
 */
export function flagSharedReferences<D extends { flags: Flag[]; reason: string }>(
  decisions: readonly D[],
  documents: readonly ReferencedDocument[],
  prior: readonly ReferencedDocument[] = [],
): D[] {
  const shared = findSharedReferences(documents, prior);
  return decisions.map((decision, index) => {
    const key = documents[index]?.key;
    const named = decision.flags.includes('possible_duplicate') ? decision.reason : '';
    const matches = (key === undefined ? [] : (shared.get(key) ?? [])).filter(
      (match) => !named.includes(match.label),
    );
    return matches.length > 0
      ? withPossibleDuplicate(decision, [sharedReferenceNote(matches)])
      : decision;
  });
}
