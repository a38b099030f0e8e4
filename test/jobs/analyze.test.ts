import t from 'tap';
import { buildTestApp } from '../helpers/app.js';
import { SAMPLE_ZIP, sampleClaim, sampleExpected, sampleZipEntries } from '../helpers/claims.js';
import { pdfPages } from '../helpers/documents.js';

t.test(
  'POST /analyze-invoices decides the sample claim, ZIP and photo, as samples/expected.json says',
  async (t) => {
    const expected = sampleExpected();
    const app = await buildTestApp(t);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/analyze-invoices',
      payload: sampleClaim({}, { photo: true }),
    });
    t.equal(res.statusCode, 200, res.body.slice(0, 500));
    const job = res.json();
    t.equal(job.state, 'succeeded');
    t.equal(job.results.length, expected.invoices.length);
    for (const want of expected.invoices) {
      const result = job.results.find((r: { name: string }) => r.name === want.file);
      t.ok(result, `result for ${want.file}`);
      if (!result) continue;
      t.equal(result.outcome, 'analysed', want.file);
      t.same(
        {
          status: result.status,
          claimed: result.claimed.amount_minor,
          reimbursable: result.reimbursable.amount_minor,
          currency: result.reimbursable.currency,
          flags: [...result.flags].sort(),
        },
        {
          status: want.expected_status,
          claimed: want.claimed_minor,
          reimbursable: want.expected_reimbursable_minor,
          currency: expected.currency,
          flags: [...want.expected_flags].sort(),
        },
        `${want.file}: ${result.reason}`,
      );
    }
    t.equal(job.summary.analysed, expected.invoices.length);
    t.equal(
      job.summary.claimed_minor,
      expected.invoices.reduce((sum, i) => sum + i.claimed_minor, 0),
    );
    t.equal(
      job.summary.reimbursable_minor,
      expected.invoices.reduce((sum, i) => sum + i.expected_reimbursable_minor, 0),
    );
    t.equal(job.policy.compiled_by, 'offline');
    t.equal(res.headers.location, `/api/v1/jobs/${job.id}`);

    const again = await app.inject({ method: 'GET', url: `/api/v1/jobs/${job.id}` });
    t.equal(again.statusCode, 200);
    t.same(again.json().summary, job.summary);

    // Each stored invoice keeps its hash, page count and the text of every page.
    const [entry] = await sampleZipEntries();
    if (!entry) throw new Error(`${SAMPLE_ZIP} is empty`);
    const pageCount = (await pdfPages(entry.data)).length;
    const first = job.results.find((r: { name: string }) => r.name === entry.name);
    const invoice = (
      await app.inject({ method: 'GET', url: `/api/v1/invoices/${first.invoice_id}` })
    ).json();
    t.match(invoice, { file_sha256: first.sha256, page_count: pageCount });
    t.notOk('pages' in invoice, 'page text stays in the store, out of the API');
    const stored = await app.services.invoices.get(first.invoice_id);
    t.equal(stored?.pages?.length, pageCount);
    t.match(stored?.pages?.[0], /\S/, 'the page text as read');
  },
);
