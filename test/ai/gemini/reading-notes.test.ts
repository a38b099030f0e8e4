/**
 * The Gemini reader reports its own doubts as the offline reader does: the structured output asks
 * for reading_notes with an enum of kinds, each kind becomes the flag the domain knows, and a note
 * reaches the invoice's reading_notes, its flag and its reason. Whatever the notes array holds, the
 * invoice is still read. Through the real SDK against the fake Gemini server.
 */
import { resolve } from 'node:path';
import t, { type Test } from 'tap';
import { GeminiClient } from '../../../src/ai/gemini/client.js';
import { GeminiProvider } from '../../../src/ai/gemini/provider.js';
import { CATEGORIES, type DocumentText } from '../../../src/domain/types.js';
import { schemaProblems } from '../../fakes/gemini-rules.js';
import {
  type ScriptedReply,
  startFakeGemini,
  userText,
  type WireGenerateBody,
} from '../../fakes/gemini-server.js';
import { invoiceAnswer } from '../../fakes/invoice-answer.js';
import { isPolicyRequest, policyAnswer } from '../../fakes/policy-answer.js';
import { samplePolicyRules } from '../../fakes/sample-gemini.js';
import { buildTestApp } from '../../helpers/app.js';
import { type ClaimResult, claimForm, SAMPLES_DIR, sampleExpected } from '../../helpers/claims.js';
import { makePdf, makeZip } from '../../ingest/ingest-fixtures.js';

function answer(readingNotes: unknown): ScriptedReply {
  return invoiceAnswer(
    {
      vendor: 'Quayside Kitchen',
      invoice_number: 'QK-4471',
      date: '2026-10-14',
      currency: 'INR',
      category: 'meal',
      total: '180.00',
    },
    { confidence: 0.92, readingNotes },
  );
}

const DOCUMENT: DocumentText = {
  name: 'lunch.pdf',
  media_type: 'application/pdf',
  sha256: 'f00d',
  size_bytes: 100,
  page_count: 1,
  pages: ['Quayside Kitchen\nTotal: 180.00'],
  ocr: false,
};

async function provider(t: Test, ...replies: ScriptedReply[]) {
  const gemini = await startFakeGemini();
  t.teardown(() => gemini.close());
  gemini.script(...replies);
  const client = new GeminiClient({ apiKey: gemini.apiKey, baseUrl: gemini.url, maxRetries: 0 });
  return { gemini, provider: new GeminiProvider({ client }) };
}

t.test('the schema asks for notes of known kinds, inside the documented subset', async (t) => {
  const { gemini, provider: reader } = await provider(t, answer([]));
  const fields = await reader.extractInvoice(DOCUMENT, {
    categories: [...CATEGORIES],
    currency: 'INR',
  });
  t.notOk('reading_notes' in fields, 'no doubt, no notes');
  const body = gemini.requests[0]?.body as WireGenerateBody;
  const schema = body.generationConfig?.responseJsonSchema as {
    required: string[];
    properties: { reading_notes: { type: string; maxItems: number; items: unknown } };
  };
  t.same(schemaProblems(schema), []);
  t.equal(schema.required.at(-1), 'reading_notes', 'asked for last, after the fields it doubts');
  t.match(schema.properties.reading_notes, {
    type: 'array',
    maxItems: 5,
    items: {
      required: ['kind', 'note'],
      properties: {
        kind: {
          type: 'string',
          enum: ['currency_inferred', 'amounts_do_not_add_up', 'unreadable'],
        },
      },
    },
  });
  t.match(body.systemInstruction?.parts[0]?.text ?? '', /doubts in reading_notes/);
  t.match(
    userText(gemini.requests[0]!),
    /When no currency is printed: .* currency_inferred note; else null \(its amounts are then taken as INR\)/,
    'the policy currency is never filled in silently',
  );
});

t.test('each kind becomes the flag the domain knows', async (t) => {
  const { provider: reader } = await provider(
    t,
    answer([
      { kind: 'currency_inferred', note: 'No currency printed; INR from the GSTIN.' },
      { kind: 'amounts_do_not_add_up', note: 'Lines make 170.00,\n  the total says 180.00.' },
      { kind: 'unreadable', note: 'The date is smudged.' },
    ]),
  );
  const fields = await reader.extractInvoice(DOCUMENT, {
    categories: [...CATEGORIES],
    currency: 'INR',
  });
  t.same(fields.reading_notes, [
    {
      flag: 'currency_inferred',
      note: 'the model notes: No currency printed; INR from the GSTIN.',
    },
    {
      flag: 'amount_inconsistent',
      note: 'the model notes: Lines make 170.00, the total says 180.00.',
    },
    { flag: 'low_confidence', note: 'the model notes: The date is smudged.' },
  ]);
});

