import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import t from 'tap';
import errorHandler from '../../src/plugins/error-handler.js';
import rateLimit, { RATE_LIMIT_NAMESPACE, rateLimitKey } from '../../src/plugins/rate-limit.js';
import requestId, { requestIdFrom } from '../../src/plugins/request-id.js';
import { buildTestApp } from '../helpers/app.js';
import { startRedisOrSkip } from '../helpers/redis.js';

/** Stands in for the auth plugin: a caller taken from a test header, set in a global onRequest hook. */
function fakeAuth(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const sub = request.headers['x-test-sub'];
    (request as { caller?: unknown }).caller =
      typeof sub === 'string' ? { sub, name: sub, role: 'employee' } : null;
  });
}

const limitedApp = (t: Tap, max: number) =>
  buildTestApp(t, {
    env: { RATE_LIMIT_MAX: String(max) },
    extend: (app) => {
      fakeAuth(app);
      app.get('/limited', async () => ({ ok: true }));
    },
  });
type Tap = Parameters<typeof buildTestApp>[0];

t.test(
  'the key is the caller subject when auth set one, the client address otherwise',
  async (t) => {
    const request = (caller: unknown) =>
      ({ caller, ip: '203.0.113.7' }) as unknown as FastifyRequest;
    t.equal(rateLimitKey(request({ sub: 'user-1', role: 'employee' })), 'caller:user-1');
    t.equal(rateLimitKey(request(null)), 'ip:203.0.113.7');
    t.equal(rateLimitKey(request(undefined)), 'ip:203.0.113.7');
    t.equal(rateLimitKey(request({ sub: '' })), 'ip:203.0.113.7');
    t.equal(rateLimitKey(request({ sub: 42 })), 'ip:203.0.113.7');
  },
);

t.test('over the limit: 429 problem+json with Retry-After and x-ratelimit-* headers', async (t) => {
  const app = await limitedApp(t, 2);
  const first = await app.inject({ method: 'GET', url: '/limited' });
  t.equal(first.statusCode, 200);
  t.equal(first.headers['x-ratelimit-limit'], '2');
  t.equal(first.headers['x-ratelimit-remaining'], '1');
  t.match(first.headers['x-ratelimit-reset'], /^\d+$/);
  await app.inject({ method: 'GET', url: '/limited' });
  const refused = await app.inject({
    method: 'GET',
    url: '/limited',
    headers: { 'x-request-id': 'limited-req-1' },
  });
  t.equal(refused.statusCode, 429);
  t.match(refused.headers['content-type'], /^application\/problem\+json/);
  t.match(refused.json(), {
    status: 429,
    code: 'rate_limited',
    title: 'Too Many Requests',
    request_id: 'limited-req-1',
    instance: '/limited',
  });
  t.match(refused.json().type, /rate_limited$/);
  t.match(refused.headers['retry-after'], /^[1-9]\d*$/);
  t.equal(refused.headers['x-ratelimit-limit'], '2');
  t.equal(refused.headers['x-ratelimit-remaining'], '0');
  t.match(refused.headers['x-ratelimit-reset'], /^\d+$/);
});

t.test('unknown paths and wrong methods spend the same budget as routes', async (t) => {
  const app = await limitedApp(t, 3);
  t.equal((await app.inject({ method: 'GET', url: '/limited' })).statusCode, 200);
  const missing = await app.inject({ method: 'GET', url: '/wp-admin/setup.php' });
  t.equal(missing.statusCode, 404);
  t.equal(
    missing.headers['x-ratelimit-remaining'],
    '1',
    'the miss counted in the bucket the route used',
  );
  t.equal((await app.inject({ method: 'DELETE', url: '/limited' })).statusCode, 405);
  const refused = await app.inject({ method: 'GET', url: '/.env' });
  t.equal(refused.statusCode, 429);
  t.match(refused.json(), { code: 'rate_limited', instance: '/.env' });
  t.equal(
    (await app.inject({ method: 'GET', url: '/limited' })).statusCode,
    429,
    'and the route is limited after them',
  );
});

