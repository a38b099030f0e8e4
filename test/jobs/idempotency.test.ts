import t from 'tap';
import { buildTestApp } from '../helpers/app.js';
import { parseSse, sampleClaim, sampleZipInvoices } from '../helpers/claims.js';

t.test('a retry with the same Idempotency-Key and payload replays the first answer', async (t) => {
  const app = await buildTestApp(t);
  const headers = { 'idempotency-key': 'claim-2026-10-priya-1' };
  const first = await app.inject({
    method: 'POST',
    url: '/api/v1/jobs',
    headers,
    payload: sampleClaim(),
  });
  t.equal(first.statusCode, 202);
  const retry = await app.inject({
    method: 'POST',
    url: '/api/v1/jobs',
    headers,
    payload: sampleClaim(),
  });
  t.equal(retry.statusCode, 202);
  t.equal(retry.headers['idempotent-replayed'], 'true');
  t.equal(retry.json().id, first.json().id, 'the same job, not a second one');
  t.equal(retry.headers.location, first.headers.location);

  const other = await app.inject({
    method: 'POST',
    url: '/api/v1/jobs',
    headers,
    payload: sampleClaim({ employee_name: 'Another Employee' }),
  });
  t.equal(other.statusCode, 422);
  t.equal(other.json().code, 'idempotency_key_reused');

  const elsewhere = await app.inject({
    method: 'POST',
    url: '/api/v1/analyze-invoices',
    headers,
    payload: sampleClaim(),
  });
  t.equal(
    elsewhere.statusCode,
    422,
    'the same key and files on another route are another request, not a replay',
  );
  t.equal(elsewhere.json().code, 'idempotency_key_reused');
});

t.test('a retry while the first request still runs is 409', async (t) => {
  const app = await buildTestApp(t, { env: { ANALYZE_WAIT_MS: '60000' } });
  const headers = { 'idempotency-key': 'claim-running-0001' };
  const first = app.inject({
    method: 'POST',
    url: '/api/v1/analyze-invoices',
    headers,
    payload: sampleClaim(),
  });
  // The second arrives while the first waits for its job.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const second = await app.inject({
    method: 'POST',
    url: '/api/v1/analyze-invoices',
    headers,
    payload: sampleClaim(),
  });
  const firstDone = await first;
  t.equal(firstDone.statusCode, 200);
  t.equal(second.statusCode, 409);
  t.equal(second.json().code, 'idempotency_in_progress');
  const third = await app.inject({
    method: 'POST',
    url: '/api/v1/analyze-invoices',
    headers,
    payload: sampleClaim(),
  });
  t.equal(third.statusCode, 200);
  t.equal(third.headers['idempotent-replayed'], 'true');
  t.same(third.json(), firstDone.json());
});

t.test('a malformed key is a 400 naming the header', async (t) => {
  const app = await buildTestApp(t);
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/jobs',
    headers: { 'idempotency-key': 'bad key with spaces' },
    payload: sampleClaim(),
  });
  t.equal(res.statusCode, 400);
  t.equal(res.json().errors[0].pointer, 'headers:/idempotency-key');
});

t.test(
  'a new claim of the same files is decided again: new records, flagged, counted once',
  async (t) => {
    const app = await buildTestApp(t);
    const post = async (fields: Record<string, string> = {}) =>
      (
        await app.inject({
          method: 'POST',
          url: '/api/v1/analyze-invoices',
          payload: sampleClaim(fields),
        })
      ).json();
    const first = await post();
    const second = await post();
    t.ok(
      second.results.every((r: { reused: boolean }) => !r.reused),
      'nothing is reused',
    );
    const firstIds = first.results.map((r: { invoice_id: string }) => r.invoice_id);
    t.same(
      second.results.map((r: { duplicate_of: string }) => r.duplicate_of),
      firstIds,
      'each a copy of the first claim’s invoice',
    );
    t.ok(
      second.results.every(
        (r: { invoice_id: string; flags: string[] }) =>
          !firstIds.includes(r.invoice_id) && r.flags.includes('possible_duplicate'),
      ),
      'under ids of its own, flagged',
    );
    t.equal(second.summary.reimbursable_minor, 0, 'the second claim adds nothing to pay');
    t.equal(second.summary.copies.count, first.results.length);
    // force no longer means anything: it is accepted, and the claim is a claim like any other.
    const forced = await post({ force: 'true' });
    t.equal(forced.summary.copies.count, first.results.length);
    const list = await app.services.invoices.list({}, { limit: 100 });
    t.equal(list.items.length, 3 * sampleZipInvoices().length, 'each claim stored its own');
    const [total] = await app.services.invoices.aggregate({}, []);
    t.equal(total?.reimbursable_minor, first.summary.reimbursable_minor, 'totals count it once');
  },
);

t.test('a retried stream request with the same key streams the same job again', async (t) => {
  const app = await buildTestApp(t);
  const headers = { 'idempotency-key': 'stream-claim-0001' };
  const first = await app.inject({
    method: 'POST',
    url: '/api/v1/analyze-invoices-stream',
    headers,
    payload: sampleClaim(),
  });
  const retry = await app.inject({
    method: 'POST',
    url: '/api/v1/analyze-invoices-stream',
    headers,
    payload: sampleClaim(),
  });
  t.equal(retry.statusCode, 200);
  t.equal(retry.headers.location, first.headers.location, 'the same job');
  t.same(parseSse(retry.body), parseSse(first.body), 'the same numbered events');
  const jobs = new Set(
    (await app.services.invoices.list({}, { limit: 100 })).items.map((i) => i.job_id),
  );
  t.equal(jobs.size, 1, 'one job ran');
});
