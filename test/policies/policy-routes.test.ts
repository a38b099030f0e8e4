/**
 * The policy resources over HTTP: finance publishes (document or rules), reads what was compiled,
 * corrects a draft under If-Match, adds versions and activates one; everyone reads; every change
 * is in the audit log.
 */
import t from 'tap';
import { stringify as toYaml } from 'yaml';
import { buildTestApp } from '../helpers/app.js';
import { jwtEnv } from '../helpers/tokens.js';
import {
  activate,
  auth,
  createPolicy,
  jsonFile,
  policyPdf,
  policyText,
  policyUpload,
  rulesV2Json,
  textFile,
  USERS,
} from './fixtures.js';

const policies = '/api/v1/policies';

t.test(
  'finance publishes a policy document as a draft version 1 with its compiled rules',
  async (t) => {
    const app = await buildTestApp(t, { env: jwtEnv() });
    const res = await app.inject({
      method: 'POST',
      url: policies,
      headers: await auth(USERS.fiona),
      payload: policyUpload(
        { bytes: await policyPdf(35), name: 'expenses.pdf', type: 'application/pdf' },
        'Studio expenses',
      ),
    });
    t.equal(res.statusCode, 201);
    const created = res.json();
    t.equal(res.headers.location, `${policies}/${created.id}`);
    t.match(created, {
      name: 'Studio expenses',
      created_by: { sub: USERS.fiona.sub, name: USERS.fiona.name },
      active_version: null,
      latest_version: 1,
    });
    const [v1] = created.versions;
    t.match(v1, {
      number: 1,
      state: 'draft',
      revision: 1,
      source: { kind: 'document', file_name: 'expenses.pdf', media_type: 'application/pdf' },
      not_understood: [],
      rules: { schema_version: 2, currency: 'GBP', migrated_from: null, compiled_by: 'offline' },
    });
    t.equal(v1.rules.policy_hash, v1.content_hash, 'the rules name their own content hash');
    t.match(v1.content_hash, /^[0-9a-f]{64}$/);
    const mealCap = v1.rules.caps.find((cap: { id: string }) => cap.id === 'meal.cap');
    t.match(mealCap, {
      amount_minor: 3500,
      period: 'meal',
      source: { quote: 'Meals are reimbursed up to £35 per meal, including taxes.', page: 1 },
    });
    t.ok(
      v1.rules.exclusions.some((rule: { line_kinds: string[] }) =>
        rule.line_kinds.includes('alcohol'),
      ),
      'the alcohol sentence became an exclusion',
    );

    const detail = await app.inject({
      url: `${policies}/${created.id}`,
      headers: await auth(USERS.asha),
    });
    t.equal(detail.statusCode, 200, 'an employee reads it');
    t.same(detail.json(), created);
  },
);

t.test(
  'sentences that look like rules but did not become one are listed with page and reason',
  async (t) => {
    const app = await buildTestApp(t, { env: jwtEnv() });
    const vague = 'Hotel stays in expensive cities have a higher limit.';
    const created = await createPolicy(
      app,
      USERS.fiona,
      textFile(`${policyText(30)}\f${vague}\nMileage is paid at 45p per mile.`),
    );
    const [version] = created.versions;
    t.match(version.not_understood, [
      { sentence: vague, page: 2, reason: /not stated/ },
      { sentence: 'Mileage is paid at 45p per mile.', page: 2, reason: /distance/ },
    ]);
    t.ok(
      version.rules.caps.some((cap: { id: string }) => cap.id === 'meal.cap'),
      'the rest of the policy was understood',
    );
    const audit = await app.services.audit.list({ action: 'policy.create' }, { limit: 1 });
    t.equal(audit.items[0]?.details.not_understood, 2, 'the audit entry counts them');
  },
);

