/**
 * The text embedded for an invoice: a short header with who, what, when, how much and the decision,
 * then the document text. The decision is part of it so that questions like "declined cab rides"
 * land near the invoices they mean, not only near invoices that mention cabs.
 */
import { formatMoney } from '../domain/money.js';
import type { InvoiceRecord } from '../domain/types.js';
import { effectiveDecision } from './filters.js';

/**
 * Embedding models read a bounded input (Gemini: about 2,048 tokens); 6,000 characters stays
 * inside it for the scripts invoices are printed in.
 */
export const MAX_EMBEDDING_TEXT_CHARS = 6000;

function header(record: InvoiceRecord): string {
  const effective = effectiveDecision(record);
  const money = (amount_minor: number) =>
    formatMoney({ amount_minor, currency: record.currency }, { symbol: false });
  const lines = [
    `Invoice: ${record.file_name}`,
    `Employee: ${record.employee_name}`,
    `Vendor: ${record.vendor ?? 'unknown'}`,
    `Invoice number: ${record.invoice_number ?? 'unknown'}`,
    `Date: ${record.invoice_date ?? 'unknown'}`,
    `Category: ${record.category}`,
    `Total: ${money(record.total_minor)}`,
    `Decision: ${effective.status.replaceAll('_', ' ')}, reimbursable ${money(effective.reimbursable_minor)}`,
    `Reason: ${effective.reason}`,
  ];
  if (record.override)
    lines.push(
      `Overridden by finance; the engine decided: ${record.decision.status.replaceAll('_', ' ')}`,
    );
  if (record.flags.length > 0) lines.push(`Flags: ${record.flags.join(', ').replaceAll('_', ' ')}`);
  return lines.join('\n');
}

/** Cuts at the last whitespace before the limit so no word is embedded half. */
function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars);
  const lastSpace = cut.search(/\s\S*$/);
  return lastSpace > maxChars / 2 ? cut.slice(0, lastSpace) : cut;
}

/**
 * One parameter only: callers write `records.map(embeddingText)`, which passes each record's index
 * as a second argument. (A `maxChars` parameter here once cut the i-th invoice of every job to i
 * characters, so its vector said almost nothing.)
 */
export function embeddingText(record: InvoiceRecord): string {
  const head = header(record);
  const body = record.text.replace(/\s+/g, ' ').trim();
  return truncate(body === '' ? head : `${head}\n\n${body}`, MAX_EMBEDDING_TEXT_CHARS);
}
