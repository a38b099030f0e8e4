/**
 * What every invoice store adapter shares so they answer alike: the filter checked and normalised
 * once, the words of full-text search, the values stored for filtering (effective after a finance
 * override) and the opaque list cursor.
 */
import { nameDerivedEmployeeId } from '../domain/access.js';
import { isIsoDate, normalizeEmployeeKey } from '../domain/text.js';
import type { AggregateGroup, InvoiceFilter, InvoiceRecord, Status } from '../domain/types.js';
import { CATEGORIES, FLAGS, STATUSES } from '../domain/types.js';
import { BadRequestError } from '../errors.js';

export { normalizeEmployeeKey };

/** A filter after validation: empty lists and blank text are dropped, the employee is a key. */
export type NormalizedFilter = Omit<InvoiceFilter, 'employee' | 'text'> & {
  employee_key?: string;
  /** Every one of these words must occur. */
  text_tokens?: string[];
};

/** Bounds the cost of one full-text query; nobody types more words than this on purpose. */
const MAX_QUERY_TOKENS = 32;
export const MAX_PAGE_LIMIT = 1000;
export const AGGREGATE_GROUPS: readonly AggregateGroup[] = [
  'employee',
  'status',
  'category',
  'month',
];
/** Month of invoices whose date could not be read. */
export const UNKNOWN_MONTH = 'unknown';

function invalid(pointer: string, message: string): never {
  throw new BadRequestError('invalid_filter', `Invalid filter: ${message}`, [{ pointer, message }]);
}

function allowedList<T extends string>(
  name: string,
  values: T[] | undefined,
  allowed: readonly T[],
): T[] | undefined {
  if (values === undefined || values.length === 0) return undefined;
  for (const value of values)
    if (!allowed.includes(value)) invalid(`/${name}`, `unknown ${name} "${value}"`);
  return [...new Set(values)];
}

function isoDate(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isIsoDate(value)) invalid(`/${name}`, `${name} must be a date as YYYY-MM-DD`);
  return value;
}

function minorAmount(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value))
    invalid(`/${name}`, `${name} must be a whole number of minor units`);
  return value;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** Checks the filter (throws a 400 `invalid_filter`) and puts it in the form adapters translate. */
export function normalizeFilter(filter: InvoiceFilter): NormalizedFilter {
  const normalized: NormalizedFilter = {};
  const assign = <K extends keyof NormalizedFilter>(
    key: K,
    value: NormalizedFilter[K] | undefined,
  ): void => {
    if (value !== undefined) normalized[key] = value;
  };
  assign('owner_sub', nonEmpty(filter.owner_sub));
  assign('employee_id', nonEmpty(filter.employee_id));
  if (filter.employee !== undefined && filter.employee.trim() !== '')
    assign('employee_key', normalizeEmployeeKey(filter.employee));
  assign('status', allowedList('status', filter.status, STATUSES));
  assign('category', allowedList('category', filter.category, CATEGORIES));
  assign('date_from', isoDate('date_from', filter.date_from));
  assign('date_to', isoDate('date_to', filter.date_to));
  assign('amount_min_minor', minorAmount('amount_min_minor', filter.amount_min_minor));
  assign('amount_max_minor', minorAmount('amount_max_minor', filter.amount_max_minor));
  assign('flags', allowedList('flags', filter.flags, FLAGS));
  assign('job_id', nonEmpty(filter.job_id));
  assign('file_sha256', nonEmpty(filter.file_sha256?.toLowerCase()));
  const numbers = (filter.invoice_numbers ?? []).filter((number) => number !== '');
  if (numbers.length > 0) normalized.invoice_numbers = [...new Set(numbers)];
  const tokens = queryTokens(filter.text ?? '');
  if (tokens.length > 0) normalized.text_tokens = tokens;
  return normalized;
}

export function checkGroups(groupBy: AggregateGroup[]): AggregateGroup[] {
  for (const group of groupBy)
    if (!AGGREGATE_GROUPS.includes(group)) invalid('/group_by', `unknown group "${group}"`);
  return [...new Set(groupBy)];
}

export function checkLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw new BadRequestError(
      'invalid_limit',
      `limit must be a whole number from 1 to ${MAX_PAGE_LIMIT}.`,
    );
  }
  return limit;
}

// ---------------------------------------------------------------------------------------------
// Words
// ---------------------------------------------------------------------------------------------