t.test('rules sent as JSON or YAML are validated and kept as written', async (t) => {
  const app = await buildTestApp(t, { env: jwtEnv() });
  const fromJson = await createPolicy(app, USERS.adam, jsonFile(rulesV2Json(2500)));
  t.equal(fromJson.name, 'Hand-written rules', 'named after the rules without a name field');
  t.match(fromJson.versions[0], {
    source: { kind: 'rules', media_type: 'application/json' },
    rules: { compiled_by: 'client', caps: [{ amount_minor: 2500 }] },
    not_understood: [],
  });
  const fromYaml = await createPolicy(app, USERS.fiona, {
    bytes: Buffer.from(toYaml(rulesV2Json(2500))),
    name: 'rules.yaml',
    type: 'application/yaml',
  });
  t.equal(
    fromYaml.versions[0].content_hash,
    fromJson.versions[0].content_hash,
    'the same rules have the same content hash, whatever their format',
  );

  const bad = rulesV2Json();
  (bad.caps as Array<Record<string, unknown>>)[0] = {
    ...(bad.caps as Array<Record<string, unknown>>)[0],
    amount_minor: -5,
    period: 'fortnight',
  };
  const res = await app.inject({
    method: 'POST',
    url: policies,
    headers: await auth(USERS.fiona),
    payload: policyUpload(jsonFile(bad)),
  });
  t.equal(res.statusCode, 422);
  t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  t.equal(res.json().code, 'invalid_policy_rules');
  const pointers = res.json().errors.map((e: { pointer: string }) => e.pointer);
  t.ok(pointers.includes('policy_file:/caps/0/amount_minor'), pointers.join(', '));
  t.ok(pointers.includes('policy_file:/caps/0/period'), pointers.join(', '));
  t.equal((await app.services.policies.list({ limit: 5, cursor: null })).items.length, 2);
});

t.test('uploads that are not a policy are refused before anything is stored', async (t) => {
  const app = await buildTestApp(t, { env: jwtEnv() });
  const headers = await auth(USERS.fiona);
  const cases = [
    {
      payload: policyUpload({
        bytes: Buffer.from('PK\u0003\u0004zip'),
        name: 'a.zip',
        type: 'application/zip',
      }),
      status: 400,
      code: 'invalid_upload',
    },
    {
      payload: policyUpload({
        bytes: Buffer.from('{"name": '),
        name: 'r.json',
        type: 'text/plain',
      }),
      status: 400,
      code: 'invalid_policy_file',
    },
    {
      payload: policyUpload(jsonFile(['not', 'rules'])),
      status: 422,
      code: 'invalid_policy_rules',
    },
    { payload: new FormData(), status: 400, code: 'invalid_upload' },
  ];
  for (const { payload, status, code } of cases) {
    const res = await app.inject({ method: 'POST', url: policies, headers, payload });
    t.equal(res.statusCode, status, code);
    t.equal(res.json().code, code);
  }
  const json = await app.inject({ method: 'POST', url: policies, headers, payload: {} });
  t.equal(json.statusCode, 415, 'a policy is uploaded as multipart');
  t.same((await app.services.policies.list({ limit: 5, cursor: null })).items, []);
});

t.test('employees read policies but never change them', async (t) => {
  const app = await buildTestApp(t, { env: jwtEnv() });
  const created = await createPolicy(app, USERS.fiona, textFile(policyText()));
  const asha = await auth(USERS.asha);
  const id = created.id;
  const refused = [
    { method: 'POST' as const, url: policies, payload: policyUpload(textFile(policyText())) },
    {
      method: 'POST' as const,
      url: `${policies}/${id}/versions`,
      payload: policyUpload(textFile(policyText())),
    },
    { method: 'PUT' as const, url: `${policies}/${id}/versions/1/rules`, payload: rulesV2Json() },
    { method: 'POST' as const, url: `${policies}/${id}/versions/1/activate` },
    {
      method: 'POST' as const,
      url: `${policies}/${id}/versions/1/preview`,
      payload: { invoices: [{ name: 'a', facts: {} }] },
    },
  ];
  for (const request of refused) {
    const res = await app.inject({ ...request, headers: { ...asha, 'if-match': '*' } });
    t.equal(res.statusCode, 403, `${request.method} ${request.url}`);
    t.equal(res.json().code, 'insufficient_role');
  }
  for (const url of [policies, `${policies}/${id}`, `${policies}/${id}/versions/1`]) {
    t.equal((await app.inject({ url, headers: asha })).statusCode, 200, `GET ${url}`);
  }
  const anonymous = await app.inject({ url: policies });
  t.equal(anonymous.statusCode, 401);
  t.match(await app.services.policies.version(id, 1), { state: 'draft', revision: 1 });
});

