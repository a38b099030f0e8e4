import helmet from '@fastify/helmet';
import Fastify from 'fastify';
import t from 'tap';
import errorHandler from '../../src/plugins/error-handler.js';
import security, {
  CORS_EXPOSED_HEADERS,
  HELMET_OPTIONS,
  helmetHeadersFor,
} from '../../src/plugins/security.js';
import { buildTestApp } from '../helpers/app.js';
import { jwtEnv } from '../helpers/tokens.js';

type App = Awaited<ReturnType<typeof buildTestApp>>;

/** Headers are checked on a real socket: inject bypasses Node's HTTP layer. */
async function listen(app: App): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  return `http://127.0.0.1:${address.port}`;
}

t.test(
  'helmet headers on every response; the API forbids everything a page could load',
  async (t) => {
    const app = await buildTestApp(t);
    const base = await listen(app);
    for (const path of ['/api/v1/health/quick', '/api/v1/nope']) {
      const res = await fetch(`${base}${path}`);
      await res.arrayBuffer();
      t.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
      t.equal(res.headers.get('x-frame-options'), 'DENY', path);
      t.equal(res.headers.get('referrer-policy'), 'no-referrer', path);
      t.match(res.headers.get('strict-transport-security'), /max-age=\d+/, path);
      t.equal(res.headers.get('cross-origin-resource-policy'), 'same-origin', path);
      const csp = res.headers.get('content-security-policy') ?? '';
      t.match(csp, /default-src 'none'/, `${path}: ${csp}`);
      t.match(csp, /frame-ancestors 'none'/, path);
      t.notOk(res.headers.get('x-powered-by'), path);
      t.notOk(res.headers.get('access-control-allow-origin'), `${path}: no CORS unless configured`);
    }
    const docs = await fetch(`${base}/docs/`);
    await docs.arrayBuffer();
    t.match(
      docs.headers.get('content-security-policy'),
      /script-src 'self'/,
      'the docs get their own CSP',
    );
    t.equal(docs.headers.get('x-content-type-options'), 'nosniff', 'and the other helmet headers');
  },
);

/** The headers @fastify/helmet sets with the API's options, read off a real socket of a plain app. */
async function headersOfHelmetItself(t: {
  teardown(fn: () => unknown): void;
}): Promise<Record<string, string>> {
  const plain = Fastify({ logger: false });
  t.teardown(() => plain.close());
  await plain.register(helmet, HELMET_OPTIONS);
  plain.get('/', async () => ({}));
  await plain.listen({ host: '127.0.0.1', port: 0 });
  const { port } = plain.server.address() as { port: number };
  const res = await fetch(`http://127.0.0.1:${port}/`);
  await res.arrayBuffer();
  const ordinary = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive']);
  return Object.fromEntries([...res.headers].filter(([name]) => !ordinary.has(name)));
}

t.test(
  'the precomputed headers are exactly those @fastify/helmet sets, on every kind of answer',
  async (t) => {
    const expected = await headersOfHelmetItself(t);
    t.same(
      await helmetHeadersFor(),
      expected,
      'computed once from @fastify/helmet with the same options',
    );
    t.ok(Object.keys(expected).length >= 12, `${Object.keys(expected).length} headers`);

    const app = await buildTestApp(t, {
      env: jwtEnv({ ALLOWED_ORIGINS: 'https://app.example.com' }),
      extend: (app) => {
        app.get('/boom', { config: { auth: false } }, async () => {
          throw new Error('boom');
        });
        // An event stream copies the reply's headers when it starts (as the job and chat streams do).
        app.get(
          '/events',
          { sse: { kind: 'manual', heartbeat: false }, config: { auth: false } },
          async (_request, reply) => {
            await reply.sse.send({ event: 'ping', data: {} });
            reply.sse.close();
          },
        );
      },
    });
    const base = await listen(app);
    const answers: Array<[string, RequestInit, number]> = [
      ['/api/v1/health/quick', {}, 200],
      ['/api/v1/nope', {}, 404],
      ['/api/v1/health/quick', { method: 'DELETE' }, 405],
      ['/api/v1/invoices', {}, 401],
      ['/events', {}, 200],
      ['/boom', {}, 500],
      [
        '/api/v1/invoices/inv-1/decision',
        {
          method: 'OPTIONS',
          headers: { origin: 'https://app.example.com', 'access-control-request-method': 'PATCH' },
        },
        204,
      ],
    ];
    for (const [path, init, status] of answers) {
      const res = await fetch(`${base}${path}`, init);
      await res.arrayBuffer();
      const label = `${init.method ?? 'GET'} ${path}`;
      t.equal(res.status, status, label);
      if (path === '/events')
        t.match(res.headers.get('content-type'), /^text\/event-stream/, 'a real event stream');
      for (const [name, value] of Object.entries(expected))
        t.equal(res.headers.get(name), value, `${label}: ${name}`);
      t.match(res.headers.get('x-request-id'), /^[0-9a-f-]{36}$/, `${label}: x-request-id`);
    }
  },
);

t.test('CORS: none when ALLOWED_ORIGINS is empty, even for a preflight', async (t) => {
  const app = await buildTestApp(t);
  const base = await listen(app);
  const res = await fetch(`${base}/api/v1/health/quick`, {
    headers: { origin: 'https://evil.example' },
  });
  await res.arrayBuffer();
  t.equal(res.status, 200);
  t.notOk(res.headers.get('access-control-allow-origin'));
  const preflight = await fetch(`${base}/api/v1/health/quick`, {
    method: 'OPTIONS',
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
  });
  await preflight.arrayBuffer();
  t.notOk(preflight.headers.get('access-control-allow-origin'));
  t.not(preflight.status, 204);
});

