import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, Registry } from 'prom-client';
import t from 'tap';
import { DURATION_BUCKETS, HttpMetrics } from '../../src/plugins/metrics.js';
import { buildTestApp } from '../helpers/app.js';

/** The value of one sample line, e.g. sample(text, 'http_requests_total', {route: '/x'}). */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const line = text
    .split('\n')
    .find(
      (l) =>
        l.startsWith(`${name}{`) &&
        Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)),
    );
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

t.test(
  'GET /metrics: Prometheus text with request counts and latency by route pattern and status',
  async (t) => {
    const app = await buildTestApp(t, {
      extend: (app) => {
        app.get('/items/:id', async () => ({ ok: true }));
      },
    });
    await app.inject({ method: 'GET', url: '/items/1' });
    await app.inject({ method: 'GET', url: '/items/2?x=1' });
    await app.inject({ method: 'GET', url: '/no/such/path-123' });
    await app.inject({ method: 'DELETE', url: '/api/v1/health/quick' });

    const res = await app.inject({ method: 'GET', url: '/metrics' });
    t.equal(res.statusCode, 200);
    t.match(res.headers['content-type'], /^text\/plain; version=0\.0\.4/);
    const text = res.body;
    t.equal(
      sample(text, 'http_requests_total', {
        method: 'GET',
        route: '/items/:id',
        status_code: '200',
      }),
      2,
      'counted by pattern, not raw URL',
    );
    t.notMatch(text, /\/items\/1|\/items\/2/);
    t.equal(
      sample(text, 'http_requests_total', { route: '<unmatched>', status_code: '404' }),
      1,
      'unknown paths share one label',
    );
    t.notMatch(text, /path-123/);
    t.equal(
      sample(text, 'http_requests_total', {
        method: 'DELETE',
        route: '<unmatched>',
        status_code: '405',
      }),
      1,
    );
    t.equal(
      sample(text, 'http_request_duration_seconds_count', {
        method: 'GET',
        route: '/items/:id',
        status_code: '200',
      }),
      2,
    );
    t.equal(
      sample(text, 'http_request_duration_seconds_bucket', { le: '+Inf', route: '/items/:id' }),
      2,
    );
    t.match(text, /# TYPE http_request_duration_seconds histogram/);
    t.match(text, /^process_cpu_user_seconds_total \d/m, 'default process metrics');
    t.match(text, /^nodejs_eventloop_lag_seconds /m);
  },
);

t.test('every app has its own registry', async (t) => {
  const extend = (app: FastifyInstance) => {
    app.get('/x', async () => ({}));
  };
  const one = await buildTestApp(t, { extend });
  const two = await buildTestApp(t, { extend });
  await one.inject({ method: 'GET', url: '/x' });
  const text = (await two.inject({ method: 'GET', url: '/metrics' })).body;
  t.equal(
    sample(text, 'http_requests_total', { route: '/x' }),
    undefined,
    "the second app did not see the first one's request",
  );
  t.notMatch(
    text,
    /# HELP http_requests_total[\s\S]*# HELP http_requests_total/,
    'each metric appears once',
  );
});

t.test('/metrics is not an API operation', async (t) => {
  const app = await buildTestApp(t);
  t.notOk((app.swagger() as { paths: Record<string, unknown> }).paths['/metrics']);
});

t.test(
  'the recorder answers exactly as a prom-client Counter and Histogram fed the same requests',
  async (t) => {
    const ours = new Registry();
    const http = new HttpMetrics();
    http.registerIn(ours);
    const reference = new Registry();
    const labelNames = ['method', 'route', 'status_code'];
    const counter = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered.',
      labelNames,
      registers: [reference],
    });
    const histogram = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from receiving a request to finishing its response.',
      labelNames,
      buckets: DURATION_BUCKETS,
      registers: [reference],
    });
    const requests: Array<[string, string, number, number]> = [
      ['GET', '/a', 200, 0],
      ['GET', '/a', 200, 0.005], // on a bound: counted in that bucket
      ['GET', '/a', 200, 0.0050001],
      ['GET', '/a', 404, 0.3],
      ['POST', '/a', 200, 1],
      ['GET', '<unmatched>', 404, 0.02],
      ['GET', '/b/:id', 500, 121], // above every bound: only +Inf
      ['GET', '/b/:id', 500, 120],
    ];
    for (const [method, route, status, seconds] of requests) {
      http.record(method, route, status, seconds);
      const labels = { method, route, status_code: String(status) };
      counter.inc(labels);
      histogram.observe(labels, seconds);
    }
    const lines = async (registry: Registry) => (await registry.metrics()).split('\n').sort();
    t.same(await lines(ours), await lines(reference), 'the same text, line for line');
    const json = async (registry: Registry) =>
      JSON.parse(JSON.stringify(await registry.getMetricsAsJSON())) as unknown;
    t.same(await json(ours), await json(reference), 'the same JSON');

    ours.resetMetrics();
    t.notMatch(await ours.metrics(), /route=/, 'reset empties both metrics');
  },
);
