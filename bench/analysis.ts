/**
 * Offline analysis rate. 1,000 generated text PDFs (restaurant bills, cab receipts, bus tickets,
 * hotel folios) are read once through the ingestion reader; then extraction (the offline reader,
 * with the fields checked against the text) and the decision engine run over them in claims of
 * 100 invoices, timed on their own: invoices per second, wall and CPU. Then the whole offline job
 * end to end (ZIP → ingest → extract → decide → store, through the job service and its worker,
 * as `reimburse analyze` runs it) on a claim of 200 invoices.
 * Target (issue 4): offline analysis >= 100 invoices per second on 2 cores.
 * Env: BENCH_ANALYSIS_INVOICES (default 1000), BENCH_ANALYSIS_E2E_INVOICES (default 200).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compilePolicyText } from '../src/ai/offline/policy-parser.js';
import { OfflineProvider } from '../src/ai/offline/provider.js';
import { analyseLocalClaim } from '../src/cli/local-claim.js';
import { loadConfig } from '../src/config.js';
import { type CandidateInvoice, decideClaim } from '../src/domain/decide.js';
import { checkFieldsAgainstText } from '../src/domain/field-checks.js';
import { configuredArchiveLimits } from '../src/pipeline/ingest/archive-limits.js';
import { createDocumentReader } from '../src/pipeline/ingest/reader.js';
import { createServices } from '../src/services.js';
import {
  type BenchInvoice,
  benchInvoice,
  CLAIM_DATE,
  EMPLOYEE,
  invoicePdf,
  POLICY_TEXT,
  writeZip,
} from './lib/invoices.js';
import { atLeast, num, report } from './lib/report.js';

const TARGET_PER_SECOND = 100;
const CLAIM_SIZE = 100;

function intFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

export async function run(): Promise<{ perSecond: number; endToEndPerSecond: number }> {
  const count = intFromEnv('BENCH_ANALYSIS_INVOICES', 1000);
  const e2eCount = intFromEnv('BENCH_ANALYSIS_E2E_INVOICES', 200);
  const dir = mkdtempSync(join(tmpdir(), 'bench-analysis-'));
  try {
    const invoices = Array.from({ length: count }, (_, index) => benchInvoice(index));
    const files = await Promise.all(
      invoices.map(async (invoice, index) => {
        const path = join(dir, `${index}.pdf`);
        writeFileSync(path, await invoicePdf(invoice));
        return {
          field: 'invoice_files' as const,
          path,
          file_name: invoice.name,
          media_type: 'application/pdf',
        };
      }),
    );

    // Read once (the ingestion benchmark times reading); extraction and decisions are timed below.
    const config = loadConfig({ LOG_LEVEL: 'silent', LOG_DIR: '', DATA_DIR: dir });
    const reader = createDocumentReader({
      archiveLimits: configuredArchiveLimits(config),
      pdf: { timeoutMs: config.pdfTimeoutMs },
      ocr: null,
      minTextCharsPerPage: config.ocrMinCharsPerPage,
      concurrency: config.documentConcurrency,
    });
    const workDir = join(dir, 'work');
    mkdirSync(workDir);
    const { documents, problems } = await reader
      .readDocuments(files, workDir)
      .finally(() => reader.close());
    if (problems.length > 0)
      throw new Error(
        `${problems.length} generated PDFs could not be read: ${JSON.stringify(problems[0])}`,
      );
    const expected = new Map(invoices.map((invoice) => [invoice.name, invoice]));

    const provider = new OfflineProvider();
    const rules = compilePolicyText([POLICY_TEXT], { policy_hash: 'bench-policy' });
    const categories = rules.categories.map((rule) => rule.category);
    const analyseAll = async () => {
      let decided = 0;
      for (let start = 0; start < documents.length; start += CLAIM_SIZE) {
        const claim = documents.slice(start, start + CLAIM_SIZE);
        const candidates: CandidateInvoice[] = [];
        for (const document of claim) {
          const read = await provider.extractInvoice(document, {
            categories,
            currency: rules.currency,
          });
          const fields = checkFieldsAgainstText(read, document.pages, rules.currency);
          candidates.push({
            key: document.sha256,
            file_name: document.name,
            file_sha256: document.sha256,
            fields,
            ocr: document.ocr,
          });
        }
        decided += decideClaim({
          rules,
          employee_name: EMPLOYEE,
          claim_date: CLAIM_DATE,
          invoices: candidates,
          prior: [],
          options: { low_confidence_below: config.lowConfidence },
        }).length;
      }
      return decided;
    };
    // Correctness first (every total read as printed), and warm-up for the JIT.
    let right = 0;
    for (let start = 0; start < documents.length; start += CLAIM_SIZE) {
      for (const document of documents.slice(start, start + CLAIM_SIZE)) {
        const read = await provider.extractInvoice(document, {
          categories,
          currency: rules.currency,
        });
        if (read.total_minor.value === (expected.get(document.name) as BenchInvoice).total_minor)
          right += 1;
      }
    }
    await analyseAll();
    const passes = 3;
    const cpu = process.cpuUsage();
    const started = performance.now();
    let decided = 0;
    for (let pass = 0; pass < passes; pass += 1) decided += await analyseAll();
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const perSecond = (decided / ms) * 1000;
    const perCpuSecond = (decided / ((used.user + used.system) / 1000)) * 1000;
    report(
      'analysis.offline',
      `${num(perSecond)} invoices/s through extraction + decision (${num(perCpuSecond)} per CPU-second; ${passes} passes over ${num(count)} invoices in claims of ${CLAIM_SIZE}; ${right}/${count} totals read as printed)`,
      atLeast(perSecond, TARGET_PER_SECOND, 'invoices/s'),
    );

    // End to end, offline, through the job service as the command line runs it.
    const e2e = Array.from({ length: e2eCount }, (_, index) => benchInvoice(index));
    const zipPath = join(dir, 'claim.zip');
    await writeZip(zipPath, e2eCount, async (index) => ({
      name: (e2e[index] as BenchInvoice).name,
      data: await invoicePdf(e2e[index] as BenchInvoice),
    }));
    const warmPath = join(dir, 'warm.zip');
    const warmInvoices = [0, 1, 2, 3].map((offset) => benchInvoice(e2eCount + offset));
    await writeZip(warmPath, warmInvoices.length, async (index) => ({
      name: (warmInvoices[index] as BenchInvoice).name,
      data: await invoicePdf(warmInvoices[index] as BenchInvoice),
    }));
    const policyPath = join(dir, 'policy.txt');
    writeFileSync(policyPath, POLICY_TEXT);
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    const services = await createServices(
      loadConfig({ LOG_LEVEL: 'silent', LOG_DIR: '', DATA_DIR: dataDir }),
    );
    try {
      await services.startWorker();
      // Warm-up claim of another employee: starts the PDF worker threads and compiles the policy (cached).
      await analyseLocalClaim(services, {
        policy: policyPath,
        employee: 'Warm Up',
        files: [warmPath],
        claimDate: CLAIM_DATE,
      });
      const e2eCpu = process.cpuUsage();
      const e2eStarted = performance.now();
      const job = await analyseLocalClaim(services, {
        policy: policyPath,
        employee: EMPLOYEE,
        files: [zipPath],
        claimDate: CLAIM_DATE,
      });
      const e2eMs = performance.now() - e2eStarted;
      const e2eUsed = process.cpuUsage(e2eCpu);
      const analysed = job.results.filter((result) => result.outcome === 'analysed').length;
      const endToEndPerSecond = (analysed / e2eMs) * 1000;
      report(
        'analysis.offline.end_to_end',
        `${num(endToEndPerSecond)} invoices/s for a ${e2eCount}-invoice ZIP read, extracted, decided and stored (${(e2eMs / 1000).toFixed(2)} s; ${analysed} analysed, ${job.results.length - analysed} failed; process CPU ${num(((e2eUsed.user + e2eUsed.system) / 1000 / e2eMs) * 100)}% of wall time, 200% = both cores)`,
        atLeast(endToEndPerSecond, TARGET_PER_SECOND, 'invoices/s'),
      );
      return { perSecond, endToEndPerSecond };
    } finally {
      await services.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await run();
