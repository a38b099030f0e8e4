/**
 * One purchase filed as two different documents (a ticket and the invoice of its booking) is
 * flagged on both by a shared reference and the same total; the amount alone, or the reference
 * alone, is no evidence.
 */
import t from 'tap';
import {
  findSharedReferences,
  flagSharedReferences,
  normaliseReference,
  type ReferencedDocument,
  sharedReferenceNote,
  withPossibleDuplicate,
} from '../../src/domain/shared-reference.js';
import type { Flag } from '../../src/domain/types.js';

const doc = (
  key: string,
  references: Array<string | null>,
  total_minor: number | null = 9_900,
  currency: string | null = 'EUR',
): ReferencedDocument => ({ key, label: `${key}.pdf`, references, total_minor, currency });

t.test('references are compared without case, accents, spaces or punctuation', async (t) => {
  t.equal(normaliseReference('wq7-h2z'), 'WQ7H2Z');
  t.equal(normaliseReference(' WQ7 H2Z '), 'WQ7H2Z');
  t.equal(normaliseReference('Réf.8841é'), 'REF8841E');
  t.equal(normaliseReference('ＡＢ１２３４'), 'AB1234', 'full-width forms fold to ASCII');
  t.equal(normaliseReference('A-12'), null, 'too short to identify a purchase');
  t.equal(normaliseReference('0000000'), null, 'one character repeated');
  t.equal(normaliseReference(''), null);
  t.equal(normaliseReference(null), null);
  t.equal(normaliseReference(undefined), null);
});

t.test('a ticket and an invoice of one booking match each other', async (t) => {
  const ticket = doc('ticket', [null, 'WQ7H2Z']);
  const invoice = doc('invoice', ['INV-2026-5531', 'wq7-h2z']);
  const found = findSharedReferences([ticket, invoice]);
  t.same(found.get('ticket'), [{ label: 'invoice.pdf', reference: 'WQ7H2Z' }]);
  t.same(found.get('invoice'), [{ label: 'ticket.pdf', reference: 'WQ7H2Z' }]);
});

t.test('one document’s invoice number may be the other’s booking reference', async (t) => {
  const found = findSharedReferences([doc('a', ['BK55120', null]), doc('b', [null, 'BK55120'])]);
  t.equal(found.size, 2);
});

t.test('the same reference with another total is no duplicate', async (t) => {
  // Outward and return legs booked together print the booking; each leg has its own price.
  const found = findSharedReferences([
    doc('outward', [null, 'WQ7H2Z'], 4_500),
    doc('return', [null, 'WQ7H2Z'], 5_400),
  ]);
  t.equal(found.size, 0);
});

t.test('the same total in another currency is no duplicate', async (t) => {
  const found = findSharedReferences([
    doc('a', ['WQ7H2Z'], 9_900, 'EUR'),
    doc('b', ['WQ7H2Z'], 9_900, 'GBP'),
  ]);
  t.equal(found.size, 0);
});

t.test('the same total without a shared reference is no duplicate', async (t) => {
  const found = findSharedReferences([
    doc('taxi-1', ['R-100231']),
    doc('taxi-2', ['R-100232']),
    doc('cafe', [null, null]),
    doc('cafe-2', [null, null]),
  ]);
  t.equal(found.size, 0, 'two taxis may cost the same');
});

t.test('a total or a currency not read never matches', async (t) => {
  t.equal(findSharedReferences([doc('a', ['WQ7H2Z'], null), doc('b', ['WQ7H2Z'], null)]).size, 0);
  t.equal(
    findSharedReferences([doc('a', ['WQ7H2Z'], 100, null), doc('b', ['WQ7H2Z'], 100, null)]).size,
    0,
  );
});

t.test('short references do not match', async (t) => {
  t.equal(findSharedReferences([doc('a', ['1234']), doc('b', ['1234'])]).size, 0);
});

t.test('currency codes compare without case', async (t) => {
  t.equal(
    findSharedReferences([doc('a', ['WQ7H2Z'], 100, 'eur'), doc('b', ['WQ7H2Z'], 100, 'EUR')]).size,
    2,
  );
});

