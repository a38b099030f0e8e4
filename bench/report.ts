/**
 * The claim report alone: a claim of 100 synthetic invoices (every one citing two policy
 * sentences, a tenth overridden, each with a receipt-like thumbnail drawn here as the page service
 * would: a canvas PNG 240 pixels wide) built into the report model and rendered to PDF and HTML.
 * No server, no store: time per report and the process's peak RSS.
 * Target (issue 19): a 100-invoice report PDF in < 2 s on 2 cores.
 * Env: BENCH_REPORT_INVOICES (default 100), BENCH_REPORT_OUT (a path: the PDF is written there).
 */
import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { createCanvas } from '@napi-rs/canvas';
import { type DocumentResult, type Job, queuedJob } from '../src/domain/jobs.js';
import type { InvoiceRecord, Status } from '../src/domain/types.js';
import { renderReportHtml } from '../src/report/html.js';
import type { Thumbnail } from '../src/report/load.js';
import { buildReportModel, type ReportOverride } from '../src/report/model.js';
import { renderReportPdf } from '../src/report/pdf.js';
import { below, note, num, report } from './lib/report.js';

const TARGET_MS = 2000;
const CATEGORIES = ['meal', 'travel', 'cab', 'accommodation', 'other'];

function intFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/** A receipt-like page: a header band, lines of text, a total. */
function thumbnail(index: number): Buffer {
  const canvas = createCanvas(240, 340);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, 240, 340);
  context.fillStyle = `hsl(${(index * 37) % 360}, 60%, 45%)`;
  context.fillRect(0, 0, 240, 40);
  context.fillStyle = '#222222';
  context.font = '11px sans-serif';
  for (let line = 0; line < 18; line += 1)
    context.fillText(
      `Item ${line + 1} of bill ${index} ........ ${(line * 13.5).toFixed(2)}`,
      12,
      62 + line * 14,
    );
  context.font = 'bold 14px sans-serif';
  context.fillText(`TOTAL ${(index * 101.25).toFixed(2)}`, 12, 325);
  return canvas.toBuffer('image/png');
}

function syntheticClaim(count: number) {
  const now = '2026-11-02T10:00:00.000Z';
  const results: DocumentResult[] = [];
  const invoices = new Map<string, InvoiceRecord | null>();
  const overrides = new Map<string, ReportOverride[]>();
  for (let i = 0; i < count; i += 1) {
    const id = `00000000-0000-5000-8000-${String(i).padStart(12, '0')}`;
    const claimed = 20_000 + ((i * 7919) % 900_000);
    const reimbursable = i % 3 === 0 ? Math.min(claimed, 50_000) : claimed;
    const status: Status =
      i % 11 === 0
        ? 'declined'
        : reimbursable < claimed
          ? 'partially_reimbursed'
          : 'fully_reimbursed';
    const amount = status === 'declined' ? 0 : reimbursable;
    const category = CATEGORIES[i % CATEGORIES.length] as string;
    const money = (amount_minor: number) => ({ amount_minor, currency: 'INR' });
    const rules = [
      {
        rule_id: `${category}.eligible`,
        quote: `Expenses for ${category} incurred on company business are reimbursed against an itemised receipt.`,
        page: 1 + (i % 3),
        effect: `${category} is eligible: ₹${(claimed / 100).toFixed(2)} considered.`,
      },
      {
        rule_id: `${category}.cap`,
        quote: `${category} is reimbursed up to Rs. 500 per occasion, taxes included.`,
        page: 2,
        effect: `₹${(claimed / 100).toFixed(2)} including tax, cap ₹500.00: ₹${(amount / 100).toFixed(2)} reimbursed.`,
      },
    ];
    results.push({
      name: `${category}/2026-10-${String(1 + (i % 28)).padStart(2, '0')}-receipt-${i}.pdf`,
      outcome: 'analysed',
      sha256: String(i).padStart(64, '0'),
      invoice_id: id,
      status,
      category,
      claimed: money(claimed),
      reimbursable: money(amount),
      reason: `Decided under ${rules.length} rules of the policy.`,
      flags: i % 7 === 0 ? ['possible_duplicate'] : [],
      reused: false,
      fields: null,
      decision: {
        status,
        claimed: money(claimed),
        eligible: money(claimed),
        reimbursable: money(amount),
        reason: 'Decided.',
        rules_applied: rules,
        flags: [],
      },
      error: null,
    });
    if (i % 10 === 0) {
      overrides.set(id, [
        {
          at: now,
          by: 'Fiona Finance',
          from: { status, reimbursable_minor: amount },
          to: { status: 'fully_reimbursed', reimbursable_minor: claimed },
          reason: 'Approved in advance by the head of department.',
        },
      ]);
    }
  }
  const job: Job = {
    ...queuedJob(
      'bench-report',
      { sub: 'u-bench', name: 'Bench Employee' },
      {
        employee_name: 'Zoë Ångström-Nair',
        claim_date: '2026-10-31',
        force: false,
        work_dir: '/nonexistent',
        policy_file: {
          path: '/nonexistent',
          file_name: 'policy.pdf',
          media_type: 'application/pdf',
        },
        files: [],
      },
      now,
    ),
    state: 'succeeded',
    results,
  };
  return { job, invoices, overrides };
}

export async function run(): Promise<{ pdfMs: number; peakRssBytes: number }> {
  const count = intFromEnv('BENCH_REPORT_INVOICES', 100);
  const claim = syntheticClaim(count);
  const thumbnails: Thumbnail[] = Array.from({ length: count }, (_, i) => ({ png: thumbnail(i) }));
  const build = () => buildReportModel({ ...claim, generatedAt: new Date().toISOString() });
  await renderReportPdf(build(), thumbnails.slice(0, 2)); // warm-up: fonts read, code compiled

  const cpu = process.cpuUsage();
  const started = performance.now();
  const model = build();
  const pdf = await renderReportPdf(model, thumbnails);
  const pdfMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const htmlStarted = performance.now();
  const html = renderReportHtml(build(), thumbnails);
  const htmlMs = performance.now() - htmlStarted;
  const peakRssBytes = process.resourceUsage().maxRSS * 1024;

  report(
    'report.pdf_100',
    `${num(pdfMs)} ms for ${count} invoices (${num((used.user + used.system) / 1000)} ms CPU; ${num(pdf.length / 1024)} KiB)`,
    below(pdfMs, TARGET_MS, 'ms'),
  );
  note('report.html_100', `${num(htmlMs)} ms (${num(html.length / 1024)} KiB, thumbnails inlined)`);
  note(
    'report.peak_rss',
    `${num(peakRssBytes / 1024 / 1024)} MB (whole process, thumbnails drawn here included)`,
  );
  if (process.env.BENCH_REPORT_OUT) await writeFile(process.env.BENCH_REPORT_OUT, pdf);
  return { pdfMs, peakRssBytes };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await run();
