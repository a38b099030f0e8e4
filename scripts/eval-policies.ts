/**
 * What the offline policy compiler v2 reads in a dataset's policy, for `npm run eval`: a line of
 * counts per kind of rule, then every sentence that looks like a rule but was not understood, with
 * its page and why. The list should be empty or name only sentences a person would agree are
 * ambiguous. These are the rules the claim is decided by (policy files compile to rules v2).
 */
import { join } from 'node:path';
import { compilePolicyV2, type PolicyCompilationV2 } from '../src/ai/offline/policy/compile.js';
import { createPdfTextReader } from '../src/pipeline/ingest/pdf-text.js';
import { readPolicy } from '../src/pipeline/ingest/policy-text.js';

export function describePolicyReading(compiled: PolicyCompilationV2): string[] {
  const { rules, not_understood: notUnderstood, sentences } = compiled;
  const counts = [
    ['categories', rules.categories.length],
    ['reclassifications', rules.reclassify?.length ?? 0],
    ['caps', rules.caps.length],
    ['exclusions', rules.exclusions.length],
    ['declines', rules.declines.length],
    ['evidence', rules.evidence.length],
    ['on top', rules.on_top.length],
    ['line categories', rules.line_categories.length],
    ['shares', rules.shares.length],
    ['relative limits', rules.relative_limits.length],
  ]
    .filter(([, count]) => count !== 0)
    .map(([name, count]) => `${count} ${name}`);
  const settings = [
    rules.meal_hours ? 'meal hours' : null,
    rules.submission_window ? `window ${rules.submission_window.days} days` : null,
    rules.foreign_currency ? `foreign currency: ${rules.foreign_currency.accept}` : null,
    rules.rounding !== 'half_up' ? `rounding ${rules.rounding}` : null,
  ].filter(Boolean);
  const read = (kind: string) => sentences.filter((sentence) => sentence.reading === kind).length;
  const lines = [
    `policy v2 (offline): ${rules.name} — ${rules.currency}${rules.home_country ? `, ${rules.home_country}` : ''}`,
    `  rules: ${[...counts, ...settings].join(', ') || 'none'}`,
    `  sentences: ${read('rules') + read('partly')} with rules, ${read('note')} notes, ${read('example')} in examples, ${notUnderstood.length} not understood`,
  ];
  if (notUnderstood.length === 0) lines.push('  not understood: none');
  for (const item of notUnderstood)
    lines.push(`  not understood (p${item.page}): "${item.sentence}" — ${item.reason}`);
  return lines;
}

/** Prints the v2 reading of the dataset's policy file; rule files (JSON, YAML) have none. */
export async function reportPolicyReading(dataset: string, policyFile: string): Promise<void> {
  const pdfReader = createPdfTextReader({ timeoutMs: 120_000 });
  try {
    const input = await readPolicy(
      { path: join(dataset, policyFile), file_name: policyFile },
      { pdfReader },
    );
    if (input.kind !== 'text') {
      console.log('policy v2 (offline): given as rules, nothing to compile');
      return;
    }
    const compiled = compilePolicyV2(input.policy.pages, { policy_hash: input.policy.sha256 });
    for (const line of describePolicyReading(compiled)) console.log(line);
  } finally {
    await pdfReader.close();
  }
}
