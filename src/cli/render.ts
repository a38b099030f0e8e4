import type { Job, JobEvent } from '../domain/jobs.js';
import { formatMoney } from '../domain/money.js';

const STATUS_LABEL: Record<string, string> = {
  fully_reimbursed: 'fully',
  partially_reimbursed: 'partially',
  declined: 'declined',
};

/** A one-line progress bar for terminals, redrawn in place. */
export function progressLine(event: JobEvent): string | null {
  if (event.type !== 'progress') return null;
  const {
    stage,
    total = 0,
    done = 0,
  } = event.data as { stage?: string; total?: number; done?: number };
  const width = 24;
  const filled = total > 0 ? Math.round((done / total) * width) : 0;
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${stage ?? ''}   `;
}

/** The results as a plain-text table with the totals, for people. */
export function resultsTable(job: Job): string {
  const rows = job.results.map((r) => [
    r.name,
    r.outcome === 'analysed'
      ? (STATUS_LABEL[r.status ?? ''] ?? '')
      : `failed: ${r.error?.code ?? ''}`,
    r.claimed ? formatMoney(r.claimed) : '',
    r.reimbursable ? formatMoney(r.reimbursable) : '',
    r.flags.join(' '),
  ]);
  const header = ['document', 'decision', 'claimed', 'reimbursable', 'flags'];
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) =>
        i === 2 || i === 3 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  if (job.summary) {
    const { summary } = job;
    const money = (amount: number) =>
      formatMoney({ amount_minor: amount, currency: summary.currency });
    out.push(
      '',
      `${summary.analysed} analysed, ${summary.failed} failed. Claimed ${money(summary.claimed_minor)}, reimbursable ${money(summary.reimbursable_minor)}.`,
    );
  }
  if (job.error) out.push('', `Job failed: ${job.error.code}: ${job.error.message}`);
  return out.join('\n');
}
