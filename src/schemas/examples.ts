/**
 * Examples shown in the OpenAPI document (Swagger UI, generated clients). Real answers of the API
 * on the embedded default for the project's sample claim (samples/: Priya Nair of Northwind Labs),
 * shortened to one or two documents. Schemas carry them as `examples: [value]`, which Ajv accepts
 * as an annotation and @fastify/swagger writes as the OpenAPI 3.0 `example`.
 * test/docs/openapi-descriptions.test.ts checks that each one is valid against its schema.
 */
import { failedResult } from '../pipeline/results.js';

const JOB_ID = '23f968b1-8558-4ad8-a0eb-83b5ba8a72f6';
const INVOICE_ID = '8a46d575-6d5c-5458-8a94-399396a70a3d';
const SESSION_ID = 'bd0dc077-97e2-4ddf-a73a-45d88388b118';
const CREATED_AT = '2026-11-22T05:29:31.938Z';
const inr = (amount_minor: number) => ({ amount_minor, currency: 'INR' });

export const INVOICE_FIELDS_EXAMPLE = {
  vendor: { value: 'The Saffron Table', confidence: 0.7, page: 1 },
  invoice_number: { value: 'STB-10458', confidence: 0.9, page: 1 },
  date: { value: '2026-10-03', confidence: 0.95, page: 1 },
  currency: { value: 'INR', confidence: 0.95, page: null },
  category: { value: 'meal', confidence: 0.95, page: 1 },
  person_name: { value: null, confidence: 0, page: null },
  line_items: [
    { description: 'Veg Thali', amount_minor: 28000, quantity: 1, alcohol: false, tobacco: false },
    {
      description: 'Masala Papad',
      amount_minor: 8000,
      quantity: 1,
      alcohol: false,
      tobacco: false,
    },
    {
      description: 'Fresh Lime Soda',
      amount_minor: 8000,
      quantity: 1,
      alcohol: false,
      tobacco: false,
    },
    {
      description: 'Kingfisher Beer 650ml',
      amount_minor: 30000,
      quantity: 1,
      alcohol: true,
      tobacco: false,
    },
  ],
  subtotal_minor: { value: 74000, confidence: 0.9, page: 1 },
  tax_minor: { value: 3700, confidence: 0.9, page: 1 },
  total_minor: { value: 77700, confidence: 0.99, page: 1 },
  extracted_by: 'offline',
};

export const APPLIED_RULE_EXAMPLE = {
  rule_id: 'meal.cap',
  quote: 'Business meals are reimbursed up to Rs. 500 per meal, including taxes.',
  page: 1,
  effect: '₹462.00 is within the ₹500.00 per meal cap (including tax).',
};

const REASON = '₹462.00 reimbursed (Food and Beverages); alcohol lines of ₹315.00 removed.';

export const DECISION_EXAMPLE = {
  status: 'partially_reimbursed',
  claimed: inr(77700),
  eligible: inr(46200),
  reimbursable: inr(46200),
  reason: REASON,
  rules_applied: [
    {
      rule_id: 'exclusion.alcohol',
      quote: 'Restrictions: Alcoholic beverages are not reimbursable.',
      page: 1,
      effect: 'Removed "Kingfisher Beer 650ml": ₹300.00 plus ₹15.00 of tax, ₹315.00 in all.',
    },
    APPLIED_RULE_EXAMPLE,
  ],
  flags: ['alcohol'],
};

export const DECISION_OVERRIDE_EXAMPLE = {
  status: 'fully_reimbursed',
  reimbursable: inr(77700),
  reason: 'Client dinner: the beer was approved by the CFO in advance.',
  by: { sub: 'u-meera', name: 'Meera Iyer' },
  at: '2026-11-23T10:02:11.000Z',
};

export const INVOICE_EXAMPLE = {
  id: INVOICE_ID,
  job_id: JOB_ID,
  owner_sub: 'u-priya',
  employee_name: 'Priya Nair',
  file_name: 'meals/2026-10-03-saffron-table-dinner.pdf',
  file_sha256: '627441edd9ed0626a8df965a42332691f2b0c5e752fa1c71d68c41a213232545',
  page_count: 1,
  policy_hash: '69d87b6db9f650a1fbbfe4fb5f486f7cdb69a94954dc9a892e449953fb6a8c14',
  category: 'meal',
  vendor: 'The Saffron Table',
  invoice_number: 'STB-10458',
  invoice_date: '2026-10-03',
  currency: 'INR',
  total_minor: 77700,
  reimbursable_minor: 46200,
  status: 'partially_reimbursed',
  flags: ['alcohol'],
  reason: REASON,
  fields: INVOICE_FIELDS_EXAMPLE,
  decision: DECISION_EXAMPLE,
  override: null,
  created_at: CREATED_AT,
  updated_at: CREATED_AT,
};

