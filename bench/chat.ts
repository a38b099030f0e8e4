/**
 * Chat latency. Offline: 200 questions against 100,000 generated invoices in SQLite (target p95
 * under 100 ms). Gemini: with the fake Gemini server streaming the answer after one tool round,
 * the time from the model's first token leaving the server to our first delta (target p95 under
 * 50 ms). Run with `npx tsx bench/chat.ts`; `run()` is exported for a bench runner.
 */
import { pathToFileURL } from 'node:url';
import { GeminiClient } from '../src/ai/gemini/client.js';
import { ChatService, type ChatServiceOptions } from '../src/chat/chat-service.js';
import {
  CATEGORIES,
  type Caller,
  type Category,
  type Flag,
  type InvoiceRecord,
  type Status,
} from '../src/domain/types.js';
import { invoiceId } from '../src/store/invoice-key.js';
import { SqliteChatHistoryStore } from '../src/store/sqlite/chat-history-store.js';
import { openDatabase } from '../src/store/sqlite/database.js';
import { SqliteInvoiceStore } from '../src/store/sqlite/invoice-store.js';
import { ALL_MIGRATIONS } from '../src/store/sqlite/migrations.js';
import { type RecordedRequest, startFakeGemini } from '../test/fakes/gemini-server.js';
import { below, note, percentile, report as printFigure } from './lib/report.js';

const INVOICES = 100_000;
const QUESTIONS = 200;
const STREAMED_ANSWERS = 50;
const EMPLOYEES = 250;
const OPTIONS: ChatServiceOptions = { maxTurns: 20, maxQueryLength: 1000, sourcesLimit: 10 };
const FINANCE: Caller = { sub: 'finance-1', name: 'Fiona Finance', role: 'finance' };
const FIRST_NAMES = [
  'Rani',
  'Hardik',
  'Priya',
  'Arjun',
  'Meera',
  'Vikram',
  'Ananya',
  'Rahul',
  'Sneha',
  'Karan',
];
const LAST_NAMES = [
  'Sharma',
  'Patel',
  'Iyer',
  'Reddy',
  'Gupta',
  'Nair',
  'Singh',
  'Das',
  'Rao',
  'Kulkarni',
  'Menon',
  'Joshi',
  'Bose',
  'Shah',
  'Kapoor',
  'Verma',
  'Mehta',
  'Pillai',
  'Chopra',
  'Ghosh',
  'Jain',
  'Malhotra',
  'Saxena',
  'Bhat',
  'Kumar',
];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const STATUSES: Status[] = ['fully_reimbursed', 'partially_reimbursed', 'declined'];
const VENDORS = [
  'Paradise Biryani',
  'Spice Garden',
  'Uber',
  'Ola',
  'RedBus',
  'Taj Hotels',
  'IndiGo',
  'Cafe Coffee Day',
];

/** Deterministic, so every run measures the same data and questions. */
export function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

export function generateInvoices(count: number, next: () => number): InvoiceRecord[] {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  const names = Array.from(
    { length: EMPLOYEES },
    (_, index) =>
      `${FIRST_NAMES[index % FIRST_NAMES.length]} ${LAST_NAMES[Math.floor(index / FIRST_NAMES.length) % LAST_NAMES.length]}`,
  );
  return Array.from({ length: count }, (_, index) => {
    const employee = pick(names);
    const owner = `sub-${employee.toLowerCase().replace(' ', '-')}`;
    const category: Category = pick(CATEGORIES);
    const status = pick(STATUSES);
    const total = 1_000 + Math.floor(next() * 1_000_000);
    const reimbursable =
      status === 'declined' ? 0 : status === 'fully_reimbursed' ? total : Math.floor(total / 3);
    const flags: Flag[] = next() < 0.1 ? ['possible_duplicate'] : next() < 0.1 ? ['alcohol'] : [];
    const date = `2024-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`;
    const sha = index.toString(16).padStart(64, '0');
    const vendor = pick(VENDORS);
    const reason =
      status === 'declined'
        ? 'Not eligible under the policy.'
        : status === 'partially_reimbursed'
          ? 'Capped by the policy.'
          : 'Within the cap.';
    const createdAt = new Date(Date.UTC(2025, 0, 1) + index * 1000).toISOString();
    const field = <T>(value: T) => ({ value, confidence: 0.9, page: 1 });
    const money = (amount: number) => ({ amount_minor: amount, currency: 'INR' });
    return {
      id: invoiceId(owner, sha),
      job_id: `job-${Math.floor(index / 20)}`,
      owner_sub: owner,
      employee_name: employee,
      employee_key: employee.toLowerCase(),
      file_name: `Invoice ${index}.pdf`,
      file_sha256: sha,
      policy_hash: 'policy',
      category,
      vendor,
      invoice_number: `INV-${index}`,
      invoice_date: date,
      currency: 'INR',
      total_minor: total,
      reimbursable_minor: reimbursable,
      status,
      flags,
      reason,
      fields: {
        vendor: field(vendor),
        invoice_number: field(`INV-${index}`),
        date: field(date),
        currency: field('INR'),
        category: field(category),
        person_name: field(employee),
        line_items: [],
        subtotal_minor: field(total),
        tax_minor: field(0),
        total_minor: field(total),
        extracted_by: 'offline',
      },
      decision: {
        status,
        claimed: money(total),
        eligible: money(total),
        reimbursable: money(reimbursable),
        reason,
        rules_applied: [],
        flags,
      },
      override: null,
      text: `${vendor} ${category} invoice ${index} for ${employee}`,
      created_at: createdAt,
      updated_at: createdAt,
    };
  });
}

