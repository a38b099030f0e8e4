/**
 * The claim report without a server: the model built from a job, its stored invoices and the
 * audit log's overrides; amounts written for their locale; the HTML escaped; the PDF's text read
 * back in every currency the embedded font must carry.
 */
import { PDFParse } from 'pdf-parse';
import t from 'tap';
import { type DocumentResult, type Job, queuedJob } from '../../src/domain/jobs.js';
import type { InvoiceRecord, Status } from '../../src/domain/types.js';
import { escapeHtml, renderReportHtml } from '../../src/report/html.js';
import { buildReportModel, overrideFromAudit, type ReportSource } from '../../src/report/model.js';
import { formatMoney, homeLocale } from '../../src/report/money.js';
import { renderReportPdf } from '../../src/report/pdf.js';

const AT = '2026-11-02T10:00:00.000Z';

function result(
  index: number,
  currency: string,
  claimed: number,
  reimbursable: number,
  status: Status,
  category = 'meal',
): DocumentResult {
  const money = (amount_minor: number) => ({ amount_minor, currency });
  return {
    name: `receipts/bill-${index}.pdf`,
    outcome: 'analysed',
    sha256: String(index).padStart(64, 'a'),
    invoice_id: `inv-${index}`,
    status,
    category,
    claimed: money(claimed),
    reimbursable: money(reimbursable),
    reason: `Reason ${index}.`,
    flags: index === 1 ? ['alcohol'] : [],
    reused: false,
    fields: null,
    decision: {
      status,
      claimed: money(claimed),
      eligible: money(claimed),
      reimbursable: money(reimbursable),
      reason: `Reason ${index}.`,
      rules_applied: [
        {
          rule_id: `${category}.cap`,
          quote: `Sentence ${index} of the policy.`,
          page: 2,
          effect: `Effect ${index}: ${claimed} capped to ${reimbursable}.`,
        },
      ],
      flags: [],
    },
    error: null,
  };
}

function job(results: DocumentResult[], employee = 'Zoë Ångström'): Job {
  return {
    ...queuedJob(
      'job-1',
      { sub: 'u-1', name: employee },
      {
        employee_name: employee,
        claim_date: '2026-10-31',
        force: false,
        work_dir: '/nonexistent',
        policy_file: { path: '/x', file_name: 'policy.pdf', media_type: 'application/pdf' },
        files: [],
      },
      AT,
    ),
    state: 'succeeded',
    results,
  };
}

/** A stored invoice as the model reads it (only the fields it uses matter). */
function record(from: DocumentResult, changes: Partial<InvoiceRecord> = {}): InvoiceRecord {
  return {
    id: from.invoice_id,
    owner_sub: 'u-1',
    file_sha256: from.sha256,
    vendor: `Vendor ${from.name}`,
    invoice_number: 'N-1',
    invoice_date: '2026-10-05',
    category: 'meal',
    status: from.status,
    reimbursable_minor: from.reimbursable?.amount_minor,
    flags: from.flags,
    override: null,
    ...changes,
  } as InvoiceRecord;
}

function source(results: DocumentResult[], extra: Partial<ReportSource> = {}): ReportSource {
  return {
    job: job(results),
    invoices: new Map(results.map((r) => [r.invoice_id as string, record(r)])),
    overrides: new Map(),
    generatedAt: AT,
    ...extra,
  };
}

