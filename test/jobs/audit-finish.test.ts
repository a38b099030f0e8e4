import t from 'tap';
import { buildTestApp } from '../helpers/app.js';
import { sampleClaim, sampleExpected, sampleZipInvoices } from '../helpers/claims.js';

t.test('the end of every job is audited with the invoices it wrote', async (t) => {
  const app = await buildTestApp(t);
  const finishes = async () =>
    (await app.services.audit.list({ action: 'job.finish' }, { limit: 10 })).items;

  const first = (
    await app.inject({
      method: 'POST',
      url: '/api/v1/analyze-invoices',
      headers: { 'x-request-id': 'upload-req-0001' },
      payload: sampleClaim(),
    })
  ).json();
  const [entry] = await finishes();
  t.match(entry, {
    action: 'job.finish',
    target_type: 'job',
    target_id: first.id,
    actor_sub: 'system:analysis-worker',
    actor_role: 'system',
  });
  t.match(
    entry,
    { request_id: 'upload-req-0001', client_ip: '127.0.0.1' },
    'named by the request that created the job',
  );
  t.match(entry?.details, {
    state: 'succeeded',
    owner_sub: first.owner_sub ?? String,
    employee_name: sampleExpected().employee_name,
    force: false,
    error: null,
  });
  t.same(
    [...((entry?.details.invoice_ids ?? []) as string[])].sort(),
    first.results.map((r: { invoice_id: string }) => r.invoice_id).sort(),
    'every invoice written',
  );

  await app.inject({ method: 'POST', url: '/api/v1/analyze-invoices', payload: sampleClaim() });
  t.same(
    (await finishes())[0]?.details.invoice_ids,
    [],
    'a re-upload that reused every invoice changed none',
  );

  const forced = (
    await app.inject({
      method: 'POST',
      url: '/api/v1/analyze-invoices',
      payload: sampleClaim({ force: 'true' }),
    })
  ).json();
  const [replaced] = await finishes();
  t.equal(replaced?.target_id, forced.id);
  t.equal(
    ((replaced?.details.invoice_ids ?? []) as string[]).length,
    sampleZipInvoices().length,
    'force=true rewrote every invoice of the claim, and says so',
  );
  t.equal(replaced?.details.force, true);
});