export const INVOICE_PAGE_EXAMPLE = { items: [INVOICE_EXAMPLE], next_cursor: null };

export const DOCUMENT_RESULT_EXAMPLE = {
  name: 'meals/2026-10-03-saffron-table-dinner.pdf',
  outcome: 'analysed',
  sha256: INVOICE_EXAMPLE.file_sha256,
  invoice_id: INVOICE_ID,
  status: 'partially_reimbursed',
  category: 'meal',
  claimed: inr(77700),
  reimbursable: inr(46200),
  reason: REASON,
  flags: ['alcohol'],
  reused: false,
  fields: INVOICE_FIELDS_EXAMPLE,
  decision: DECISION_EXAMPLE,
  error: null,
};

export const FAILED_DOCUMENT_RESULT_EXAMPLE = failedResult(
  'meals/menu-card.pdf',
  '0d5f8c1f6a0c4c2b9e7d3a1f5b8e2c4d6f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c',
  'not_an_invoice',
  'meals/menu-card.pdf: no total or amount found, so this does not read as an invoice or receipt.',
);

export const JOB_SUMMARY_EXAMPLE = {
  currency: 'INR',
  documents: 2,
  analysed: 1,
  failed: 1,
  claimed_minor: 77700,
  reimbursable_minor: 46200,
  by_status_and_category: [
    {
      status: 'partially_reimbursed',
      category: 'meal',
      count: 1,
      claimed_minor: 77700,
      reimbursable_minor: 46200,
    },
  ],
};

export const JOB_EXAMPLE = {
  id: JOB_ID,
  state: 'succeeded',
  employee_name: 'Priya Nair',
  claim_date: '2026-10-31',
  created_at: '2026-11-22T05:29:28.437Z',
  updated_at: CREATED_AT,
  counts: { total: 2, done: 2, analysed: 1, failed: 1 },
  results: [DOCUMENT_RESULT_EXAMPLE, FAILED_DOCUMENT_RESULT_EXAMPLE],
  summary: JOB_SUMMARY_EXAMPLE,
  policy_version: null,
  policy: {
    schema_version: 1,
    policy_hash: INVOICE_EXAMPLE.policy_hash,
    name: 'Northwind Labs Travel and Expense Reimbursement Policy v2.1',
    currency: 'INR',
    categories: [
      {
        id: 'meal.cap',
        category: 'meal',
        label: 'Food and Beverages',
        eligible: true,
        cap: { amount_minor: 50000, per: 'meal', includes_tax: true },
        source: {
          quote: 'Business meals are reimbursed up to Rs. 500 per meal, including taxes.',
          page: 1,
        },
      },
    ],
    exclusions: [
      {
        id: 'exclusion.alcohol',
        kind: 'alcohol',
        terms: [],
        categories: null,
        source: { quote: 'Restrictions: Alcoholic beverages are not reimbursable.', page: 1 },
      },
    ],
    submission_window: {
      id: 'submission.window',
      days: 30,
      source: { quote: 'Claims must be submitted within 30 days of the expense.', page: 1 },
    },
    compiled_by: 'offline',
  },
  error: null,
  usage: { model_calls: 0, prompt_tokens: 0, output_tokens: 0 },
  links: { self: `/api/v1/jobs/${JOB_ID}`, events: `/api/v1/jobs/${JOB_ID}/events` },
};

export const CHAT_SOURCE_EXAMPLE = {
  invoice_id: INVOICE_ID,
  employee: 'Priya Nair',
  file: 'meals/2026-10-03-saffron-table-dinner.pdf',
  status: 'partially_reimbursed',
  reimbursable: inr(46200),
  score: 1,
};

export const CHAT_ANSWER_EXAMPLE = {
  session_id: SESSION_ID,
  answer:
    '**2 invoices** match partially reimbursed meal invoices of Priya Nair in October 2026: claimed ₹2,268.00, reimbursable ₹962.00.\n\n' +
    '| File | Employee | Date | Status | Claimed | Reimbursable | Reason |\n| --- | --- | --- | --- | --- | --- | --- |\n' +
    `| [2026-10-03-saffron-table-dinner.pdf](invoice:${INVOICE_ID}) | Priya Nair | 2026-10-03 | partially reimbursed | ₹777.00 | ₹462.00 | ${REASON} |\n` +
    '| [2026-10-14-coastal-kitchen-team-dinner.pdf](invoice:87dd3a2a-5f29-5ecd-8b23-66e8337eb4f1) | Priya Nair | 2026-10-14 | partially reimbursed | ₹1,491.00 | ₹500.00 | Capped at ₹500.00 per meal (Food and Beverages). |',
  sources: [
    CHAT_SOURCE_EXAMPLE,
    {
      invoice_id: '87dd3a2a-5f29-5ecd-8b23-66e8337eb4f1',
      employee: 'Priya Nair',
      file: 'meals/2026-10-14-coastal-kitchen-team-dinner.pdf',
      status: 'partially_reimbursed',
      reimbursable: inr(50000),
      score: 1,
    },
  ],
  filters_applied: {
    employee: 'priya nair',
    status: ['partially_reimbursed'],
    category: ['meal'],
    date_from: '2026-10-01',
    date_to: '2026-10-31',
  },
  mode: 'offline',
  retrieval: { mode: 'lexical', fallback_reason: null },
};

