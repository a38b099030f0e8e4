/**
 * In Gemini mode the ticket and the invoice of one booking are matched by the booking reference
 * the model reads, as the offline reader's are: each has its own number, so only the shared
 * reference and total tie them. The fake answers only the properties the request's schema asks
 * for, as Gemini's structured output does, so a schema that forgot the field fails here.
 */
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import t, { type Test } from 'tap';
import {
  type RecordedRequest,
  type ScriptedReply,
  startFakeGemini,
  userText,
} from '../fakes/gemini-server.js';
import { isPolicyRequest, policyAnswer } from '../fakes/policy-answer.js';
import { samplePolicyRules } from '../fakes/sample-gemini.js';
import { buildTestApp } from '../helpers/app.js';
import { type ClaimResult, claimForm, SAMPLES_DIR, sampleExpected } from '../helpers/claims.js';
import { makePdf, makeZip } from '../ingest/ingest-fixtures.js';

const BOOKING = 'LKR8QW2ZP';
const OTHER_BOOKING = 'LKR3MN6TY';

interface Document {
  name: string;
  number: string;
  booking: string;
  lines: string[];
}

/** A ticket and the invoice of one booking, and another journey at the same price. */
const DOCUMENTS: Document[] = [
  {
    name: 'Rail/e-ticket.pdf',
    number: 'ET-55102',
    booking: BOOKING,
    lines: ['Lakeshore Rail', 'E-Ticket ET-55102', `Booking reference: ${BOOKING}`],
  },
  {
    name: 'Rail/invoice.pdf',
    number: 'LR/26-27/00731',
    booking: BOOKING,
    lines: ['Lakeshore Rail Ltd', 'TAX INVOICE LR/26-27/00731', `PNR: ${BOOKING}`],
  },
  {
    name: 'Rail/return.pdf',
    number: 'ET-55177',
    booking: OTHER_BOOKING,
    lines: ['Lakeshore Rail', 'E-Ticket ET-55177', `Booking reference: ${OTHER_BOOKING}`],
  },
];

const field = <T>(value: T, confidence = 0.93) => ({
  value,
  confidence: value === null ? 0 : confidence,
  page: value === null ? null : 1,
});

/** What Gemini returns: the properties the schema asks for, nothing else. */
function asAsked(request: RecordedRequest, answer: Record<string, unknown>): ScriptedReply {
  const schema =
    request.method === 'batchEmbedContents'
      ? undefined
      : (request.body.generationConfig?.responseJsonSchema as
          | { properties?: Record<string, unknown> }
          | undefined);
  const asked = new Set(Object.keys(schema?.properties ?? {}));
  return { json: Object.fromEntries(Object.entries(answer).filter(([key]) => asked.has(key))) };
}

/** A careful model; `readsReference` false for one that finds no booking reference. */
async function startModel(readsReference: boolean) {
  const rules = await samplePolicyRules();
  return startFakeGemini({
    respond: (request) => {
      if (isPolicyRequest(request)) return { json: policyAnswer(rules) };
      const text = userText(request);
      const document = DOCUMENTS.find((d) => text.includes(`File: ${d.name} (`));
      if (!document) return undefined;
      return asAsked(request, {
        is_invoice: true,
        not_invoice_reason: null,
        vendor: field('Lakeshore Rail'),
        invoice_number: field(document.number),
        booking_reference: field(readsReference ? document.booking : null),
        date: field('2026-10-12'),
        currency: field('INR'),
        category: field('travel'),
        person_name: field(sampleExpected().employee_name),
        line_items: [],
        subtotal: field(null),
        tax: field(null),
        total: field('1450.00'),
      });
    },
  });
}

type Result = ClaimResult<{
  booking_reference?: { value: string | null; confidence: number; page: number };
}>;

async function analyse(t: Test, app: FastifyInstance): Promise<Map<string, Result>> {
  const zip = await makeZip(
    await Promise.all(
      DOCUMENTS.map(async (d) => ({
        name: d.name,
        data: await makePdf([[...d.lines, 'Date: 12/10/2026', 'Total: INR 1,450.00']]),
      })),
    ),
  );
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/analyze-invoices',
    payload: claimForm(
      { employee_name: sampleExpected().employee_name, claim_date: '2026-10-31' },
      [
        {
          field: 'policy_file',
          path: resolve(SAMPLES_DIR, 'policy.pdf'),
          type: 'application/pdf',
        },
        { field: 'invoices_zip', bytes: zip, name: 'claim.zip', type: 'application/zip' },
      ],
    ),
  });
  if (response.statusCode !== 200) throw new Error(response.body);
  const job = response.json();
  t.equal(job.policy.compiled_by, 'gemini', 'the policy read by the model too');
  return new Map((job.results as Result[]).map((result) => [result.name, result]));
}

t.test('the booking reference Gemini reads ties the ticket to its invoice', async (t) => {
  const gemini = await startModel(true);
  t.teardown(() => gemini.close());
  const app = await buildTestApp(t, {
    env: { GEMINI_API_KEY: gemini.apiKey, GEMINI_BASE_URL: gemini.url },
  });
  const results = await analyse(t, app);
  const ticket = results.get('Rail/e-ticket.pdf');
  const invoice = results.get('Rail/invoice.pdf');
  const other = results.get('Rail/return.pdf');
  if (!ticket || !invoice || !other) throw new Error('every document has a result');

  const invoiceRequest = gemini.requests.find(
    (r) => r.method === 'generateContent' && !isPolicyRequest(r),
  );
  const schema =
    invoiceRequest?.method === 'generateContent'
      ? (invoiceRequest.body.generationConfig?.responseJsonSchema as {
          required: string[];
          properties: Record<string, { properties: { value: { type: unknown } } }>;
        })
      : null;
  t.ok(schema?.required.includes('booking_reference'), 'asked for on every invoice');
  t.same(
    schema?.properties.booking_reference?.properties.value.type,
    ['string', 'null'],
    'nullable the way Gemini documents it (a type array, not OpenAPI nullable)',
  );

  for (const result of [ticket, invoice]) {
    t.equal(result.outcome, 'analysed', result.name);
    t.ok(result.flags.includes('possible_duplicate'), `${result.name} is flagged`);
    t.same(result.fields.booking_reference, { value: BOOKING, confidence: 0.93, page: 1 });
  }
  t.match(ticket.reason, new RegExp(`same reference ${BOOKING}`));
  t.notOk(other.flags.includes('possible_duplicate'), 'another booking at the same price is not');

  // The reply of the invoice route keeps it too, as stored.
  const stored = await app.inject({ method: 'GET', url: `/api/v1/invoices/${invoice.invoice_id}` });
  t.equal(stored.statusCode, 200);
  t.same(stored.json().fields.booking_reference, { value: BOOKING, confidence: 0.93, page: 1 });
});

t.test('without a reference read, different numbers are not matched', async (t) => {
  const gemini = await startModel(false);
  t.teardown(() => gemini.close());
  const app = await buildTestApp(t, {
    env: { GEMINI_API_KEY: gemini.apiKey, GEMINI_BASE_URL: gemini.url },
  });
  const results = await analyse(t, app);
  for (const result of results.values()) {
    t.equal(result.outcome, 'analysed', result.name);
    t.notOk(result.flags.includes('possible_duplicate'), `${result.name} is not flagged`);
    t.notOk('booking_reference' in result.fields, 'a reference not read is left out');
  }
});
