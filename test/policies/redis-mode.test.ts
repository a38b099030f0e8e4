/**
 * Server mode: API instances sharing Redis share the policies. A policy published and activated
 * on one instance is the active policy of the others, with its audit entries in the shared log.
 */
import t from 'tap';
import { buildTestApp } from '../helpers/app.js';
import { startRedisOrSkip } from '../helpers/redis.js';
import { jwtEnv } from '../helpers/tokens.js';
import { activate, auth, createPolicy, policyText, textFile, USERS } from './fixtures.js';

t.test('instances sharing Redis share policies, the active one and the audit log', async (t) => {
  const redis = await startRedisOrSkip(t);
  if (!redis) return;
  const env = jwtEnv({ REDIS_URL: redis.url, RUN_WORKER: 'false' });
  const one = await buildTestApp(t, { env });
  const other = await buildTestApp(t, { env });

  const created = await createPolicy(one, USERS.fiona, textFile(policyText(30)));
  await activate(one, USERS.fiona, created.id, 1);

  const active = await other.inject({
    url: '/api/v1/policies/active',
    headers: await auth(USERS.asha),
  });
  t.equal(active.statusCode, 200, active.body);
  t.match(active.json(), {
    policy: { id: created.id, active_version: 1 },
    version: { number: 1, state: 'active', content_hash: created.versions[0].content_hash },
  });
  const audit = await other.inject({
    url: `/api/v1/audit?target_id=${created.id}`,
    headers: await auth(USERS.adam),
  });
  t.same(
    audit.json().items.map((entry: { action: string }) => entry.action),
    ['policy.activate', 'policy.create'],
  );
});
