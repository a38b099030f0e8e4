import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ServiceUnavailableError } from '../errors.js';

export interface UnderPressureOptions {
  /** Mean event-loop delay (ms) above which requests are refused; 0 disables. */
  maxEventLoopDelayMs: number;
  /** Heap in use (bytes) above which requests are refused; 0 disables. */
  maxHeapUsedBytes: number;
  /** Resident set size (bytes) above which requests are refused; 0 disables. */
  maxRssBytes: number;
  sampleIntervalMs: number;
  /**
   * Route patterns that answer even when overloaded: liveness must not fail under load (the
   * orchestrator would restart a busy but healthy process) and metrics are how load is seen.
   */
  exemptRoutes: readonly string[];
}

/** Seconds a refused client is told to wait. */
export const OVERLOAD_RETRY_AFTER_S = 10;

/** The error handler logs it with the request id; `pressure` names the limit that tripped. */
export class OverloadedError extends ServiceUnavailableError {
  constructor(readonly pressure: string) {
    super('overloaded', 'The service is overloaded; retry shortly.', OVERLOAD_RETRY_AFTER_S);
  }
}

/**
 * Sheds load with 503 problem+json (code `overloaded`, Retry-After) while the process is
 * overloaded, instead of queueing requests until every one of them times out.
 */
export default fp<UnderPressureOptions>(
  async (app: FastifyInstance, options) => {
    const exempt = new Set(options.exemptRoutes);
    await app.register(underPressure, {
      maxEventLoopDelay: options.maxEventLoopDelayMs,
      maxHeapUsedBytes: options.maxHeapUsedBytes,
      maxRssBytes: options.maxRssBytes,
      sampleInterval: options.sampleIntervalMs,
      // Replaces the plugin's own 503 so the answer goes through the one error handler.
      pressureHandler: async (request: FastifyRequest, _reply: FastifyReply, type: string) => {
        if (exempt.has(request.routeOptions.url ?? '')) return;
        throw new OverloadedError(type);
      },
    });
  },
  { name: 'under-pressure', dependencies: ['error-handler'] },
);
