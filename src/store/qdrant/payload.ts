/**
 * A Qdrant point's payload: the whole record under `record`, beside it the flat fields that filters,
 * ordering and aggregates read. Those are derived (effective status after an override, the
 * normalised employee key, dates as RFC 3339, the searchable words), so the record itself stays
 * exactly as it was written.
 */
import type { Schemas } from '@qdrant/js-client-rest';
import type { InvoiceRecord } from '../../domain/types.js';
import {
  canonicalTimestamp,
  effectiveDecision,
  employeeIdOf,
  normalizeEmployeeKey,
} from '../filters.js';

export interface InvoicePayload {
  record: InvoiceRecord;
  owner_sub: string;
  employee_key: string;
  /** Absent on points written before employee ids: filters read employee_key for those. */
  employee_id?: string;
  /** Set on exact copies of earlier invoices, which aggregates count once. */
  duplicate_of?: string;
  status: string;
  category: string;
  currency: string;
  job_id: string;
  file_sha256: string;
  flags: string[];
  /** Absent when the invoice date could not be read, so no date range matches it. */
  invoice_date?: string;
  total_minor: number;
  reimbursable_minor: number;
  created_at: string;
  /** Normalised words joined by spaces, for the `match: { text }` filter. */
  search_text: string;
}

/** Every payload field a filter, order or aggregate reads, with its index type. */
export const PAYLOAD_INDEXES: Readonly<Record<string, Schemas['PayloadFieldSchema']>> = {
  owner_sub: 'keyword',
  employee_key: 'keyword',
  employee_id: 'keyword',
  status: 'keyword',
  category: 'keyword',
  currency: 'keyword',
  job_id: 'keyword',
  file_sha256: 'keyword',
  flags: 'keyword',
  invoice_date: 'datetime',
  created_at: 'datetime',
  total_minor: 'integer',
  reimbursable_minor: 'integer',
  // Words arrive normalised and space-separated; the whitespace tokenizer keeps them as they are.
  search_text: { type: 'text', tokenizer: 'whitespace', lowercase: true },
};

/** The fields aggregates read, so scrolling for sums does not carry whole records. */
export const AGGREGATE_FIELDS = [
  'employee_key',
  'duplicate_of',
  'status',
  'category',
  'invoice_date',
  'currency',
  'total_minor',
  'reimbursable_minor',
] as const;

/** A YYYY-MM-DD date as the RFC 3339 instant Qdrant's datetime index reads. */
export function dateTime(date: string): string {
  return `${date}T00:00:00Z`;
}

export function toPayload(record: InvoiceRecord, words: string[]): InvoicePayload {
  const effective = effectiveDecision(record);
  const payload: InvoicePayload = {
    record,
    owner_sub: record.owner_sub,
    employee_key: normalizeEmployeeKey(record.employee_name),
    employee_id: employeeIdOf(record),
    status: effective.status,
    category: record.category,
    currency: record.currency,
    job_id: record.job_id,
    file_sha256: record.file_sha256.toLowerCase(),
    flags: record.flags,
    total_minor: record.total_minor,
    reimbursable_minor: effective.reimbursable_minor,
    created_at: canonicalTimestamp(record.created_at),
    search_text: words.join(' '),
  };
  if (record.invoice_date !== null) payload.invoice_date = dateTime(record.invoice_date);
  if (record.duplicate_of) payload.duplicate_of = record.duplicate_of;
  return payload;
}

export function recordOf(payload: Schemas['Payload'] | null | undefined): InvoiceRecord {
  const record = payload?.record;
  if (typeof record !== 'object' || record === null)
    throw new Error('A Qdrant point has no invoice record in its payload.');
  return record as InvoiceRecord;
}