export const CHAT_TURNS_EXAMPLE = [
  {
    role: 'user',
    content: 'How much was reimbursed to Priya Nair in October 2026?',
    at: '2026-11-22T05:29:37.350Z',
  },
  {
    role: 'assistant',
    content:
      'Across **10 invoices** (invoices of Priya Nair in October 2026): claimed **₹20,047.20**, reimbursable **₹15,217.20**.',
    at: '2026-11-22T05:29:37.350Z',
    meta: {
      mode: 'offline',
      filters_applied: { employee: 'priya nair', date_from: '2026-10-01', date_to: '2026-10-31' },
      cited: [INVOICE_ID],
      retrieval: { mode: 'lexical', fallback_reason: null },
    },
  },
];

export const CHAT_HISTORY_EXAMPLE = { session_id: SESSION_ID, turns: CHAT_TURNS_EXAMPLE };

export const CHAT_SESSION_EXAMPLE = {
  session_id: SESSION_ID,
  title: 'How much was reimbursed to Priya Nair in October 2026?',
  created_at: '2026-11-22T05:29:37.350Z',
  updated_at: '2026-11-22T05:29:37.350Z',
  turns: 2,
};

export const CHAT_SESSIONS_EXAMPLE = { items: [CHAT_SESSION_EXAMPLE] };

export const HEALTH_QUICK_EXAMPLE = { status: 'ok', version: '0.1.0', uptime_s: 198 };

export const DEPENDENCY_STATE_EXAMPLE = {
  name: 'invoice_store',
  state: 'up',
  required: true,
  latency_ms: 0.3,
  info: { kind: 'sqlite' },
};

export const HEALTH_EXAMPLE = {
  status: 'ok',
  version: '0.1.0',
  checks: [
    DEPENDENCY_STATE_EXAMPLE,
    { name: 'job_store', state: 'up', required: true, latency_ms: 0.1, info: { kind: 'sqlite' } },
    { name: 'queue', state: 'up', required: true, latency_ms: 0.1, info: { kind: 'in_process' } },
    {
      name: 'chat_history',
      state: 'up',
      required: true,
      latency_ms: 0.1,
      info: { kind: 'sqlite' },
    },
    { name: 'model', state: 'up', required: false, latency_ms: 0.1, info: { kind: 'offline' } },
  ],
};

export const AUDIT_ENTRY_EXAMPLE = {
  id: '3c1d2a4e-6f0b-4a8e-9b51-2d7f7c0e9a11',
  at: '2026-11-23T10:02:11.000Z',
  actor_sub: 'u-meera',
  actor_name: 'Meera Iyer',
  actor_role: 'finance',
  action: 'invoice.override',
  target_type: 'invoice',
  target_id: INVOICE_ID,
  request_id: 'ce4f8f3a-8fcc-46f4-913b-b151acb67e3e',
  client_ip: '10.0.4.17',
  details: {
    from: { status: 'partially_reimbursed', reimbursable_minor: 46200 },
    to: { status: 'fully_reimbursed', reimbursable_minor: 77700 },
    reason: DECISION_OVERRIDE_EXAMPLE.reason,
  },
};

export const AUDIT_PAGE_EXAMPLE = { items: [AUDIT_ENTRY_EXAMPLE], next_cursor: null };

/** The form fields of a claim upload (files are sent as file parts; shown here by name). */
export const CLAIM_UPLOAD_EXAMPLE = {
  employee_name: 'Priya Nair',
  claim_date: '2026-10-31',
  force: false,
  policy_file: 'policy.pdf',
  invoices_zip: ['claim-priya.zip'],
  invoice_files: ['receipt-photo.png'],
};

