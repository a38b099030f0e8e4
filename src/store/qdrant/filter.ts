/** InvoiceFilter (normalised) → Qdrant filter JSON over the payload fields of payload.ts. */
import type { Schemas } from '@qdrant/js-client-rest';
import type { NormalizedFilter } from '../filters.js';
import { dateTime } from './payload.js';

export type QdrantFilter = Schemas['Filter'];
export type QdrantCondition = Schemas['Condition'];

function range(min: number | undefined, max: number | undefined): Schemas['Range'] {
  return { ...(min !== undefined ? { gte: min } : {}), ...(max !== undefined ? { lte: max } : {}) };
}

function dateRange(from: string | undefined, to: string | undefined): Schemas['DatetimeRange'] {
  return {
    ...(from !== undefined ? { gte: dateTime(from) } : {}),
    ...(to !== undefined ? { lte: dateTime(to) } : {}),
  };
}

export function filterConditions(filter: NormalizedFilter): QdrantCondition[] {
  const must: QdrantCondition[] = [];
  const value = (key: string, matched: string | undefined): void => {
    if (matched !== undefined) must.push({ key, match: { value: matched } });
  };
  const any = (key: string, matched: string[] | undefined): void => {
    if (matched !== undefined) must.push({ key, match: { any: matched } });
  };
  value('owner_sub', filter.owner_sub);
  value('employee_key', filter.employee_key);
  any('status', filter.status);
  any('category', filter.category);
  if (filter.date_from !== undefined || filter.date_to !== undefined) {
    must.push({ key: 'invoice_date', range: dateRange(filter.date_from, filter.date_to) });
  }
  if (filter.amount_min_minor !== undefined || filter.amount_max_minor !== undefined) {
    must.push({
      key: 'total_minor',
      range: range(filter.amount_min_minor, filter.amount_max_minor),
    });
  }
  // One condition per flag: a point must carry each of them (match.any would accept any one).
  for (const flag of filter.flags ?? []) value('flags', flag);
  value('job_id', filter.job_id);
  value('file_sha256', filter.file_sha256);
  // Nested in the stored record, unindexed: only duplicate checks ask, always with an employee.
  any('record.invoice_number', filter.invoice_numbers);
  // match.text holds when every word of it occurs in the field.
  if (filter.text_tokens)
    must.push({ key: 'search_text', match: { text: filter.text_tokens.join(' ') } });
  return must;
}

/** All conditions together, or undefined when there are none (Qdrant then reads every point). */
export function allOf(conditions: QdrantCondition[]): QdrantFilter | undefined {
  return conditions.length > 0 ? { must: conditions } : undefined;
}
