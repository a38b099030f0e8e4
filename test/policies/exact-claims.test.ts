/**
 * The generated-dev claims with rules and invoice facts given exactly: THIS MEASURES THE DECISION
 * ENGINE, NOT GEMINI OR ANY READER. Each policy is a rules v2 document written by hand from the
 * policy's text, each document's facts are what it prints (fixtures/exact-claims.ts), as a perfect
 * model would answer; the claim is then decided the way the pipeline decides it
 * (decideClaimUnderV2: the engine v2 plus duplicate flags) and scored against the dataset's
 * labels exactly as `npm run eval` scores them: status, amount and expected flags per row, a
 * shared-cap group by its sum. The same facts are decided again under the rules the offline
 * compiler v2 reads from each policy PDF: that measures the compiler and the engine together.
 *
 * Each file gets its own key, as the pipeline gives each copy of a file in one claim an invoice
 * of its own (pipeline/in-claim-copies.ts); the labels want both copies decided and flagged.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import t, { type Test } from 'tap';
import {
  type EvalResult,
  loadEvalLabels,
  type RowScore,
  rowOk,
  scoreRows,
} from '../../scripts/eval-labels.js';
import { compilePolicyV2 } from '../../src/ai/offline/policy/compile.js';
import { decideClaimUnderV2 } from '../../src/domain/decide-claim-v2.js';
import type { PolicyRulesV2 } from '../../src/domain/rules/types.js';
import { requireDataset } from '../helpers/datasets.js';
import { pdfPages, sha256, unzipFiles } from '../helpers/documents.js';
import { EXACT_CLAIMS, type ExactClaim, NOT_AN_INVOICE } from './fixtures/exact-claims.js';

const DATASET = requireDataset('generated-dev');

const totals = { hand: { right: 0, rows: 0 }, compiled: { right: 0, rows: 0 } };

for (const claim of EXACT_CLAIMS) {
  for (const mode of ['hand', 'compiled'] as const) {
    const title =
      mode === 'hand' ? 'rules written by hand' : 'rules compiled offline from the policy PDF';
    t.test(`${claim.folder}: every row right with exact facts and ${title}`, async (t) => {
      const dir = path.join(DATASET, claim.folder);
      const rules =
        mode === 'hand'
          ? claim.rules
          : compilePolicyV2(await pdfPages(readFileSync(path.join(dir, 'policy.pdf'))), {
              policy_hash: `compiled-${claim.folder}`,
            }).rules;
      const scores = await decideAndScore(t, claim, dir, rules);
      totals[mode].rows += scores.length;
      totals[mode].right += scores.filter(rowOk).length;
    });
  }
}

async function decideAndScore(
  t: Test,
  claim: ExactClaim,
  dir: string,
  rules: PolicyRulesV2,
): Promise<RowScore[]> {
  const form = JSON.parse(readFileSync(path.join(dir, 'claim.json'), 'utf8')) as {
    employee_name: string;
    claim_date: string;
  };
  const labels = await loadEvalLabels(dir);
  const files = await unzipFiles(path.join(dir, 'invoices.zip'));
  const shaOf = new Map(files.map((file) => [file.name, sha256(file.data)]));
  t.same(
    Object.keys(claim.documents).sort(),
    labels.map((label) => label.file).sort(),
    'the fixture transcribes every labelled document',
  );
  const invoices = Object.entries(claim.documents).flatMap(([name, facts], index) =>
    facts === NOT_AN_INVOICE
      ? []
      : [
          {
            key: `doc-${index}`,
            file_name: name,
            file_sha256: shaOf.get(name) ?? `missing:${name}`,
            fields: null,
            facts,
            ocr: false,
          },
        ],
  );
  const decided = decideClaimUnderV2({
    rules,
    employee_id: `employee:${claim.folder}`,
    employee_name: null,
    claim_date: form.claim_date,
    invoices,
    prior: [],
    options: { low_confidence_below: 0.6 },
  });
  const results: EvalResult[] = [
    ...decided.map((d) => ({
      name: d.file_name,
      outcome: 'analysed' as const,
      status: d.decision.status,
      reimbursable_minor: d.decision.reimbursable.amount_minor,
      flags: d.decision.flags,
      error_code: null,
    })),
    ...Object.entries(claim.documents)
      .filter(([, facts]) => facts === NOT_AN_INVOICE)
      .map(([name]) => ({
        name,
        outcome: 'failed' as const,
        status: null,
        reimbursable_minor: null,
        flags: [],
        error_code: NOT_AN_INVOICE,
      })),
  ];
  const scores = scoreRows(labels, results);
  for (const score of scores) {
    const decision = decided.find((d) => d.file_name === score.label.file)?.decision;
    t.ok(rowOk(score), score.label.file, {
      expected: {
        status: score.label.expected_status,
        amount: score.label.expected_minor ?? `group sum ${score.label.group_sum_minor}`,
        flags: score.label.expected_flags,
      },
      got: score.got,
      reason: decision?.reason,
    });
  }
  return scores;
}

t.teardown(() => {
  const { hand, compiled } = totals;
  console.log(
    `# exact facts (engine only): ${hand.right}/${hand.rows} rows right with hand-written rules, ${compiled.right}/${compiled.rows} with the offline compiler's rules`,
  );
});
