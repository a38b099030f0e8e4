/**
 * The claim report over HTTP: the sample claim analysed once for Asha, one decision overridden by
 * Fiona (finance), then the PDF read back as text and the HTML read as markup. Subtests share the
 * analysis and run in order; the last one removes an original.
 */
import { resolve } from 'node:path';
import { PDFParse } from 'pdf-parse';
import t, { type Test } from 'tap';
import { queuedJob } from '../../src/domain/jobs.js';
import type { InvoiceRecord } from '../../src/domain/types.js';
import { formatMoney } from '../../src/report/money.js';
import { buildTestApp } from '../helpers/app.js';
import {
  claimForm,
  SAMPLES_DIR,
  sampleClaim,
  sampleExpected,
  sampleZipInvoices,
} from '../helpers/claims.js';
import { bearer, jwtEnv, tokenFor, USERS } from '../helpers/tokens.js';
import { makePdf, makeZip } from '../ingest/ingest-fixtures.js';

const expected = sampleExpected();
const invoices = sampleZipInvoices();
const inr = (minor: number) => formatMoney(minor, 'INR');
const REASON = 'Approved by the CFO: client dinner <with> "partners" & guests.';

async function seed(t: Test) {
  const app = await buildTestApp(t, { env: jwtEnv() });
  const auth = {
    asha: bearer(await tokenFor(USERS.asha)),
    ravi: bearer(await tokenFor(USERS.ravi)),
    fiona: bearer(await tokenFor(USERS.fiona)),
  };
  const analysed = await app.inject({
    method: 'POST',
    url: '/api/v1/analyze-invoices',
    headers: auth.asha,
    payload: sampleClaim({ employee_name: USERS.asha.name }),
  });
  t.equal(analysed.statusCode, 200, 'the sample claim is analysed');
  const job = analysed.json() as {
    id: string;
    results: Array<{ name: string; invoice_id: string; reimbursable: { amount_minor: number } }>;
  };
  // Fiona pays the capped meal in full: the report must show her, the reason and both amounts.
  const capped = invoices.find(
    (invoice) => invoice.category === 'meal' && invoice.expected_status === 'partially_reimbursed',
  ) as (typeof invoices)[number];
  const target = job.results.find(
    (result) => result.name === capped.file,
  ) as (typeof job.results)[number];
  const override = await app.inject({
    method: 'PATCH',
    url: `/api/v1/invoices/${target.invoice_id}/decision`,
    headers: auth.fiona,
    payload: {
      status: 'fully_reimbursed',
      reimbursable_minor: capped.claimed_minor,
      reason: REASON,
    },
  });
  t.equal(override.statusCode, 200, 'the override is saved');
  return { app, auth, job, capped, target };
}

const seeded = (() => {
  let once: ReturnType<typeof seed> | null = null;
  return () => (once ??= seed(t));
})();

async function pdfText(bytes: Buffer): Promise<{ text: string; pages: number }> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    const result = await parser.getText();
    return { text: result.text, pages: result.pages.length };
  } finally {
    await parser.destroy();
  }
}

/** pdf.js may break a long line anywhere: compare with whitespace folded. */
const fold = (text: string) => text.replace(/\s+/g, ' ');