t.test('unknown policies and versions are 404', async (t) => {
  const app = await buildTestApp(t, { env: jwtEnv() });
  const created = await createPolicy(app, USERS.fiona, textFile(policyText()));
  const headers = { ...(await auth(USERS.fiona)), 'if-match': '*' };
  const missing = [
    { method: 'GET' as const, url: `${policies}/no-such-policy` },
    { method: 'GET' as const, url: `${policies}/${created.id}/versions/2` },
    {
      method: 'PUT' as const,
      url: `${policies}/${created.id}/versions/2/rules`,
      payload: rulesV2Json(),
    },
    { method: 'POST' as const, url: `${policies}/${created.id}/versions/9/activate` },
    {
      method: 'POST' as const,
      url: `${policies}/${created.id}/versions/2/preview`,
      payload: { invoices: [{ name: 'a', facts: {} }] },
    },
    {
      method: 'POST' as const,
      url: `${policies}/no-such-policy/versions`,
      payload: policyUpload(textFile(policyText())),
    },
  ];
  for (const request of missing) {
    const res = await app.inject({ ...request, headers });
    t.equal(res.statusCode, 404, `${request.method} ${request.url}`);
    t.equal(res.json().code, 'not_found');
  }
  const active = await app.inject({ url: `${policies}/active`, headers });
  t.equal(active.statusCode, 404);
  t.equal(active.json().code, 'no_active_policy');
  const badNumber = await app.inject({ url: `${policies}/${created.id}/versions/first`, headers });
  t.equal(badNumber.statusCode, 400);
});

t.test('the list is newest first and paginated with a cursor', async (t) => {
  const app = await buildTestApp(t, { env: jwtEnv() });
  const ids: string[] = [];
  for (const cap of [10, 20, 30])
    ids.push((await createPolicy(app, USERS.fiona, textFile(policyText(cap)), `Cap ${cap}`)).id);
  const headers = await auth(USERS.ravi);
  const first = (await app.inject({ url: `${policies}?limit=2`, headers })).json();
  t.same(
    first.items.map((p: { name: string }) => p.name),
    ['Cap 30', 'Cap 20'],
  );
  t.notOk('versions' in first.items[0], 'the list carries no rules');
  const second = (
    await app.inject({ url: `${policies}?limit=2&cursor=${first.next_cursor}`, headers })
  ).json();
  t.same(
    second.items.map((p: { id: string }) => p.id),
    [ids[0]],
  );
  t.equal(second.next_cursor, null);
  const bad = await app.inject({ url: `${policies}?cursor=nonsense`, headers });
  t.equal(bad.statusCode, 400);
  t.equal(bad.json().code, 'invalid_cursor');
});

