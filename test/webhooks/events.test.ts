/**
 * Every event type is announced from where the work ends: a claim that was analysed
 * (job.completed), a claim that failed as a whole (job.failed), a decision override
 * (invoice.overridden); policy.activated is covered in webhook-routes.test.ts.
 */
import { Webhook } from 'standardwebhooks';
import t from 'tap';
import type { Job } from '../../src/domain/jobs.js';
import type { AuditLog } from '../../src/store/ports.js';
import { auditWithEvents } from '../../src/webhooks/event-sources.js';
import { buildTestApp } from '../helpers/app.js';
import { claimForm } from '../helpers/claims.js';
import { bearer, jwtEnv, tokenFor, USERS } from '../helpers/tokens.js';
import { mealReceipt, policyText, textFile } from '../policies/fixtures.js';
import { type ReceivedRequest, startReceiver } from './receiver.js';

t.test('an analysed claim and an override reach the endpoint as signed events', async (t) => {
  const app = await buildTestApp(t, { env: jwtEnv({ WEBHOOK_ALLOW_PRIVATE: 'true' }) });
  const receiver = await startReceiver(t);
  const adam = bearer(await tokenFor(USERS.adam));
  const registered = await app.inject({
    method: 'POST',
    url: '/api/v1/webhooks',
    headers: adam,
    payload: { url: receiver.url, events: ['job.completed', 'job.failed', 'invoice.overridden'] },
  });
  t.equal(registered.statusCode, 201);
  const verifier = new Webhook(registered.json().secret);
  const event = (request: ReceivedRequest | undefined) =>
    verifier.verify(request?.body ?? '', (request?.headers ?? {}) as Record<string, string>) as {
      type: string;
      data: Record<string, any>;
    };

  const asha = bearer(await tokenFor(USERS.asha));
  const claim = await app.inject({
    method: 'POST',
    url: '/api/v1/analyze-invoices',
    headers: asha,
    // A £42 lunch under a £30 meal cap: partially reimbursed, so finance has something to override.
    payload: claimForm({ employee_name: USERS.asha.name, claim_date: '2026-03-20' }, [
      { field: 'policy_file', ...textFile(policyText(30)) },
      {
        field: 'invoice_files',
        bytes: await mealReceipt({ number: '7781', date: '12/03/2026', total: '42.00' }),
        name: 'lunch.pdf',
        type: 'application/pdf',
      },
    ]),
  });
  t.equal(claim.statusCode, 200);
  const result = claim.json();
  const [completedRequest] = await receiver.waitFor(1);
  const completed = event(completedRequest);
  t.match(completed, {
    type: 'job.completed',
    data: {
      job_id: result.id,
      state: 'succeeded',
      owner_sub: USERS.asha.sub,
      employee_name: USERS.asha.name,
      counts: { total: result.results.length },
      summary: { reimbursable_minor: result.summary.reimbursable_minor },
      error: null,
      links: { job: `/api/v1/jobs/${result.id}` },
    },
  });

  const partial = result.results.find(
    (r: { status?: string }) => r.status === 'partially_reimbursed',
  );
  const fiona = bearer(await tokenFor(USERS.fiona));
  const override = await app.inject({
    method: 'PATCH',
    url: `/api/v1/invoices/${partial.invoice_id}/decision`,
    headers: fiona,
    payload: {
      status: 'fully_reimbursed',
      reimbursable_minor: partial.claimed.amount_minor,
      reason: 'Approved in advance by the manager.',
    },
  });
  t.equal(override.statusCode, 200);
  const [, overriddenRequest] = await receiver.waitFor(2);
  t.match(event(overriddenRequest), {
    type: 'invoice.overridden',
    data: {
      invoice_id: partial.invoice_id,
      job_id: result.id,
      owner_sub: USERS.asha.sub,
      from: {
        status: 'partially_reimbursed',
        reimbursable_minor: partial.reimbursable.amount_minor,
      },
      to: { status: 'fully_reimbursed', reimbursable_minor: partial.claimed.amount_minor },
      reason: 'Approved in advance by the manager.',
      by: { sub: USERS.fiona.sub, name: USERS.fiona.name },
    },
  });
  t.equal(receiver.received.length, 2, 'one event each, nothing else');
});

t.test('a job that failed as a whole is announced as job.failed with its error', async (t) => {
  const recorded: unknown[] = [];
  const emitted: Array<{ type: string; data: Record<string, unknown> }> = [];
  const log: AuditLog = {
    record: async (entry) => {
      recorded.push(entry);
    },
    list: async () => ({ items: [], next_cursor: null }),
  };
  const job = {
    id: 'job-1',
    owner_sub: 'u-asha',
    state: 'failed',
    input: { employee_name: 'Asha Verma' },
    counts: { total: 0, done: 0, analysed: 0, failed: 0 },
    summary: null,
    error: { code: 'model_unavailable', message: 'Gemini is unavailable after 5 attempt(s)' },
  } as unknown as Job;
  const errors: unknown[] = [];
  const audit = auditWithEvents(
    log,
    async (type, data) => emitted.push({ type, data }),
    {
      jobs: { get: async (id) => (id === job.id ? job : null) },
      invoices: { get: async () => null },
    },
    (error) => errors.push(error),
  );
  const finish = {
    actor_sub: 'system:analysis-worker',
    actor_name: 'Analysis worker',
    actor_role: 'system',
    action: 'job.finish',
    target_type: 'job',
    target_id: job.id,
    request_id: 'r-1',
    client_ip: '',
    details: { state: 'failed', owner_sub: 'u-asha', error: 'model_unavailable' },
  };
  await audit.record(finish);
  t.same(recorded, [finish], 'the audit entry is written as before');
  t.match(emitted, [
    {
      type: 'job.failed',
      data: {
        job_id: 'job-1',
        state: 'failed',
        owner_sub: 'u-asha',
        employee_name: 'Asha Verma',
        error: { code: 'model_unavailable' },
      },
    },
  ]);

  await audit.record({ ...finish, action: 'invoice.delete', target_type: 'invoice' });
  t.equal(emitted.length, 1, 'other actions announce nothing');

  const failing = auditWithEvents(
    log,
    async () => {
      throw new Error('webhook store down');
    },
    { jobs: { get: async () => job }, invoices: { get: async () => null } },
    (error) => errors.push(error),
  );
  await failing.record(finish);
  t.equal(recorded.length, 3, 'a failure to announce never fails the change');
  t.match(errors, [{ message: 'webhook store down' }]);
});
