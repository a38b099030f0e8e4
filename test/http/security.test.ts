import Fastify from 'fastify';
import t from 'tap';
import errorHandler from '../../src/plugins/error-handler.js';
import security from '../../src/plugins/security.js';
import { buildTestApp } from '../helpers/app.js';

type App = Awaited<ReturnType<typeof buildTestApp>>;

/** Headers are checked on a real socket: inject bypasses Node's HTTP layer. */
async function listen(app: App): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  return `http://127.0.0.1:${address.port}`;
}

t.test('helmet headers on every response; the API forbids everything a page could load', async (t) => {
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
  t.match(docs.headers.get('content-security-policy'), /script-src 'self'/, 'the docs get their own CSP');
  t.equal(docs.headers.get('x-content-type-options'), 'nosniff', 'and the other helmet headers');
});

t.test('CORS: none when ALLOWED_ORIGINS is empty, even for a preflight', async (t) => {
  const app = await buildTestApp(t);
  const base = await listen(app);
  const res = await fetch(`${base}/api/v1/health/quick`, { headers: { origin: 'https://evil.example' } });
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
  const app = await buildTestApp(t, { env: { ALLOWED_ORIGINS: 'https://app.example.com, https://admin.example.com' } });
  const base = await listen(app);
  const allowed = await fetch(`${base}/api/v1/health/quick`, { headers: { origin: 'https://admin.example.com' } });
  await allowed.arrayBuffer();
  t.equal(allowed.headers.get('access-control-allow-origin'), 'https://admin.example.com');
  t.match(allowed.headers.get('access-control-expose-headers'), /x-request-id/);
  t.match(allowed.headers.get('vary'), /origin/i);
  t.notOk(allowed.headers.get('access-control-allow-credentials'), 'bearer tokens, no cookies');

  const other = await fetch(`${base}/api/v1/health/quick`, { headers: { origin: 'https://evil.example' } });
  await other.arrayBuffer();
  t.notOk(other.headers.get('access-control-allow-origin'));

  const preflight = await fetch(`${base}/api/v1/health/quick`, {
    method: 'OPTIONS',
    headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });
  await preflight.arrayBuffer();
  t.equal(preflight.status, 204);
  t.equal(preflight.headers.get('access-control-allow-origin'), 'https://app.example.com');
  t.match(preflight.headers.get('access-control-allow-headers'), /authorization/);
  t.match(preflight.headers.get('access-control-allow-methods'), /POST/);
});

t.test('CORS: `*` answers any origin outside production', async (t) => {
  const app = await buildTestApp(t, { env: { ALLOWED_ORIGINS: '*' } });
  const res = await app.inject({ method: 'GET', url: '/api/v1/health/quick', headers: { origin: 'https://anything.example' } });
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
  const small = await app.inject({ method: 'POST', url: '/echo', payload: { text: 'x'.repeat(1000) } });
  t.equal(small.statusCode, 200);
  const big = await app.inject({ method: 'POST', url: '/echo', payload: { text: 'x'.repeat(5000) }, headers: { 'x-request-id': 'too-big-123456' } });
  t.equal(big.statusCode, 413);
  t.match(big.headers['content-type'], /^application\/problem\+json/);
  t.match(big.json(), { status: 413, code: 'payload_too_large', title: 'Payload Too Large', request_id: 'too-big-123456', instance: '/echo' });
});
