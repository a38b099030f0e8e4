/**
 * /metrics names every route, its traffic and the process's memory: never public by default.
 * A static token (what Prometheus' bearer authorization sends), a port of its own, or an admin.
 */
import t from 'tap';
import { listenMetrics } from '../../src/plugins/metrics-server.js';
import { buildTestApp } from '../helpers/app.js';
import { bearer, jwtEnv, tokenFor, USERS } from '../helpers/tokens.js';

const TOKEN = 'scrape-token-0123456789abcdef';

t.test(
  'with bearer tokens required and no metrics setting, only an admin reads them',
  async (t) => {
    const app = await buildTestApp(t, { env: jwtEnv() });
    const scrape = (headers: Record<string, string> = {}) =>
      app.inject({ method: 'GET', url: '/metrics', headers });
    const anonymous = await scrape();
    t.equal(anonymous.statusCode, 401);
    t.match(anonymous.headers['content-type'], /^application\/problem\+json/);
    t.match(anonymous.json(), { code: 'missing_token' });
    t.notMatch(anonymous.body, /http_requests_total/);
    t.equal((await scrape(bearer(await tokenFor(USERS.fiona)))).statusCode, 403);
    const admin = await scrape(bearer(await tokenFor(USERS.adam)));
    t.equal(admin.statusCode, 200);
    t.match(admin.body, /# TYPE http_requests_total counter/);
  },
);

t.test('METRICS_TOKEN: the static bearer token and nothing else', async (t) => {
  const app = await buildTestApp(t, { env: jwtEnv({ METRICS_TOKEN: TOKEN }) });
  const scrape = (headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url: '/metrics', headers });
  const missing = await scrape();
  t.equal(missing.statusCode, 401);
  t.match(missing.json(), { code: 'missing_token' });
  t.match(missing.headers['www-authenticate'], /^Bearer/);
  const wrong = await scrape(bearer(`${TOKEN}x`));
  t.equal(wrong.statusCode, 401);
  t.match(wrong.json(), { code: 'invalid_token' });
  t.equal((await scrape(bearer(TOKEN.slice(0, -1)))).statusCode, 401, 'a prefix is not the token');
  t.equal(
    (await scrape(bearer(await tokenFor(USERS.adam)))).statusCode,
    401,
    'an API token is not the metrics token',
  );
  const ok = await scrape(bearer(TOKEN));
  t.equal(ok.statusCode, 200);
  t.match(ok.body, /# TYPE http_request_duration_seconds histogram/);
});

t.test(
  'METRICS_PORT: served on its own listener only, with the token when one is set',
  async (t) => {
    const app = await buildTestApp(t, { env: jwtEnv({ METRICS_PORT: '9464' }) });
    t.equal(
      (await app.inject({ method: 'GET', url: '/metrics', headers: bearer(TOKEN) })).statusCode,
      404,
      "the API's port does not serve them",
    );
    await app.inject({ method: 'GET', url: '/api/v1/health/quick' });

    const open = await listenMetrics(app, { host: '127.0.0.1', port: 0 });
    t.teardown(() => open.close());
    const scraped = await fetch(`http://127.0.0.1:${open.port}/metrics`);
    t.equal(scraped.status, 200);
    t.match(await scraped.text(), /http_requests_total\{[^}]*route="\/api\/v1\/health\/quick"/);
    const elsewhere = await fetch(`http://127.0.0.1:${open.port}/api/v1/health/quick`);
    t.equal(elsewhere.status, 404, 'nothing of the API is served there');
    await elsewhere.text();

    const guarded = await listenMetrics(app, { host: '127.0.0.1', port: 0, token: TOKEN });
    t.teardown(() => guarded.close());
    const refused = await fetch(`http://127.0.0.1:${guarded.port}/metrics`);
    t.equal(refused.status, 401);
    t.match(await refused.json(), { code: 'missing_token' });
    const allowed = await fetch(`http://127.0.0.1:${guarded.port}/metrics`, {
      headers: bearer(TOKEN),
    });
    t.equal(allowed.status, 200);
    await allowed.text();
  },
);