t.test('earlier invoices are matched, and only candidates get an answer', async (t) => {
  const earlier = { ...doc('prior:1', ['WQ7H2Z']), label: 'earlier invoice no. WQ7H2Z' };
  const found = findSharedReferences([doc('now', [null, 'WQ7H2Z'])], [earlier]);
  t.same(found.get('now'), [{ label: 'earlier invoice no. WQ7H2Z', reference: 'WQ7H2Z' }]);
  t.notOk(found.has('prior:1'));
});

t.test('a document never matches itself, even printing the reference twice', async (t) => {
  t.equal(findSharedReferences([doc('a', ['WQ7H2Z', 'WQ7H2Z'])]).size, 0);
});

t.test('several matches are sorted by name and named once', async (t) => {
  const found = findSharedReferences([
    doc('c', ['WQ7H2Z']),
    doc('a', ['WQ7H2Z', 'WQ7H2Z']),
    doc('b', [null, 'WQ7H2Z']),
  ]);
  t.same(
    found.get('c')?.map((match) => match.label),
    ['a.pdf', 'b.pdf'],
  );
});

t.test('the note names the documents and the reference', async (t) => {
  t.equal(
    sharedReferenceNote([
      { label: 'ticket.pdf', reference: 'WQ7H2Z' },
      { label: 'invoice.pdf', reference: 'WQ7H2Z' },
    ]),
    'possible duplicate of ticket.pdf and invoice.pdf (same reference WQ7H2Z and total)',
  );
});

const decision = (flags: Flag[], reason: string) => ({
  flags,
  reason,
  reimbursable: { amount_minor: 9_900, currency: 'EUR' },
});

t.test('both decisions are flagged and keep their amounts', async (t) => {
  const [ticket, invoice, other] = flagSharedReferences(
    [
      decision([], '€99.00 reimbursed in full (Rail).'),
      decision(['ocr'], '€99.00 reimbursed in full (Rail).'),
      decision([], '€99.00 reimbursed in full (Taxi).'),
    ],
    [doc('ticket', [null, 'WQ7H2Z']), doc('invoice', ['F-88120', 'WQ7H2Z']), doc('taxi', [])],
  );
  t.same(ticket?.flags, ['possible_duplicate']);
  t.equal(
    ticket?.reason,
    '€99.00 reimbursed in full (Rail). Review: possible duplicate of invoice.pdf (same reference WQ7H2Z and total).',
  );
  t.same(invoice?.flags, ['possible_duplicate', 'ocr'], 'flags keep their order');
  t.match(invoice?.reason, /possible duplicate of ticket\.pdf/);
  t.equal(ticket?.reimbursable.amount_minor, 9_900);
  t.equal(invoice?.reimbursable.amount_minor, 9_900);
  t.same(other, decision([], '€99.00 reimbursed in full (Taxi).'), 'the taxi is untouched');
});

t.test('a document the decision already names is not named twice', async (t) => {
  const named = decision(
    ['possible_duplicate'],
    '€99.00 reimbursed in full. Review: possible duplicate of invoice.pdf (same ticket number).',
  );
  const [ticket] = flagSharedReferences(
    [named, decision([], 'x.')],
    [doc('ticket', ['WQ7H2Z']), doc('invoice', ['WQ7H2Z'])],
  );
  t.same(ticket, named);
});

t.test('a review clause gets the note appended', async (t) => {
  const flagged = withPossibleDuplicate(
    decision(['late_submission'], '€99.00 reimbursed in full. Review: submitted 120 days late.'),
    ['possible duplicate of a.pdf (same reference WQ7H2Z and total)'],
  );
  t.same(flagged.flags, ['possible_duplicate', 'late_submission']);
  t.equal(
    flagged.reason,
    '€99.00 reimbursed in full. Review: submitted 120 days late; possible duplicate of a.pdf (same reference WQ7H2Z and total).',
  );
});
