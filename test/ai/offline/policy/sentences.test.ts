/**
 * Cutting policy text into sentences: abbreviations and decimals do not end a sentence, numbered
 * clauses and list items start one, wrapped lines are joined, headings name the section below,
 * list items know their lead-in, table rows keep their header, page furniture is dropped.
 */
import t from 'tap';
import { policySentences, splitSentences } from '../../../../src/ai/offline/policy/sentences.js';

t.test('abbreviations, decimals and parentheses do not end a sentence', async (t) => {
  t.same(
    splitSentences(
      'Extras, e.g. minibar or laundry, are not paid. The limit is approx. £20 (see No. 4. B). Art. 5 applies to Rs. 500 and 2.5 km.',
    ),
    [
      'Extras, e.g. minibar or laundry, are not paid.',
      'The limit is approx. £20 (see No. 4. B).',
      'Art. 5 applies to Rs. 500 and 2.5 km.',
    ],
  );
});

t.test('clauses, list items, headings, lead-ins and wrapped lines', async (t) => {
  const sentences = policySentences([
    `Section 3 – Meals
3.1 Meals are paid up to the limit
in the table. Receipts are needed.
3.2 The following are not paid:
a) alcohol;
b) tobacco.
Expense   Limit   Notes
Dinner   £30 per meal   from 18:00
Page 1 of 2`,
    `(1) Taxis are reimbursed.
Page 2 of 2`,
  ]);
  t.same(
    sentences.map((s) => [s.page, s.kind, s.marker, s.text]),
    [
      [1, 'heading', null, 'Section 3 – Meals'],
      [1, 'prose', '3.1', 'Meals are paid up to the limit in the table.'],
      [1, 'prose', '3.1', 'Receipts are needed.'],
      [1, 'prose', '3.2', 'The following are not paid:'],
      [1, 'item', 'a)', 'alcohol;'],
      [1, 'item', 'b)', 'tobacco.'],
      [1, 'header', null, 'Expense Limit Notes'],
      [1, 'row', null, 'Dinner | £30 per meal | from 18:00'],
      [2, 'item', '(1)', 'Taxis are reimbursed.'],
    ],
  );
  t.equal(sentences[1]?.heading?.text, 'Section 3 – Meals');
  t.equal(sentences[4]?.lead_in, 'The following are not paid:');
  t.equal(sentences[7]?.table_header, 'Expense Limit Notes');
  t.same(sentences[7]?.cells, ['Dinner', '£30 per meal', 'from 18:00']);
});

t.test('a PDF table that lost its columns keeps one row per category', async (t) => {
  const rows = policySentences([
    `Schedule — Limits
Item Limit Notes
Hotel, capital £150 per night excluding
VAT
Mobile phone + home
internet
£35 per month in total`,
  ]).filter((sentence) => sentence.kind === 'row');
  t.same(
    rows.map((row) => row.text),
    [
      'Hotel, capital £150 per night excluding VAT',
      'Mobile phone + home internet £35 per month in total',
    ],
  );
});

t.test('running headers repeated on every page are dropped', async (t) => {
  const sentences = policySentences([
    'ACME LTD — TRAVEL POLICY\nTaxis are reimbursed.\nConfidential 1/2',
    'ACME LTD — TRAVEL POLICY\nTrains are reimbursed.\nConfidential 2/2',
  ]);
  t.same(
    sentences.map((s) => s.text),
    ['Taxis are reimbursed.', 'Trains are reimbursed.'],
  );
});
