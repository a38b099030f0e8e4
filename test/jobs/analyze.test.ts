import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import t from 'tap';
import { buildTestApp } from '../helpers/app.js';
import { IAI_DIR, iaiClaim } from '../helpers/claims.js';
import { requireDataset } from '../helpers/datasets.js';

requireDataset('iai-2024');

interface Label {
  file: string;
  expected_status: string;
  expected_reimbursable_inr: string;
}

function labels(): Label[] {
  const [header, ...rows] = readFileSync(resolve(IAI_DIR, 'labels.csv'), 'utf8').trim().split('\n');
  const columns = (header as string).split(',');
  return rows.map(
    (row) => Object.fromEntries(row.split(',').map((v, i) => [columns[i], v])) as unknown as Label,
  );
}

t.test('POST /analyze-invoices decides the 18 IAI invoices as labels.csv says', async (t) => {
  const app = await buildTestApp(t);
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/analyze-invoices',
    payload: iaiClaim(),
  });
  t.equal(res.statusCode, 200, res.body.slice(0, 500));
  const job = res.json();
  t.equal(job.state, 'succeeded');
  t.equal(job.results.length, 18);
  for (const label of labels()) {
    const result = job.results.find((r: { name: string }) => r.name === label.file);
    t.ok(result, `result for ${label.file}`);
    t.equal(result.outcome, 'analysed', label.file);
    t.equal(result.status, label.expected_status, `${label.file} status`);
    t.equal(
      result.reimbursable.amount_minor,
      Math.round(Number(label.expected_reimbursable_inr) * 100),
      `${label.file} amount`,
    );
  }
  t.equal(job.summary.analysed, 18);
  t.equal(
    job.summary.reimbursable_minor,
    labels().reduce((sum, l) => sum + Math.round(Number(l.expected_reimbursable_inr) * 100), 0),
  );
  t.equal(job.policy.compiled_by, 'offline');
  t.equal(res.headers.location, `/api/v1/jobs/${job.id}`);

  const again = await app.inject({ method: 'GET', url: `/api/v1/jobs/${job.id}` });
  t.equal(again.statusCode, 200);
  t.same(again.json().summary, job.summary);

  // Each stored invoice keeps its hash, page count and the text of every page.
  const meal = job.results.find((r: { name: string }) => r.name === 'Meal Invoice 1.pdf');
  const invoice = (
    await app.inject({ method: 'GET', url: `/api/v1/invoices/${meal.invoice_id}` })
  ).json();
  t.match(invoice, { file_sha256: meal.sha256, page_count: 1 });
  t.notOk('pages' in invoice, 'page text stays in the store, out of the API');
  const stored = await app.services.invoices.get(meal.invoice_id);
  t.equal(stored?.pages?.length, 1);
  t.match(stored?.pages?.[0], /\S/, 'the page text as read');
});