/** A whole job event stream, as GET /jobs/{id}/events sends it for a claim of one receipt photo. */
export const JOB_EVENTS_EXAMPLE = [
  'id: 1\nevent: job\ndata: {"seq":1,"job_id":"6dfad2f9-4d36-44f2-983c-01e05ef53ab5","state":"queued","employee_name":"Priya Nair","files":["receipt-photo.png"]}\n\n',
  'id: 2\nevent: progress\ndata: {"seq":2,"stage":"policy","total":0,"done":0,"analysed":0,"failed":0}\n\n',
  'id: 3\nevent: progress\ndata: {"seq":3,"stage":"reading","total":1,"done":0,"analysed":0,"failed":0}\n\n',
  'id: 4\nevent: progress\ndata: {"seq":4,"stage":"extracting","total":1,"done":1,"analysed":0,"failed":0}\n\n',
  'id: 5\nevent: document\ndata: {"seq":5,"name":"receipt-photo.png","outcome":"analysed","sha256":"63b683b98bd68e4d828b6353db36a074d9b361df82e1f75867ec05e39d6cce0a","invoice_id":"340df7af-7095-521a-8bad-a3acc0844103","status":"fully_reimbursed","category":"meal","claimed":{"amount_minor":11500,"currency":"INR"},"reimbursable":{"amount_minor":11500,"currency":"INR"},"reason":"₹115.00 reimbursed in full (Food and Beverages).","flags":["ocr"],"reused":false,"fields":{"vendor":{"value":"CHAI POINT CAFE","confidence":0.6,"page":1},"invoice_number":{"value":"CP-7781","confidence":0.77,"page":1},"date":{"value":"2026-10-16","confidence":0.81,"page":1},"currency":{"value":"INR","confidence":0.81,"page":null},"category":{"value":"meal","confidence":0.81,"page":1},"person_name":{"value":null,"confidence":0,"page":null},"line_items":[{"description":"Masala Tea","amount_minor":8000,"quantity":2,"alcohol":false,"tobacco":false},{"description":"Samosa","amount_minor":3500,"quantity":1,"alcohol":false,"tobacco":false}],"subtotal_minor":{"value":null,"confidence":0,"page":null},"tax_minor":{"value":null,"confidence":0,"page":null},"total_minor":{"value":11500,"confidence":0.77,"page":1},"extracted_by":"offline"},"decision":{"status":"fully_reimbursed","claimed":{"amount_minor":11500,"currency":"INR"},"eligible":{"amount_minor":11500,"currency":"INR"},"reimbursable":{"amount_minor":11500,"currency":"INR"},"reason":"₹115.00 reimbursed in full (Food and Beverages).","rules_applied":[{"rule_id":"meal.cap","quote":"Business meals are reimbursed up to Rs. 500 per meal, including taxes.","page":1,"effect":"₹115.00 is within the ₹500.00 per meal cap (including tax)."}],"flags":["ocr"]},"error":null}\n\n',
  'id: 6\nevent: progress\ndata: {"seq":6,"stage":"decided","total":1,"done":1,"analysed":1,"failed":0}\n\n',
  'id: 7\nevent: done\ndata: {"seq":7,"state":"succeeded","counts":{"total":1,"done":1,"analysed":1,"failed":0},"summary":{"currency":"INR","documents":1,"analysed":1,"failed":0,"claimed_minor":11500,"reimbursable_minor":11500,"by_status_and_category":[{"status":"fully_reimbursed","category":"meal","count":1,"claimed_minor":11500,"reimbursable_minor":11500}]},"error":null}\n\n',
].join('');

/** A streamed chat answer (POST /chat/stream). */
export const CHAT_EVENTS_EXAMPLE = [
  'event: meta\ndata: {"session_id":"250cabf2-774e-4069-829b-82a5ab016707","mode":"offline","filters_applied":{"category":["meal"]}}\n\n',
  'event: delta\ndata: {"text":"Across **1 invoice** (meal invoices): claimed **₹115.00**, reimbursable **₹115.00**."}\n\n',
  'event: sources\ndata: {"sources":[{"invoice_id":"340df7af-7095-521a-8bad-a3acc0844103","employee":"Priya Nair","file":"receipt-photo.png","status":"fully_reimbursed","reimbursable":{"amount_minor":11500,"currency":"INR"},"score":1}],"policy_citations":[]}\n\n',
  'event: done\ndata: {"session_id":"250cabf2-774e-4069-829b-82a5ab016707","filters_applied":{"category":["meal"]},"retrieval":{"mode":"lexical","fallback_reason":null}}\n\n',
].join('');

/** GET /invoices/export.csv: a header line, then one line per invoice. */
export const INVOICES_CSV_EXAMPLE = [
  'id,employee_name,file_name,category,vendor,invoice_number,invoice_date,currency,total,reimbursable,status,flags,reason,overridden,job_id,created_at\r\n',
  '340df7af-7095-521a-8bad-a3acc0844103,Priya Nair,receipt-photo.png,meal,CHAI POINT CAFE,CP-7781,2026-10-16,INR,115.00,115.00,fully_reimbursed,ocr,₹115.00 reimbursed in full (Food and Beverages).,false,6dfad2f9-4d36-44f2-983c-01e05ef53ab5,2026-11-22T07:51:32.726Z\r\n',
].join('');
