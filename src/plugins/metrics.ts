import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

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

declare module 'fastify' {
  interface FastifyInstance {
    /** This app's HTTP metrics; routes and services may register their own metrics here. */
    metrics: Registry;
  }
}

/**
 * `GET /metrics` in Prometheus text format: request count and latency by method, route pattern
 * (never the raw URL) and status, plus the default process metrics.
 */
export default fp(
  async (app: FastifyInstance) => {
    // Per app, not prom-client's global registry: tests build many apps in one process.
    const registry = new Registry();
    app.decorate('metrics', registry);
    const labelNames = ['method', 'route', 'status_code'] as const;
    const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered.', labelNames, registers: [registry] });
    const duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from receiving a request to finishing its response.',
      labelNames,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120],
      registers: [registry],
    });

    app.addHook('onResponse', async (request, reply) => {
      const labels = { method: request.method, route: request.routeOptions.url ?? UNMATCHED_ROUTE, status_code: String(reply.statusCode) };
      requests.inc(labels);
      duration.observe(labels, reply.elapsedTime / 1000);
    });

    app.get(
      METRICS_URL,
      // Scrapers poll it: never rate limited; not part of the client API, so not in OpenAPI.
      { config: { rateLimit: false }, schema: { hide: true } },
      async (_request, reply) => {
        const text = (await processMetrics().metrics()) + (await registry.metrics());
        return reply.type(registry.contentType).send(text);
      },
    );
  },
  { name: 'metrics' },
);
