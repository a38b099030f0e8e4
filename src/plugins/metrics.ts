import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { type Counter, collectDefaultMetrics, type Histogram, Registry } from 'prom-client';
import { metricsGate } from './metrics-access.js';

export const METRICS_URL = '/metrics';

/** Requests that matched no route share one label, so scanners cannot explode the label set. */
export const UNMATCHED_ROUTE = '<unmatched>';

let processRegistry: Registry | undefined;

/**
 * CPU, memory, event loop and GC describe the process, not an app instance, and collecting them
 * starts monitors that are never stopped: one registry per process, however many apps tests build.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

const LABEL_NAMES = ['method', 'route', 'status_code'] as const;
/** Upper bounds (seconds) of the latency histogram's buckets. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120];

interface Series {
  labels: Record<(typeof LABEL_NAMES)[number], string>;
  count: number;
  sum: number;
  /** Observations per bucket (not cumulative); the last slot counts those above every bound. */
  buckets: Float64Array;
}

type MetricValue = {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
  exemplar?: null;
};
interface MetricData {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  values: MetricValue[];
  aggregator: 'sum';
}

/**
 * The request counter and latency histogram, recorded for a few hundred nanoseconds per request:
 * prom-client's Counter.inc and Histogram.observe validate and hash the labels on every call
 * (about 1.5 µs per request together). Here each series (method, route pattern, status) is looked
 * up in nested maps without building a key or a label object, and prom-client only formats the
 * totals at scrape time: the two objects below implement the part of prom-client's metric
 * interface a Registry uses (name, help, type, get, reset), with the same names, labels, buckets
 * and output as a prom-client Counter and Histogram.
 */
function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

export class HttpMetrics {
  private byRoute = new Map<string, Map<string, Map<number, Series>>>();

  record(method: string, route: string, status: number, seconds: number): void {
    const byMethod = getOrCreate(this.byRoute, route, () => new Map());
    const byStatus = getOrCreate(byMethod, method, () => new Map());
    let series = byStatus.get(status);
    if (series === undefined) {
      series = {
        labels: { method, route, status_code: String(status) },
        count: 0,
        sum: 0,
        buckets: new Float64Array(DURATION_BUCKETS.length + 1),
      };
      byStatus.set(status, series);
    }
    series.count += 1;
    series.sum += seconds;
    let bucket = 0;
    while (bucket < DURATION_BUCKETS.length && seconds > (DURATION_BUCKETS[bucket] as number))
      bucket += 1;
    (series.buckets[bucket] as number) += 1;
  }

  private *series(): Iterable<Series> {
    for (const byMethod of this.byRoute.values())
      for (const byStatus of byMethod.values()) yield* byStatus.values();
  }

  reset(): void {
    this.byRoute.clear();
  }

  /** Registers `http_requests_total` and `http_request_duration_seconds` in `registry`. */
  registerIn(registry: Registry): void {
    const counter = {
      name: 'http_requests_total',
      help: 'HTTP requests answered.',
      type: 'counter' as const,
      labelNames: [...LABEL_NAMES],
      aggregator: 'sum' as const,
      get: async (): Promise<MetricData> => ({
        name: counter.name,
        help: counter.help,
        type: counter.type,
        values: [...this.series()].map((one) => ({ labels: { ...one.labels }, value: one.count })),
        aggregator: 'sum',
      }),
      reset: () => this.reset(),
    };
    const histogram = {
      name: 'http_request_duration_seconds',
      help: 'Time from receiving a request to finishing its response.',
      type: 'histogram' as const,
      labelNames: [...LABEL_NAMES],
      aggregator: 'sum' as const,
      get: async (): Promise<MetricData> => {
        const values: MetricValue[] = [];
        for (const one of this.series()) {
          let cumulative = 0;
          DURATION_BUCKETS.forEach((bound, index) => {
            cumulative += one.buckets[index] as number;
            values.push({
              labels: { le: bound, ...one.labels },
              value: cumulative,
              metricName: `${histogram.name}_bucket`,
              exemplar: null,
            });
          });
          values.push({
            labels: { le: '+Inf', ...one.labels },
            value: one.count,
            metricName: `${histogram.name}_bucket`,
            exemplar: null,
          });
          values.push({
            labels: { ...one.labels },
            value: one.sum,
            metricName: `${histogram.name}_sum`,
          });
          values.push({
            labels: { ...one.labels },
            value: one.count,
            metricName: `${histogram.name}_count`,
          });
        }
        return {
          name: histogram.name,
          help: histogram.help,
          type: histogram.type,
          values,
          aggregator: 'sum',
        };
      },
      reset: () => this.reset(),
    };
    // prom-client types registerMetric with its own classes; a Registry only calls what is above.
    registry.registerMetric(counter as unknown as Counter);
    registry.registerMetric(histogram as unknown as Histogram);
  }
}

/** The process's metrics and the app's, in Prometheus text format. */
export async function metricsText(registry: Registry): Promise<string> {
  return (await processMetrics().metrics()) + (await registry.metrics());
}

declare module 'fastify' {
  interface FastifyInstance {
    /** This app's HTTP metrics; routes and services may register their own metrics here. */
    metrics: Registry;
  }
}

/**
 * `GET /metrics` in Prometheus text format: request count and latency by method, route pattern
 * (never the raw URL) and status, plus the default process metrics. Guarded as metrics-access.ts
 * says; with METRICS_PORT it is served by metrics-server.ts instead.
 */
export default fp(
  async (app: FastifyInstance) => {
    // Per app, not prom-client's global registry: tests build many apps in one process.
    const registry = new Registry();
    app.decorate('metrics', registry);
    const http = new HttpMetrics();
    http.registerIn(registry);

    // Synchronous: no promise and no microtask per request.
    app.addHook('onResponse', (request, reply, done) => {
      http.record(
        request.method,
        request.routeOptions.url ?? UNMATCHED_ROUTE,
        reply.statusCode,
        reply.elapsedTime / 1000,
      );
      done();
    });

    // Served on METRICS_PORT instead (server.ts): the API's port does not answer it at all.
    const gate = metricsGate(app.services.config);
    if (gate === null) return;
    app.get(
      METRICS_URL,
      // Scrapers poll it: never rate limited; not part of the client API, so not in OpenAPI.
      { config: { rateLimit: false }, schema: { hide: true } },
      async (request, reply) => {
        await gate(request.headers.authorization);
        return reply.type(registry.contentType).send(await metricsText(registry));
      },
    );
  },
  { name: 'metrics' },
);
