/**
 * An embedded file the PDF child refused (too large, too many, named as the e-invoice XML but
 * holding none) may be the exact invoice nobody read: the document carries a reading note, the
 * invoice is flagged low_confidence for a person to check the page's reading, and the API shows
 * why in the invoice's fields and decision.
 */
import PDFDocument from 'pdfkit';
import t from 'tap';
import { createPdfTextReader } from '../../src/pipeline/ingest/pdf-text.js';
import { ciiXml } from '../ai/offline/einvoice/einvoice-xml.js';
import { buildTestApp } from '../helpers/app.js';
import { type ClaimResult, claimForm, samplePolicyClaim } from '../helpers/claims.js';
import { readOneDocument } from '../helpers/read-one-document.js';
import { jwtEnv } from '../helpers/tokens.js';
import { auth, createPolicy, policyText, textFile, USERS } from '../policies/fixtures.js';

/** A plain receipt whose page reads on its own, carrying `attachments` as embedded files. */
function receiptWith(
  attachments: ReadonlyArray<{ name: string; data: string; type: string }>,
): Promise<Buffer> {
  const document = new PDFDocument({ size: 'A5', margin: 40 });
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) =>
    document.on('end', () => resolve(Buffer.concat(chunks))),
  );
  for (const line of [
    'Quayside Kitchen',
    'Receipt No: QK-4471',
    'Date: 14/10/2026',
    'Vegetable thali 1 x 180.00',
    'Total: INR 180.00',
  ])
    document.text(line);
  for (const attachment of attachments)
    document.file(Buffer.from(attachment.data), { name: attachment.name, type: attachment.type });
  document.end();
  return done;
}

const strict = createPdfTextReader({ poolSize: 1, timeoutMs: 60_000, maxAttachmentBytes: 2048 });
t.teardown(() => strict.close());
/** Read as an uploaded receipt by a reader whose attachment limit the first test overruns. */
const RECEIPT = { pdfReader: strict, fileName: 'receipt.pdf' };

t.test('an oversized embedded XML becomes a reading note on the document read', async (t) => {
  const big = ciiXml().replace('<rsm:ExchangedDocument>', `<!--${'x'.repeat(4096)}-->$&`);
  const pdf = await receiptWith([{ name: 'factur-x.xml', data: big, type: 'text/xml' }]);
  const { document, problems } = await readOneDocument(t, pdf, RECEIPT);
  t.same(problems, []);
  t.notOk(document?.einvoice, 'the refused XML is not read');
  t.match(document?.pages.join('\n'), /Total: INR 180\.00/, 'the page still is');
  t.match(document?.reading_notes, [
    {
      flag: 'low_confidence',
      note: /^embedded e-invoice file "factur-x\.xml" was not read: it is \d+ KiB, larger than the 2 KiB/,
    },
  ]);
  t.equal(document?.reading_notes?.length, 1);
});

t.test('a PDF without refused files has no reading notes', async (t) => {
  const pdf = await receiptWith([{ name: 'terms.txt', data: 'Terms apply.', type: 'text/plain' }]);
  const { document } = await readOneDocument(t, pdf, RECEIPT);
  t.equal(document?.reading_notes, undefined);
});

type Result = ClaimResult<{ reading_notes?: Array<{ flag: string; note: string }> }>;

t.test('the API shows the refusal in the invoice fields, its flag and its reason', async (t) => {
  const app = await buildTestApp(t);
  const pdf = await receiptWith([
    { name: 'factur-x.xml', data: 'not an XML document at all', type: 'text/xml' },
  ]);
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/analyze-invoices',
    payload: samplePolicyClaim(
      [{ field: 'invoice_files', bytes: pdf, name: 'lunch.pdf', type: 'application/pdf' }],
      { claim_date: '2026-10-20' },
    ),
  });
  t.equal(response.statusCode, 200, response.body);
  const [result] = response.json().results as Result[];
  if (!result) throw new Error('one result');
  t.equal(result.outcome, 'analysed');
  const note = 'embedded e-invoice file "factur-x.xml" was not read: its content is not XML';
  t.ok(result.flags.includes('low_confidence'), 'flagged for a person to check');
  t.match(result.fields.reading_notes, [{ flag: 'low_confidence', note }]);
  t.ok(result.reason.includes(note), 'the reason says why');

  const stored = await app.inject({ method: 'GET', url: `/api/v1/invoices/${result.invoice_id}` });
  t.equal(stored.statusCode, 200);
  t.ok(stored.json().flags.includes('low_confidence'));
  t.match(stored.json().fields.reading_notes, [{ flag: 'low_confidence', note }]);
});

t.test('a policy preview shows the refusal as the claim would', async (t) => {
  const app = await buildTestApp(t, { env: jwtEnv() });
  const policy = await createPolicy(app, USERS.fiona, textFile(policyText(30)));
  const pdf = await receiptWith([
    { name: 'factur-x.xml', data: 'not an XML document at all', type: 'text/xml' },
  ]);
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/policies/${policy.id}/versions/1/preview`,
    headers: await auth(USERS.adam),
    payload: claimForm({ employee_name: 'Priya Nair', claim_date: '2026-10-20' }, [
      { field: 'invoice_files', bytes: pdf, name: 'lunch.pdf', type: 'application/pdf' },
    ]),
  });
  t.equal(res.statusCode, 200, res.body);
  const [result] = res.json().results;
  t.equal(result?.outcome, 'analysed');
  t.ok(result?.flags.includes('low_confidence'));
  t.match(
    result?.reason,
    /embedded e-invoice file "factur-x\.xml" was not read: its content is not XML/,
  );
});
