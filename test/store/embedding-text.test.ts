import t from 'tap';
import { embeddingText, MAX_EMBEDDING_TEXT_CHARS } from '../../src/store/embedding-text.js';
import { makeRecord, withOverride } from './invoice-fixtures.js';

t.test(
  'the embedded text states the invoice, its decision and reason, then the document',
  async (t) => {
    const record = makeRecord({
      file: 'Cab/ride.pdf',
      vendor: 'Ola',
      category: 'cab',
      total_minor: 45_050,
      reimbursable_minor: 30_000,
      status: 'partially_reimbursed',
      reason: 'Capped at INR 300.00 per trip.',
      flags: ['late_submission'],
      text: 'Ola   ride\n\nfrom Andheri',
    });
    t.equal(
      embeddingText(record),
      [
        'Invoice: Cab/ride.pdf',
        'Employee: Rani Sharma',
        'Vendor: Ola',
        'Invoice number: INV-1',
        'Date: 2024-12-05',
        'Category: cab',
        'Total: INR 450.50',
        'Decision: partially reimbursed, reimbursable INR 300.00',
        'Reason: Capped at INR 300.00 per trip.',
        'Flags: late submission',
        '',
        'Ola ride from Andheri',
      ].join('\n'),
    );
  },
);

t.test('an override is what the text says, with the engine decision noted', async (t) => {
  const text = embeddingText(
    withOverride(
      makeRecord({ status: 'declined', reimbursable_minor: 0, vendor: null, invoice_date: null }),
      'fully_reimbursed',
      100_000,
    ),
  );
  t.match(
    text,
    /Decision: fully reimbursed, reimbursable INR 1,000\.00\nReason: Approved by finance after review\.\nOverridden by finance; the engine decided: declined/,
  );
  t.match(text, /Vendor: unknown\n/);
  t.match(text, /Date: unknown\n/);
});

t.test('the text is bounded and cut between words', async (t) => {
  const long = embeddingText(makeRecord({ text: 'word '.repeat(5000) }));
  t.ok(long.length <= MAX_EMBEDDING_TEXT_CHARS);
  t.match(long, /word$/);
  t.equal(
    embeddingText(makeRecord({ text: 'x'.repeat(10_000) })).length,
    MAX_EMBEDDING_TEXT_CHARS,
    'one very long word is cut hard',
  );
  t.notMatch(embeddingText(makeRecord({ text: '   ' })), /\n\n/, 'no empty body');
});

t.test('mapped over records, each record gets its whole text whatever its position', async (t) => {
  const records = ['a.pdf', 'b.pdf', 'c.pdf'].map((file) =>
    makeRecord({ file, text: `Receipt for ${file}` }),
  );
  const mapped = records.map(embeddingText);
  t.same(
    mapped,
    records.map((record) => embeddingText(record)),
    'the index map() passes is not read as a length',
  );
  t.match(mapped[0], /Invoice: a\.pdf[\s\S]*Receipt for a\.pdf$/);
});
