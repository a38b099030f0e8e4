/**
 * What earlier claims say about this one: the invoices it copies byte for byte, and the same
 * employee's earlier invoices that share its allowances or may be the same invoice again.
 */
import type { CandidateInvoice, DecidedInvoice } from '../domain/decide.js';
import { withReviewNotes } from '../domain/decide-claim-v2.js';
import type { Job } from '../domain/jobs.js';
import { FLAGS, type InvoiceRecord } from '../domain/types.js';
import type { InvoiceStore } from '../store/ports.js';
import { jobEmployeeId } from './results.js';

/**
 * For each candidate that is a byte-for-byte copy of an invoice of another claim (any employee's:
 * one file paid to two people is paid twice), the invoice it copies: the first one filed, itself
 * no copy. Records that copy this job's own invoices (a later claim stored while this one was
 * interrupted) are not taken for originals, so a resumed job decides as it did the first time.
 */
export async function earlierCopies(
  job: Job,
  candidates: CandidateInvoice[],
  invoices: InvoiceStore,
): Promise<Map<string, InvoiceRecord>> {
  const own = new Set(candidates.map((candidate) => candidate.key));
  const found = new Map<string, InvoiceRecord>();
  for (const candidate of candidates) {
    const others = (
      await invoices.list({ file_sha256: candidate.file_sha256 }, { limit: 100 })
    ).items.filter(
      (record) =>
        record.job_id !== job.id && !(record.duplicate_of && own.has(record.duplicate_of)),
    );
    const original =
      others
        .filter((record) => !record.duplicate_of)
        .sort((a, b) =>
          a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0,
        )[0] ?? null;
    if (original) found.set(candidate.key, original);
  }
  return found;
}

/**
 * The decision of an exact copy: its amounts stand (policies send duplicates to review rather than
 * decline them) but it is flagged, and the note names the invoice and claim it copies, by id only:
 * the earlier claim may be another employee's, whose name is not this one's to read.
 */
export function asCopy<D extends DecidedInvoice['decision']>(
  decision: D,
  original: InvoiceRecord,
): D {
  const note = `the same file as invoice ${original.id} of claim ${original.job_id}, already claimed: counted once in totals`;
  const flags = decision.flags.includes('possible_duplicate')
    ? decision.flags
    : FLAGS.filter((flag) => flag === 'possible_duplicate' || decision.flags.includes(flag));
  return { ...decision, flags, reason: withReviewNotes(decision.reason, [note]) };
}

/**
 * Invoices of the same employee stored before this claim: those of the months this claim touches
 * share per-day and per-month allowances; those with the same file, number or booking reference
 * may be duplicates.
 * `copied` are the originals of this claim's exact copies: the copy stands in for its original in
 * this claim's allowances, so the original is left out (else a copy would be capped by itself).
 */
export async function priorInvoices(
  job: Job,
  candidates: CandidateInvoice[],
  invoices: InvoiceStore,
  copied: ReadonlySet<string> = new Set(),
): Promise<InvoiceRecord[]> {
  const dates = candidates
    .map((c) => c.fields.date.value)
    .filter((d): d is string => d !== null)
    .sort();
  const [first] = dates;
  const last = dates.at(-1);
  const employee_id = jobEmployeeId(job);
  // This job's own records (a resumed run) are no earlier invoices. Nor are exact copies of
  // earlier invoices: their original is found too, and spends the allowance once; counting the
  // copy as well would spend it twice.
  const ownOrCopy = (record: InvoiceRecord): boolean =>
    record.job_id === job.id || Boolean(record.duplicate_of) || copied.has(record.id);
  const filter = {
    employee_id,
    ...(first && last
      ? { date_from: `${first.slice(0, 7)}-01`, date_to: lastDayOfMonth(last) }
      : {}),
  };
  const found: InvoiceRecord[] = [];
  let cursor: string | null = null;
  do {
    const page = await invoices.list(filter, { limit: 500, cursor });
    found.push(...page.items.filter((record) => !ownOrCopy(record)));
    cursor = page.next_cursor;
  } while (cursor);
  // Duplicates are found across every date, not only the claim's months: the same file, or the
  // same invoice or ticket number claimed again in another month.
  const seen = new Set(found.map((record) => record.id));
  const keep = (records: InvoiceRecord[]): void => {
    for (const record of records) {
      if (ownOrCopy(record) || seen.has(record.id)) continue;
      seen.add(record.id);
      found.push(record);
    }
  };
  for (const candidate of candidates) {
    keep(
      (await invoices.list({ employee_id, file_sha256: candidate.file_sha256 }, { limit: 10 }))
        .items,
    );
  }
  // A booking reference is looked up as a number too: the earlier ticket of the same booking may
  // have it as its only number.
  const numbers = [
    ...new Set(
      candidates
        .flatMap((c) => [c.fields.invoice_number.value, c.fields.booking_reference?.value])
        .filter((n): n is string => typeof n === 'string' && n !== ''),
    ),
  ];
  for (let start = 0; start < numbers.length; start += 100) {
    const batch = {
      employee_id,
      invoice_numbers: numbers.slice(start, start + 100),
    };
    let next: string | null = null;
    do {
      const page = await invoices.list(batch, { limit: 500, cursor: next });
      keep(page.items);
      next = page.next_cursor;
    } while (next);
  }
  return found;
}

function lastDayOfMonth(isoDate: string): string {
  const [year, month] = isoDate.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}