/**
 * The words of a text: Latin accents stripped, lower case, runs of letters and digits. Both adapters
 * index and query with these same words, so "Ráni", "RANI" and "rani" find each other and no user
 * input can reach a query language (FTS5 syntax, Qdrant's tokenizer) unescaped. Only the combining
 * accents of Latin-like scripts go: the vowel signs of Devanagari and others are part of words.
 */
export function textTokens(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]+/g, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}\p{M}]+/gu) ?? []
  );
}

/** Distinct words of a query, at most MAX_QUERY_TOKENS. */
export function queryTokens(text: string): string[] {
  return [...new Set(textTokens(text))].slice(0, MAX_QUERY_TOKENS);
}

/** The fields full-text search reads, by name, weighted by the SQLite adapter. */
export function searchableFields(
  record: InvoiceRecord,
): Record<
  | 'file_name'
  | 'vendor'
  | 'employee'
  | 'invoice_number'
  | 'status'
  | 'category'
  | 'reason'
  | 'text',
  string
> {
  const effective = effectiveDecision(record);
  return {
    file_name: record.file_name,
    vendor: record.vendor ?? '',
    employee: record.employee_name,
    invoice_number: record.invoice_number ?? '',
    // textTokens splits "partially_reimbursed" into the words people type.
    status: effective.status,
    category: record.category,
    reason: effective.reason,
    text: record.text,
  };
}

// ---------------------------------------------------------------------------------------------
// Values stored for filtering
// ---------------------------------------------------------------------------------------------

/** Status, reimbursable amount and reason after a finance override; the original decision stays in the record. */
export function effectiveDecision(record: InvoiceRecord): {
  status: Status;
  reimbursable_minor: number;
  reason: string;
} {
  if (record.override) {
    return {
      status: record.override.status,
      reimbursable_minor: record.override.reimbursable.amount_minor,
      reason: record.override.reason,
    };
  }
  return {
    status: record.status,
    reimbursable_minor: record.reimbursable_minor,
    reason: record.reason,
  };
}

/** created_at in one canonical form, so string order is time order and cursors compare exactly. */
/**
 * The employee id a record is counted and shown under: its own, or for a record written before ids
 * existed the id derived from its name (what the SQLite migration invoices:3 writes, and what a
 * claim filed by name alone gets), so old and new records of one name-keyed employee agree.
 */
export function employeeIdOf(record: Pick<InvoiceRecord, 'employee_id' | 'employee_name'>): string {
  return record.employee_id ?? nameDerivedEmployeeId(record.employee_name);
}

export function canonicalTimestamp(value: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new TypeError(`created_at is not a timestamp: ${value}`);
  return new Date(time).toISOString();
}

export function monthOf(invoiceDate: string | null): string {
  return invoiceDate === null ? UNKNOWN_MONTH : invoiceDate.slice(0, 7);
}

// ---------------------------------------------------------------------------------------------
// Cursor
// ---------------------------------------------------------------------------------------------

/** Position after the last record of a page: lists are ordered by (created_at desc, id desc). */
export interface ListPosition {
  created_at: string;
  id: string;
}

export function encodeCursor(position: ListPosition): string {
  return Buffer.from(JSON.stringify([position.created_at, position.id]), 'utf8').toString(
    'base64url',
  );
}

export function decodeCursor(cursor: string): ListPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      typeof parsed[1] === 'string'
    ) {
      return { created_at: canonicalTimestamp(parsed[0]), id: parsed[1] };
    }
  } catch {
    // Falls through to the one error clients see for any malformed cursor.
  }
  throw new BadRequestError(
    'invalid_cursor',
    'The cursor is not valid: pass next_cursor from the previous page unchanged.',
  );
}

// ---------------------------------------------------------------------------------------------
// Ranking
// ---------------------------------------------------------------------------------------------

/**
 * The constant of reciprocal rank fusion (Cormack et al., 2009): each ranked list adds
 * 1 / (RRF_K + rank) to an invoice, rank counted from 1, so the head of a list weighs a little
 * more than its tail without one list's top result outvoting agreement between both lists. Both
 * adapters fuse with it (Qdrant's own default is 2, so the Qdrant adapter sends it explicitly).
 */
export const RRF_K = 60;

/** Candidates each ranked list contributes before fusion: enough that fusion can reorder. */
export function fusionCandidates(limit: number): number {
  return Math.min(Math.max(limit * 4, 50), MAX_PAGE_LIMIT);
}
