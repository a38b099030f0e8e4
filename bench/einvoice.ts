/**
 * E-invoice XML reading: 2,000 generated e-invoices (half CII as Factur-X / ZUGFeRD 2 write it,
 * half UBL), each with 20 lines, read from their XML text into exact invoice fields (parse,
 * map, fields) on one core: invoices per second, wall and CPU. Attachment extraction from the PDF
 * is part of ingestion (bench ingest), not of this figure.
 * Target (issue 17): e-invoice XML read >= 500 per second.
 * Env: BENCH_EINVOICES (default 2000).
 */
import { pathToFileURL } from 'node:url';
import { fieldsFromEInvoice } from '../src/ai/offline/einvoice/fields.js';
import { readEInvoice } from '../src/ai/offline/einvoice/read.js';
import { ciiXml, SPEC, ublXml } from '../test/ai/offline/einvoice/einvoice-xml.js';
import { atLeast, num, report } from './lib/report.js';

const TARGET_PER_SECOND = 500;
const LINES = 20;

function intFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

function documents(count: number): string[] {
  return Array.from({ length: count }, (_, index) => {
    const lines = Array.from({ length: LINES }, (_, line) => ({
      name: `Position ${line + 1} of invoice ${index}`,
      qty: String((line % 4) + 1),
      price: '12.50',
      net: (((line % 4) + 1) * 12.5).toFixed(2),
      rate: '19.00',
    }));
    const spec = { ...SPEC, number: `B-${100000 + index}`, lines };
    return index % 2 === 0 ? ciiXml(spec) : ublXml(spec);
  });
}

export async function run(): Promise<{ perSecond: number }> {
  const count = intFromEnv('BENCH_EINVOICES', 2000);
  const xml = documents(count);
  // Warm-up: the parser's first documents pay for JIT compilation.
  for (const text of xml.slice(0, 50)) fieldsFromEInvoice(readEInvoice(text), null);
  const cpu = process.cpuUsage();
  const started = performance.now();
  let totals = 0;
  for (const text of xml)
    totals += fieldsFromEInvoice(readEInvoice(text), null).total_minor.value ?? 0;
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const perSecond = (count / ms) * 1000;
  const cpuMs = (used.user + used.system) / 1000;
  // On a busy machine the wall rate drops with the share of the core this process gets; the rate
  // per CPU second says what the reading itself costs.
  report(
    'einvoice.xml_read',
    `${num(perSecond)} e-invoices/s (${num(count)} XML of ${LINES} lines, CII and UBL, in ${(ms / 1000).toFixed(2)} s; ${num((count / cpuMs) * 1000)} per CPU second, CPU ${num((cpuMs / ms) * 100)}% of wall; checksum ${totals})`,
    atLeast(perSecond, TARGET_PER_SECOND, '/s'),
  );
  return { perSecond };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await run();
