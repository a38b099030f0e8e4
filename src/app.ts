import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.js';
import { loggerOptions } from './logger.js';
import errorHandler from './plugins/error-handler.js';
import requestId, { requestIdFrom } from './plugins/request-id.js';
import healthRoutes from './routes/v1/health.js';
import { ProblemSchema, MoneySchema } from './schemas/common.js';
import { createServices, type Services } from './services.js';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

export interface BuildAppOptions {
  /** Prebuilt services (tests, the worker); built from the config otherwise and closed with the app. */
  services?: Services;
  /** Overrides the logger built from the config (tests pass false or a stream). */
  logger?: FastifyServerOptions['logger'];
}

/** Registers plugins, then routes. No business logic lives here. */
export async function buildApp(config: Config, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? loggerOptions(config),
    genReqId: requestIdFrom,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: true } },
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const services = options.services ?? (await createServices(config));
  app.decorate('services', services);
  if (!options.services) app.addHook('onClose', async () => services.close());

  app.addSchema(ProblemSchema);
  app.addSchema(MoneySchema);

  await app.register(requestId);
  await app.register(errorHandler);

  await app.register(
    async (v1) => {
      await v1.register(healthRoutes);
    },
    { prefix: '/api/v1' },
  );

  return app;
}
