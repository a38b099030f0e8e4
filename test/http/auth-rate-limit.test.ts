import t from 'tap';
import { buildTestApp } from '../helpers/app.js';
import { bearer, jwtEnv, tokenFor, USERS } from '../helpers/tokens.js';

// The auth plugin's global onRequest hook sets request.caller before the rate limiter computes its
// key, so users behind one address (an office NAT) each get their own budget.
t.test(
  'two users behind one address get separate budgets; anonymous traffic is keyed by address',
  async (t) => {
    const app = await buildTestApp(t, {
      env: jwtEnv({ RATE_LIMIT_MAX: '2' }),
      extend: (app) => {
        app.get('/api/v1/test/whoami', async (request) => ({ sub: request.caller.sub }));
        app.get('/api/v1/test/public', { config: { auth: false } }, async () => ({ ok: true }));
      },
    });
    const asha = bearer(await tokenFor(USERS.asha));
    const ravi = bearer(await tokenFor(USERS.ravi));
    const get = (url: string, headers: Record<string, string> = {}) =>
      app.inject({ method: 'GET', url, headers, remoteAddress: '203.0.113.7' });

    t.same(
      [
        (await get('/api/v1/test/whoami', asha)).statusCode,
        (await get('/api/v1/test/whoami', asha)).statusCode,
      ],
      [200, 200],
    );
    const limited = await get('/api/v1/test/whoami', asha);
    t.equal(limited.statusCode, 429, 'Asha used her budget');
    t.equal(limited.json().code, 'rate_limited');

    const other = await get('/api/v1/test/whoami', ravi);
    t.equal(other.statusCode, 200, 'Ravi, same address, still has his');
    t.equal(other.json().sub, 'u-ravi');
    t.equal(other.headers['x-ratelimit-remaining'], '1');

    t.equal(
      (await get('/api/v1/test/public')).statusCode,
      200,
      'the address itself was not charged for the users',
    );
    t.equal((await get('/api/v1/test/public')).statusCode, 200);
    t.equal(
      (await get('/api/v1/test/public')).statusCode,
      429,
      'anonymous requests share the address budget',
    );
  },
);
