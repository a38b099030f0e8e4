/**
 * A receiver that is down does not lose events: deliveries are persisted with their retry
 * schedule, survive a restart of the API, and arrive once the receiver is back. Run on both modes:
 * the embedded database (a timer over the deliveries table) and Redis (BullMQ delayed jobs).
 */
import type { FastifyInstance } from 'fastify';
import { Webhook } from 'standardwebhooks';
import t from 'tap';
import { buildApp } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { testConfig } from '../helpers/app.js';
import { startRedisOrSkip } from '../helpers/redis.js';
import { jwtEnv } from '../helpers/tokens.js';
import {
  activate,
  auth,
  createPolicy,
  jsonFile,
  rulesV2Json,
  USERS,
} from '../policies/fixtures.js';
import { eventually, startReceiver } from './receiver.js';

/** A short schedule: retries every few hundred milliseconds instead of minutes. */
const SHORT_SCHEDULE = {
  WEBHOOK_ALLOW_PRIVATE: 'true',
  WEBHOOK_RETRY_BASE_MS: '200',
  WEBHOOK_RETRY_MAX_MS: '400',
  WEBHOOK_MAX_ATTEMPTS: '50',
};

async function start(config: Config): Promise<FastifyInstance> {
  const app = await buildApp(config, { logger: false });
  await app.ready();
  return app;
}

async function failThenRecover(t: Tap, env: Record<string, string>) {
  const config = testConfig(t, jwtEnv({ ...SHORT_SCHEDULE, ...env }));
  const receiver = await startReceiver(t, 503);
  const first = await start(config);
  let second: FastifyInstance | null = null;
  t.teardown(async () => {
    await first.close();
    await second?.close();
  });

  const admin = await auth(USERS.adam);
  const created = await first.inject({
    method: 'POST',
    url: '/api/v1/webhooks',
    headers: admin,
    payload: { url: receiver.url, events: ['policy.activated'] },
  });
  t.equal(created.statusCode, 201);
  const { id, secret } = created.json();
  const policy = await createPolicy(first, USERS.fiona, jsonFile(rulesV2Json()), 'Travel');
  await activate(first, USERS.fiona, policy.id, 1);

  await receiver.waitFor(2);
  await first.close();
  const whileDown = receiver.received.length;
  receiver.answer(204);
  await new Promise((resolve) => setTimeout(resolve, 600));
  t.equal(receiver.received.length, whileDown, 'nothing is attempted while the API is stopped');

  second = await start(config);
  const app = second;
  const delivered = await eventually(async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/webhooks/${id}/deliveries`,
      headers: admin,
    });
    const [delivery] = res.json().items;
    return delivery?.state === 'succeeded' ? delivery : undefined;
  });
  const codes = delivered.attempts.map((attempt: { status_code: number }) => attempt.status_code);
  t.ok(codes.length >= 3, `failed attempts, then the one that got through: ${codes.join(', ')}`);
  t.same(codes.slice(0, -1), Array(codes.length - 1).fill(503), 'every earlier attempt was a 503');
  t.equal(codes.at(-1), 204);
  const times = delivered.attempts.map((attempt: { at: string }) => Date.parse(attempt.at));
  for (let i = 1; i < times.length; i++)
    t.ok(times[i] - times[i - 1] >= 100, 'each retry waits at least half the base delay');

  const requests = receiver.received;
  t.equal(requests.length, codes.length, 'one request per logged attempt');
  const ids = new Set(requests.map((request) => request.headers['webhook-id']));
  t.equal(ids.size, 1, 'every attempt carries the same message id');
  const verifier = new Webhook(secret);
  for (const request of requests)
    t.match(
      verifier.verify(request.body, request.headers as Record<string, string>),
      { type: 'policy.activated', data: { policy_id: policy.id } },
      'each attempt verifies',
    );
}

type Tap = { teardown(fn: () => unknown): void } & typeof t;

t.test('embedded: a delivery retried across a restart arrives once the receiver recovers', (t) =>
  failThenRecover(t as unknown as Tap, {}),
);

t.test('Redis and BullMQ: the same across a restart', async (t) => {
  const redis = await startRedisOrSkip(t);
  if (!redis) return;
  await failThenRecover(t as unknown as Tap, { REDIS_URL: redis.url });
});
