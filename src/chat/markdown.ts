/**
 * Markdown pieces shared by the offline answers and the tool results the model copies from:
 * amounts formatted exactly once, invoices cited by id, filters said in words.
 */
import { formatMoney } from '../domain/money.js';
import type {
  AggregateGroup,
  AggregateRow,
  Flag,
  InvoiceFilter,
  InvoiceRecord,
  Status,
} from '../domain/types.js';

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export const STATUS_WORDS: Readonly<Record<Status, string>> = {
  fully_reimbursed: 'fully reimbursed',
  partially_reimbursed: 'partially reimbursed',
  declined: 'declined',
};

export function money(amountMinor: number, currency: string): string {
  return formatMoney({ amount_minor: amountMinor, currency });
}

/** Text safe inside a table cell or a link label: no pipes, brackets, emphasis or line breaks. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/([\\`*_[\]|<>#])/g, '\\$1')
    .trim();
}

export function fileLabel(record: Pick<InvoiceRecord, 'file_name'>): string {
  return record.file_name.split('/').pop() ?? record.file_name;
}

/**
 * "[taxis/May 3.pdf](invoice:<id>)": every invoice an answer mentions links to its id, named by
 * its path in the upload, so two files of one name in different folders can be told apart.
 */
export function invoiceLink(record: Pick<InvoiceRecord, 'id' | 'file_name'>): string {
  return `[${escapeMarkdown(record.file_name)}](invoice:${record.id})`;
}

/** GET /invoices/export.csv with the same filters: every match, where an answer shows some. */
export function exportLink(filter: InvoiceFilter): string {
  const query = new URLSearchParams();
  const add = (name: string, value: string | number | readonly string[] | undefined) => {
    if (value === undefined) return;
    query.set(name, Array.isArray(value) ? value.join(',') : String(value));
  };
  add('employee', filter.employee);
  add('status', filter.status);
  add('category', filter.category);
  add('flags', filter.flags);
  add('date_from', filter.date_from);
  add('date_to', filter.date_to);
  add('amount_min_minor', filter.amount_min_minor);
  add('amount_max_minor', filter.amount_max_minor);
  add('job_id', filter.job_id);
  add('q', filter.text);
  const search = query.toString();
  return `/api/v1/invoices/export.csv${search ? `?${search}` : ''}`;
}

/** The line under a list that stops short of every match, with the way to the rest. */
export function cutNotice(shown: number, count: number, order: string, filter: InvoiceFilter) {
  return `The list stops at the ${shown} ${order} of **${count}** invoices: [download all ${count} as CSV](${exportLink(filter)}).`;
}

export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** "rani sharma" (a stored employee key) as "Rani Sharma". */
export function displayName(name: string): string {
  return name.replace(
    /(^|\s)(\p{Ll})/gu,
    (_match, space: string, letter: string) => space + letter.toUpperCase(),
  );
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Sums of aggregate rows per currency: stores group by currency, so amounts are never mixed. */
export interface CurrencyTotal {
  currency: string;
  count: number;
  total_minor: number;
  reimbursable_minor: number;
}

export function totalsByCurrency(rows: readonly AggregateRow[]): CurrencyTotal[] {
  const totals = new Map<string, CurrencyTotal>();
  for (const row of rows) {
    const total = totals.get(row.currency) ?? {
      currency: row.currency,
      count: 0,
      total_minor: 0,
      reimbursable_minor: 0,
    };
    total.count += row.count;
    total.total_minor += row.total_minor;
    total.reimbursable_minor += row.reimbursable_minor;
    totals.set(row.currency, total);
  }
  return [...totals.values()];
}

/** "₹770.00" or "₹770.00 and $12.00" when invoices were in several currencies. */
export function joinAmounts(
  totals: readonly CurrencyTotal[],
  pick: (total: CurrencyTotal) => number,
): string {
  return totals.map((total) => money(pick(total), total.currency)).join(' and ');
}

function monthName(iso: string): string {
  return `${MONTH_NAMES[Number(iso.slice(5, 7)) - 1] ?? iso.slice(5, 7)} ${iso.slice(0, 4)}`;
}

function lastDayOfMonth(iso: string): string {
  return new Date(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), 0))
    .toISOString()
    .slice(0, 10);
}

function describeDates(from: string | undefined, to: string | undefined): string | null {
  if (from && to) {
    if (from === to) return `on ${from}`;
    const wholeMonths = from.endsWith('-01') && to === lastDayOfMonth(to);
    if (wholeMonths && from.slice(0, 7) === to.slice(0, 7)) return `in ${monthName(from)}`;
    if (
      wholeMonths &&
      from.slice(5) === '01-01' &&
      to.slice(5) === '12-31' &&
      from.slice(0, 4) === to.slice(0, 4)
    )
      return `in ${from.slice(0, 4)}`;
    if (wholeMonths) return `from ${monthName(from)} to ${monthName(to)}`;
    return `dated ${from} to ${to}`;
  }
  if (from) return `dated ${from} or later`;
  if (to) return `dated ${to} or earlier`;
  return null;
}

function describeAmounts(
  min: number | undefined,
  max: number | undefined,
  currency: string,
): string | null {
  if (min !== undefined && max !== undefined)
    return min === max
      ? `of exactly ${money(min, currency)}`
      : `of ${money(min, currency)} to ${money(max, currency)}`;
  if (min !== undefined) return `of at least ${money(min, currency)}`;
  if (max !== undefined) return `of at most ${money(max, currency)}`;
  return null;
}

/** "possible duplicate and alcohol". */
export function describeFlags(flags: readonly Flag[]): string {
  return flags.map((flag) => flag.replace(/_/g, ' ')).join(' and ');
}

/** The filter in words: "declined meal invoices of Rani Sharma in December 2024 flagged alcohol". */
export function describeFilter(filter: InvoiceFilter, currency: string): string {
  const statuses = filter.status?.map((status) => STATUS_WORDS[status]).join(' or ');
  const categories = filter.category?.join(' or ');
  const words = [statuses, categories, 'invoices'].filter(Boolean) as string[];
  if (filter.employee) words.push(`of ${escapeMarkdown(displayName(filter.employee))}`);
  const dates = describeDates(filter.date_from, filter.date_to);
  if (dates) words.push(dates);
  const amounts = describeAmounts(filter.amount_min_minor, filter.amount_max_minor, currency);
  if (amounts) words.push(amounts);
  if (filter.flags && filter.flags.length > 0) words.push(`flagged ${describeFlags(filter.flags)}`);
  if (filter.text) words.push(`mentioning “${escapeMarkdown(filter.text)}”`);
  return words.join(' ');
}

/** Months read best in time order (as the store returns them); other groupings largest first. */
export function orderGroupRows(
  rows: readonly AggregateRow[],
  groupBy: readonly AggregateGroup[],
  byCount: boolean,
): AggregateRow[] {
  if (groupBy.includes('month')) return [...rows];
  return [...rows].sort((a, b) =>
    byCount ? b.count - a.count : b.reimbursable_minor - a.reimbursable_minor,
  );
}
