/**
 * Embedded store benchmark: inserts 100,000 generated invoices into a temporary SQLite store, then
 * times 200 filtered searches (words + employee + status + date range), the shape of a chat query.
 * Invoice texts mix words of their category, a city and the words every invoice prints, so query
 * words occur in a few to a few tens of percent of invoices, as on real data.
 * Run directly with `npx tsx bench/store.ts`, or call run() from a bench runner.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Category, InvoiceRecord } from '../src/domain/types.js';
import { CATEGORIES, STATUSES } from '../src/domain/types.js';
import { openDatabase } from '../src/store/sqlite/database.js';
import { SqliteInvoiceStore } from '../src/store/sqlite/invoice-store.js';
import { ALL_MIGRATIONS } from '../src/store/sqlite/migrations.js';
import { makeRecord } from '../test/store/invoice-fixtures.js';
import { atLeast, below, note, num, percentile, report } from './lib/report.js';

export interface StoreBenchOptions {
  invoices?: number;
  searches?: number;
  batchSize?: number;
}

export interface StoreBenchResult {
  insertsPerSecond: number;
  searchP50Ms: number;
  searchP95Ms: number;
  searchHitsAverage: number;
}

const INSERT_TARGET_PER_SECOND = 2_000;
const SEARCH_TARGET_P95_MS = 50;

const EMPLOYEES = Array.from(
  { length: 60 },
  (_, index) =>
    `${['Rani', 'Ravi', 'Sushma', 'Hardik', 'Ananya', 'Vikram'][index % 6]} ${['Sharma', 'Kumar', 'Rao', 'Patel', 'Iyer', 'Gupta', 'Nair', 'Das', 'Reddy', 'Singh'][Math.floor(index / 6)]}`,
);
/** Words by category, as invoices of each kind print them; queries pick from these and the cities. */
const CATEGORY_WORDS: Record<Category, readonly string[]> = {
  cab: 'taxi ride fare pickup drop driver km toll waiting airport trip cab auto'.split(' '),
  travel:
    'flight train ticket pnr seat boarding departure arrival coach fare baggage journey'.split(' '),
  accommodation:
    'hotel room night checkin checkout stay suite deluxe laundry minibar guest tariff'.split(' '),
  meal: 'dinner lunch breakfast restaurant table food beverage coffee biryani thali dessert service'.split(
    ' ',
  ),
  other:
    'stationery internet courier parking software phone recharge printing supplies books repair fuel'.split(
      ' ',
    ),
};
const VENDORS: Record<Category, readonly string[]> = {
  cab: ['Uber', 'Ola', 'Rapido', 'Meru'],
  travel: ['Indigo', 'IRCTC', 'Air India', 'Vistara'],
  accommodation: ['Taj Hotel', 'Marriott', 'OYO', 'Lemon Tree'],
  meal: ['Spice Garden', 'Cafe Coffee Day', 'Haldiram', 'Barbeque Nation'],
  other: ['Amazon', 'Airtel', 'Blue Dart', 'Staples'],
};
const CITIES = 'mumbai delhi bangalore pune chennai hyderabad kolkata ahmedabad jaipur kochi'.split(
  ' ',
);
const INVOICE_WORDS =
  'invoice bill total amount paid date gst cgst sgst tax receipt number customer address phone card cash upi'.split(
    ' ',
  );
const QUERY_WORDS = [...Object.values(CATEGORY_WORDS).flat(), ...CITIES];