t.test('health and metrics are never limited', async (t) => {
  const app = await limitedApp(t, 1);
  for (let i = 0; i < 4; i++) {
    for (const url of [
      '/api/v1/health/quick',
      '/api/v1/health',
      '/api/v1/health/ready',
      '/metrics',
    ]) {
      const res = await app.inject({ method: 'GET', url });
      t.not(res.statusCode, 429, `${url} #${i + 1}`);
      t.notOk(res.headers['x-ratelimit-limit'], `${url}: no rate-limit headers`);
    }
  }
});

t.test(
  'each signed-in user has a bucket of their own; anonymous callers share one per address',
  async (t) => {
    const app = await limitedApp(t, 1);
    const as = (sub?: string) =>
      app.inject({ method: 'GET', url: '/limited', headers: sub ? { 'x-test-sub': sub } : {} });
    t.equal((await as('alice')).statusCode, 200);
    t.equal((await as('alice')).statusCode, 429);
    t.equal((await as('bob')).statusCode, 200, 'bob is not throttled by alice');
    t.equal((await as()).statusCode, 200, 'the address has a bucket of its own');
    t.equal((await as()).statusCode, 429);
    t.equal((await as('carol')).statusCode, 200, 'a signed-in user on the same address is not');
  },
);

t.test(
  'a route-level onRequest hook: runs after global auth hooks and before the body is read',
  async (t) => {
    let parsed = 0;
    const app = await buildTestApp(t, {
      env: { RATE_LIMIT_MAX: '1' },
      extend: (app) => {
        app.addContentTypeParser(
          'application/x-counted',
          { parseAs: 'string' },
          (_request, body, done) => {
            parsed++;
            done(null, body);
          },
        );
        app.post('/upload', async () => ({ ok: true }));
      },
    });
    const send = () =>
      app.inject({
        method: 'POST',
        url: '/upload',
        headers: { 'content-type': 'application/x-counted' },
        payload: 'data',
      });
    t.equal((await send()).statusCode, 200);
    t.equal((await send()).statusCode, 429);
    t.equal(parsed, 1, 'the refused request body was never parsed');
  },
);

/** The plugin alone on a bare app, the way app.ts registers it, with a given Redis client. */
async function redisLimitedApp(t: Tap, redis: Redis, max: number): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, genReqId: requestIdFrom });
  t.teardown(() => app.close());
  await app.register(requestId);
  await app.register(errorHandler);
  fakeAuth(app);
  await app.register(rateLimit, { max, timeWindowMs: 60_000, redis });
  app.get('/limited', async () => ({ ok: true }));
  await app.ready();
  return app;
}

t.test('with Redis, counters are shared by every instance and live in Redis', async (t) => {
  const server = await startRedisOrSkip(t);
  if (!server) return;
  const redis = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  t.teardown(() => redis.quit());

  const one = await redisLimitedApp(t, redis, 2);
  const two = await redisLimitedApp(t, redis, 2);
  const get = (app: FastifyInstance) =>
    app.inject({ method: 'GET', url: '/limited', headers: { 'x-test-sub': 'shared-user' } });
  t.equal((await get(one)).statusCode, 200);
  const second = await get(two);
  t.equal(second.statusCode, 200);
  t.equal(
    second.headers['x-ratelimit-remaining'],
    '0',
    "the second instance saw the first one's request",
  );
  const refused = await get(one);
  t.equal(refused.statusCode, 429);
  t.equal(refused.json().code, 'rate_limited');
  t.match(refused.headers['retry-after'], /^[1-9]\d*$/);

  const keys = await redis.keys(`${RATE_LIMIT_NAMESPACE}*`);
  t.same(keys, [`${RATE_LIMIT_NAMESPACE}caller:shared-user`]);
  t.equal(await redis.get(keys[0]!), '3');
  const ttl = await redis.pttl(keys[0]!);
  t.ok(ttl > 0 && ttl <= 60_000, `the counter expires with the window (pttl ${ttl})`);
});

t.test('with Redis down, requests pass instead of failing', async (t) => {
  const server = await startRedisOrSkip(t);
  if (!server) return;
  const redis = new Redis(server.url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  await redis.connect();
  const app = await redisLimitedApp(t, redis, 1);
  await redis.quit();
  const res = await app.inject({ method: 'GET', url: '/limited' });
  t.equal(res.statusCode, 200);
});
