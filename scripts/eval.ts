/**
 * npm run eval -- --dataset DIR [--fake-gemini]
 * A dataset with a ground-truth.json is scored field by field instead (see eval-fields.ts);
 * --text-only reads its PDFs without the text positions.
 * Analyses a claim folder (a policy.* file, ZIPs and loose invoices, labels.csv, optionally
 * claim.json with employee_name and claim_date) through the real pipeline and compares each
 * decision with its label (status, amount, expected flags; a shared-cap group by its sum, see
 * eval-labels.ts). A folder of claim folders is evaluated claim by claim, each on a fresh store.
 * --fake-gemini runs Gemini mode against the fake server: the policy is answered with the offline
 * compilation of the same policy, each invoice with the fields its label states.
 * First, how the offline compiler v2 reads the policy and what it did not understand.
 * Last line: `eval: S/N status, A/N amount`; exits 1 unless every row matches.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { extractInvoiceFields } from '../src/ai/offline/invoice-extractor.js';
import { OfflineProvider } from '../src/ai/offline/provider.js';
import { analyseLocalClaim } from '../src/cli/local-claim.js';
import { loadConfig } from '../src/config.js';
import { decimalAmount } from '../src/domain/csv.js';
import { formatMoney, minorDigits } from '../src/domain/money.js';
import { createPdfTextReader } from '../src/pipeline/ingest/pdf-text.js';
import { readPolicy } from '../src/pipeline/ingest/policy-text.js';
import { createServices } from '../src/services.js';
import { evaluateFields } from './eval-fields.js';
import { type EvalResult, loadEvalLabels, type RowScore, rowOk, scoreRows } from './eval-labels.js';
import { reportPolicyReading } from './eval-policies.js';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string' },
    'fake-gemini': { type: 'boolean', default: false },
    'text-only': { type: 'boolean', default: false },
  },
});
if (!values.dataset) {
  console.error('Usage: npm run eval -- --dataset DIR [--fake-gemini]');
  process.exit(64);
}
const dataset = resolve(values.dataset);
if (existsSync(join(dataset, 'ground-truth.json'))) {
  process.exit(await evaluateFields(dataset, values['text-only']));
}
// Loaded only for label datasets: the test helpers pull in tap, whose 30 s timeout would end a
// long run, so tap is told not to time out.
process.env.TAP_TIMEOUT ??= '0';
const { startFakeGemini, userText } = await import('../test/fakes/gemini-server.js');
const { invoiceAnswer } = await import('../test/fakes/iai-gemini.js');
const { policyAnswer } = await import('../test/fakes/policy-answer.js');
const { loadLabels } = await import('../test/helpers/iai-dataset.js');

const POLICY_NAMES = [
  'policy.pdf',
  'policy.docx',
  'policy.md',
  'policy.txt',
  'policy.json',
  'policy.yaml',
];

/** A folder of claims (each with its own labels.csv) is evaluated claim by claim. */
function claimFolders(dir: string): string[] {
  if (existsSync(join(dir, 'labels.csv'))) return [dir];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'labels.csv')))
    .map((entry) => join(dir, entry.name))
    .sort();
}

interface ClaimScore {
  name: string;
  rows: number;
  ok: number;
  status: number;
  amount: number;
}

// The PDF reader's pool leaves its idle children unreferenced; while the script awaits their end
// (reader.close(), services.close()) nothing else would hold the event loop, and Node would quit
// with exit code 13 before the last lines are printed.
const holdOpen = setInterval(() => undefined, 60_000);
const claims = claimFolders(dataset);
if (claims.length === 0) {
  console.error(`No labels.csv in ${dataset} or its sub-folders`);
  process.exit(64);
}
const scores: ClaimScore[] = [];
for (const claim of claims) scores.push(await evaluateClaim(claim));
if (scores.length > 1) {
  for (const score of scores)
    console.log(
      `claim ${score.name}: ${score.ok}/${score.rows} rows (${score.status} status, ${score.amount} amount)`,
    );
}
const sum = (key: keyof Omit<ClaimScore, 'name'>) =>
  scores.reduce((total, score) => total + score[key], 0);
const rows = sum('rows');
console.log(`rows right (status, amount and flags): ${sum('ok')}/${rows}`);
console.log(`eval: ${sum('status')}/${rows} status, ${sum('amount')}/${rows} amount`);
process.exitCode = sum('ok') === rows ? 0 : 1;
clearInterval(holdOpen);

