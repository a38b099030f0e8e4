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

t.test('GET /api/v1/health reports each dependency and 503 when a required one is down', async (t) => {
  const app = await buildTestApp(t);
  app.services.dependencies.push(
    { name: 'store', required: true, check: async () => undefined },
    { name: 'model', required: false, check: async () => Promise.reject(new Error('no answer')) },
  );
  const degraded = await app.inject({ method: 'GET', url: '/api/v1/health' });
  t.equal(degraded.statusCode, 200);
  t.equal(degraded.json().status, 'degraded');
  const model = degraded.json().checks.find((c: { name: string }) => c.name === 'model');
  t.match(model, { state: 'down', required: false, error: 'no answer' });
  t.type(model.latency_ms, 'number');

  app.services.dependencies.push({ name: 'queue', required: true, check: async () => Promise.reject(new Error('refused')) });
  const down = await app.inject({ method: 'GET', url: '/api/v1/health' });
  t.equal(down.statusCode, 503);
  t.equal(down.json().status, 'down');
  const ready = await app.inject({ method: 'GET', url: '/api/v1/health/ready' });
  t.equal(ready.statusCode, 503);
  t.notOk(ready.json().checks.some((c: { name: string }) => c.name === 'model'), 'readiness looks only at required dependencies');
});