t.test('totals by currency and category use the amounts as they are now', async (t) => {
  const results = [
    result(1, 'INR', 77_700, 46_200, 'partially_reimbursed'),
    result(2, 'INR', 28_560, 28_560, 'fully_reimbursed'),
    result(3, 'INR', 31_000, 14_000, 'partially_reimbursed', 'cab'),
    result(4, 'EUR', 12_000, 0, 'declined', 'travel'),
  ];
  const failed: DocumentResult = {
    ...result(5, 'INR', 1, 1, 'declined'),
    outcome: 'failed',
    status: null,
    claimed: null,
    reimbursable: null,
    invoice_id: null,
    error: { code: 'unreadable_pdf', message: 'Damaged.' },
  };
  const overridden = record(results[0] as DocumentResult, {
    status: 'fully_reimbursed',
    reimbursable_minor: 77_700,
    override: {
      status: 'fully_reimbursed',
      reimbursable: { amount_minor: 77_700, currency: 'INR' },
      reason: 'Client dinner.',
      by: { sub: 'u-f', name: 'Fiona Finance' },
      at: '2026-11-03T09:00:00.000Z',
    },
  });
  const model = buildReportModel(
    source([...results, failed], {
      invoices: new Map([
        ['inv-1', overridden],
        ['inv-2', record(results[1] as DocumentResult)],
        ['inv-3', null],
        ['inv-4', record(results[3] as DocumentResult, { document: { purged_at: AT } })],
      ]),
    }),
  );
  t.same(model.totals, [
    { currency: 'EUR', count: 1, claimed_minor: 12_000, reimbursable_minor: 0 },
    { currency: 'INR', count: 3, claimed_minor: 137_260, reimbursable_minor: 120_260 },
  ]);
  t.same(
    model.categories.map((c) => [c.currency, c.category, c.count, c.reimbursable_minor]),
    [
      ['EUR', 'travel', 1, 0],
      ['INR', 'cab', 1, 14_000],
      ['INR', 'meal', 2, 106_260],
    ],
  );
  t.same(model.counts, { documents: 5, analysed: 4, failed: 1 });
  t.same(model.failed, [
    { name: 'receipts/bill-5.pdf', code: 'unreadable_pdf', message: 'Damaged.' },
  ]);
  const [first, , third, fourth] = model.invoices;
  t.same(first?.engine, { status: 'partially_reimbursed', reimbursable_minor: 46_200 });
  t.equal(first?.status, 'fully_reimbursed');
  t.same(
    first?.overrides.map((o) => [o.by, o.reason, o.from]),
    [['Fiona Finance', 'Client dinner.', null]],
    'an override the log does not show is taken from the invoice',
  );
  t.equal(third?.deleted, true, 'an invoice deleted since keeps its printed result');
  t.same(fourth?.document, { sha256: results[3]?.sha256, purged_at: AT });
  t.same(model.period, { from: '2026-10-05', to: '2026-10-05' });
  t.equal(model.policy.version, 'uploaded file policy.pdf');
});

t.test(
  'a copy of an invoice claimed earlier is listed but counted once, in its own claim',
  async (t) => {
    const results = [
      result(1, 'INR', 10_000, 10_000, 'fully_reimbursed'),
      { ...result(2, 'INR', 4_000, 4_000, 'fully_reimbursed'), duplicate_of: 'inv-earlier' },
    ];
    const model = buildReportModel(source(results));
    t.same(model.totals, [
      { currency: 'INR', count: 1, claimed_minor: 10_000, reimbursable_minor: 10_000 },
    ]);
    t.same(model.copies, [
      { currency: 'INR', count: 1, claimed_minor: 4_000, reimbursable_minor: 4_000 },
    ]);
    t.equal(model.invoices[1]?.duplicate_of, 'inv-earlier');
    const html = renderReportHtml(model, [{ missing: 'x' }, { missing: 'y' }]);
    t.match(html, 'of invoice inv-earlier, claimed earlier: not in the totals');
    t.match(html, '1 exact copy of invoices claimed earlier, ₹40.00 claimed');
  },
);

t.test(
  'a copy of a file earlier in the same claim names that file, not an earlier claim',
  async (t) => {
    const results = [
      result(1, 'INR', 10_000, 10_000, 'fully_reimbursed'),
      // The same bytes under a second name: duplicate_of names the first copy's invoice.
      { ...result(2, 'INR', 10_000, 10_000, 'fully_reimbursed'), duplicate_of: 'inv-1' },
      { ...result(3, 'INR', 4_000, 4_000, 'fully_reimbursed'), duplicate_of: 'inv-earlier' },
    ];
    const model = buildReportModel(source(results));
    t.equal(model.invoices[1]?.copy_of_file, 'receipts/bill-1.pdf');
    t.equal(model.invoices[2]?.copy_of_file, null, 'an earlier claim is named by id only');
    t.same(model.totals, [
      { currency: 'INR', count: 1, claimed_minor: 10_000, reimbursable_minor: 10_000 },
    ]);
    t.same(model.claim_copies, [
      { currency: 'INR', count: 1, claimed_minor: 10_000, reimbursable_minor: 10_000 },
    ]);
    t.same(model.copies, [
      { currency: 'INR', count: 1, claimed_minor: 4_000, reimbursable_minor: 4_000 },
    ]);

    const inClaim = 'Copy: a copy of receipts/bill-1.pdf in this claim: not in the totals';
    const earlier = 'Copy: of invoice inv-earlier, claimed earlier: not in the totals';
    const pdf = await renderReportPdf(
      model,
      results.map(() => ({ missing: 'x' })),
    );
    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    const text = (await parser.getText()).text.replace(/\s+/g, ' ');
    await parser.destroy();
    t.match(text, inClaim);
    t.match(text, earlier, 'a copy of an earlier claim still says so');
    t.equal(text.split('claimed earlier').length - 1, 2, 'once for that copy, once in the totals');
    t.match(text, 'Not counted (INR): 1 exact copy of files in this claim, ₹100.00 claimed');
    t.match(text, 'Not counted (INR): 1 exact copy of invoices claimed earlier, ₹40.00 claimed');

    const html = renderReportHtml(model, [{ missing: 'x' }, { missing: 'y' }, { missing: 'z' }]);
    t.match(html, 'a copy of receipts/bill-1.pdf in this claim: not in the totals');
    t.match(html, '1 exact copy of files in this claim, ₹100.00 claimed');
  },
);