t.test('CORS: only the configured origins', async (t) => {
  const app = await buildTestApp(t, {
    env: { ALLOWED_ORIGINS: 'https://app.example.com, https://admin.example.com' },
  });
  const base = await listen(app);
  const allowed = await fetch(`${base}/api/v1/health/quick`, {
    headers: { origin: 'https://admin.example.com' },
  });
  await allowed.arrayBuffer();
  t.equal(allowed.headers.get('access-control-allow-origin'), 'https://admin.example.com');
  t.match(allowed.headers.get('access-control-expose-headers'), /x-request-id/);
  t.match(allowed.headers.get('vary'), /origin/i);
  t.notOk(allowed.headers.get('access-control-allow-credentials'), 'bearer tokens, no cookies');

  const other = await fetch(`${base}/api/v1/health/quick`, {
    headers: { origin: 'https://evil.example' },
  });
  await other.arrayBuffer();
  t.notOk(other.headers.get('access-control-allow-origin'));

  const preflight = await fetch(`${base}/api/v1/health/quick`, {
    method: 'OPTIONS',
    headers: {
      origin: 'https://app.example.com',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    },
  });
  await preflight.arrayBuffer();
  t.equal(preflight.status, 204);
  t.equal(preflight.headers.get('access-control-allow-origin'), 'https://app.example.com');
  t.match(preflight.headers.get('access-control-allow-headers'), /authorization/);
  t.match(preflight.headers.get('access-control-allow-methods'), /POST/);
});

t.test(
  'CORS: the PATCH of a decision override is allowed, and the headers a client reads are exposed',
  async (t) => {
    const app = await buildTestApp(t, { env: { ALLOWED_ORIGINS: 'https://app.example.com' } });
    const base = await listen(app);
    const preflight = await fetch(`${base}/api/v1/invoices/inv-1/decision`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'PATCH',
        'access-control-request-headers': 'authorization, content-type, idempotency-key',
      },
    });
    await preflight.arrayBuffer();
    t.equal(preflight.status, 204);
    t.equal(preflight.headers.get('access-control-allow-origin'), 'https://app.example.com');
    const methods = (preflight.headers.get('access-control-allow-methods') ?? '')
      .split(',')
      .map((m) => m.trim());
    t.same([...methods].sort(), ['DELETE', 'GET', 'PATCH', 'POST'], methods.join(', '));
    const allowed = (preflight.headers.get('access-control-allow-headers') ?? '')
      .split(',')
      .map((h) => h.trim());
    for (const header of ['authorization', 'content-type', 'idempotency-key'])
      t.ok(allowed.includes(header), `allows ${header}`);
    t.equal(preflight.headers.get('access-control-max-age'), '600');

    const res = await fetch(`${base}/api/v1/invoices`, {
      headers: { origin: 'https://app.example.com' },
    });
    await res.arrayBuffer();
    t.equal(res.status, 200);
    const exposed = (res.headers.get('access-control-expose-headers') ?? '')
      .split(',')
      .map((h) => h.trim());
    t.same(exposed, CORS_EXPOSED_HEADERS);
    for (const header of [
      'x-request-id',
      'retry-after',
      'location',
      'idempotent-replayed',
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
      'x-ratelimit-reset',
    ]) {
      t.ok(exposed.includes(header), `exposes ${header}`);
    }
    t.ok(res.headers.get('x-ratelimit-limit'), 'the rate-limit headers it exposes are there');
  },
);

t.test('CORS: `*` answers any origin outside production', async (t) => {
  const app = await buildTestApp(t, { env: { ALLOWED_ORIGINS: '*' } });
  const res = await app.inject({
    method: 'GET',
    url: '/api/v1/health/quick',
    headers: { origin: 'https://anything.example' },
  });
  t.equal(res.headers['access-control-allow-origin'], '*');
});

t.test('CORS: the plugin itself refuses `*` in production (config refuses it first)', async (t) => {
  const app = Fastify({ logger: false });
  t.teardown(() => app.close());
  await app.register(errorHandler);
  await t.rejects(async () => {
    await app.register(security, { allowedOrigins: ['*'], production: true });
  }, /refused in production/);
});

t.test('a JSON body over BODY_LIMIT_BYTES is 413 problem+json', async (t) => {
  const app = await buildTestApp(t, {
    env: { BODY_LIMIT_BYTES: '2048' },
    extend: (app) => {
      app.post('/echo', async (request) => ({ size: JSON.stringify(request.body).length }));
    },
  });
  const small = await app.inject({
    method: 'POST',
    url: '/echo',
    payload: { text: 'x'.repeat(1000) },
  });
  t.equal(small.statusCode, 200);
  const big = await app.inject({
    method: 'POST',
    url: '/echo',
    payload: { text: 'x'.repeat(5000) },
    headers: { 'x-request-id': 'too-big-123456' },
  });
  t.equal(big.statusCode, 413);
  t.match(big.headers['content-type'], /^application\/problem\+json/);
  t.match(big.json(), {
    status: 413,
    code: 'payload_too_large',
    title: 'Payload Too Large',
    request_id: 'too-big-123456',
    instance: '/echo',
  });
});
