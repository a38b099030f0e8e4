import type { DocumentResult, JobSummary, SummaryLine } from './jobs.js';

/** Totals claimed and reimbursable per status and category, from a job's document results. */
export function summariseResults(results: DocumentResult[], currency: string): JobSummary {
  const lines = new Map<string, SummaryLine>();
  let claimed = 0;
  let reimbursable = 0;
  let analysed = 0;
  for (const result of results) {
    if (result.outcome !== 'analysed' || !result.status || !result.claimed || !result.reimbursable)
      continue;
    analysed += 1;
    claimed += result.claimed.amount_minor;
    reimbursable += result.reimbursable.amount_minor;
    const category = result.category ?? 'other';
    const key = `${result.status}\u0000${category}`;
    const line = lines.get(key) ?? {
      status: result.status,
      category,
      count: 0,
      claimed_minor: 0,
      reimbursable_minor: 0,
    };
    line.count += 1;
    line.claimed_minor += result.claimed.amount_minor;
    line.reimbursable_minor += result.reimbursable.amount_minor;
    lines.set(key, line);
  }
  return {
    currency,
    documents: results.length,
    analysed,
    failed: results.length - analysed,
    claimed_minor: claimed,
    reimbursable_minor: reimbursable,
    by_status_and_category: [...lines.values()].sort(
      (a, b) => a.status.localeCompare(b.status) || a.category.localeCompare(b.category),
    ),
  };
}
