/**
 * npm run eval -- --dataset DIR [--fake-gemini]
 * A dataset with a ground-truth.json is scored field by field instead (see eval-fields.ts);
 * --text-only reads its PDFs without the text positions.
 * Analyses a dataset folder (a policy.* file, ZIPs and loose invoices, labels.csv with the columns
 * of the IAI dataset) through the real pipeline and compares each decision with its label.
 * --fake-gemini runs Gemini mode against the fake server: the policy is answered with the offline
 * compilation of the same policy, each invoice with the fields its label states.
 * First, how the offline compiler v2 reads the policy and what it did not understand.
 * Last line: `eval: S/N status, A/N amount`; exits 1 unless every invoice matches.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { OfflineProvider } from '../src/ai/offline/provider.js';
import { analyseLocalClaim } from '../src/cli/local-claim.js';
import { loadConfig } from '../src/config.js';
import { formatMoney } from '../src/domain/money.js';
import { createPdfTextReader } from '../src/pipeline/ingest/pdf-text.js';
import { readPolicy } from '../src/pipeline/ingest/policy-text.js';
import { createServices } from '../src/services.js';
import { evaluateFields } from './eval-fields.js';
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
const entries = readdirSync(dataset);
const policyName = [
  'policy.pdf',
  'policy.docx',
  'policy.md',
  'policy.txt',
  'policy.json',
  'policy.yaml',
].find((name) => entries.includes(name));
if (!policyName) {
  console.error(`No policy.{pdf,docx,md,txt,json,yaml} in ${dataset}`);
  process.exit(64);
}
await reportPolicyReading(dataset, policyName);
const invoices = entries
  .filter((name) => /\.(zip|pdf|png|jpe?g)$/i.test(name) && !name.startsWith('policy.'))
  .map((name) => join(dataset, name));
const labels = await loadLabels(dataset);

/** The policy as the offline reader compiles it: the fake model answers with its authored part. */
async function offlineRules(): Promise<Record<string, unknown>> {
  const pdfReader = createPdfTextReader({ timeoutMs: 20_000 });
  try {
    const input = await readPolicy(
      { path: join(dataset, policyName!), file_name: policyName! },
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
  const rules = await offlineRules();
  gemini = await startFakeGemini({
    respond: (request) => {
      if (request.method === 'batchEmbedContents') return undefined;
      const text = userText(request);
      const label = labels.find((candidate) => text.includes(`File: ${candidate.file} (`));
      // Gemini cites policy sentences by number: the offline rules' quotes become those numbers.
      return label ? invoiceAnswer(label) : { json: policyAnswer(rules) };
    },
  });
  Object.assign(env, {
    GEMINI_API_KEY: gemini.apiKey,
    GEMINI_BASE_URL: gemini.url,
  });
} else {
  env.GEMINI_API_KEY = '';
}

const services = await createServices(loadConfig(env));
try {
  await services.startWorker();
  const claimDate =
    labels
      .map((l) => l.invoice_date)
      .sort()
      .at(-1) ?? new Date().toISOString().slice(0, 10);
  const job = await analyseLocalClaim(services, {
    policy: join(dataset, policyName),
    employee: 'Evaluation',
    files: invoices,
    claimDate,
  });
  let statusOk = 0;
  let amountOk = 0;
  for (const label of labels) {
    const result = job.results.find((r) => r.name === label.file);
    const gotStatus = result?.status ?? `failed:${result?.error?.code ?? 'missing'}`;
    const gotAmount = result?.reimbursable?.amount_minor ?? null;
    const sameStatus = gotStatus === label.expected_status;
    const sameAmount = gotAmount === label.expected_reimbursable_minor;
    statusOk += sameStatus ? 1 : 0;
    amountOk += sameAmount ? 1 : 0;
    const money = (minor: number | null) =>
      minor === null ? '-' : formatMoney({ amount_minor: minor, currency: 'INR' });
    console.log(
      `${sameStatus && sameAmount ? 'ok  ' : 'FAIL'} ${label.file.padEnd(36)} expected ${label.expected_status} ${money(label.expected_reimbursable_minor)}  got ${gotStatus} ${money(gotAmount)}`,
    );
  }
  const mode = gemini ? `gemini (fake), ${job.usage.model_calls} model calls` : 'offline';
  console.log(`mode: ${mode}`);
  console.log(`eval: ${statusOk}/${labels.length} status, ${amountOk}/${labels.length} amount`);
  process.exitCode = statusOk === labels.length && amountOk === labels.length ? 0 : 1;
} finally {
  await services.close();
  await gemini?.close();
  rmSync(dataDir, { recursive: true, force: true });
}
