/**
 * Serving originals: a 2 MB invoice PDF (a bill with a photo of the receipt, as phones make them)
 * filed through POST /analyze-invoices, then GET /invoices/{id}/document with a 64 KiB `Range`,
 * as a phone's PDF viewer asks, from 100 concurrent connections (autocannon in a worker thread).
 * Printed: range requests per second, p99 latency, and the process's RSS before, at its peak and
 * after (sampled every 50 ms; the process holds the server and autocannon's worker).
 * Target (issue 19): a figure, with no failed or non-206 answers; memory must not grow with the
 * number of requests (each range is streamed from disk, never buffered whole).
 * Env: BENCH_DOCUMENT_SECONDS (default 10), BENCH_DOCUMENT_CONNECTIONS (default 100).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCanvas } from '@napi-rs/canvas';
import autocannon from 'autocannon';
import PDFDocument from 'pdfkit';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { ROOT } from './lib/proc.js';
import { atMost, mib, note, num, report } from './lib/report.js';

const RANGE_BYTES = 64 * 1024;

function intFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/** Noise does not compress: a 900×780 RGB photo keeps the PDF at about 2 MB. */
function receiptPhoto(): Buffer {
  const width = 900;
  const height = 780;
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  const image = context.createImageData(width, height);
  let seed = 7;
  for (let i = 0; i < image.data.length; i += 1) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    image.data[i] = i % 4 === 3 ? 255 : (seed >>> 16) & 0xff;
  }
  context.putImageData(image, 0, 0);
  return canvas.toBuffer('image/png');
}

async function invoicePdf(): Promise<Buffer> {
  const document = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => document.on('end', resolve));
  document.fontSize(14);
  for (const line of [
    'Harbour Lights Bistro',
    'Tax Invoice No: HLB-2041',
    'Date: 12/10/2026',
    'Dinner for one',
    'Total: INR 1,250.00',
  ])
    document.text(line);
  document.image(receiptPhoto(), { width: 450 });
  document.end();
  await ended;
  return Buffer.concat(chunks);
}

export async function run(): Promise<void> {
  const seconds = intFromEnv('BENCH_DOCUMENT_SECONDS', 10);
  const connections = intFromEnv('BENCH_DOCUMENT_CONNECTIONS', 100);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-documents-'));
  const app = await buildApp(
    loadConfig({
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      LOG_DIR: '',
      DATA_DIR: dataDir,
      AUTH_MODE: 'none',
      RATE_LIMIT_MAX: '1000000000',
      // Drawing the photo blocks this process's event loop for a second: not the server's doing.
      PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0',
    }),
  );
  try {
    const pdf = await invoicePdf();
    const form = new FormData();
    form.append('employee_name', 'Bench Employee');
    form.append('claim_date', '2026-10-31');
    const policy = readFileSync(join(ROOT, 'samples', 'policy.pdf'));
    form.append('policy_file', new Blob([policy], { type: 'application/pdf' }), 'policy.pdf');
    form.append('invoice_files', new Blob([pdf], { type: 'application/pdf' }), 'dinner.pdf');
    const claim = await app.inject({
      method: 'POST',
      url: '/api/v1/analyze-invoices',
      payload: form,
    });
    const invoiceId = claim.json().results?.[0]?.invoice_id;
    if (!invoiceId) throw new Error(`the claim was not analysed: ${claim.body.slice(0, 300)}`);

    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const url = `${base}/api/v1/invoices/${invoiceId}/document`;
    const middle = Math.floor(pdf.length / 2);
    const range = `bytes=${middle}-${middle + RANGE_BYTES - 1}`;
    const probe = await fetch(url, { headers: { range } });
    if (probe.status !== 206) throw new Error(`a range request answered ${probe.status}`);
    await probe.arrayBuffer();

    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    const result = await autocannon({
      url,
      connections,
      duration: seconds,
      workers: 1,
      headers: { range },
    });
    clearInterval(sampler);
    await new Promise((resolve) => setTimeout(resolve, 500));
    globalThis.gc?.();
    const after = process.memoryUsage().rss;

    const served = result['2xx'];
    const problems = result.non2xx + result.errors + result.timeouts;
    note(
      'documents.setup',
      `a ${num(pdf.length / 1024 / 1024, 1)} MB PDF; ${connections} connections for ${seconds} s, each asking a ${RANGE_BYTES / 1024} KiB range`,
    );
    report(
      'documents.range_rate',
      `${num(served / result.duration)} range requests/s (${num(result.throughput.average / 1024 / 1024, 1)} MB/s), p99 ${result.latency.p99} ms`,
    );
    report('documents.failed', `${problems} failed or non-2xx answers`, atMost(problems, 0));
    report(
      'documents.memory',
      `RSS ${mib(before)} before, ${mib(peak)} at peak (+${mib(peak - before)}), ${mib(after)} after`,
    );
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