export function generateQuestions(count: number, next: () => number): string[] {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  const templates: Array<() => string> = [
    () =>
      `declined ${pick(['meal', 'travel', 'cab', 'hotel'])} invoices of ${pick(FIRST_NAMES)} ${pick(LAST_NAMES)} in ${pick(MONTHS)}`,
    () =>
      `how much was reimbursed for ${pick(['meals', 'travel', 'taxis'])} in ${pick(MONTHS)} 2024?`,
    () => `how many invoices over ₹${1 + Math.floor(next() * 9)}000 were partially reimbursed?`,
    () => `total per category for ${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`,
    () => `duplicates by month`,
    () => `why was invoice INV-${Math.floor(next() * INVOICES)} declined?`,
    () => `average claim per employee in ${pick(MONTHS)} 2024`,
    () =>
      `invoices mentioning ${pick(['biryani', 'coffee', 'hotels', 'indigo'])} between 100 and 500`,
    () => `alcohol on meal bills last year`,
    () => `what's the weather like today?`,
  ];
  return Array.from({ length: count }, () => pick(templates)());
}

function report(
  name: string,
  what: string,
  samples: number[],
  target: number,
): { p50: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const p50 = percentile(sorted, 0.5);
  const p95 = percentile(sorted, 0.95);
  printFigure(
    name,
    `p95 ${p95.toFixed(1)} ms, p50 ${p50.toFixed(1)} ms ${what}`,
    below(p95, target, 'ms'),
  );
  return { p50, p95 };
}

async function offlineLatency(
  invoices: SqliteInvoiceStore,
  history: SqliteChatHistoryStore,
  questions: string[],
): Promise<number[]> {
  const service = new ChatService({
    invoices,
    history,
    options: OPTIONS,
    clock: () => new Date('2025-01-15T09:00:00Z'),
  });
  const samples: Array<{ query: string; ms: number }> = [];
  for (const query of questions) {
    const started = performance.now();
    await service.ask(FINANCE, { query });
    samples.push({ query, ms: performance.now() - started });
  }
  for (const { query, ms } of [...samples].sort((a, b) => b.ms - a.ms).slice(0, 3))
    note('chat.offline.slowest', `${ms.toFixed(1)} ms  "${query}"`);
  return samples.map((sample) => sample.ms);
}

/** Model's first token (the fake server answers the moment the request arrives) to our first delta. */
async function firstDeltaLatency(
  invoices: SqliteInvoiceStore,
  history: SqliteChatHistoryStore,
): Promise<number[]> {
  const hasToolResult = (request: RecordedRequest) =>
    request.method !== 'batchEmbedContents' &&
    request.body.contents.some((content) => content.parts.some((part) => part.functionResponse));
  const gemini = await startFakeGemini({
    respond: (request) =>
      hasToolResult(request)
        ? {
            text: 'Rani Sharma has 12 declined meal invoices, reimbursable ₹0.00, listed below with their links.',
            chunks: 8,
          }
        : {
            functionCalls: [
              { name: 'search_invoices', args: { employee: 'Rani Sharma', status: ['declined'] } },
            ],
          },
  });
  try {
    const client = new GeminiClient({
      apiKey: gemini.apiKey,
      baseUrl: gemini.url,
    });
    const service = new ChatService({ invoices, history, gemini: client, options: OPTIONS });
    const samples: number[] = [];
    for (let index = 0; index < STREAMED_ANSWERS; index += 1) {
      for await (const event of service.askStream(FINANCE, {
        query: 'declined meal invoices of Rani Sharma?',
      })) {
        if (event.event !== 'delta' || samples.length > index) continue;
        const answering = gemini.requests.at(-1);
        if (answering) samples.push(performance.now() - answering.receivedAt);
      }
    }
    return samples;
  } finally {
    await gemini.close();
  }
}

export async function run(): Promise<{
  offline: { p50: number; p95: number };
  firstDelta: { p50: number; p95: number };
}> {
  const next = random(42);
  const db = openDatabase({ file: ':memory:', migrations: ALL_MIGRATIONS });
  try {
    const invoices = new SqliteInvoiceStore({ database: db });
    const history = new SqliteChatHistoryStore({ db });
    const loading = performance.now();
    const records = generateInvoices(INVOICES, next);
    for (let start = 0; start < records.length; start += 5_000)
      await invoices.upsert(records.slice(start, start + 5_000));
    note(
      'chat.setup',
      `${INVOICES.toLocaleString('en')} invoices stored in ${((performance.now() - loading) / 1000).toFixed(1)} s (in-memory SQLite)`,
    );
    const offline = report(
      'chat.offline',
      `over ${QUESTIONS} questions at ${INVOICES.toLocaleString('en')} invoices`,
      await offlineLatency(invoices, history, generateQuestions(QUESTIONS, next)),
      100,
    );
    const firstDelta = report(
      'chat.gemini.first_delta',
      `from the model's first token to our first delta, ${STREAMED_ANSWERS} streamed answers`,
      await firstDeltaLatency(invoices, history),
      50,
    );
    return { offline, firstDelta };
  } finally {
    db.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await run();
