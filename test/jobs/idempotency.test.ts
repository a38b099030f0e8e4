import { resolve } from 'node:path';
import t from 'tap';
import { buildTestApp } from '../helpers/app.js';
import { claimForm, IAI_DIR, iaiClaim } from '../helpers/claims.js';
import { requireDataset } from '../helpers/datasets.js';

requireDataset('iai-2024');

t.test('a retry with the same Idempotency-Key and payload replays the first answer', async (t) => {
  const app = await buildTestApp(t);
  const headers = { 'idempotency-key': 'claim-2024-12-rani-1' };
  const first = await app.inject({
    method: 'POST',
    url: '/api/v1/jobs',
    headers,
    payload: iaiClaim(),
  });
  t.equal(first.statusCode, 202);
  const retry = await app.inject({
    method: 'POST',
    url: '/api/v1/jobs',
    headers,
    payload: iaiClaim(),
  });
  t.equal(retry.statusCode, 202);
  t.equal(retry.headers['idempotent-replayed'], 'true');
  t.equal(retry.json().id, first.json().id, 'the same job, not a second one');
  t.equal(retry.headers.location, first.headers.location);

  const other = await app.inject({
    method: 'POST',
    url: '/api/v1/jobs',
    headers,
    payload: iaiClaim({ employee_name: 'Hardik Rao' }),
  });
  t.equal(other.statusCode, 422);
  t.equal(other.json().code, 'idempotency_key_reused');

  const elsewhere = await app.inject({
    method: 'POST',
    url: '/api/v1/analyze-invoices',
    headers,
    payload: iaiClaim(),
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
    payload: iaiClaim(),
  });
  // The second arrives while the first waits for its job.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const second = await app.inject({
    method: 'POST',
    url: '/api/v1/analyze-invoices',
    headers,
    payload: iaiClaim(),
  });
  const firstDone = await first;
  t.equal(firstDone.statusCode, 200);
  t.equal(second.statusCode, 409);
  t.equal(second.json().code, 'idempotency_in_progress');
  const third = await app.inject({
    method: 'POST',
    url: '/api/v1/analyze-invoices',
    headers,
    payload: iaiClaim(),
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
    payload: iaiClaim(),
  });
  t.equal(res.statusCode, 400);
  t.equal(res.json().errors[0].pointer, 'headers:/idempotency-key');
});

t.test('re-uploading the same files returns the stored analysis unless force=true', async (t) => {
  const app = await buildTestApp(t);
  const meals = (fields: Record<string, string> = {}) =>
    claimForm({ employee_name: 'Rani Sharma', claim_date: '2024-12-31', ...fields }, [
      { field: 'policy_file', path: resolve(IAI_DIR, 'policy.pdf') },
      { field: 'invoices_zip', path: resolve(IAI_DIR, 'meal-invoices.zip') },
    ]);
  const first = (
    await app.inject({ method: 'POST', url: '/api/v1/analyze-invoices', payload: meals() })
  ).json();
  t.ok(first.results.every((r: { reused: boolean }) => !r.reused));
  const second = (
    await app.inject({ method: 'POST', url: '/api/v1/analyze-invoices', payload: meals() })
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
      payload: meals({ force: 'true' }),
    })
  ).json();
  t.ok(forced.results.every((r: { reused: boolean }) => !r.reused));
  t.same(
    forced.results.map((r: { invoice_id: string }) => r.invoice_id),
    first.results.map((r: { invoice_id: string }) => r.invoice_id),
    'stored under the same ids: no duplicates',
  );
  const list = await app.services.invoices.list({}, { limit: 100 });
  t.equal(list.items.length, 8, 'eight invoices stored, not sixteen');
});

t.test('a retried stream request with the same key streams the same job again', async (t) => {
  const app = await buildTestApp(t);
  const headers = { 'idempotency-key': 'stream-claim-0001' };
  const first = await app.inject({
    method: 'POST',
    url: '/api/v1/analyze-invoices-stream',
    headers,
    payload: iaiClaim(),
  });
  const retry = await app.inject({
    method: 'POST',
    url: '/api/v1/analyze-invoices-stream',
    headers,
    payload: iaiClaim(),
  });
  t.equal(retry.statusCode, 200);
  t.equal(retry.headers.location, first.headers.location, 'the same job');
  t.equal(retry.body, first.body, 'the same numbered events');
  const jobs = new Set(
    (await app.services.invoices.list({}, { limit: 100 })).items.map((i) => i.job_id),
  );
  t.equal(jobs.size, 1, 'one job ran');
});
