import t from 'tap';
import { buildTestApp } from '../helpers/app.js';

t.test('GET /api/v1/health/quick answers without touching dependencies', async (t) => {
  const app = await buildTestApp(t);
  const res = await app.inject({ method: 'GET', url: '/api/v1/health/quick' });
  t.equal(res.statusCode, 200);
  const body = res.json();
  t.equal(body.status, 'ok');
  t.type(body.version, 'string');
  t.type(body.uptime_s, 'number');
});

t.test(
  'GET /api/v1/health reports each dependency and 503 when a required one is down',
  async (t) => {
    const app = await buildTestApp(t);
    const real = app.services.dependencies.map((d) => d.name);
    t.same(
      real,
      ['invoice_store', 'job_store', 'queue', 'chat_history', 'uploads', 'documents', 'model'],
      'the embedded default reports every dependency',
    );
    const healthy = await app.inject({ method: 'GET', url: '/api/v1/health' });
    t.equal(healthy.json().status, 'ok');
    t.match(
      healthy.json().checks.find((c: { name: string }) => c.name === 'invoice_store'),
      { state: 'up', info: { kind: 'sqlite' } },
    );

    app.services.dependencies.push({
      name: 'embeddings',
      required: false,
      check: async () => Promise.reject(new Error('no answer')),
    });
    const degraded = await app.inject({ method: 'GET', url: '/api/v1/health' });
    t.equal(degraded.statusCode, 200);
    t.equal(degraded.json().status, 'degraded');
    const embeddings = degraded
      .json()
      .checks.find((c: { name: string }) => c.name === 'embeddings');
    t.match(embeddings, { state: 'down', required: false, error: 'no answer' });
    t.type(embeddings.latency_ms, 'number');

    app.services.dependencies.push({
      name: 'queue',
      required: true,
      check: async () => Promise.reject(new Error('refused')),
    });
    const down = await app.inject({ method: 'GET', url: '/api/v1/health' });
    t.equal(down.statusCode, 503);
    t.equal(down.json().status, 'down');
    const ready = await app.inject({ method: 'GET', url: '/api/v1/health/ready' });
    t.equal(ready.statusCode, 503);
    t.notOk(
      ready.json().checks.some((c: { name: string }) => c.name === 'embeddings'),
      'readiness looks only at required dependencies',
    );
  },
);
