import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { unlimitedProblemResponses } from '../../schemas/common.js';
import { DependencyStateSchema, HealthQuickSchema, HealthSchema } from '../../schemas/health.js';
import type { DependencyCheck } from '../../services.js';
import { VERSION } from '../../version.js';

const CHECK_TIMEOUT_MS = 2000;

type DependencyState = {
  name: string;
  state: 'up' | 'down';
  required: boolean;
  latency_ms: number;
  info?: Record<string, string>;
  error?: string;
};

async function probe(dependency: DependencyCheck): Promise<DependencyState> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      dependency.check(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return {
      name: dependency.name,
      state: 'up',
      required: dependency.required,
      latency_ms: elapsed(started),
      ...(dependency.info ? { info: dependency.info } : {}),
    };
  } catch (error) {
    return {
      name: dependency.name,
      state: 'down',
      required: dependency.required,
      latency_ms: elapsed(started),
      ...(dependency.info ? { info: dependency.info } : {}),
      error: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}

const elapsed = (started: number) => Math.round((performance.now() - started) * 10) / 10;

const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addSchema(DependencyStateSchema);
  app.addSchema(HealthQuickSchema);
  app.addSchema(HealthSchema);

  const checkAll = () => Promise.all(app.services.dependencies.map(probe));
  const overall = (states: DependencyState[]) =>
    states.some((s) => s.required && s.state === 'down')
      ? 'down'
      : states.some((s) => s.state === 'down')
        ? 'degraded'
        : 'ok';

  app.get(
    '/health/quick',
    {
      config: { rateLimit: false },
      schema: {
        operationId: 'healthQuick',
        tags: ['health'],
        summary: 'Liveness',
        description:
          'Answers as long as the process runs. Checks no dependency; use it as the container health check.',
        response: { 200: HealthQuickSchema, ...unlimitedProblemResponses() },
      },
    },
    async () => ({
      status: 'ok' as const,
      version: VERSION,
      uptime_s: Math.round(process.uptime()),
    }),
  );

  app.get(
    '/health',
    {
      config: { rateLimit: false },
      schema: {
        operationId: 'health',
        tags: ['health'],
        summary: 'Every dependency',
        description:
          'Checks every dependency (store, queue, model, vector store) and reports its state and latency. 503 when a required one is down.',
        response: { 200: HealthSchema, 503: HealthSchema, ...unlimitedProblemResponses() },
      },
    },
    async (_request, reply) => {
      const checks = await checkAll();
      const status = overall(checks);
      return reply.code(status === 'down' ? 503 : 200).send({ status, version: VERSION, checks });
    },
  );

  app.get(
    '/health/ready',
    {
      config: { rateLimit: false },
      schema: {
        operationId: 'healthReady',
        tags: ['health'],
        summary: 'Readiness',
        description:
          'Answers 200 once every required dependency answers, 503 until then. Load balancers route traffic by it.',
        response: { 200: HealthSchema, 503: HealthSchema, ...unlimitedProblemResponses() },
      },
    },
    async (_request, reply) => {
      const checks = (await checkAll()).filter((c) => c.required);
      const status = overall(checks);
      return reply.code(status === 'down' ? 503 : 200).send({ status, version: VERSION, checks });
    },
  );
};

export default healthRoutes;
