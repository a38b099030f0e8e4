import t from 'tap';
import { buildTestApp } from '../helpers/app.js';

/** Which routes honour Idempotency-Key: only those that declare `config.idempotency`. */
t.test(
  'only routes declaring config.idempotency replay; a claim without the config fails loudly',
  async (t) => {
    let created = 0;
    const app = await buildTestApp(t, {
      extend: (app) => {
        app.post(
          '/api/v1/test/with-key',
          { config: { idempotency: 'body' }, schema: { body: { type: 'object' } } },
          async (_request, reply) => {
            created += 1;
            return reply.code(201).header('location', `/things/${created}`).send({ created });
          },
        );
        app.post('/api/v1/test/without-key', { schema: { body: { type: 'object' } } }, async () => {
          created += 1;
          return { created };
        });
        app.post('/api/v1/test/undeclared-claim', async (request) => ({
          stored: await request.claimIdempotency('fingerprint'),
        }));
      },
    });
    const send = (url: string, key: string, payload: object = { a: 1 }) =>
      app.inject({ method: 'POST', url, headers: { 'idempotency-key': key }, payload });

    const first = await send('/api/v1/test/with-key', 'key-0001');
    t.equal(first.statusCode, 201);
    const retry = await send('/api/v1/test/with-key', 'key-0001');
    t.equal(retry.statusCode, 201);
    t.equal(retry.headers['idempotent-replayed'], 'true');
    t.same(retry.json(), first.json());
    t.equal(retry.headers.location, first.headers.location, 'the stored Location is replayed');
    t.equal(
      (await send('/api/v1/test/with-key', 'key-0001', { a: 2 })).statusCode,
      422,
      'same key, other payload',
    );

    const plain = await send('/api/v1/test/without-key', 'key-0002');
    const again = await send('/api/v1/test/without-key', 'key-0002');
    t.not(
      again.json().created,
      plain.json().created,
      'a route without the config ignores the header',
    );
    t.notOk(again.headers['idempotent-replayed']);

    const undeclared = await send('/api/v1/test/undeclared-claim', 'key-0003');
    t.equal(undeclared.statusCode, 500, 'a wiring bug, not a silent no-op');
  },
);
