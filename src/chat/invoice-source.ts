/**
 * An invoice as an answer cites it: the status and reimbursable amount that hold now, after a
 * finance override when there is one, so both chat paths and the tables show the same numbers.
 */

import type { InvoiceRecord } from '../domain/types.js';
import type { ChatSource } from './types.js';

export function sourceOf(record: InvoiceRecord, score: number): ChatSource {
  const reimbursable = record.override?.reimbursable ?? {
    amount_minor: record.reimbursable_minor,
    currency: record.currency,
  };
  return {
    invoice_id: record.id,
    employee: record.employee_name,
    file: record.file_name,
    status: record.override?.status ?? record.status,
    reimbursable,
    score,
  };
}