async function evaluateClaim(claimDir: string): Promise<ClaimScore> {
  const entries = readdirSync(claimDir);
  const policyName = POLICY_NAMES.find((name) => entries.includes(name));
  if (!policyName) {
    console.error(`No policy.{pdf,docx,md,txt,json,yaml} in ${claimDir}`);
    process.exit(64);
  }
  console.log(`== ${basename(claimDir)}`);
  await reportPolicyReading(claimDir, policyName);
  const invoices = entries
    .filter((name) => /\.(zip|pdf|png|jpe?g)$/i.test(name) && !name.startsWith('policy.'))
    .map((name) => join(claimDir, name));
  const labels = await loadEvalLabels(claimDir);
  const form = existsSync(join(claimDir, 'claim.json'))
    ? (JSON.parse(readFileSync(join(claimDir, 'claim.json'), 'utf8')) as {
        employee_name?: string;
        claim_date?: string;
      })
    : {};

  const dataDir = mkdtempSync(join(tmpdir(), 'reimburse-eval-'));
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    LOG_DIR: '',
    QDRANT_URL: '',
    REDIS_URL: '',
  };
  let gemini: Awaited<ReturnType<typeof startFakeGemini>> | null = null;
  if (values['fake-gemini']) {
    // The fake model answers each invoice with the fields its label states (IAI columns only),
    // and the lines the offline reader reads on it: a careful model lists the alcohol it sees.
    const iaiLabels = await loadLabels(claimDir);
    const rules = await offlineRules(claimDir, policyName);
    const lines = await offlineLines(invoices, 'INR');
    gemini = await startFakeGemini({
      respond: (request) => {
        if (request.method === 'batchEmbedContents') return undefined;
        const text = userText(request);
        const label = iaiLabels.find((candidate) => text.includes(`File: ${candidate.file} (`));
        // Gemini cites policy sentences by number: the offline rules' quotes become those numbers.
        if (!label) return { json: policyAnswer(rules) };
        const answer = invoiceAnswer(label) as { json: Record<string, unknown> };
        return { json: { ...answer.json, line_items: lines.get(label.file) ?? [] } };
      },
    });
    Object.assign(env, { GEMINI_API_KEY: gemini.apiKey, GEMINI_BASE_URL: gemini.url });
  } else {
    env.GEMINI_API_KEY = '';
  }

  const services = await createServices(loadConfig(env));
  try {
    await services.startWorker();
    const claimDate =
      form.claim_date ??
      labels
        .map((l) => l.invoice_date)
        .filter(Boolean)
        .sort()
        .at(-1) ??
      new Date().toISOString().slice(0, 10);
    const job = await analyseLocalClaim(services, {
      policy: join(claimDir, policyName),
      employee: form.employee_name ?? 'Evaluation',
      files: invoices,
      claimDate,
    });
    const results: EvalResult[] = job.results.map((r) => ({
      name: r.name,
      outcome: r.outcome,
      status: r.status,
      reimbursable_minor: r.reimbursable?.amount_minor ?? null,
      flags: r.flags,
      error_code: r.error?.code ?? null,
    }));
    const scored = scoreRows(labels, results);
    for (const score of scored) console.log(describeRow(score));
    const mode = gemini ? `gemini (fake), ${job.usage.model_calls} model calls` : 'offline';
    console.log(`mode: ${mode}`);
    return {
      name: basename(claimDir),
      rows: scored.length,
      ok: scored.filter(rowOk).length,
      status: scored.filter((s) => s.status_ok).length,
      amount: scored.filter((s) => s.amount_ok).length,
    };
  } finally {
    await services.close();
    await gemini?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function describeRow(score: RowScore): string {
  const { label, got } = score;
  const money = (minor: number | null) =>
    minor === null ? '-' : formatMoney({ amount_minor: minor, currency: label.currency });
  const expected = label.group
    ? `any (group ${label.group} sums to ${money(label.group_sum_minor)})`
    : `${label.expected_status} ${money(label.expected_minor)}`;
  const gotStatus =
    got === null ? 'missing' : got.outcome === 'failed' ? `failed:${got.error_code}` : got.status;
  const missing = score.flags_ok ? '' : `  missing flags: ${score.missing_flags.join(', ')}`;
  return `${rowOk(score) ? 'ok  ' : 'FAIL'} ${label.file.padEnd(36)} expected ${expected}  got ${gotStatus} ${money(got?.reimbursable_minor ?? null)}${missing}`;
}

/** The line items the offline reader reads on each PDF of the claim's ZIPs, as Gemini lists them. */
async function offlineLines(
  archives: string[],
  currency: string,
): Promise<Map<string, Array<Record<string, unknown>>>> {
  const { unzipFiles } = await import('../test/helpers/documents.js');
  const found = new Map<string, Array<Record<string, unknown>>>();
  const dir = mkdtempSync(join(tmpdir(), 'reimburse-eval-lines-'));
  const pdfReader = createPdfTextReader({ timeoutMs: 120_000 });
  try {
    for (const archive of archives.filter((name) => /\.zip$/i.test(name))) {
      for (const [index, file] of (await unzipFiles(archive)).entries()) {
        if (!/\.pdf$/i.test(file.name)) continue;
        const path = join(dir, `${index}.pdf`);
        writeFileSync(path, file.data);
        const { pages, layout } = await pdfReader.read(path);
        const document = {
          name: file.name,
          media_type: 'application/pdf',
          sha256: '',
          size_bytes: file.data.length,
          page_count: pages.length,
          pages,
          ocr: false,
          layout: layout ?? null,
        };
        const fields = extractInvoiceFields(document, { currency });
        found.set(
          file.name,
          fields.line_items.map((item) => ({
            description: item.description,
            amount: decimalAmount(item.amount_minor, minorDigits(currency)),
            quantity: item.quantity,
            alcohol: item.alcohol,
            tobacco: item.tobacco,
          })),
        );
      }
    }
  } finally {
    await pdfReader.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return found;
}

/** The policy as the offline reader compiles it: the fake model answers with its authored part. */
async function offlineRules(dir: string, policyName: string): Promise<Record<string, unknown>> {
  const pdfReader = createPdfTextReader({ timeoutMs: 120_000 });
  try {
    const input = await readPolicy(
      { path: join(dir, policyName), file_name: policyName },
      { pdfReader },
    );
    if (input.kind === 'rules') return input.raw as Record<string, unknown>;
    const {
      schema_version: _v,
      policy_hash: _h,
      compiled_by: _c,
      ...authored
    } = await new OfflineProvider().compilePolicy(input.policy);
    return authored;
  } finally {
    await pdfReader.close();
  }
}
