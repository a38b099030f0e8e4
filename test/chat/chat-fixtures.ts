/**
 * A chat service over a fresh in-memory SQLite store, with a few invoices of two employees.
 * Not a test file; tap runs it as one and finds it passes with nothing to do.
 */
import type { Test } from 'tap';
import { GeminiClient } from '../../src/ai/gemini/client.js';
import { ChatService, type ChatServiceOptions } from '../../src/chat/chat-service.js';
import type { ActivePolicySource } from '../../src/chat/policy-rules.js';
import type { ChatStreamEvent } from '../../src/chat/types.js';
import type { AppliedRule, Caller, InvoiceRecord } from '../../src/domain/types.js';
import { SqliteChatHistoryStore } from '../../src/store/sqlite/chat-history-store.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { SqliteInvoiceStore } from '../../src/store/sqlite/invoice-store.js';
import { ALL_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { type FakeGemini, startFakeGemini } from '../fakes/gemini-server.js';
import { makeRecord, type RecordShape } from '../store/invoice-fixtures.js';

export const FINANCE: Caller = { sub: 'finance-1', name: 'Fiona Finance', role: 'finance' };
export const RANI: Caller = { sub: 'rani-1', name: 'Rani Sharma', role: 'employee' };
export const HARDIK: Caller = { sub: 'hardik-1', name: 'Hardik Patel', role: 'employee' };

/** Wednesday 15 January 2025. */
export const NOW = new Date('2025-01-15T09:30:00Z');

export const CHAT_OPTIONS: ChatServiceOptions = {
  maxTurns: 20,
  maxQueryLength: 500,
  sourcesLimit: 10,
};

/** The decision with the rules it cites, as the engine writes it. */
export function withRules(record: InvoiceRecord, rules: AppliedRule[]): InvoiceRecord {
  return { ...record, decision: { ...record.decision, rules_applied: rules } };
}

const MEAL_CAP: AppliedRule = {
  rule_id: 'meal.cap',
  quote: 'Food and beverages are reimbursed up to ₹200 per meal.',
  page: 1,
  effect: 'capped ₹770.00 at ₹200.00',
};
const ALCOHOL: AppliedRule = {
  rule_id: 'alcohol.excluded',
  quote: 'Alcoholic beverages are not reimbursable.',
  page: 1,
  effect: 'removed ₹300.00 of whisky',
};
const TRAVEL_CAP: AppliedRule = {
  rule_id: 'travel.cap',
  quote: 'Travel is reimbursed up to ₹2,000 per trip.',
  page: 2,
  effect: 'capped ₹9,899.00 at ₹2,000.00',
};

const rani = (shape: RecordShape) =>
  makeRecord({ owner_sub: RANI.sub, employee_name: 'Rani Sharma', category: 'meal', ...shape });
const hardik = (shape: RecordShape) =>
  makeRecord({
    owner_sub: HARDIK.sub,
    employee_name: 'Hardik Patel',
    category: 'travel',
    ...shape,
  });

/** Rani: three December meals (one declined for alcohol). Hardik: two July bus tickets (one declined). */
export const INVOICES = {
  raniWhisky: withRules(
    rani({
      file: 'Dinner Invoice 1.pdf',
      invoice_number: '4102',
      invoice_date: '2024-12-03',
      total_minor: 77_000,
      reimbursable_minor: 0,
      status: 'declined',
      flags: ['alcohol'],
      reason: 'Only alcohol was left after the exclusions.',
      vendor: 'Lotus Courtyard',
      text: 'Lotus Courtyard whisky pulao',
      created_at: '2025-01-05T10:00:00Z',
    }),
    [ALCOHOL],
  ),
  raniCapped: withRules(
    rani({
      file: 'Dinner Invoice 2.pdf',
      invoice_number: '4117',
      invoice_date: '2024-12-13',
      total_minor: 60_770,
      reimbursable_minor: 20_000,
      status: 'partially_reimbursed',
      reason: 'Capped at ₹200 per meal.',
      vendor: 'Green Chilli House',
      created_at: '2025-01-06T10:00:00Z',
    }),
    [MEAL_CAP],
  ),
  raniSmall: rani({
    file: 'Dinner Invoice 4.pdf',
    invoice_number: '4139',
    invoice_date: '2024-12-23',
    total_minor: 8_800,
    reimbursable_minor: 8_800,
    status: 'fully_reimbursed',
    reason: 'Within the meal cap.',
    created_at: '2025-01-07T10:00:00Z',
  }),
  hardikCapped: withRules(
    hardik({
      file: 'Bus Tickets/Ticket 1.pdf',
      invoice_number: 'BT-7740-2291-A',
      invoice_date: '2024-07-25',
      total_minor: 737_700,
      reimbursable_minor: 200_000,
      status: 'partially_reimbursed',
      reason: 'Capped at ₹2,000 per trip.',
      created_at: '2025-01-08T10:00:00Z',
    }),
    [TRAVEL_CAP],
  ),
  hardikDeclined: withRules(
    hardik({
      file: 'Bus Tickets/Ticket 2.pdf',
      invoice_number: 'BT-7740-2291-B',
      invoice_date: '2024-07-25',
      total_minor: 989_900,
      reimbursable_minor: 0,
      status: 'declined',
      flags: ['possible_duplicate'],
      reason: 'Same ticket as Ticket 3, which was reimbursed.',
      created_at: '2025-01-09T10:00:00Z',
    }),
    [TRAVEL_CAP],
  ),
};

export interface ChatSetup {
  service: ChatService;
  invoices: SqliteInvoiceStore;
  history: SqliteChatHistoryStore;
}

export async function openChat(
  t: Test,
  extra: {
    gemini?: FakeGemini;
    options?: Partial<ChatServiceOptions>;
    records?: InvoiceRecord[];
    policies?: ActivePolicySource;
  } = {},
): Promise<ChatSetup> {
  const db = openDatabase({ file: ':memory:', migrations: ALL_MIGRATIONS });
  t.teardown(() => db.close());
  const invoices = new SqliteInvoiceStore({ database: db });
  const history = new SqliteChatHistoryStore({ db, clock: () => NOW });
  await invoices.upsert(extra.records ?? Object.values(INVOICES));
  const gemini = extra.gemini
    ? new GeminiClient({
        apiKey: extra.gemini.apiKey,
        baseUrl: extra.gemini.url,
        maxRetries: 0,
      })
    : undefined;
  const service = new ChatService({
    invoices,
    history,
    ...(extra.policies ? { policies: extra.policies } : {}),
    ...(gemini ? { gemini } : {}),
    options: { ...CHAT_OPTIONS, ...extra.options },
    clock: () => NOW,
  });
  return { service, invoices, history };
}

export async function startGemini(t: Test): Promise<FakeGemini> {
  const gemini = await startFakeGemini();
  t.teardown(() => gemini.close());
  return gemini;
}

export async function collect(stream: AsyncIterable<ChatStreamEvent>): Promise<ChatStreamEvent[]> {
  const events: ChatStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}
