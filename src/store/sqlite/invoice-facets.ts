/**
 * Facets: filter values written as hidden words in the full-text index, so a ranked text search
 * with filters lets FTS5 intersect doclists starting from the rarest facet (say one employee's
 * invoices) instead of scoring every document that contains a common word and filtering after.
 * They only narrow the candidates: the SQL conditions of invoice-where.ts still decide, so a
 * colliding token could cost time, never a wrong result. The facets column weighs 0 in BM25.
 */
import { createHash } from 'node:crypto';
import type { InvoiceRecord } from '../../domain/types.js';
import type { NormalizedFilter } from '../filters.js';
import { effectiveDecision, employeeIdOf, normalizeEmployeeKey } from '../filters.js';

/** A date range over more months than this is left to SQL: an OR of that many words gains nothing. */
const MAX_MONTH_FACETS = 36;

/** One alphanumeric word per (field, value): survives the unicode61 tokenizer unchanged. */
function facet(field: string, value: string): string {
  return `f${createHash('sha1').update(`${field}\u0000${value}`).digest('hex').slice(0, 16)}`;
}

export function recordFacets(record: InvoiceRecord): string {
  const facets = [
    // The scope matches the uploader or the employee filed for: both are "owner" words. Records
    // indexed before ids existed lack the second, harmlessly: their ids ("name:…") are no subject.
    facet('owner', record.owner_sub),
    facet('owner', employeeIdOf(record)),
    facet('employee', normalizeEmployeeKey(record.employee_name)),
    facet('status', effectiveDecision(record).status),
    facet('category', record.category),
    facet('job', record.job_id),
    facet('file', record.file_sha256.toLowerCase()),
    ...record.flags.map((flag) => facet('flag', flag)),
  ];
  if (record.invoice_date !== null) facets.push(facet('month', record.invoice_date.slice(0, 7)));
  return facets.join(' ');
}

function monthsBetween(from: string, to: string): string[] | null {
  const months: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  const last = to.slice(0, 7);
  for (;;) {
    const current = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
    if (current > last) return months;
    if (months.length === MAX_MONTH_FACETS) return null;
    months.push(current);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
}

/** Groups of facet words: a document must hold at least one word of every group. */
export function filterFacetGroups(filter: NormalizedFilter): string[][] {
  const groups: string[][] = [];
  const one = (field: string, value: string | undefined): void => {
    if (value !== undefined) groups.push([facet(field, value)]);
  };
  one('owner', filter.owner_sub);
  one('employee', filter.employee_key);
  if (filter.status) groups.push(filter.status.map((status) => facet('status', status)));
  if (filter.category) groups.push(filter.category.map((category) => facet('category', category)));
  one('job', filter.job_id);
  one('file', filter.file_sha256);
  for (const flag of filter.flags ?? []) one('flag', flag);
  if (filter.date_from !== undefined && filter.date_to !== undefined) {
    const months = monthsBetween(filter.date_from, filter.date_to);
    // Empty when the range is reversed: SQL then matches nothing, and FTS5 has no empty OR.
    if (months && months.length > 0) groups.push(months.map((month) => facet('month', month)));
  }
  return groups;
}
