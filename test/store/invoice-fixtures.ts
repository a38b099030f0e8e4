/**
 * Invoice records for store tests: complete, valid records that differ only where a test says.
 * Not a test file; tap runs it as one and finds it passes with nothing to do.
 */
import { createHash } from 'node:crypto';
import type { Category, Flag, InvoiceRecord, Status } from '../../src/domain/types.js';
import { invoiceId } from '../../src/store/invoice-key.js';

export interface RecordShape {
  file?: string;
  owner_sub?: string;
  employee_name?: string;
  job_id?: string;
  category?: Category;
  vendor?: string | null;
  invoice_number?: string | null;
  invoice_date?: string | null;
  currency?: string;
  total_minor?: number;
  reimbursable_minor?: number;
  status?: Status;
  flags?: Flag[];
  reason?: string;
  text?: string;
  created_at?: string;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function field<T>(value: T | null) {
  return { value, confidence: 0.9, page: 1 };
}

/** A record named by its file; the id is the real invoice id of (owner, file hash). */
export function makeRecord(shape: RecordShape = {}): InvoiceRecord {
  const file = shape.file ?? 'invoice.pdf';
  const owner = shape.owner_sub ?? 'user-1';
  const fileSha = sha256(`${owner}/${file}`);
  const employee = shape.employee_name ?? 'Rani Sharma';
  const category = shape.category ?? 'meal';
  const currency = shape.currency ?? 'INR';
  const total = shape.total_minor ?? 100_000;
  const reimbursable = shape.reimbursable_minor ?? total;
  const status = shape.status ?? 'fully_reimbursed';
  const flags = shape.flags ?? [];
  const reason = shape.reason ?? 'Within the meal cap.';
  const invoiceDate = shape.invoice_date === undefined ? '2024-12-05' : shape.invoice_date;
  const createdAt = shape.created_at ?? '2025-01-10T10:00:00.000Z';
  const vendor = shape.vendor === undefined ? 'Spice Garden' : shape.vendor;
  const invoiceNumber = shape.invoice_number === undefined ? 'INV-1' : shape.invoice_number;
  return {
    id: invoiceId(owner, fileSha),
    job_id: shape.job_id ?? 'job-1',
    owner_sub: owner,
    employee_name: employee,
    employee_key: employee.toLowerCase(),
    file_name: file,
    file_sha256: fileSha,
    policy_hash: sha256('policy'),
    category,
    vendor,
    invoice_number: invoiceNumber,
    invoice_date: invoiceDate,
    currency,
    total_minor: total,
    reimbursable_minor: reimbursable,
    status,
    flags,
    reason,
    fields: {
      vendor: field(vendor),
      invoice_number: field(invoiceNumber),
      date: field(invoiceDate),
      currency: field(currency),
      category: field(category),
      person_name: field(employee),
      line_items: [
        { description: 'Item', amount_minor: total, quantity: 1, alcohol: false, tobacco: false },
      ],
      subtotal_minor: field(total),
      tax_minor: field(0),
      total_minor: field(total),
      extracted_by: 'offline',
    },
    decision: {
      status,
      claimed: { amount_minor: total, currency },
      eligible: { amount_minor: total, currency },
      reimbursable: { amount_minor: reimbursable, currency },
      reason,
      rules_applied: [],
      flags,
    },
    override: null,
    text: shape.text ?? `${file} invoice`,
    created_at: createdAt,
    updated_at: createdAt,
  };
}

/** The record with a finance override: status and reimbursable change, the decision stays. */
export function withOverride(
  record: InvoiceRecord,
  status: Status,
  reimbursableMinor: number,
): InvoiceRecord {
  return {
    ...record,
    override: {
      status,
      reimbursable: { amount_minor: reimbursableMinor, currency: record.currency },
      reason: 'Approved by finance after review.',
      by: { sub: 'finance-1', name: 'Finance Person' },
      at: '2025-02-01T09:00:00.000Z',
    },
    updated_at: '2025-02-01T09:00:00.000Z',
  };
}

/** A unit vector along one axis, nudged toward another: cosine similarity orders them predictably. */
export function axisVector(
  dimensions: number,
  axis: number,
  nudgeAxis?: number,
  nudge = 0.3,
): number[] {
  const vector = Array.from({ length: dimensions }, () => 0);
  vector[axis] = 1;
  if (nudgeAxis !== undefined) vector[nudgeAxis] = nudge;
  return vector;
}