t.test('the PDF report says who, what was claimed and decided, and why', async (t) => {
  const { app, auth, job, capped } = await seeded();
  const answer = await app.inject({
    method: 'GET',
    url: `/api/v1/jobs/${job.id}/report.pdf`,
    headers: auth.asha,
  });
  t.equal(answer.statusCode, 200);
  t.equal(answer.headers['content-type'], 'application/pdf');
  t.match(answer.headers['content-disposition'], /^inline; filename="claim-report-/);
  t.equal(answer.rawPayload.subarray(0, 5).toString(), '%PDF-');
  const { text: raw, pages } = await pdfText(answer.rawPayload);
  const text = fold(raw);
  t.ok(pages >= 2, `paginated (${pages} pages)`);
  t.match(text, `page 1 of ${pages}`, 'pages are numbered in the footer');
  t.match(text, `Employee: ${USERS.asha.name}`);
  t.match(text, `Claim date: ${expected.claim_date}`);
  t.match(text, /Policy version: uploaded file policy\.pdf/);

  const claimed = invoices.reduce((sum, invoice) => sum + invoice.claimed_minor, 0);
  const engine = invoices.reduce((sum, invoice) => sum + invoice.expected_reimbursable_minor, 0);
  const reimbursable = engine - capped.expected_reimbursable_minor + capped.claimed_minor;
  t.match(
    text,
    `Claimed (INR): ${inr(claimed)}`,
    'the total claimed, in rupees as India writes them',
  );
  t.match(text, `Reimbursable (INR): ${inr(reimbursable)}`, 'the total after the override');
  t.match(inr(claimed), /^₹\d{1,2}(,\d\d)*,\d{3}\.\d\d$/, 'en-IN grouping (lakh) with the ₹ sign');
  for (const category of new Set(invoices.map((invoice) => invoice.category)))
    t.match(text, new RegExp(`\\b${category} \\d+ ₹`), `a ${category} line in the totals table`);

  for (const invoice of invoices) {
    t.match(text, invoice.file, `${invoice.file} is listed`);
    if (invoice === capped) continue;
    const words = {
      fully_reimbursed: 'Fully reimbursed',
      partially_reimbursed: 'Partially reimbursed',
      declined: 'Declined',
    }[invoice.expected_status];
    t.match(
      text,
      `Decision: ${words}: ${inr(invoice.expected_reimbursable_minor)} reimbursable of ${inr(invoice.claimed_minor)} claimed`,
      `${invoice.file}: its decision`,
    );
  }
});

t.test('the PDF cites the policy sentences and shows the override', async (t) => {
  const { app, auth, job, capped } = await seeded();
  const full = (
    await app.inject({ method: 'GET', url: `/api/v1/jobs/${job.id}`, headers: auth.asha })
  ).json() as {
    results: Array<{ decision: { rules_applied: Array<{ quote: string; effect: string }> } }>;
  };
  const answer = await app.inject({
    method: 'GET',
    url: `/api/v1/jobs/${job.id}/report.pdf`,
    headers: auth.asha,
  });
  const text = fold((await pdfText(answer.rawPayload)).text);
  const rules = full.results.flatMap((result) => result.decision?.rules_applied ?? []);
  t.ok(rules.length > 0, 'the decisions cite rules');
  for (const rule of rules) {
    t.ok(text.includes(fold(rule.quote)), `quoted: ${rule.quote.slice(0, 40)}…`);
    t.ok(text.includes(fold(rule.effect)), `its arithmetic: ${rule.effect.slice(0, 40)}…`);
  }
  t.match(text, `Decision: Fully reimbursed: ${inr(capped.claimed_minor)} reimbursable`);
  t.match(
    text,
    `Engine’s decision: Partially reimbursed: ${inr(capped.expected_reimbursable_minor)}`,
  );
  t.match(text, `Override: ${USERS.fiona.name},`, 'the reviewer');
  t.ok(text.includes(`Reason: ${REASON}`), 'the reason, as typed');
});

t.test('the HTML report is the same report, escaped, self-contained and printable', async (t) => {
  const { app, auth, job } = await seeded();
  const answer = await app.inject({
    method: 'GET',
    url: `/api/v1/jobs/${job.id}/report.html`,
    headers: auth.asha,
  });
  t.equal(answer.statusCode, 200);
  t.match(answer.headers['content-type'], /^text\/html; charset=utf-8/);
  t.match(answer.headers['content-security-policy'], /img-src data:/);
  const html = answer.body;
  t.match(html, USERS.asha.name);
  t.match(html, '@media print');
  t.match(
    html,
    /<img alt="First page of [^"]+" src="data:image\/png;base64,iVBOR/,
    'thumbnails inline',
  );
  t.ok(
    html.includes(
      'Approved by the CFO: client dinner &lt;with&gt; &quot;partners&quot; &amp; guests.',
    ),
  );
  t.notOk(html.includes('<with>'), 'the reason is never markup');
});

