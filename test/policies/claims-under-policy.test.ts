/**
 * Claims without a policy file: decided under the active policy, or the policy (and version) they
 * name; each stored decision records the policy id, version and content hash it was made under,
 * and a later claim of the same file is decided under the version of its day. policy_file keeps
 * working as before.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { buildTestApp } from '../helpers/app.js';
import { claimForm, parseSse } from '../helpers/claims.js';
import { jwtEnv } from '../helpers/tokens.js';
import {
  activate,
  auth,
  createPolicy,
  mealReceipt,
  policyText,
  policyUpload,
  textFile,
  USERS,
  type User,
} from './fixtures.js';

const lunch = () => mealReceipt({ number: '7781', date: '12/03/2026', total: '42.00' });

async function claim(
  app: FastifyInstance,
  user: User,
  fields: Record<string, string>,
  receipt: Buffer,
  url = '/api/v1/analyze-invoices',
) {
  const form = claimForm({ employee_name: user.name, claim_date: '2026-03-20', ...fields }, [
    { field: 'invoice_files', bytes: receipt, name: 'lunch.pdf', type: 'application/pdf' },
  ]);
  return app.inject({ method: 'POST', url, headers: await auth(user), payload: form });
}

t.test('without a policy file and no active policy, a claim is 422 no_active_policy', async (t) => {
  const app = await buildTestApp(t, { env: jwtEnv() });
  const res = await claim(app, USERS.asha, {}, await lunch(), '/api/v1/jobs');
  t.equal(res.statusCode, 422);
  t.match(res.json(), { code: 'no_active_policy', errors: [{ pointer: 'policy_file' }] });
  t.same(readdirSync(join(app.services.config.dataDir, 'uploads')), [], 'no files left behind');

  await createPolicy(app, USERS.fiona, textFile(policyText()));
  const draftsOnly = await claim(app, USERS.asha, {}, await lunch(), '/api/v1/jobs');
  t.equal(draftsOnly.json().code, 'no_active_policy', 'a draft is not the active policy');
});

t.test('a claim is decided under the active policy, and records which one', async (t) => {
  const app = await buildTestApp(t, { env: jwtEnv() });
  const policy = await createPolicy(app, USERS.fiona, textFile(policyText(30)));
  await activate(app, USERS.fiona, policy.id, 1);
  const v1 = { policy_id: policy.id, version: 1, content_hash: policy.versions[0].content_hash };

  const res = await claim(app, USERS.asha, {}, await lunch());
  t.equal(res.statusCode, 200, res.body);
  const job = res.json();
  t.equal(job.state, 'succeeded');
  t.same(job.policy_version, v1, 'the job names the version');
  t.match(job.policy, { schema_version: 2, policy_hash: v1.content_hash });
  const [result] = job.results;
  t.match(result, {
    status: 'partially_reimbursed',
    claimed: { amount_minor: 4200, currency: 'GBP' },
    reimbursable: { amount_minor: 3000, currency: 'GBP' },
    policy_version: v1,
  });
  t.match(result.decision.rules_applied, [
    { rule_id: 'meal.cap', quote: 'Meals are reimbursed up to £30 per meal, including taxes.' },
  ]);

  const invoice = (
    await app.inject({
      url: `/api/v1/invoices/${result.invoice_id}`,
      headers: await auth(USERS.asha),
    })
  ).json();
  t.same(invoice.policy_version, v1, 'the stored decision names the version');
  t.equal(invoice.policy_hash, v1.content_hash);

  const audit = await app.inject({
    url: '/api/v1/audit?action=job.create',
    headers: await auth(USERS.adam),
  });
  t.match(audit.json().items[0].details, { policy_id: policy.id, policy_version: 1 });
});

t.test('policy_id names a policy, policy_version one of its versions (a draft too)', async (t) => {
  const app = await buildTestApp(t, { env: jwtEnv() });
  const policy = await createPolicy(app, USERS.fiona, textFile(policyText(30)));
  await activate(app, USERS.fiona, policy.id, 1);
  const added = await app.inject({
    method: 'POST',
    url: `/api/v1/policies/${policy.id}/versions`,
    headers: await auth(USERS.fiona),
    payload: policyUpload(textFile(policyText(40))),
  });
  const v2 = added.json();

  const underDraft = (
    await claim(
      app,
      USERS.fiona,
      { policy_id: policy.id, policy_version: '2' },
      await lunch(),
      '/api/v1/analyze-invoices',
    )
  ).json();
  t.same(underDraft.policy_version, {
    policy_id: policy.id,
    version: 2,
    content_hash: v2.content_hash,
  });
  t.equal(underDraft.results[0].reimbursable.amount_minor, 4000, 'the £40 cap of version 2');

  const other = await mealReceipt({ number: '7782', date: '13/03/2026', total: '42.00' });
  const underPolicy = (await claim(app, USERS.ravi, { policy_id: policy.id }, other)).json();
  t.equal(underPolicy.policy_version.version, 1, 'the policy alone means its active version');
  t.equal(underPolicy.results[0].reimbursable.amount_minor, 3000);

  const headers = await auth(USERS.ravi);
  const cases: Array<{ fields: Record<string, string>; code: string; pointer: string }> = [
    { fields: { policy_id: 'no-such-policy' }, code: 'unknown_policy', pointer: 'policy_id' },
    {
      fields: { policy_id: policy.id, policy_version: '9' },
      code: 'unknown_policy',
      pointer: 'policy_version',
    },
  ];
  for (const { fields, code, pointer } of cases) {
    const form = claimForm({ employee_name: USERS.ravi.name, ...fields }, [
      { field: 'invoice_files', bytes: other, name: 'x.pdf', type: 'application/pdf' },
    ]);
    const res = await app.inject({ method: 'POST', url: '/api/v1/jobs', headers, payload: form });
    t.equal(res.statusCode, 422, code);
    t.match(res.json(), { code, errors: [{ pointer }] });
  }

  const drafts = await createPolicy(app, USERS.fiona, textFile(policyText(25)), 'Only drafts');
  const notActive = await claim(app, USERS.ravi, { policy_id: drafts.id }, other, '/api/v1/jobs');
  t.equal(notActive.statusCode, 422);
  t.equal(notActive.json().code, 'policy_not_active');

  const both = claimForm({ employee_name: USERS.ravi.name, policy_id: policy.id }, [
    { field: 'policy_file', bytes: Buffer.from(policyText()), name: 'p.txt', type: 'text/plain' },
    { field: 'invoice_files', bytes: other, name: 'x.pdf', type: 'application/pdf' },
  ]);
  const conflict = await app.inject({
    method: 'POST',
    url: '/api/v1/jobs',
    headers,
    payload: both,
  });
  t.equal(conflict.statusCode, 400);
  t.match(conflict.json(), { code: 'invalid_upload', errors: [{ pointer: 'policy_id' }] });
});

t.test('a later claim of a stored file is decided under the newer version', async (t) => {
  const app = await buildTestApp(t, { env: jwtEnv() });
  const policy = await createPolicy(app, USERS.fiona, textFile(policyText(30)));
  await activate(app, USERS.fiona, policy.id, 1);
  const receipt = await lunch();
  const first = (await claim(app, USERS.asha, {}, receipt)).json();
  t.equal(first.results[0].policy_version.version, 1);

  await app.inject({
    method: 'POST',
    url: `/api/v1/policies/${policy.id}/versions`,
    headers: await auth(USERS.fiona),
    payload: policyUpload(textFile(policyText(40))),
  });
  await activate(app, USERS.fiona, policy.id, 2);

  const again = (await claim(app, USERS.asha, {}, receipt)).json();
  t.equal(again.policy_version.version, 2, 'the claim is under version 2…');
  t.match(
    again.results[0],
    {
      reused: false,
      duplicate_of: first.results[0].invoice_id,
      policy_version: { version: 2 },
      reimbursable: { amount_minor: 4000 },
    },
    '…and so is its copy of the file, decided again and flagged',
  );
  t.not(again.results[0].invoice_id, first.results[0].invoice_id);
  const stored = await app.services.invoices.get(first.results[0].invoice_id);
  t.match(stored?.policy_version, { version: 1 }, 'the first claim’s decision stays as it was');
});

t.test('the stream and the policy file keep working side by side', async (t) => {
  const app = await buildTestApp(t, { env: jwtEnv() });
  const policy = await createPolicy(app, USERS.fiona, textFile(policyText(30)));
  await activate(app, USERS.fiona, policy.id, 1);
  const streamed = await claim(
    app,
    USERS.asha,
    {},
    await lunch(),
    '/api/v1/analyze-invoices-stream',
  );
  t.equal(streamed.statusCode, 200);
  const events = parseSse(streamed.body);
  const document = events.find((e) => e.event === 'document');
  t.match(document?.data, { policy_version: { policy_id: policy.id, version: 1 } });

  const withFile = claimForm({ employee_name: USERS.ravi.name, claim_date: '2026-03-20' }, [
    { field: 'policy_file', bytes: Buffer.from(policyText(20)), name: 'p.txt', type: 'text/plain' },
    { field: 'invoice_files', bytes: await lunch(), name: 'lunch.pdf', type: 'application/pdf' },
  ]);
  const job = (
    await app.inject({
      method: 'POST',
      url: '/api/v1/analyze-invoices',
      headers: await auth(USERS.ravi),
      payload: withFile,
    })
  ).json();
  t.equal(job.policy_version, null, 'a policy file is not a managed version');
  // A policy file is compiled to rules v2 and decided by the same engine as a managed policy.
  t.match(job.policy, { schema_version: 2, compiled_by: 'offline' });
  t.match(job.results[0], { policy_version: null, reimbursable: { amount_minor: 2000 } });
});
