/**
 * METRICS_PORT: `GET /metrics` on a listener of its own, so the API's port can be published while
 * the metrics stay on a network only the scraper reaches. Plain node:http: one route, no plugins,
 * nothing of the API (no auth, no rate limit) in the way of a scrape.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors.js';
import { problemOf } from './error-handler.js';
import { METRICS_URL, metricsText } from './metrics.js';
import { type MetricsGate, tokenGate } from './metrics-access.js';

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

function problem(status: number, code: string, detail: string): string {
  return JSON.stringify(
    problemOf({ instance: METRICS_URL, requestId: randomUUID() }, status, code, detail),
  );
}

export async function listenMetrics(
  app: FastifyInstance,
  where: { host: string; port: number; token?: string | undefined },
): Promise<MetricsServer> {
  const gate: MetricsGate | null = where.token !== undefined ? tokenGate(where.token) : null;
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const answer = async () => {
      if (path !== METRICS_URL || (request.method !== 'GET' && request.method !== 'HEAD')) {
        response.writeHead(404, { 'content-type': 'application/problem+json' });
        response.end(problem(404, 'route_not_found', `Only GET ${METRICS_URL} is served here.`));
        return;
      }
      await gate?.(request.headers.authorization);
      const text = await metricsText(app.metrics);
      response.writeHead(200, { 'content-type': app.metrics.contentType });
      response.end(request.method === 'HEAD' ? undefined : text);
    };
    answer().catch((error: unknown) => {
      const known = error instanceof AppError;
      if (!known) app.log.error({ err: error }, 'metrics scrape failed');
      response.writeHead(known ? error.statusCode : 500, {
        'content-type': 'application/problem+json',
        ...(known ? error.details.headers : {}),
      });
      response.end(
        known
          ? problem(error.statusCode, error.code, error.message)
          : problem(500, 'internal_error', 'The metrics could not be collected.'),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(where.port, where.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