/** A small deterministic generator, so every run measures the same data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function pick<T>(values: readonly T[], next: () => number): T {
  return values[Math.floor(next() * values.length)] as T;
}

function isoDay(dayOfYear: number): string {
  return new Date(Date.UTC(2024, 0, 1 + dayOfYear)).toISOString().slice(0, 10);
}

function invoiceText(category: Category, vendor: string, next: () => number): string {
  const city = pick(CITIES, next);
  const words = Array.from({ length: 30 + Math.floor(next() * 50) }, () => {
    const roll = next();
    return roll < 0.35
      ? pick(CATEGORY_WORDS[category], next)
      : roll < 0.45
        ? city
        : pick(INVOICE_WORDS, next);
  });
  return `${vendor} ${words.join(' ')}`;
}

function generate(index: number, next: () => number): InvoiceRecord {
  const total = 5_000 + Math.floor(next() * 2_000_000);
  const status = pick(STATUSES, next);
  const category = pick(CATEGORIES, next);
  const vendor = pick(VENDORS[category], next);
  return makeRecord({
    file: `bench/${index}.pdf`,
    owner_sub: `user-${index % 40}`,
    employee_name: pick(EMPLOYEES, next),
    job_id: `job-${Math.floor(index / 50)}`,
    category,
    vendor,
    invoice_number: `INV-${index}`,
    invoice_date: isoDay(Math.floor(next() * 366)),
    total_minor: total,
    reimbursable_minor:
      status === 'declined' ? 0 : status === 'partially_reimbursed' ? Math.floor(total / 2) : total,
    status,
    flags: next() < 0.1 ? ['late_submission'] : [],
    reason: status === 'declined' ? 'Not eligible under the policy.' : 'Within the cap.',
    text: invoiceText(category, vendor, next),
    // A job's invoices share their creation instant, as the pipeline stores them.
    created_at: new Date(Date.UTC(2025, 0, 1) + Math.floor(index / 50) * 60_000).toISOString(),
  });
}

export async function run(options: StoreBenchOptions = {}): Promise<StoreBenchResult> {
  const invoices = options.invoices ?? 100_000;
  const searches = options.searches ?? 200;
  const batchSize = options.batchSize ?? 1_000;
  const dir = mkdtempSync(join(tmpdir(), 'bench-store-'));
  const db = openDatabase({ file: join(dir, 'bench.db'), migrations: ALL_MIGRATIONS });
  try {
    const store = new SqliteInvoiceStore({ database: db });
    const next = random(42);
    let insertMs = 0;
    let insertCpuMicros = 0;
    for (let start = 0; start < invoices; start += batchSize) {
      const batch = Array.from({ length: Math.min(batchSize, invoices - start) }, (_, offset) =>
        generate(start + offset, next),
      );
      const began = performance.now();
      const cpu = process.cpuUsage();
      await store.upsert(batch);
      const used = process.cpuUsage(cpu);
      insertCpuMicros += used.user + used.system;
      insertMs += performance.now() - began;
    }
    const insertsPerSecond = Math.round((invoices / insertMs) * 1000);
    report(
      'store.insert',
      `${num(insertsPerSecond)} invoices/s into ${num(invoices)} (batches of ${num(batchSize)})`,
      atLeast(insertsPerSecond, INSERT_TARGET_PER_SECOND, 'invoices/s'),
    );
    // On a shared machine wall time includes waiting for a core; CPU time shows the store's own cost.
    note(
      'store.insert.cpu',
      `${num((invoices / insertCpuMicros) * 1e6)} invoices per CPU-second, ${Math.round((insertCpuMicros / 1000 / insertMs) * 100)}% of wall time on CPU`,
    );

    const latencies: number[] = [];
    let hits = 0;
    for (let index = 0; index < searches; index += 1) {
      const from = Math.floor(next() * 270);
      const query = {
        text: `${pick(QUERY_WORDS, next)} ${pick(QUERY_WORDS, next)}`,
        filter: {
          employee: pick(EMPLOYEES, next),
          status: [pick(STATUSES, next)],
          date_from: isoDay(from),
          date_to: isoDay(from + 90),
        },
        limit: 20,
      };
      const began = performance.now();
      hits += (await store.search(query)).length;
      latencies.push(performance.now() - began);
    }
    latencies.sort((a, b) => a - b);
    const result = {
      insertsPerSecond,
      searchP50Ms: percentile(latencies, 0.5),
      searchP95Ms: percentile(latencies, 0.95),
      searchHitsAverage: hits / searches,
    };
    report(
      'store.search',
      `p95 ${result.searchP95Ms.toFixed(2)} ms, p50 ${result.searchP50Ms.toFixed(2)} ms over ${searches} filtered searches (words + employee + status + 90-day range) at ${num(invoices)} invoices, ${result.searchHitsAverage.toFixed(1)} hits on average`,
      below(result.searchP95Ms, SEARCH_TARGET_P95_MS, 'ms'),
    );
    return result;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await run();
}
