import t from 'tap';
import {
  documentSparseVector,
  querySparseVector,
  recordWords,
  wordIndex,
} from '../../src/store/qdrant/sparse.js';
import { makeRecord, withOverride } from './invoice-fixtures.js';

t.test('word indices are 32-bit FNV-1a (reference values)', async (t) => {
  t.equal(wordIndex(''), 0x811c9dc5);
  t.equal(wordIndex('a'), 0xe40c292c);
  t.equal(wordIndex('foobar'), 0xbf9cf968);
});

t.test('document vectors hold saturated, length-normalised term frequencies', async (t) => {
  // 256 words is the assumed average length, where length normalisation is neutral.
  const words = ['taxi', 'taxi', 'fare', ...Array.from({ length: 253 }, (_, index) => `w${index}`)];
  const vector = documentSparseVector(words);
  const weight = (word: string) => vector.values[vector.indices.indexOf(wordIndex(word))];
  t.equal(weight('fare'), 1, 'one occurrence at average length weighs 1');
  t.equal(
    weight('taxi'),
    (2 * 2.2) / (2 + 1.2),
    'two occurrences saturate: tf (k1 + 1) / (tf + k1)',
  );
  t.same(
    vector.indices,
    [...vector.indices].sort((a, b) => a - b),
    'indices ascending, each once',
  );
  t.equal(vector.indices.length, 255);
  const short = documentSparseVector(['fare']);
  t.ok((short.values[0] ?? 0) > 1, 'a short document weighs its words more');
  t.same(documentSparseVector([]), { indices: [], values: [] });
});

t.test('query vectors weigh each distinct word once', async (t) => {
  t.same(querySparseVector(['taxi', 'fare']), {
    indices: [wordIndex('taxi'), wordIndex('fare')].sort((a, b) => a - b),
    values: [1, 1],
  });
});

t.test('record words cover names, numbers, the effective decision and the text', async (t) => {
  const record = withOverride(
    makeRecord({
      file: 'Cab.pdf',
      vendor: 'Ola',
      invoice_number: 'CRN-77',
      employee_name: 'Ráni',
      status: 'declined',
      reason: 'No cabs.',
      text: 'Trip to Pune',
    }),
    'fully_reimbursed',
    100,
  );
  t.same(recordWords(record), [
    'cab',
    'pdf',
    'ola',
    'rani',
    'crn',
    '77',
    'fully',
    'reimbursed',
    'meal',
    'approved',
    'by',
    'finance',
    'after',
    'review',
    'trip',
    'to',
    'pune',
  ]);
});
