import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { ConfigError, loadConfig } from '../../src/config.js';
import { buildTestApp } from '../helpers/app.js';
import { bearer, expiredToken, jwtEnv, tokenFor, USERS } from '../helpers/tokens.js';

/** Probe routes: what the auth plugin decides for routes like the real ones. */
function probes(app: FastifyInstance): void {
  app.get('/api/v1/test/whoami', async (request) => ({ caller: request.caller }));
  app.get('/api/v1/test/finance', { config: { roles: ['finance', 'admin'] } }, async (request) => ({
    caller: request.caller,
  }));
  app.post(
    '/api/v1/test/echo',
    { schema: { body: { type: 'object' } } },
    async (request) => request.body,
  );
  app.get('/api/v1/test/public', { config: { auth: false } }, async (request) => ({
    caller: request.caller,
  }));
  app.get('/outside/open', async () => ({ ok: true }));
  app.get('/outside/secret', { config: { auth: true } }, async (request) => ({
    caller: request.caller,
  }));
}

const jwtApp = (t: Parameters<typeof buildTestApp>[0], env: Record<string, string> = {}) =>
  buildTestApp(t, { env: jwtEnv(env), extend: probes });

t.test('no token: 401 missing_token, problem+json, a bare Bearer challenge', async (t) => {
  const app = await jwtApp(t);
  for (const headers of [
    {},
    { authorization: 'Basic dXNlcjpwYXNz' },
    { authorization: 'Bearer' },
  ]) {
    const res = await app.inject({ method: 'GET', url: '/api/v1/test/whoami', headers });
    t.equal(res.statusCode, 401, JSON.stringify(headers));
    t.match(res.headers['content-type'], /^application\/problem\+json/);
    t.match(res.json(), { status: 401, code: 'missing_token', instance: '/api/v1/test/whoami' });
    t.equal(
      res.headers['www-authenticate'],
      'Bearer realm="api"',
      'no error code when no credentials were sent (RFC 6750 3.1)',
    );
  }
});

