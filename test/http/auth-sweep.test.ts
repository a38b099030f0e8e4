import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import t from 'tap';
import { buildTestApp } from '../helpers/app.js';
import { bearer, expiredToken, jwtEnv, tokenFor, USERS } from '../helpers/tokens.js';

interface OpenApiDocument {
  paths: Record<string, Record<string, { security?: unknown[] }>>;
}

/** Every operation of the published API, with path parameters filled in. */
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

function operations(): Array<{ method: Method; url: string; path: string }> {
  const document = JSON.parse(
    readFileSync(resolve(import.meta.dirname, '../../openapi/openapi.json'), 'utf8'),
  ) as OpenApiDocument;
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.keys(methods)
      .filter((method) => ['get', 'post', 'patch', 'put', 'delete'].includes(method))
      .map((method) => ({
        method: method.toUpperCase() as Method,
        path,
        url: path.replace(/\{[^}]+\}/g, '00000000-0000-5000-8000-000000000000'),
      })),
  );
}

const isPublic = (path: string) => path.startsWith('/api/v1/health');

t.test(
  'every /api/v1 route but health refuses missing, malformed and expired tokens',
  async (t) => {
    const app = await buildTestApp(t, { env: jwtEnv() });
    const expired = bearer(await expiredToken(USERS.asha));
    const ops = operations().filter((op) => op.path.startsWith('/api/v1'));
    t.ok(ops.length >= 19, `${ops.length} operations checked`);
    for (const op of ops) {
      const none = await app.inject({ method: op.method, url: op.url });
      if (isPublic(op.path)) {
        t.not(none.statusCode, 401, `${op.method} ${op.path} is public`);
        continue;
      }
      t.equal(none.statusCode, 401, `${op.method} ${op.path} without a token`);
      t.equal(none.json().code, 'missing_token');
      const bad = await app.inject({
        method: op.method,
        url: op.url,
        headers: { authorization: 'Bearer not.a.token' },
      });
      t.equal(bad.statusCode, 401, `${op.method} ${op.path} with a malformed token`);
      const old = await app.inject({ method: op.method, url: op.url, headers: expired });
      t.equal(old.json().code, 'token_expired', `${op.method} ${op.path} with an expired token`);
    }
  },
);

t.test('finance-only and admin-only routes refuse employees', async (t) => {
  const app = await buildTestApp(t, { env: jwtEnv() });
  const employee = bearer(await tokenFor(USERS.asha));
  const finance = bearer(await tokenFor(USERS.fiona));
  const id = '00000000-0000-5000-8000-000000000000';
  const checks: Array<[string, string, Record<string, string>, unknown?]> = [
    [
      'PATCH',
      `/api/v1/invoices/${id}/decision`,
      employee,
      { status: 'declined', reimbursable_minor: 0, reason: 'no receipt' },
    ],
    ['DELETE', `/api/v1/invoices/${id}`, employee],
    ['GET', '/api/v1/audit', employee],
    ['GET', '/api/v1/audit', finance],
  ];
  for (const [method, url, headers, payload] of checks) {
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(payload ? { payload: payload as object } : {}),
    });
    t.equal(res.statusCode, 403, `${method} ${url}`);
    t.equal(res.json().code, 'insufficient_role');
  }
});
