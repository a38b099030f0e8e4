import t from 'tap';
import {
  canonicalTimestamp,
  decodeCursor,
  effectiveDecision,
  encodeCursor,
  fusionCandidates,
  monthOf,
  normalizeFilter,
  queryTokens,
  textTokens,
} from '../../src/store/filters.js';
import { makeRecord, withOverride } from './invoice-fixtures.js';

t.test('textTokens: accents, case and punctuation never reach a query language', async (t) => {
  t.same(textTokens('Ráni SHARMA, Café-Crème: INV/2024-07 "x" OR (y*)'), [
    'rani',
    'sharma',
    'cafe',
    'creme',
    'inv',
    '2024',
    '07',
    'x',
    'or',
    'y',
  ]);
  t.same(textTokens('partially_reimbursed'), ['partially', 'reimbursed']);
  t.same(
    textTokens('मुंबई टैक्सी'),
    ['मुंबई'.normalize('NFKD'), 'टैक्सी'.normalize('NFKD')],
    'Devanagari words keep their vowel signs',
  );
  t.same(textTokens('  '), []);
});

t.test('queryTokens are distinct and bounded', async (t) => {
  t.same(queryTokens('Taxi taxi TAXI fare'), ['taxi', 'fare']);
  t.equal(queryTokens(Array.from({ length: 100 }, (_, index) => `w${index}`).join(' ')).length, 32);
});

t.test('normalizeFilter drops empty values and normalises the rest', async (t) => {
  t.same(
    normalizeFilter({
      owner_sub: '',
      employee: ' ',
      status: [],
      category: [],
      flags: [],
      text: '--',
      job_id: '',
      file_sha256: '',
    }),
    {},
  );
  t.same(
    normalizeFilter({
      employee: 'Ráni  Sharma',
      status: ['declined', 'declined'],
      flags: ['ocr'],
      file_sha256: 'ABC',
      text: 'Hotel, Mumbai',
      amount_min_minor: 0,
    }),
    {
      employee_key: 'rani sharma',
      status: ['declined'],
      flags: ['ocr'],
      file_sha256: 'abc',
      text_tokens: ['hotel', 'mumbai'],
      amount_min_minor: 0,
    },
  );
  t.throws(() => normalizeFilter({ category: ['food' as never] }), {
    code: 'invalid_filter',
    details: { errors: [{ pointer: '/category' }] },
  });
  t.throws(() => normalizeFilter({ flags: ['nope' as never] }), { code: 'invalid_filter' });
  t.throws(() => normalizeFilter({ date_to: '2024-02-30' }), { code: 'invalid_filter' });
  t.throws(() => normalizeFilter({ amount_max_minor: Number.NaN }), { code: 'invalid_filter' });
});

t.test('cursor round trip; anything else is a 400', async (t) => {
  const position = { created_at: '2025-01-01T00:00:00.000Z', id: 'abc' };
  t.same(decodeCursor(encodeCursor(position)), position);
  t.match(encodeCursor(position), /^[A-Za-z0-9_-]+$/, 'URL-safe');
  for (const bad of [
    '',
    'x',
    Buffer.from('{"a":1}').toString('base64url'),
    Buffer.from('["not a date","id"]').toString('base64url'),
    Buffer.from('[1,2]').toString('base64url'),
  ]) {
    t.throws(
      () => decodeCursor(bad),
      { statusCode: 400, code: 'invalid_cursor' },
      JSON.stringify(bad),
    );
  }
});

t.test('effective decision follows a finance override', async (t) => {
  const record = makeRecord({ status: 'declined', reimbursable_minor: 0, reason: 'Alcohol only.' });
  t.same(effectiveDecision(record), {
    status: 'declined',
    reimbursable_minor: 0,
    reason: 'Alcohol only.',
  });
  t.same(effectiveDecision(withOverride(record, 'partially_reimbursed', 500)), {
    status: 'partially_reimbursed',
    reimbursable_minor: 500,
    reason: 'Approved by finance after review.',
  });
});

t.test('small helpers', async (t) => {
  t.equal(canonicalTimestamp('2025-01-10T15:30:00+05:30'), '2025-01-10T10:00:00.000Z');
  t.throws(() => canonicalTimestamp('yesterday'), TypeError);
  t.equal(monthOf('2024-12-05'), '2024-12');
  t.equal(monthOf(null), 'unknown');
  t.equal(fusionCandidates(1), 50);
  t.equal(fusionCandidates(100), 400);
  t.equal(fusionCandidates(1000), 1000);
});
