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

t.test('re-uploading the same files returns the stored analysis unless force=true', async (t) => {
  const app = await buildTestApp(t);
  const first = (
    await app.inject({ method: 'POST', url: '/api/v1/analyze-invoices', payload: sampleClaim() })
  ).json();
  t.ok(first.results.every((r: { reused: boolean }) => !r.reused));
  const second = (
    await app.inject({ method: 'POST', url: '/api/v1/analyze-invoices', payload: sampleClaim() })
  ).json();
  t.ok(
    second.results.every((r: { reused: boolean }) => r.reused),
    'every result marked reused',
  );
  t.same(
    second.results.map((r: { invoice_id: string }) => r.invoice_id),
    first.results.map((r: { invoice_id: string }) => r.invoice_id),
  );
  t.same(
    second.results.map((r: { reimbursable: unknown }) => r.reimbursable),
    first.results.map((r: { reimbursable: unknown }) => r.reimbursable),
  );
  const forced = (
    await app.inject({
      method: 'POST',
      url: '/api/v1/analyze-invoices',
      payload: sampleClaim({ force: 'true' }),
    })
  ).json();
  t.ok(forced.results.every((r: { reused: boolean }) => !r.reused));
  t.same(
    forced.results.map((r: { invoice_id: string }) => r.invoice_id),
    first.results.map((r: { invoice_id: string }) => r.invoice_id),
    'stored under the same ids: no duplicates',
  );
  const list = await app.services.invoices.list({}, { limit: 100 });
  t.equal(list.items.length, sampleZipInvoices().length, 'each invoice stored once, not twice');
});

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
