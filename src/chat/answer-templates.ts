/**
 * The Markdown the offline answerer writes: canned replies, invoice and group tables, the one-line
 * superlative and an invoice's explanation. Pure functions of stored records, so every number shown
 * is the store's, and the wording can be checked without a store.
 */

import { scale } from '../domain/money.js';
import type { AggregateGroup, AggregateRow, InvoiceRecord } from '../domain/types.js';
import { sourceOf } from './invoice-source.js';
import type { AggregateMeasure, ChatPlan } from './language/plan.js';
import {
  type CurrencyTotal,
  describeFlags,
  displayName,
  escapeMarkdown,
  invoiceLink,
  joinAmounts,
  money,
  orderGroupRows,
  plural,
  STATUS_WORDS,
  table,
} from './markdown.js';

export const GREETING = [
  'Hello! Ask me about the stored invoices, for example:',
  '- *Declined meal invoices of Rani in December*',
  '- *How much was reimbursed for travel last month, by employee?*',
  '- *What is the largest single claim?*',
  '- *Why was the hotel invoice of 12 March capped?*',
  '- *What is the hotel limit in London?* (answered from the active policy)',
].join('\n');

export const OUT_OF_SCOPE =
  'Sorry, I can only answer questions about the stored invoices and their reimbursement decisions (what was claimed, what was reimbursed, by whom, when, and why) and about the active reimbursement policy.';

export const sentenceTotals = (totals: readonly CurrencyTotal[]) =>
  `claimed ${joinAmounts(totals, (total) => total.total_minor)}, reimbursable ${joinAmounts(totals, (total) => total.reimbursable_minor)}`;

export function invoiceTable(records: readonly InvoiceRecord[]): string {
  const rows = records.map((record) => {
    const source = sourceOf(record, 0);
    return [
      invoiceLink(record),
      escapeMarkdown(record.employee_name),
      record.invoice_date ?? 'unknown',
      STATUS_WORDS[source.status],
      money(record.total_minor, record.currency),
      money(source.reimbursable.amount_minor, source.reimbursable.currency),
      escapeMarkdown(record.override?.reason ?? record.reason),
    ];
  });
  return table(['File', 'Employee', 'Date', 'Status', 'Claimed', 'Reimbursable', 'Reason'], rows);
}

export function groupTable(rows: readonly AggregateRow[], plan: ChatPlan): string {
  const ordered = orderGroupRows(rows, plan.group_by, plan.measure === 'count');
  const groupCell = (row: AggregateRow, group: AggregateGroup) => {
    const value = row.group[group] ?? '';
    if (group === 'employee') return escapeMarkdown(displayName(value));
    if (group === 'status') return STATUS_WORDS[value as keyof typeof STATUS_WORDS] ?? value;
    return escapeMarkdown(value);
  };
  const averages = plan.measure === 'average';
  const headers = [
    ...plan.group_by.map((group) => group[0]?.toUpperCase() + group.slice(1)),
    'Invoices',
    'Claimed',
    'Reimbursable',
    ...(averages ? ['Average claimed', 'Average reimbursable'] : []),
  ];
  const cells = ordered.map((row) => [
    ...plan.group_by.map((group) => groupCell(row, group)),
    String(row.count),
    money(row.total_minor, row.currency),
    money(row.reimbursable_minor, row.currency),
    ...(averages
      ? [
          money(scale(row.total_minor, 1, row.count), row.currency),
          money(scale(row.reimbursable_minor, 1, row.count), row.currency),
        ]
      : []),
  ]);
  return table(headers, cells);
}

/** "The largest invoice (meals) is [a.pdf](invoice:…), Asha Verma's of 2026-05-03: claimed …". */
export function superlative(
  record: InvoiceRecord,
  order: string,
  scope: string,
  count: number,
): string {
  const source = sourceOf(record, 0);
  const of = count === 1 ? 'the only one' : `of ${plural(count, 'invoice')}`;
  return (
    `The ${order} invoice${scope} is ${invoiceLink(record)}, ${escapeMarkdown(displayName(record.employee_name))}'s ` +
    `of ${record.invoice_date ?? 'an unknown date'} (${of}): claimed ${money(record.total_minor, record.currency)}, ` +
    `${STATUS_WORDS[source.status]}, reimbursable ${money(source.reimbursable.amount_minor, source.reimbursable.currency)}.`
  );
}

export function explainRecord(record: InvoiceRecord): string {
  const source = sourceOf(record, 0);
  const lines = [
    `### ${invoiceLink(record)}: ${STATUS_WORDS[source.status]}`,
    `${escapeMarkdown(record.employee_name)}, ${record.category}, dated ${record.invoice_date ?? 'unknown'}. Claimed ${money(record.total_minor, record.currency)}; reimbursable ${money(source.reimbursable.amount_minor, source.reimbursable.currency)}.`,
    '',
    `**Why:** ${escapeMarkdown(record.decision.reason)}`,
  ];
  if (record.decision.rules_applied.length > 0) {
    lines.push('', 'Rules applied:');
    for (const rule of record.decision.rules_applied) {
      const page = rule.page === null ? '' : ` (policy page ${rule.page})`;
      lines.push(
        `- \`${rule.rule_id}\`${page}: “${escapeMarkdown(rule.quote)}” → ${escapeMarkdown(rule.effect)}`,
      );
    }
  }
  if (record.flags.length > 0) lines.push('', `Flags for review: ${describeFlags(record.flags)}.`);
  if (record.override) {
    const { override } = record;
    lines.push(
      '',
      `**Finance override** by ${escapeMarkdown(override.by.name)} on ${override.at.slice(0, 10)}: ${STATUS_WORDS[override.status]}, ${money(override.reimbursable.amount_minor, override.reimbursable.currency)}. ${escapeMarkdown(override.reason)}`,
    );
  }
  return lines.join('\n');
}

/**
 * The first line of an aggregate answer, led by what the question asked for: a count (`counted`,
 * the "**3 invoices** match …" phrase), an average per invoice, or otherwise the sums.
 */
export function aggregateHeadline(
  measure: AggregateMeasure | undefined,
  totals: readonly CurrencyTotal[],
  count: number,
  scope: string,
  counted: string,
): string {
  const average = (pick: (total: CurrencyTotal) => number) =>
    totals.map((total) => money(scale(pick(total), 1, total.count), total.currency)).join(' and ');
  if (measure === 'count') return `${counted} (${sentenceTotals(totals)}).`;
  if (measure === 'average')
    return `On average per invoice, over ${plural(count, 'invoice')}${scope}: claimed **${average((total) => total.total_minor)}**, reimbursable **${average((total) => total.reimbursable_minor)}**.`;
  return `Across **${plural(count, 'invoice')}**${scope}: claimed **${joinAmounts(totals, (total) => total.total_minor)}**, reimbursable **${joinAmounts(totals, (total) => total.reimbursable_minor)}**.`;
}