t.test(
  'malformed, forged and unsigned tokens: 401 invalid_token with error="invalid_token"',
  async (t) => {
    const app = await jwtApp(t);
    const forged = await tokenFor(USERS.asha, {
      secret: 'another-secret-of-at-least-32-characters!!',
    });
    const valid = await tokenFor(USERS.asha);
    const [header, payload] = valid.split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...USERS.asha, role: 'admin', exp: 4102444800 })).toString('base64url')}.${valid.split('.')[2]}`;
    for (const [what, authorization] of [
      ['not a JWT', 'Bearer not-a-jwt'],
      ['illegal characters', 'Bearer a"b'],
      ['wrong secret', `Bearer ${forged}`],
      ['alg none', `Bearer ${unsigned}`],
      ['payload edited', `Bearer ${tampered}`],
    ] as const) {
      const res = await app.inject({
        method: 'GET',
        url: '/api/v1/test/whoami',
        headers: { authorization },
      });
      t.equal(res.statusCode, 401, what);
      t.equal(res.json().code, 'invalid_token', what);
      t.match(
        res.headers['www-authenticate'],
        /^Bearer realm="api", error="invalid_token", error_description="[^"]+"$/,
        what,
      );
    }
  },
);

t.test(
  'an expired token is 401 token_expired; a token not yet valid is invalid; small skew is tolerated',
  async (t) => {
    const app = await jwtApp(t);
    const expired = await app.inject({
      method: 'GET',
      url: '/api/v1/test/whoami',
      headers: bearer(await expiredToken(USERS.asha)),
    });
    t.equal(expired.statusCode, 401);
    t.equal(expired.json().code, 'token_expired');
    t.match(expired.headers['www-authenticate'], /error="invalid_token"/);

    const early = await app.inject({
      method: 'GET',
      url: '/api/v1/test/whoami',
      headers: bearer(await tokenFor(USERS.asha, { notBefore: 3600 })),
    });
    t.equal(early.statusCode, 401);
    t.equal(early.json().code, 'invalid_token');

    const skewed = await app.inject({
      method: 'GET',
      url: '/api/v1/test/whoami',
      headers: bearer(await tokenFor(USERS.asha, { expiresIn: -5 })),
    });
    t.equal(skewed.statusCode, 200, 'expired 5 s ago is within the clock tolerance');

    const forever = await app.inject({
      method: 'GET',
      url: '/api/v1/test/whoami',
      headers: bearer(await tokenFor(USERS.asha, { expiresIn: null })),
    });
    t.equal(forever.statusCode, 401, 'a token without exp is refused');
  },
);

t.test('a valid token gives request.caller from sub, name and role', async (t) => {
  const app = await jwtApp(t);
  const res = await app.inject({
    method: 'GET',
    url: '/api/v1/test/whoami',
    headers: bearer(await tokenFor(USERS.asha)),
  });
  t.equal(res.statusCode, 200);
  t.same(res.json().caller, { sub: 'u-asha', name: 'Asha Verma', role: 'employee' });

  const nameless = await app.inject({
    method: 'GET',
    url: '/api/v1/test/whoami',
    headers: bearer(await tokenFor({ sub: 'u-x', preferred_username: 'x.user', role: 'finance' })),
  });
  t.same(
    nameless.json().caller,
    { sub: 'u-x', name: 'x.user', role: 'finance' },
    'preferred_username stands in for name',
  );
  const bare = await app.inject({
    method: 'GET',
    url: '/api/v1/test/whoami',
    headers: bearer(await tokenFor({ sub: 'u-y', role: 'employee' })),
  });
  t.same(bare.json().caller, { sub: 'u-y', name: 'u-y', role: 'employee' }, 'then the subject');
});

t.test('claims: no sub is 401; a missing or unknown role is 403 invalid_role', async (t) => {
  const app = await jwtApp(t);
  const noSub = await app.inject({
    method: 'GET',
    url: '/api/v1/test/whoami',
    headers: bearer(await tokenFor({ name: 'Nobody', role: 'admin' })),
  });
  t.equal(noSub.statusCode, 401);
  t.equal(noSub.json().code, 'invalid_token');
  for (const role of [undefined, 'superuser', 'Admin']) {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/test/whoami',
      headers: bearer(await tokenFor({ sub: 'u-z', name: 'Zed', role })),
    });
    t.equal(res.statusCode, 403, String(role));
    t.equal(res.json().code, 'invalid_role', String(role));
  }
});

t.test('route roles: the wrong role is 403 insufficient_role, the right one passes', async (t) => {
  const app = await jwtApp(t);
  const employee = await app.inject({
    method: 'GET',
    url: '/api/v1/test/finance',
    headers: bearer(await tokenFor(USERS.asha)),
  });
  t.equal(employee.statusCode, 403);
  t.match(employee.json(), { code: 'insufficient_role', status: 403 });
  for (const user of [USERS.fiona, USERS.adam]) {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/test/finance',
      headers: bearer(await tokenFor(user)),
    });
    t.equal(res.statusCode, 200, user.role);
  }
  const audit = await app.inject({
    method: 'GET',
    url: '/api/v1/audit',
    headers: bearer(await tokenFor(USERS.fiona)),
  });
  t.equal(audit.statusCode, 403, 'finance may not read the admin-only audit log');
});

t.test('issuer and audience are checked when configured', async (t) => {
  const app = await jwtApp(t, {
    JWT_ISSUER: 'https://id.example.com',
    JWT_AUDIENCE: 'reimburse-api',
  });
  const good = await tokenFor(USERS.asha, {
    issuer: 'https://id.example.com',
    audience: 'reimburse-api',
  });
  t.equal(
    (await app.inject({ method: 'GET', url: '/api/v1/test/whoami', headers: bearer(good) }))
      .statusCode,
    200,
  );
  for (const opts of [
    { issuer: 'https://evil.example.com', audience: 'reimburse-api' },
    { issuer: 'https://id.example.com', audience: 'other-api' },
    {},
  ]) {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/test/whoami',
      headers: bearer(await tokenFor(USERS.asha, opts)),
    });
    t.equal(res.statusCode, 401, JSON.stringify(opts));
    t.equal(res.json().code, 'invalid_token');
  }
});

t.test(
  'which routes are protected: health, docs, unknown paths and opted-out routes need no token',
  async (t) => {
    const app = await jwtApp(t);
    for (const url of [
      '/api/v1/health/quick',
      '/api/v1/health',
      '/api/v1/health/ready',
      '/outside/open',
      '/docs/json',
    ]) {
      const res = await app.inject({ method: 'GET', url });
      t.not(res.statusCode, 401, url);
      t.ok(res.statusCode < 400 || res.statusCode === 503, `${url} answers (${res.statusCode})`);
    }
    const open = await app.inject({ method: 'GET', url: '/api/v1/test/public' });
    t.equal(open.statusCode, 200);
    t.same(open.json().caller, null, 'no caller on a public route');
    const unknown = await app.inject({ method: 'GET', url: '/api/v1/no-such-route' });
    t.equal(unknown.json().code, 'route_not_found');
    const optedIn = await app.inject({ method: 'GET', url: '/outside/secret' });
    t.equal(optedIn.statusCode, 401, 'config.auth=true protects a route outside /api/v1');
    t.equal((await app.inject({ method: 'GET', url: '/api/v1/audit' })).statusCode, 401);
  },
);

t.test("the caller is known to a route's own hooks, and the rate limiter keys on it", async (t) => {
  const seen: Array<string | null> = [];
  const app = await buildTestApp(t, {
    env: jwtEnv({ RATE_LIMIT_MAX: '2' }),
    extend: (app) => {
      app.get(
        '/api/v1/test/hooked',
        { onRequest: async (request) => void seen.push(request.caller?.sub ?? null) },
        async (request) => ({ sub: request.caller.sub }),
      );
      // Same options object shape for GET and its HEAD twin: the hooks are added once to each.
      app.get(
        '/api/v1/test/hooked-array',
        { onRequest: [async (request) => void seen.push(`array:${request.caller?.sub ?? null}`)] },
        async () => ({}),
      );
    },
  });
  const asha = bearer(await tokenFor(USERS.asha));
  const first = await app.inject({ method: 'GET', url: '/api/v1/test/hooked', headers: asha });
  t.equal(first.statusCode, 200);
  t.equal(first.headers['x-ratelimit-remaining'], '1', 'counted');
  t.same(seen, [USERS.asha.sub], "the route's own onRequest hook runs after the token check");
  await app.inject({ method: 'HEAD', url: '/api/v1/test/hooked-array', headers: asha });
  t.same(
    seen.slice(1),
    [`array:${USERS.asha.sub}`],
    'HEAD twin: the route hook ran once, after the token check',
  );
  // Another user has a bucket of their own: the limiter keyed on the caller, not the address.
  const ravi = await app.inject({
    method: 'GET',
    url: '/api/v1/test/hooked',
    headers: bearer(await tokenFor(USERS.ravi)),
  });
  t.equal(ravi.headers['x-ratelimit-remaining'], '1');
  const limited = await app.inject({ method: 'GET', url: '/api/v1/test/hooked', headers: asha });
  t.equal(
    limited.statusCode,
    429,
    'the third request of the same caller is limited (the HEAD counted too)',
  );
  // A request without a token is counted (by address) before the 401.
  const anonymous = await app.inject({ method: 'GET', url: '/api/v1/test/hooked' });
  t.equal(anonymous.statusCode, 401);
  t.equal(anonymous.headers['x-ratelimit-remaining'], '1');
});

t.test('the 401 comes before the body is read: no token and bad JSON is still 401', async (t) => {
  const app = await jwtApp(t);
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/test/echo',
    headers: { 'content-type': 'application/json' },
    payload: '{"broken":',
  });
  t.equal(res.statusCode, 401);
  t.equal(res.json().code, 'missing_token');
  const withToken = await app.inject({
    method: 'POST',
    url: '/api/v1/test/echo',
    headers: { ...bearer(await tokenFor(USERS.asha)), 'content-type': 'application/json' },
    payload: '{"broken":',
  });
  t.equal(withToken.json().code, 'invalid_json');
});

t.test('OpenAPI: protected routes name the bearer scheme and document 401 and 403', async (t) => {
  const app = await jwtApp(t);
  const spec = app.swagger() as unknown as {
    paths: Record<
      string,
      Record<string, { security?: unknown; responses: Record<string, unknown> }>
    >;
  };
  const audit = spec.paths['/api/v1/audit']?.get;
  t.same(audit?.security, [{ bearerAuth: [] }]);
  t.ok(audit?.responses['401'] && audit.responses['403']);
  const health = spec.paths['/api/v1/health/quick']?.get;
  t.equal(health?.security, undefined, 'health stays public');
  t.notOk(health?.responses['401']);
});

t.test(
  'AUTH_MODE=none serves one local admin, named by LOCAL_USER_NAME, and ignores tokens',
  async (t) => {
    const app = await buildTestApp(t, {
      env: { AUTH_MODE: 'none', LOCAL_USER_NAME: 'Demo Person' },
      extend: probes,
    });
    const res = await app.inject({ method: 'GET', url: '/api/v1/test/finance' });
    t.equal(res.statusCode, 200);
    t.same(res.json().caller, { sub: 'local', name: 'Demo Person', role: 'admin' });
    const withJunk = await app.inject({
      method: 'GET',
      url: '/api/v1/test/whoami',
      headers: { authorization: 'Bearer junk' },
    });
    t.equal(withJunk.json().caller.sub, 'local');

    const defaultName = await buildTestApp(t, { extend: probes });
    t.equal(
      (await defaultName.inject({ method: 'GET', url: '/api/v1/test/whoami' })).json().caller.name,
      'Local User',
    );
  },
);

t.test('AUTH_MODE=none is refused in production, and jwt mode needs a key source', async (t) => {
  t.throws(() => loadConfig({ NODE_ENV: 'production', AUTH_MODE: 'none' }), ConfigError);
  t.throws(
    () => loadConfig({ NODE_ENV: 'production' }),
    ConfigError,
    'none is the default, so production must choose jwt',
  );
  t.throws(
    () => loadConfig({ NODE_ENV: 'production', AUTH_MODE: 'jwt' }),
    /JWT_SECRET or JWKS_URL/,
  );
  t.equal(
    loadConfig({
      NODE_ENV: 'production',
      AUTH_MODE: 'jwt',
      JWT_SECRET: 'x'.repeat(32),
      LOG_DIR: '',
    }).authMode,
    'jwt',
  );
});
