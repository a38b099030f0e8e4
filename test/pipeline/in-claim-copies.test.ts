/**
 * The pieces of in-claim copies: which document is a copy of which, the ids copies are stored
 * under (the first keeps the id files always had; later ones are stable across retries), and the
 * flags and notes each copy's decision gets.
 */
import t from 'tap';
import type { DocumentResult } from '../../src/domain/jobs.js';
import {
  asCopiedInClaim,
  asInClaimCopy,
  failedCopies,
  occurrenceId,
  referencedCandidate,
  referencedRecord,
  splitInClaimCopies,
} from '../../src/pipeline/in-claim-copies.js';
import { failedResult } from '../../src/pipeline/results.js';
import { invoiceId, isUuid } from '../../src/store/invoice-key.js';

const doc = (name: string, sha256: string) => ({ name, sha256 });

t.test('documents split into the first of each file and its later copies', async (t) => {
  const { originals, copies } = splitInClaimCopies([
    doc('a.pdf', 'aa'),
    doc('b.pdf', 'bb'),
    doc('a copy.pdf', 'aa'),
    doc('c.pdf', 'cc'),
    doc('a again.pdf', 'aa'),
    doc('b copy.pdf', 'bb'),
  ]);
  t.same(
    originals.map((d) => d.name),
    ['a.pdf', 'b.pdf', 'c.pdf'],
  );
  t.same(
    copies.map((c) => [c.document.name, c.first.name, c.occurrence]),
    [
      ['a copy.pdf', 'a.pdf', 1],
      ['a again.pdf', 'a.pdf', 2],
      ['b copy.pdf', 'b.pdf', 1],
    ],
  );
  t.same(splitInClaimCopies([]), { originals: [], copies: [] });
});

t.test('the first occurrence keeps its id; later ones get stable ids of their own', async (t) => {
  const sha = 'AB'.repeat(32);
  t.equal(occurrenceId('job-1', sha, 0), invoiceId('job-1', sha), 'ids stored before do not move');
  const second = occurrenceId('job-1', sha, 1);
  t.ok(isUuid(second));
  t.equal(occurrenceId('job-1', sha, 1), second, 'a retried claim finds it again');
  t.equal(
    occurrenceId('job-1', sha.toLowerCase(), 1),
    second,
    'the hash is compared in lower case',
  );
  t.not(occurrenceId('job-1', sha, 2), second);
  t.not(occurrenceId('job-2', sha, 1), second, 'another claim, another invoice');
  t.not(second, invoiceId('job-1', sha));
});

const decision = {
  status: 'fully_reimbursed' as const,
  flags: ['ocr' as const],
  reason: '£18.40 reimbursed in full (Taxis).',
  reimbursable: { amount_minor: 1840, currency: 'GBP' },
};

t.test('the copy keeps the decision, flagged, and names the first', async (t) => {
  const copy = asInClaimCopy(decision, 'Travel/taxi.pdf');
  t.same(copy.flags, ['possible_duplicate', 'ocr']);
  t.equal(
    copy.reason,
    '£18.40 reimbursed in full (Taxis). Review: the same file as Travel/taxi.pdf in this claim: counted once in totals, there.',
  );
  t.same(copy.reimbursable, decision.reimbursable);
  t.equal(copy.status, decision.status);
});

t.test('the first is flagged and names its copies', async (t) => {
  t.equal(asCopiedInClaim(decision, []), decision, 'no copies, unchanged');
  const one = asCopiedInClaim(decision, ['Downloads/receipt (1).pdf']);
  t.same(one.flags, ['possible_duplicate', 'ocr']);
  t.match(one.reason, /Review: the same file as Downloads\/receipt \(1\)\.pdf in this claim\.$/);
  const two = asCopiedInClaim(decision, ['b.pdf', 'c.pdf']);
  t.match(two.reason, /the same file as b\.pdf, c\.pdf in this claim/);
  const flagged = asCopiedInClaim({ ...decision, flags: ['possible_duplicate' as const] }, [
    'b.pdf',
  ]);
  t.same(flagged.flags, ['possible_duplicate'], 'flagged once');
});

t.test('a copy of a file that could not be read fails with its code', async (t) => {
  const failed: DocumentResult[] = [
    failedResult('scan.pdf', 'aa', 'extraction_failed', 'No total amount could be read.'),
  ];
  const results = failedCopies(
    [
      { document: doc('scan again.pdf', 'aa'), first: doc('scan.pdf', 'aa'), occurrence: 1 },
      { document: doc('ok copy.pdf', 'bb'), first: doc('ok.pdf', 'bb'), occurrence: 1 },
    ],
    new Set(['ok.pdf']),
    failed,
  );
  t.equal(results.length, 1, 'a copy of a read file does not fail');
  t.match(results[0], {
    name: 'scan again.pdf',
    outcome: 'failed',
    sha256: 'aa',
    error: {
      code: 'extraction_failed',
      message: /same file as scan\.pdf in this claim, which could not be read: No total/,
    },
  });
});

t.test('candidates and earlier invoices are compared by number, booking and total', async (t) => {
  const field = <T>(value: T | null) => ({ value, confidence: 0.9, page: 1 });
  t.same(
    referencedCandidate(
      'k1',
      'ticket.pdf',
      { invoice_number: field(null), booking_reference: field('WQ7H2Z') },
      { amount_minor: 9900, currency: 'EUR' },
    ),
    {
      key: 'k1',
      label: 'ticket.pdf',
      references: [null, 'WQ7H2Z'],
      total_minor: 9900,
      currency: 'EUR',
    },
  );
  const record = {
    id: 'r1',
    vendor: 'Rail Tours',
    invoice_number: 'RT-88120',
    invoice_date: '2026-09-03',
    total_minor: 9900,
    currency: 'EUR',
    fields: { booking_reference: field('WQ7H2Z') },
  } as unknown as Parameters<typeof referencedRecord>[0];
  t.same(referencedRecord(record), {
    key: 'prior:r1',
    label: 'earlier invoice Rail Tours no. RT-88120 of 2026-09-03',
    references: ['RT-88120', 'WQ7H2Z'],
    total_minor: 9900,
    currency: 'EUR',
  });
});
