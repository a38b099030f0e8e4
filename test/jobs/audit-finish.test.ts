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

  // The same files in a later claim are that claim's invoices: written anew, under ids of their own.
  const again = (
    await app.inject({
      method: 'POST',
      url: '/api/v1/analyze-invoices',
      payload: sampleClaim({ force: 'true' }),
    })
  ).json();
  const [rewritten] = await finishes();
  t.equal(rewritten?.target_id, again.id);
  const ids = (rewritten?.details.invoice_ids ?? []) as string[];
  t.equal(ids.length, sampleZipInvoices().length, 'every invoice of the later claim written');
  t.notOk(
    ids.some((id) => first.results.some((r: { invoice_id: string }) => r.invoice_id === id)),
    'none of the first claim’s touched',
  );
  t.equal(rewritten?.details.force, true, 'force is still recorded as sent');
});