t.test(
  'finance corrects a draft under If-Match; problems come back as JSON pointers',
  async (t) => {
    const app = await buildTestApp(t, { env: jwtEnv() });
    const created = await createPolicy(app, USERS.fiona, textFile(policyText(30)));
    const url = `${policies}/${created.id}/versions/1`;
    const headers = await auth(USERS.fiona);
    const read = await app.inject({ url, headers });
    const etag = read.headers.etag as string;
    t.equal(etag, read.json().etag);
    const rules = read.json().rules;
    const corrected = {
      ...rules,
      caps: rules.caps.map((cap: { id: string }) =>
        cap.id === 'meal.cap' ? { ...cap, amount_minor: 4000 } : cap,
      ),
    };

    const withoutIfMatch = await app.inject({
      method: 'PUT',
      url: `${url}/rules`,
      headers,
      payload: corrected,
    });
    t.equal(withoutIfMatch.statusCode, 428);
    t.equal(withoutIfMatch.json().code, 'precondition_required');

    const invalid = await app.inject({
      method: 'PUT',
      url: `${url}/rules`,
      headers: { ...headers, 'if-match': etag },
      payload: {
        ...corrected,
        caps: [{ ...corrected.caps[0], amount_minor: '4000', period: 'fortnight' }],
      },
    });
    t.equal(invalid.statusCode, 422);
    t.equal(invalid.json().code, 'invalid_policy_rules');
    const pointers = invalid.json().errors.map((e: { pointer: string }) => e.pointer);
    t.ok(pointers.includes('/caps/0/amount_minor'), `a string amount is not coerced: ${pointers}`);
    t.ok(pointers.includes('/caps/0/period'), `every problem at once: ${pointers}`);

    const ok = await app.inject({
      method: 'PUT',
      url: `${url}/rules`,
      headers: { ...headers, 'if-match': etag },
      payload: corrected,
    });
    t.equal(ok.statusCode, 200, ok.body);
    const updated = ok.json();
    t.match(updated, { state: 'draft', revision: 2, rules: { compiled_by: 'client' } });
    t.not(
      updated.content_hash,
      created.versions[0].content_hash,
      'the content hash follows the rules',
    );
    t.equal(updated.rules.policy_hash, updated.content_hash);
    t.equal(ok.headers.etag, updated.etag);
    t.not(updated.etag, etag);
    t.equal(
      updated.rules.caps.find((cap: { id: string }) => cap.id === 'meal.cap').amount_minor,
      4000,
    );

    const stale = await app.inject({
      method: 'PUT',
      url: `${url}/rules`,
      headers: { ...headers, 'if-match': etag },
      payload: rules,
    });
    t.equal(stale.statusCode, 412, 'the ETag read before the correction is stale');
    t.equal(stale.json().code, 'precondition_failed');
    t.equal(stale.headers.etag, updated.etag, 'the 412 names the current ETag');
    t.equal((await app.services.policies.version(created.id, 1)).revision, 2, 'nothing changed');
  },
);

t.test('active and retired versions never change: 409, and a new version instead', async (t) => {
  const app = await buildTestApp(t, { env: jwtEnv() });
  const created = await createPolicy(app, USERS.fiona, textFile(policyText(30)));
  await activate(app, USERS.fiona, created.id, 1);
  const headers = await auth(USERS.fiona);
  const url = `${policies}/${created.id}/versions/1`;
  const current = (await app.inject({ url, headers })).json();
  const edit = await app.inject({
    method: 'PUT',
    url: `${url}/rules`,
    headers: { ...headers, 'if-match': current.etag },
    payload: current.rules,
  });
  t.equal(edit.statusCode, 409);
  t.equal(edit.json().code, 'version_not_draft');
  t.match(edit.json().detail, /Create a new version/);

  const added = await app.inject({
    method: 'POST',
    url: `${policies}/${created.id}/versions`,
    headers,
    payload: policyUpload(textFile(policyText(45), 'policy-rev2.txt')),
  });
  t.equal(added.statusCode, 201, added.body);
  t.equal(added.headers.location, `${policies}/${created.id}/versions/2`);
  t.match(added.json(), { number: 2, state: 'draft', source: { file_name: 'policy-rev2.txt' } });
  t.equal(added.headers.etag, added.json().etag);
  const detail = (await app.inject({ url: `${policies}/${created.id}`, headers })).json();
  t.match(detail, { latest_version: 2, active_version: 1 });
  t.same(
    detail.versions.map((v: { state: string }) => v.state),
    ['active', 'draft'],
  );
});

