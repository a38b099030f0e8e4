import t from 'tap';
import { loadConfig } from '../../src/config.js';
import { buildTestApp } from '../helpers/app.js';

t.test('memory-based load shedding is on by default, below a 2 GiB machine', async (t) => {
  const config = loadConfig({ NODE_ENV: 'test', LOG_DIR: '' });
  t.ok(config.pressureMaxRssMb > 0, 'on without any setting');
  t.ok(config.pressureMaxRssMb <= 1536, `${config.pressureMaxRssMb} MiB leaves room to finish`);
});

t.test('over the RSS threshold, work is refused with 503 overloaded', async (t) => {
  // Every Node process is resident in more than 1 MiB: the first sample trips it.
  const app = await buildTestApp(t, {
    env: { PRESSURE_MAX_RSS_MB: '1', PRESSURE_SAMPLE_INTERVAL_MS: '10' },
    extend: (app) => {
      app.get('/work', async () => ({ ok: true }));
    },
  });
  while (!app.isUnderPressure()) await new Promise((resolve) => setTimeout(resolve, 10));
  const refused = await app.inject({ method: 'GET', url: '/work' });
  t.equal(refused.statusCode, 503);
  t.match(refused.json(), { code: 'overloaded' });
  t.equal((await app.inject({ method: 'GET', url: '/api/v1/health/quick' })).statusCode, 200);
});