t.test('a malformed notes array never fails the invoice', async (t) => {
  const { provider: reader } = await provider(
    t,
    answer('none'),
    answer([
      null,
      7,
      'unreadable',
      { kind: 'unreadable' },
      { kind: 'unreadable', note: '   ' },
      { kind: 'guessed_vendor', note: 'The vendor name is cut off.' },
      { kind: 'unreadable', note: 'x'.repeat(1000) },
    ]),
  );
  const context = { categories: [...CATEGORIES], currency: 'INR' };
  const notArray = await reader.extractInvoice(DOCUMENT, context);
  t.equal(notArray.total_minor.value, 18000, 'read');
  t.notOk('reading_notes' in notArray);

  const junk = await reader.extractInvoice(DOCUMENT, context);
  t.equal(junk.total_minor.value, 18000, 'read');
  t.equal(junk.reading_notes?.length, 2, 'entries without words are dropped');
  t.same(
    junk.reading_notes?.[0],
    {
      flag: 'low_confidence',
      note: 'the model notes: The vendor name is cut off.',
    },
    'a kind outside the enum is still a doubt, kept as low_confidence',
  );
  t.ok((junk.reading_notes?.[1]?.note.length ?? 0) <= 260, 'an endless note is clipped');
});

type Result = ClaimResult<{ reading_notes?: Array<{ flag: string; note: string }> }>;

t.test('a note from the model reaches the invoice, its flag and its reason', async (t) => {
  const rules = await samplePolicyRules();
  const notes: Record<string, unknown> = {
    'noted.pdf': [{ kind: 'amounts_do_not_add_up', note: 'Lines make 170.00, total 180.00.' }],
    'garbled.pdf': { kind: 'unreadable', note: 'not even an array' },
    'clean.pdf': [],
  };
  const gemini = await startFakeGemini({
    respond: (request) => {
      if (isPolicyRequest(request)) return { json: policyAnswer(rules) };
      const name = Object.keys(notes).find((n) => userText(request).includes(`File: ${n} (`));
      return name ? answer(notes[name]) : undefined;
    },
  });
  t.teardown(() => gemini.close());
  const app = await buildTestApp(t, {
    env: { GEMINI_API_KEY: gemini.apiKey, GEMINI_BASE_URL: gemini.url },
  });
  const zip = await makeZip(
    await Promise.all(
      Object.keys(notes).map(async (name) => ({
        name,
        data: await makePdf([['Quayside Kitchen', 'Date: 14/10/2026', 'Total: INR 180.00']]),
      })),
    ),
  );
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/analyze-invoices',
    payload: claimForm(
      { employee_name: sampleExpected().employee_name, claim_date: '2026-10-20' },
      [
        { field: 'policy_file', path: resolve(SAMPLES_DIR, 'policy.pdf'), type: 'application/pdf' },
        { field: 'invoices_zip', bytes: zip, name: 'claim.zip', type: 'application/zip' },
      ],
    ),
  });
  t.equal(response.statusCode, 200, response.body);
  const results = new Map(
    (response.json().results as Result[]).map((result) => [result.name, result]),
  );
  const noted = results.get('noted.pdf');
  const garbled = results.get('garbled.pdf');
  const clean = results.get('clean.pdf');
  if (!noted || !garbled || !clean) throw new Error('every document has a result');

  const note = 'the model notes: Lines make 170.00, total 180.00.';
  t.equal(noted.outcome, 'analysed');
  t.same(noted.fields.reading_notes, [{ flag: 'amount_inconsistent', note }]);
  t.ok(noted.flags.includes('amount_inconsistent'), 'the note flags the invoice');
  t.ok(noted.reason.includes(note), 'and the reason says why');

  t.equal(garbled.outcome, 'analysed', 'a malformed notes array does not fail the invoice');
  t.notOk(garbled.fields.reading_notes);
  t.notOk(clean.flags.includes('amount_inconsistent'), 'no note, no flag');

  const stored = await app.inject({ method: 'GET', url: `/api/v1/invoices/${noted.invoice_id}` });
  t.equal(stored.statusCode, 200);
  t.same(stored.json().fields.reading_notes, [{ flag: 'amount_inconsistent', note }]);
  t.ok(stored.json().flags.includes('amount_inconsistent'));
});
