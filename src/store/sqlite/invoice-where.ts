/**
 * InvoiceFilter → SQL over the invoices table (alias `i`). Every value is a bound parameter; the
 * words of a text filter are quoted FTS5 strings, so no user input is read as SQL or FTS syntax.
 */
import type { NormalizedFilter } from '../filters.js';

export interface SqlCondition {
  sql: string;
  params: unknown[];
}

function quoteWord(word: string): string {
  return `"${word.replaceAll('"', '""')}"`;
}

/** An FTS5 query matching rows that hold every word. */
export function ftsAllWords(words: string[]): string {
  return words.map(quoteWord).join(' AND ');
}

/** The columns people's words are searched in: every FTS column but the facets. */
const WORD_COLUMNS = '{file_name vendor employee invoice_number status category reason text}';

/**
 * An FTS5 query for ranked search: rows holding any of the words (BM25 ranks how well), narrowed
 * to rows holding a word of every facet group.
 */
export function ftsRankedQuery(words: string[], facetGroups: string[][]): string {
  const anyWord = `${WORD_COLUMNS} : (${words.map(quoteWord).join(' OR ')})`;
  return [
    ...facetGroups.map((group) => `facets : (${group.map(quoteWord).join(' OR ')})`),
    anyWord,
  ].join(' AND ');
}

function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

/** The filter as one SQL condition ("1" when it filters nothing). */
export function filterCondition(filter: NormalizedFilter): SqlCondition {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]): void => {
    parts.push(sql);
    params.push(...values);
  };
  // The access scope: uploaded by the subject, or filed for them.
  if (filter.owner_sub !== undefined)
    add('(i.owner_sub = ? OR i.employee_id = ?)', filter.owner_sub, filter.owner_sub);
  if (filter.employee_id !== undefined) add('i.employee_id = ?', filter.employee_id);
  if (filter.employee_key !== undefined) add('i.employee_key = ?', filter.employee_key);
  if (filter.status) add(`i.status IN (${placeholders(filter.status.length)})`, ...filter.status);
  if (filter.category)
    add(`i.category IN (${placeholders(filter.category.length)})`, ...filter.category);
  if (filter.date_from !== undefined) add('i.invoice_date >= ?', filter.date_from);
  if (filter.date_to !== undefined) add('i.invoice_date <= ?', filter.date_to);
  if (filter.amount_min_minor !== undefined) add('i.total_minor >= ?', filter.amount_min_minor);
  if (filter.amount_max_minor !== undefined) add('i.total_minor <= ?', filter.amount_max_minor);
  for (const flag of filter.flags ?? [])
    add('i.seq IN (SELECT seq FROM invoice_flags WHERE flag = ?)', flag);
  if (filter.job_id !== undefined) add('i.job_id = ?', filter.job_id);
  if (filter.file_sha256 !== undefined) add('i.file_sha256 = ?', filter.file_sha256);
  // Read from the record: only duplicate checks ask, always with an indexed employee beside it.
  if (filter.invoice_numbers)
    add(
      `json_extract(i.record, '$.invoice_number') IN (${placeholders(filter.invoice_numbers.length)})`,
      ...filter.invoice_numbers,
    );
  if (filter.text_tokens)
    add(
      'i.seq IN (SELECT rowid FROM invoices_fts WHERE invoices_fts MATCH ?)',
      ftsAllWords(filter.text_tokens),
    );
  return { sql: parts.length > 0 ? parts.join(' AND ') : '1', params };
}
