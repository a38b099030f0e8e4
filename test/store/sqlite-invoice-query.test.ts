import t from 'tap';
import { normalizeFilter } from '../../src/store/filters.js';
import { filterFacetGroups, recordFacets } from '../../src/store/sqlite/invoice-facets.js';
import {
  filterCondition,
  ftsAllWords,
  ftsRankedQuery,
} from '../../src/store/sqlite/invoice-where.js';
import { makeRecord, withOverride } from './invoice-fixtures.js';

t.test('filterCondition binds every value and writes one condition per filter', async (t) => {
  t.same(filterCondition(normalizeFilter({})), { sql: '1', params: [] });
  const condition = filterCondition(
    normalizeFilter({
      owner_sub: "o'1",
      employee_id: 'e-1',
      employee: 'Rani',
      status: ['declined'],
      category: ['cab', 'meal'],
      date_from: '2024-01-01',
      date_to: '2024-01-31',
      amount_min_minor: 1,
      amount_max_minor: 2,
      flags: ['ocr', 'alcohol'],
      job_id: 'j',
      file_sha256: 'F',
      text: 'Taxi "x',
    }),
  );
  t.equal(
    condition.sql,
    [
      '(i.owner_sub = ? OR i.employee_id = ?)',
      'i.employee_id = ?',
      'i.employee_key = ?',
      'i.status IN (?)',
      'i.category IN (?, ?)',
      'i.invoice_date >= ?',
      'i.invoice_date <= ?',
      'i.total_minor >= ?',
      'i.total_minor <= ?',
      'i.seq IN (SELECT seq FROM invoice_flags WHERE flag = ?)',
      'i.seq IN (SELECT seq FROM invoice_flags WHERE flag = ?)',
      'i.job_id = ?',
      'i.file_sha256 = ?',
      'i.seq IN (SELECT rowid FROM invoices_fts WHERE invoices_fts MATCH ?)',
    ].join(' AND '),
  );
  t.same(condition.params, [
    "o'1",
    "o'1",
    'e-1',
    'rani',
    'declined',
    'cab',
    'meal',
    '2024-01-01',
    '2024-01-31',
    1,
    2,
    'ocr',
    'alcohol',
    'j',
    'f',
    '"taxi" AND "x"',
  ]);
});

t.test('FTS queries are quoted words only', async (t) => {
  t.equal(ftsAllWords(['a', 'b"c']), '"a" AND "b""c"');
  t.equal(
    ftsRankedQuery(['taxi', 'fare'], []),
    '{file_name vendor employee invoice_number status category reason text} : ("taxi" OR "fare")',
  );
  t.equal(
    ftsRankedQuery(['taxi'], [['f1'], ['f2', 'f3']]),
    'facets : ("f1") AND facets : ("f2" OR "f3") AND {file_name vendor employee invoice_number status category reason text} : ("taxi")',
  );
});

t.test('a record carries the facet of each filter value that would select it', async (t) => {
  const record = withOverride(
    makeRecord({
      owner_sub: 'u-7',
      employee_name: 'RÁNI sharma',
      status: 'declined',
      category: 'cab',
      job_id: 'job-9',
      flags: ['ocr'],
      invoice_date: '2024-02-29',
    }),
    'fully_reimbursed',
    1,
  );
  const facets = new Set(recordFacets(record).split(' '));
  const groups = filterFacetGroups(
    normalizeFilter({
      owner_sub: 'u-7',
      employee: 'Rani Sharma',
      status: ['fully_reimbursed', 'declined'],
      category: ['cab'],
      job_id: 'job-9',
      file_sha256: record.file_sha256,
      flags: ['ocr'],
      date_from: '2024-01-15',
      date_to: '2024-03-01',
    }),
  );
  t.equal(groups.length, 8);
  for (const group of groups)
    t.ok(
      group.some((word) => facets.has(word)),
      'every group has a word of the record',
    );
  t.match(recordFacets(record), /^(f[0-9a-f]{16} ?)+$/, 'facets are plain alphanumeric words');
  const declinedOnly = filterFacetGroups(normalizeFilter({ status: ['declined'] }))[0] ?? [];
  t.notOk(
    declinedOnly.some((word) => facets.has(word)),
    'the effective status is the one indexed',
  );
});

t.test('date ranges become month facets only when bounded and short', async (t) => {
  const months = (date_from: string, date_to: string) =>
    filterFacetGroups(normalizeFilter({ date_from, date_to }))[0]?.length ?? 0;
  t.equal(months('2024-11-20', '2025-02-03'), 4, 'Nov, Dec, Jan, Feb');
  t.equal(months('2024-01-01', '2026-12-31'), 36);
  t.equal(months('2024-01-01', '2027-01-01'), 0, 'longer ranges are left to SQL');
  t.equal(months('2025-01-01', '2024-01-01'), 0, 'a reversed range adds no empty OR');
  t.same(filterFacetGroups(normalizeFilter({ date_from: '2024-01-01' })), [], 'open ranges too');
  t.same(
    filterFacetGroups(normalizeFilter({ amount_min_minor: 5, text: 'taxi' })),
    [],
    'amounts and text have no facets',
  );
  t.notOk(
    // owner (uploader and employee), employee, status, category, job, file: no month.
    recordFacets(makeRecord({ invoice_date: null })).split(' ').length > 7,
    'no month facet without a date',
  );
});
