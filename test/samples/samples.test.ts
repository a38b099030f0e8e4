/**
 * The shipped sample claim (samples/, made by `npm run sample-data`) is current, and the offline
 * reader decides every invoice in it exactly as samples/expected.json (and so samples/README.md)
 * says: policy PDF → offline policy compiler, ZIP → PDF text → offline extractor, photo → OCR →
 * offline extractor, then the decision engine, as the analysis job runs them.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import {
  CLAIM_ZIP,
  type ExpectedSamples,
  generateSamples,
  RECEIPT_PHOTO,
  SAMPLES_DIR,
} from '../../scripts/generate-sample-data.js';
import { OfflineProvider } from '../../src/ai/offline/provider.js';
import { type CandidateInvoice, decideClaim } from '../../src/domain/decide.js';
import { checkFieldsAgainstText } from '../../src/domain/field-checks.js';
import type { DocumentText, PolicyRules } from '../../src/domain/types.js';
import { createTesseractOcr } from '../../src/pipeline/ingest/ocr.js';
import { pdfDocument, pdfPages, sha256, unzipFiles } from '../helpers/iai-dataset.js';

const STALE = 'samples/ is out of date: run `npm run sample-data` and commit the result';
const provider = new OfflineProvider();

async function expectedSamples(): Promise<ExpectedSamples> {
  return JSON.parse(
    await readFile(path.join(SAMPLES_DIR, 'expected.json'), 'utf8'),
  ) as ExpectedSamples;
}

async function compiledPolicy(file: string): Promise<PolicyRules> {
  const data = await readFile(path.join(SAMPLES_DIR, file));
  const pages = file.endsWith('.pdf') ? await pdfPages(data) : [data.toString('utf8')];
  return provider.compilePolicy({ file_name: file, sha256: sha256(data), pages });
}

const limitsOf = (rules: PolicyRules) =>
  rules.categories.map((rule) => ({
    category: rule.category,
    eligible: rule.eligible,
    cap: rule.cap,
  }));

t.test('the committed samples are what the generator makes', async (t) => {
  const { files, zipEntries } = await generateSamples();
  for (const [name, data] of files) {
    const committed = await readFile(path.join(SAMPLES_DIR, name)).catch(() => Buffer.alloc(0));
    t.ok(committed.equals(data), `${name}: ${STALE}`);
  }
  const committedEntries = await unzipFiles(path.join(SAMPLES_DIR, CLAIM_ZIP));
  t.same(
    committedEntries.map((entry) => entry.name),
    zipEntries.map((entry) => entry.name),
    `${CLAIM_ZIP} entries: ${STALE}`,
  );
  for (const entry of zipEntries) {
    t.ok(
      committedEntries.find((committed) => committed.name === entry.name)?.data.equals(entry.data),
      `${CLAIM_ZIP}/${entry.name}: ${STALE}`,
    );
  }
  const photo = await readFile(path.join(SAMPLES_DIR, RECEIPT_PHOTO));
  t.ok(
    photo.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
    `${RECEIPT_PHOTO} is a PNG`,
  );
});

t.test(
  'the policy compiles offline to the limits the README lists, from the PDF and the Markdown alike',
  async (t) => {
    const expected = await expectedSamples();
    const fromPdf = await compiledPolicy('policy.pdf');
    t.equal(
      (await pdfPages(await readFile(path.join(SAMPLES_DIR, 'policy.pdf')))).length,
      2,
      'two pages',
    );
    t.equal(fromPdf.name, 'Northwind Labs Travel and Expense Reimbursement Policy v2.1');
    t.equal(fromPdf.currency, expected.currency);
    t.same(
      limitsOf(fromPdf),
      expected.policy.caps.map(({ category, amount_minor, per, includes_tax }) => ({
        category,
        eligible: true,
        cap: { amount_minor, per, includes_tax },
      })),
    );
    t.same(
      fromPdf.categories.map((rule) => [rule.id, rule.label, rule.source.page]),
      [
        ['meal.cap', 'Food and Beverages', 1],
        ['travel.cap', 'Travel Expenses', 2],
        ['cab.cap', 'Daily Office Cabs', 2],
        ['accommodation.cap', 'Accommodation', 2],
      ],
    );
    t.same(
      fromPdf.exclusions.map((rule) => rule.kind),
      expected.policy.exclusions,
    );
    t.same(
      fromPdf.exclusions.flatMap((rule) => rule.terms),
      expected.policy.excluded_terms,
    );
    t.equal(fromPdf.submission_window?.days, expected.policy.submission_window_days);

    const fromMarkdown = await compiledPolicy('policy.md');
    t.same(limitsOf(fromMarkdown), limitsOf(fromPdf), 'policy.md states the same limits');
    t.same(
      fromMarkdown.exclusions.map((rule) => [rule.kind, rule.terms]),
      fromPdf.exclusions.map((rule) => [rule.kind, rule.terms]),
    );
    t.equal(fromMarkdown.submission_window?.days, fromPdf.submission_window?.days);
  },
);

t.test('every sample invoice is read and decided as samples/expected.json says', async (t) => {
  const expected = await expectedSamples();
  const rules = await compiledPolicy('policy.pdf');
  const context = {
    categories: rules.categories.map((rule) => rule.category),
    currency: rules.currency,
  };

  const documents: DocumentText[] = [];
  for (const file of await unzipFiles(path.join(SAMPLES_DIR, CLAIM_ZIP)))
    documents.push(await pdfDocument(file.name, file.data));
  const ocr = createTesseractOcr({ timeoutMs: 120_000 });
  t.teardown(() => ocr.close());
  const png = await readFile(path.join(SAMPLES_DIR, RECEIPT_PHOTO));
  const { text } = await ocr.recognise(png);
  documents.push({
    name: RECEIPT_PHOTO,
    media_type: 'image/png',
    sha256: sha256(png),
    size_bytes: png.length,
    page_count: 1,
    pages: [text],
    ocr: true,
  });

  const invoices: CandidateInvoice[] = [];
  for (const document of documents) {
    // As the analysis job does: a total the document does not print is not trusted.
    const fields = checkFieldsAgainstText(
      await provider.extractInvoice(document, context),
      document.pages,
      rules.currency,
    );
    invoices.push({
      key: document.sha256,
      file_name: document.name,
      file_sha256: document.sha256,
      fields,
      ocr: document.ocr,
    });
  }
  const decided = decideClaim({
    rules,
    employee_name: expected.employee_name,
    claim_date: expected.claim_date,
    invoices,
    prior: [],
    options: { low_confidence_below: 0.6 },
  });

  t.same(
    decided.map((d) => d.file_name).sort(),
    expected.invoices.map((i) => i.file).sort(),
    'the ZIP and the photo hold exactly the listed invoices',
  );
  for (const want of expected.invoices) {
    const index = decided.findIndex((d) => d.file_name === want.file);
    const got = decided[index];
    const fields = invoices[index]?.fields;
    if (!got || !fields) continue;
    t.same(
      {
        vendor: fields.vendor.value,
        invoice_number: fields.invoice_number.value,
        date: fields.date.value,
        category: got.category,
      },
      {
        vendor: want.vendor,
        invoice_number: want.invoice_number,
        date: want.invoice_date,
        category: want.category,
      },
      `${want.file} is read right`,
    );
    t.same(
      {
        status: got.decision.status,
        claimed: got.decision.claimed.amount_minor,
        reimbursable: got.decision.reimbursable.amount_minor,
        currency: got.decision.reimbursable.currency,
        flags: got.decision.flags,
      },
      {
        status: want.expected_status,
        claimed: want.claimed_minor,
        reimbursable: want.expected_reimbursable_minor,
        currency: expected.currency,
        flags: want.expected_flags,
      },
      `${want.file} is decided as expected: ${got.decision.reason}`,
    );
  }

  const byFile = (file: string) => decided.find((d) => d.file_name === file)?.decision;
  t.match(
    byFile('cabs/2026-10-09-2-back-home.pdf')?.rules_applied,
    [
      {
        rule_id: 'cab.cap',
        effect: /₹260\.00 already used by cabs\/2026-10-09-1-to-office\.pdf, ₹140\.00 left/,
      },
    ],
    'the evening cab gets what the morning cab left of the day',
  );
  t.match(
    byFile('meals/2026-10-07-cafe-mocha-lunch.pdf')?.reason,
    'possible duplicate of meals/reprints/2026-10-07-cafe-mocha-lunch-duplicate.pdf (same vendor and invoice number)',
  );
  t.match(
    byFile('travel/2026-10-20-flight-blr-pnq.pdf')?.reason,
    'the invoice names "Rahul Menon", not Priya Nair',
  );
  t.match(byFile('hotel/2026-10-22-lakeview-residency-folio.pdf')?.rules_applied, [
    { rule_id: 'exclusion.terms_1' },
    { rule_id: 'accommodation.cap', effect: /per night × 2/ },
  ]);
});
