import t from 'tap';
import { OVERLOAD_RETRY_AFTER_S } from '../../src/plugins/under-pressure.js';
import { buildTestApp } from '../helpers/app.js';

type App = Awaited<ReturnType<typeof buildTestApp>>;

/** Waits (without asserting on time) until the sampler has seen the pressure. */
async function underPressure(app: App): Promise<void> {
  while (!app.isUnderPressure()) await new Promise((resolve) => setTimeout(resolve, 10));
}

t.test(
  'over the heap threshold: 503 problem+json with Retry-After; health and metrics still answer',
  async (t) => {
    // Any running process uses more than 1 MiB of heap, so the threshold is crossed at the first sample.
    const app = await buildTestApp(t, {
      env: { PRESSURE_MAX_HEAP_USED_MB: '1', PRESSURE_SAMPLE_INTERVAL_MS: '10' },
      extend: (app) => {
        app.get('/work', async () => ({ ok: true }));
      },
    });
    await underPressure(app);
    const refused = await app.inject({
      method: 'GET',
      url: '/work',
      headers: { 'x-request-id': 'pressure-req-1' },
    });
    t.equal(refused.statusCode, 503);
    t.match(refused.headers['content-type'], /^application\/problem\+json/);
    t.equal(refused.headers['retry-after'], String(OVERLOAD_RETRY_AFTER_S));
    t.match(refused.json(), {
      status: 503,
      code: 'overloaded',
      request_id: 'pressure-req-1',
      instance: '/work',
    });
    t.equal(refused.headers['x-request-id'], 'pressure-req-1');

    for (const url of [
      '/api/v1/health/quick',
      '/api/v1/health',
      '/api/v1/health/ready',
      '/metrics',
    ]) {
      t.equal((await app.inject({ method: 'GET', url })).statusCode, 200, `${url} is exempt`);
    }
  },
);

t.test('a blocked event loop trips the delay threshold', async (t) => {
  const app = await buildTestApp(t, {
    // A long sample interval keeps the measured delay for a while after the loop is free again.
    env: { PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '50', PRESSURE_SAMPLE_INTERVAL_MS: '500' },
    extend: (app) => {
      app.get('/work', async () => ({ ok: true }));
    },
  });
  // Busy-waits block the loop so the delay histogram records late ticks.
  while (!app.isUnderPressure()) {
    const until = Date.now() + 300;
    while (Date.now() < until);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  t.ok(app.memoryUsage().eventLoopDelay > 50, 'the sampled delay is over the threshold');
  const refused = await app.inject({ method: 'GET', url: '/work' });
  t.equal(refused.statusCode, 503);
  t.equal(refused.json().code, 'overloaded');
});

t.test('the default thresholds leave a normal process alone', async (t) => {
  const app = await buildTestApp(t, {
    extend: (app) => {
      app.get('/work', async () => ({ ok: true }));
    },
  });
  t.equal(app.isUnderPressure(), false);
  t.equal((await app.inject({ method: 'GET', url: '/work' })).statusCode, 200);
});
