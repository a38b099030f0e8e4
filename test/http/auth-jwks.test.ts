import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { buildTestApp } from '../helpers/app.js';
import {
  bearer,
  jwksServer,
  signingKey,
  TEST_JWT_SECRET,
  tokenFor,
  USERS,
} from '../helpers/tokens.js';

const whoami = (app: FastifyInstance) => {
  app.get('/api/v1/test/whoami', async (request) => ({ caller: request.caller }));
};
const ask = (app: FastifyInstance, token: string) =>
  app.inject({ method: 'GET', url: '/api/v1/test/whoami', headers: bearer(token) });

t.test(
  'RS256 and ES256 tokens from the identity provider JWKS are accepted; the key set is cached',
  async (t) => {
    const idp = await jwksServer(t);
    const app = await buildTestApp(t, {
      env: { AUTH_MODE: 'jwt', JWKS_URL: idp.url },
      extend: whoami,
    });
    const rs = await ask(app, await tokenFor(USERS.fiona, { key: idp.rs256 }));
    t.equal(rs.statusCode, 200);
    t.same(rs.json().caller, { sub: 'u-fiona', name: 'Fiona Finance', role: 'finance' });
    const es = await ask(app, await tokenFor(USERS.asha, { key: idp.es256 }));
    t.equal(es.statusCode, 200);
    t.equal(es.json().caller.sub, 'u-asha');
    await ask(app, await tokenFor(USERS.adam, { key: idp.rs256 }));
    t.equal(idp.fetches(), 1, 'one fetch serves many tokens');
  },
);

t.test(
  'an unknown kid, a key the JWKS does not publish, or HS256 without a secret is 401',
  async (t) => {
    const idp = await jwksServer(t);
    const app = await buildTestApp(t, {
      env: { AUTH_MODE: 'jwt', JWKS_URL: idp.url },
      extend: whoami,
    });
    const stranger = await signingKey('RS256', 'rs256-test');
    for (const [what, token] of [
      ['unknown kid', await tokenFor(USERS.asha, { key: idp.rs256, kid: 'rotated-away' })],
      ['same kid, other key', await tokenFor(USERS.asha, { key: stranger })],
      [
        'HS256 when only a JWKS is configured',
        await tokenFor(USERS.asha, { secret: TEST_JWT_SECRET }),
      ],
    ] as const) {
      const res = await ask(app, token);
      t.equal(res.statusCode, 401, what);
      t.equal(res.json().code, 'invalid_token', what);
    }
  },
);

t.test(
  'both configured: HS256 uses the secret, RS256 the JWKS; a JWKS key never works as an HMAC secret',
  async (t) => {
    const idp = await jwksServer(t);
    const app = await buildTestApp(t, {
      env: { AUTH_MODE: 'jwt', JWKS_URL: idp.url, JWT_SECRET: TEST_JWT_SECRET },
      extend: whoami,
    });
    t.equal((await ask(app, await tokenFor(USERS.asha))).statusCode, 200, 'HS256');
    t.equal(
      (await ask(app, await tokenFor(USERS.asha, { key: idp.es256 }))).statusCode,
      200,
      'ES256',
    );
    // Algorithm confusion: an HS256 token "signed" with the published public key must fail.
    const confused = await tokenFor(USERS.adam, {
      secret: JSON.stringify(idp.rs256.jwk),
      kid: idp.rs256.kid,
    });
    t.equal((await ask(app, confused)).statusCode, 401);
  },
);

t.test(
  'an identity provider outage is 503 identity_provider_unavailable, not a 401 that logs users out',
  async (t) => {
    const idp = await jwksServer(t);
    idp.failWith(500);
    const app = await buildTestApp(t, {
      env: { AUTH_MODE: 'jwt', JWKS_URL: idp.url },
      extend: whoami,
    });
    const res = await ask(app, await tokenFor(USERS.asha, { key: idp.rs256 }));
    t.equal(res.statusCode, 503);
    t.equal(res.json().code, 'identity_provider_unavailable');
    t.equal(res.headers['retry-after'], '5');

    const unreachable = await buildTestApp(t, {
      env: { AUTH_MODE: 'jwt', JWKS_URL: 'http://127.0.0.1:9/jwks.json' },
      extend: whoami,
    });
    t.equal(
      (await ask(unreachable, await tokenFor(USERS.asha, { key: idp.rs256 }))).json().code,
      'identity_provider_unavailable',
    );
  },
);