t.test('?locale= writes the amounts for another locale; an unknown one is a 400', async (t) => {
  const { app, auth, job } = await seeded();
  const claimed = invoices.reduce((sum, invoice) => sum + invoice.claimed_minor, 0);
  const german = await app.inject({
    method: 'GET',
    url: `/api/v1/jobs/${job.id}/report.pdf?locale=de-DE`,
    headers: auth.asha,
  });
  t.equal(german.statusCode, 200);
  const text = fold((await pdfText(german.rawPayload)).text);
  t.ok(text.includes(fold(`Claimed (INR): ${formatMoney(claimed, 'INR', 'de-DE')}`)), 'de-DE');
  t.match(formatMoney(claimed, 'INR', 'de-DE'), /^\d{1,3}(\.\d{3})*,\d\d\s₹$/);
  const unknown = await app.inject({
    method: 'GET',
    url: `/api/v1/jobs/${job.id}/report.html?locale=zz-ZZ`,
    headers: auth.asha,
  });
  t.equal(unknown.statusCode, 400);
  t.match(unknown.json(), {
    code: 'validation_failed',
    errors: [{ pointer: 'querystring:/locale' }],
  });
});

t.test('access is that of the job: another employee gets 404, finance reads it', async (t) => {
  const { app, auth, job } = await seeded();
  for (const format of ['pdf', 'html']) {
    const url = `/api/v1/jobs/${job.id}/report.${format}`;
    const other = await app.inject({ method: 'GET', url, headers: auth.ravi });
    t.equal(other.statusCode, 404, `${format}: not Ravi's`);
    t.equal(other.json().code, 'not_found');
    const missing = await app.inject({
      method: 'GET',
      url: `/api/v1/jobs/no-such-job/report.${format}`,
      headers: auth.ravi,
    });
    t.same(
      other.json().detail.replace(job.id, 'X'),
      missing.json().detail.replace('no-such-job', 'X'),
    );
    t.equal((await app.inject({ method: 'GET', url, headers: auth.fiona })).statusCode, 200);
    t.equal((await app.inject({ method: 'GET', url })).statusCode, 401);
  }
});

t.test('a job that has not ended answers 409 job_not_finished', async (t) => {
  const { app, auth } = await seeded();
  const job = queuedJob(
    'report-not-finished',
    { sub: USERS.asha.sub, name: USERS.asha.name },
    {
      employee_name: USERS.asha.name,
      claim_date: expected.claim_date,
      force: false,
      work_dir: '/nonexistent',
      policy_file: null,
      files: [],
    },
    new Date().toISOString(),
  );
  await app.services.jobs.create(job);
  for (const state of ['queued', 'running'] as const) {
    await app.services.jobs.save({ ...job, state });
    for (const format of ['pdf', 'html']) {
      const answer = await app.inject({
        method: 'GET',
        url: `/api/v1/jobs/${job.id}/report.${format}`,
        headers: auth.asha,
      });
      t.equal(answer.statusCode, 409, `${state}, ${format}`);
      t.match(answer.headers['content-type'], /^application\/problem\+json/);
      t.match(answer.json(), { code: 'job_not_finished', detail: new RegExp(`is ${state}`) });
    }
  }
  const ravi = await app.inject({
    method: 'GET',
    url: `/api/v1/jobs/${job.id}/report.pdf`,
    headers: auth.ravi,
  });
  t.equal(ravi.statusCode, 404, 'someone else learns nothing, not even that it runs');
});

