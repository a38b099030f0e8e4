/**
 * Counts and sums computed here from scrolled payloads. Qdrant has counts and facets but no sums,
 * so aggregates read every matching point's few numeric and grouping fields, 1,000 per request:
 * fine for the tens of thousands of invoices a company has, a scan beyond that.
 */
import type { AggregateGroup, AggregateRow } from '../../domain/types.js';
import { monthOf } from '../filters.js';

type AggregatePayload = Record<string, unknown>;

function groupValue(group: AggregateGroup, payload: AggregatePayload): string {
  switch (group) {
    case 'employee':
      return String(payload.employee_key);
    case 'status':
      return String(payload.status);
    case 'category':
      return String(payload.category);
    case 'month':
      return monthOf(typeof payload.invoice_date === 'string' ? payload.invoice_date : null);
  }
}

/**
 * Rows in the order SQLite's GROUP BY … ORDER BY gives: by each group value, then currency. Exact
 * copies of earlier invoices (duplicate_of) are left out, as in SQLite: a file counts once.
 */
export function aggregatePayloads(
  payloads: AggregatePayload[],
  groups: AggregateGroup[],
): AggregateRow[] {
  const rows = new Map<string, AggregateRow & { sortKey: string[] }>();
  for (const payload of payloads) {
    if (typeof payload.duplicate_of === 'string') continue;
    const values = groups.map((group) => groupValue(group, payload));
    const currency = String(payload.currency);
    const sortKey = [...values, currency];
    const key = JSON.stringify(sortKey);
    let row = rows.get(key);
    if (!row) {
      row = {
        group: Object.fromEntries(groups.map((group, index) => [group, values[index]])),
        count: 0,
        currency,
        total_minor: 0,
        reimbursable_minor: 0,
        sortKey,
      };
      rows.set(key, row);
    }
    row.count += 1;
    row.total_minor += Number(payload.total_minor);
    row.reimbursable_minor += Number(payload.reimbursable_minor);
  }
  const compare = (a: string[], b: string[]): number => {
    for (let index = 0; index < a.length; index += 1) {
      const left = a[index] ?? '';
      const right = b[index] ?? '';
      if (left !== right) return left < right ? -1 : 1;
    }
    return 0;
  };
  return [...rows.values()]
    .sort((a, b) => compare(a.sortKey, b.sortKey))
    .map(({ sortKey: _sortKey, ...row }) => row);
}
