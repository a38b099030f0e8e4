/** InvoiceFilter (normalised) → Qdrant filter JSON over the payload fields of payload.ts. */
import type { Schemas } from '@qdrant/js-client-rest';
import { NAME_ID_PREFIX } from '../../domain/access.js';
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
  // The access scope: uploaded by the subject, or filed for them.
  if (filter.owner_sub !== undefined)
    must.push({
      should: [
        { key: 'owner_sub', match: { value: filter.owner_sub } },
        { key: 'employee_id', match: { value: filter.owner_sub } },
      ],
    });
  if (filter.employee_id !== undefined) must.push(employeeIdCondition(filter.employee_id));
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

/**
 * Points written before employee ids have none in their payload; their id is the one derived from
 * their name (filters.ts employeeIdOf), so a name-derived id also matches them by employee_key.
 * Points are not rewritten: Qdrant has no per-point computed update, and a reindex
 * (npm run reindex) writes every payload anew.
 */
function employeeIdCondition(employeeId: string): QdrantCondition {
  const match: QdrantCondition = { key: 'employee_id', match: { value: employeeId } };
  if (!employeeId.startsWith(NAME_ID_PREFIX)) return match;
  return {
    should: [
      match,
      {
        must: [
          { is_empty: { key: 'employee_id' } },
          { key: 'employee_key', match: { value: employeeId.slice(NAME_ID_PREFIX.length) } },
        ],
      },
    ],
  };
}

/** All conditions together, or undefined when there are none (Qdrant then reads every point). */
export function allOf(conditions: QdrantCondition[]): QdrantFilter | undefined {
  return conditions.length > 0 ? { must: conditions } : undefined;
}