t.test('a hostile employee name is text in the HTML and the PDF', async (t) => {
  const { app, auth } = await seeded();
  const name = '<script>alert("x")</script> Zoë & O\'Brien';
  const now = new Date().toISOString();
  const job = queuedJob(
    'report-hostile-name',
    { sub: USERS.asha.sub, name: USERS.asha.name },
    {
      employee_name: name,
      claim_date: expected.claim_date,
      force: false,
      work_dir: '/nonexistent',
      policy_file: null,
      files: [],
    },
    now,
  );
  await app.services.jobs.create({ ...job, state: 'succeeded' });
  const html = (
    await app.inject({
      method: 'GET',
      url: `/api/v1/jobs/${job.id}/report.html`,
      headers: auth.asha,
    })
  ).body;
  t.notOk(html.includes('<script>'), 'no markup from the name');
  t.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Zoë &amp; O&#39;Brien'));
  const pdf = await app.inject({
    method: 'GET',
    url: `/api/v1/jobs/${job.id}/report.pdf`,
    headers: auth.asha,
  });
  t.ok(
    fold((await pdfText(pdf.rawPayload)).text).includes(`Employee: ${name}`),
    'printed as typed',
  );
});

t.test('an original that is gone prints a line in place of its thumbnail', async (t) => {
  const { app, auth, job, target } = await seeded();
  const record = (await app.services.invoices.get(target.invoice_id)) as InvoiceRecord;
  await app.services.documents.delete(record.file_sha256);
  const purgedAt = '2026-11-30T01:00:00.000Z';
  await app.services.invoices.upsert([{ ...record, document: { purged_at: purgedAt } }]);
  const answer = await app.inject({
    method: 'GET',
    url: `/api/v1/jobs/${job.id}/report.pdf`,
    headers: auth.asha,
  });
  t.equal(answer.statusCode, 200, 'still a report');
  t.match(
    fold((await pdfText(answer.rawPayload)).text),
    'Original: The original was deleted on 2026-11-30 under the retention policy.',
  );
  const html = (
    await app.inject({
      method: 'GET',
      url: `/api/v1/jobs/${job.id}/report.html`,
      headers: auth.asha,
    })
  ).body;
  t.match(html, 'Original: The original was deleted on 2026-11-30');
});

t.test(
  'the same file twice in one claim: the copy names the first file of this claim',
  async (t) => {
    const app = await buildTestApp(t, { env: jwtEnv() });
    const auth = bearer(await tokenFor(USERS.asha));
    const bill = await makePdf([
      [
        'Harbourside Canteen',
        'Bill No: HC-40917',
        'Date: 07/10/2026',
        'Lunch',
        'Total: INR 420.00',
      ],
    ]);
    const zip = await makeZip([
      { name: 'meals/lunch.pdf', data: bill },
      // Documents are taken in name order: meals/ comes first.
      { name: 'saved/lunch.pdf', data: bill },
    ]);
    const analysed = await app.inject({
      method: 'POST',
      url: '/api/v1/analyze-invoices',
      headers: auth,
      payload: claimForm({ employee_name: USERS.asha.name, claim_date: expected.claim_date }, [
        { field: 'policy_file', path: resolve(SAMPLES_DIR, 'policy.pdf'), type: 'application/pdf' },
        { field: 'invoices_zip', bytes: zip, name: 'claim.zip', type: 'application/zip' },
      ]),
    });
    t.equal(analysed.statusCode, 200, analysed.body.slice(0, 300));
    const job = analysed.json() as { id: string; results: Array<{ duplicate_of?: string | null }> };
    t.ok(
      job.results.some((result) => result.duplicate_of),
      'the later copy names the first (the premise)',
    );
    const answer = await app.inject({
      method: 'GET',
      url: `/api/v1/jobs/${job.id}/report.pdf`,
      headers: auth,
    });
    t.equal(answer.statusCode, 200);
    const text = fold((await pdfText(answer.rawPayload)).text);
    t.match(text, 'Copy: a copy of meals/lunch.pdf in this claim: not in the totals');
    t.notMatch(text, /claimed earlier/, 'no earlier claim is spoken of');
    t.match(text, /Not counted \(INR\): 1 exact copy of files in this claim, ₹420\.00 claimed/);
  },
);