t.test(
  'activating a version retires the active one, across policies; GET /policies/active follows',
  async (t) => {
    const app = await buildTestApp(t, { env: jwtEnv() });
    const first = await createPolicy(app, USERS.fiona, textFile(policyText(30)), 'First');
    const second = await createPolicy(app, USERS.adam, jsonFile(rulesV2Json(5000)), 'Second');
    const activated = await activate(app, USERS.fiona, first.id, 1);
    t.match(activated, { version: { state: 'active', number: 1 }, retired: null });
    t.ok(activated.version.activated_at);
    const asha = await auth(USERS.asha);
    t.match((await app.inject({ url: `${policies}/active`, headers: asha })).json(), {
      policy: { id: first.id, name: 'First', active_version: 1 },
      version: { policy_id: first.id, number: 1, state: 'active' },
    });

    const replaced = await activate(app, USERS.adam, second.id, 1);
    t.same(replaced.retired, {
      policy_id: first.id,
      version: 1,
      content_hash: first.versions[0].content_hash,
    });
    const active = (await app.inject({ url: `${policies}/active`, headers: asha })).json();
    t.match(active, { policy: { id: second.id }, version: { number: 1, state: 'active' } });
    const old = (await app.inject({ url: `${policies}/${first.id}`, headers: asha })).json();
    t.match(old, { active_version: null, versions: [{ state: 'retired' }] });
    t.ok(old.versions[0].retired_at);

    const again = await activate(app, USERS.adam, second.id, 1);
    t.equal(again.retired, null, 'activating the active version changes nothing');
  },
);

t.test(
  'create, add, edit and activate are each in the audit log, with who and which version',
  async (t) => {
    const app = await buildTestApp(t, { env: jwtEnv() });
    const created = await createPolicy(app, USERS.fiona, textFile(policyText(30)));
    const headers = await auth(USERS.fiona);
    await app.inject({
      method: 'POST',
      url: `${policies}/${created.id}/versions`,
      headers,
      payload: policyUpload(textFile(policyText(40))),
    });
    const v2 = (await app.inject({ url: `${policies}/${created.id}/versions/2`, headers })).json();
    const put = await app.inject({
      method: 'PUT',
      url: `${policies}/${created.id}/versions/2/rules`,
      headers: { ...headers, 'if-match': v2.etag },
      payload: { ...v2.rules, name: 'Renamed rules' },
    });
    t.equal(put.statusCode, 200);
    await activate(app, USERS.adam, created.id, 1);
    await activate(app, USERS.adam, created.id, 2);
    await app.inject({
      method: 'POST',
      url: `${policies}/${created.id}/versions/2/preview`,
      headers,
      payload: {
        invoices: [
          { name: 'sample', facts: { total_minor: 100, currency: 'GBP', category: 'meal' } },
        ],
      },
    });

    const audit = await app.inject({
      url: `/api/v1/audit?target_id=${created.id}`,
      headers: await auth(USERS.adam),
    });
    t.equal(audit.statusCode, 200);
    const entries = audit.json().items.reverse();
    t.same(
      entries.map((e: { action: string }) => e.action),
      [
        'policy.create',
        'policy.version_create',
        'policy.rules_update',
        'policy.activate',
        'policy.activate',
      ],
      'one entry per change, none for reads or the preview',
    );
    t.match(entries[0], {
      actor_sub: USERS.fiona.sub,
      actor_role: 'finance',
      target_type: 'policy',
      details: {
        version: 1,
        content_hash: created.versions[0].content_hash,
        source: { kind: 'document' },
      },
    });
    t.match(entries[2], {
      details: {
        version: 2,
        from_content_hash: v2.content_hash,
        to_content_hash: put.json().content_hash,
      },
    });
    t.match(entries[3], { actor_sub: USERS.adam.sub, details: { version: 1, retired: null } });
    t.match(entries[4], {
      details: { version: 2, retired: { policy_id: created.id, version: 1 } },
    });
    t.ok(
      entries.every((e: { request_id: string }) => e.request_id),
      'each names its request',
    );
  },
);

t.test('a retried publication with the same Idempotency-Key creates one policy', async (t) => {
  const app = await buildTestApp(t, { env: jwtEnv() });
  const headers = { ...(await auth(USERS.fiona)), 'idempotency-key': 'publish-2026-policy' };
  const send = () =>
    app.inject({
      method: 'POST',
      url: policies,
      headers,
      payload: policyUpload(textFile(policyText()), 'Once'),
    });
  const first = await send();
  const retry = await send();
  t.equal(first.statusCode, 201);
  t.equal(retry.statusCode, 201);
  t.equal(retry.headers['idempotent-replayed'], 'true');
  t.equal(retry.json().id, first.json().id);
  t.equal((await app.services.policies.list({ limit: 5, cursor: null })).items.length, 1);
});