t.test('overrides come from the audit log, oldest first, without a duplicate', async (t) => {
  const results = [result(1, 'INR', 10_000, 5_000, 'partially_reimbursed')];
  const entry = (at: string, reason: string, to: number) =>
    overrideFromAudit({
      at,
      actor_name: 'Fiona Finance',
      details: {
        from: { status: 'partially_reimbursed', reimbursable_minor: 5_000 },
        to: {
          status: to === 10_000 ? 'fully_reimbursed' : 'partially_reimbursed',
          reimbursable_minor: to,
        },
        reason,
      },
    });
  const later = entry('2026-11-04T00:00:00.000Z', 'Second look.', 10_000);
  const earlier = entry('2026-11-03T00:00:00.000Z', 'First look.', 7_000);
  t.equal(overrideFromAudit({ at: AT, actor_name: 'x', details: {} }), null, 'malformed: skipped');
  const stored = record(results[0] as DocumentResult, {
    override: {
      status: 'fully_reimbursed',
      reimbursable: { amount_minor: 10_000, currency: 'INR' },
      reason: 'Second look.',
      by: { sub: 'u-f', name: 'Fiona Finance' },
      at: '2026-11-04T00:00:00.000Z',
    },
  });
  const model = buildReportModel(
    source(results, {
      invoices: new Map([['inv-1', stored]]),
      overrides: new Map([['inv-1', [later!, earlier!]]]),
    }),
  );
  t.same(
    model.invoices[0]?.overrides.map((o) => o.reason),
    ['First look.', 'Second look.'],
  );
});

t.test('amounts are written for the currency’s locale, or the one asked for', async (t) => {
  t.equal(formatMoney(12_345_678, 'INR'), '₹1,23,456.78');
  t.equal(formatMoney(123_456, 'GBP'), '£1,234.56');
  t.equal(formatMoney(123_456, 'EUR'), '€1,234.56');
  t.equal(formatMoney(123_456, 'JPY'), '¥123,456', 'no minor unit for yen');
  t.equal(formatMoney(123_456, 'EUR', 'de-DE'), '1.234,56\u00a0€');
  t.equal(formatMoney(123_456, 'JPY', 'ja-JP'), '¥123,456', 'the full-width yen becomes ¥');
  t.equal(homeLocale('inr'), 'en-IN');
  t.match(formatMoney(150, 'XQQ'), /^1\.50 XQQ$|XQQ/, 'an unknown code still prints');
});

t.test('the HTML escapes everything a claimant typed', async (t) => {
  t.equal(
    escapeHtml(`<a href="x">'&'</a>`),
    '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
  );
  const hostile = '<img src=x onerror=alert(1)>';
  const results = [{ ...result(1, 'INR', 100, 100, 'fully_reimbursed'), name: `${hostile}.pdf` }];
  const model = buildReportModel({ ...source(results), job: job(results, hostile) });
  const html = renderReportHtml(model, [{ missing: `Gone ${hostile}` }]);
  t.notOk(html.includes('<img src=x'), 'no element from user text');
  t.equal(
    html.split('&lt;img src=x onerror=alert(1)&gt;').length - 1,
    5,
    'title, name, file, alt-less placeholder, footer',
  );
  t.match(html, '@media print');
});

t.test('the PDF carries ₹, €, £, ¥ and accents as selectable text', async (t) => {
  const results = [
    result(1, 'INR', 12_345_678, 46_200, 'partially_reimbursed'),
    result(2, 'EUR', 9_999, 9_999, 'fully_reimbursed'),
    result(3, 'GBP', 4_550, 4_550, 'fully_reimbursed'),
    result(4, 'JPY', 3_200, 0, 'declined', 'travel'),
  ];
  const model = buildReportModel(source(results));
  const pdf = await renderReportPdf(
    model,
    results.map(() => ({ missing: 'No original is kept for this document.' })),
  );
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  const read = await parser.getText();
  await parser.destroy();
  const text = read.text.replace(/\s+/g, ' ');
  t.match(text, 'Employee: Zoë Ångström');
  for (const amount of ['₹1,23,456.78', '€99.99', '£45.50', '¥3,200'])
    t.ok(text.includes(amount), `${amount} reads back`);
  t.match(text, '“Sentence 1 of the policy.” (policy page 2)');
  t.match(text, '→ Effect 1: 12345678 capped to 46200.');
  t.match(text, 'Original: No original is kept for this document.');
  t.match(text, `page ${read.pages.length} of ${read.pages.length}`, 'the last page is numbered');
});
