import multipart from '@fastify/multipart';
import { fastifySSE } from '@fastify/sse';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';
import { loggerOptions } from './logger.js';
import type { IngestionReader } from './pipeline/ingest/reader.js';
import audit from './plugins/audit.js';
import auth from './plugins/auth.js';
import bodyTimeout from './plugins/body-timeout.js';
import { clientErrorHandler } from './plugins/client-error.js';
import { buildCachedSerializer, buildSharedValidator } from './plugins/compiled-schemas.js';
import errorHandler, { answerFrameworkError } from './plugins/error-handler.js';
import gracefulClose from './plugins/graceful-close.js';
import idempotency from './plugins/idempotency.js';
import metrics, { METRICS_URL } from './plugins/metrics.js';
import openapi from './plugins/openapi.js';
import rateLimit from './plugins/rate-limit.js';
import requestId, { requestIdFrom } from './plugins/request-id.js';
import { lazyChildLoggerFactory } from './plugins/request-logger.js';
import security from './plugins/security.js';
import underPressure from './plugins/under-pressure.js';
import analyzeInvoices from './routes/v1/analyze/analyze-invoices.js';
import analyzeInvoicesStream from './routes/v1/analyze/analyze-invoices-stream.js';
import auditRoutes from './routes/v1/audit.js';
import chat from './routes/v1/chat/chat.js';
import chatStream from './routes/v1/chat/chat-stream.js';
import { deleteHistory, getHistory, listSessions } from './routes/v1/chat/history.js';
import healthRoutes from './routes/v1/health.js';
import deleteInvoice from './routes/v1/invoices/delete-invoice.js';
import exportInvoices from './routes/v1/invoices/export-invoices.js';
import getDocument from './routes/v1/invoices/get-document.js';
import getInvoice from './routes/v1/invoices/get-invoice.js';
import getPage from './routes/v1/invoices/get-page.js';
import listInvoices from './routes/v1/invoices/list-invoices.js';
import overrideDecision from './routes/v1/invoices/override-decision.js';
import createJob from './routes/v1/jobs/create-job.js';
import getJob from './routes/v1/jobs/get-job.js';
import jobEvents from './routes/v1/jobs/job-events.js';
import reportHtml from './routes/v1/jobs/report-html.js';
import reportPdf from './routes/v1/jobs/report-pdf.js';
import activateVersion from './routes/v1/policies/activate-version.js';
import createPolicy from './routes/v1/policies/create-policy.js';
import createVersion from './routes/v1/policies/create-version.js';
import getActivePolicy from './routes/v1/policies/get-active-policy.js';
import getPolicy from './routes/v1/policies/get-policy.js';
import getVersion from './routes/v1/policies/get-version.js';
import listPolicies from './routes/v1/policies/list-policies.js';
import previewVersion from './routes/v1/policies/preview-version.js';
import updateRules from './routes/v1/policies/update-rules.js';
import webhookRoutes from './routes/v1/webhooks/index.js';
import { chatSchemas } from './schemas/chat.js';
import { MoneySchema, ProblemSchema } from './schemas/common.js';
import { invoiceSchemas } from './schemas/invoices.js';
import { jobSchemas } from './schemas/jobs.js';
import { policySchemas } from './schemas/policies.js';
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
  /** A document reader the caller owns (and closes), for the services built here. */
  reader?: IngestionReader;
}

const MIB = 1024 * 1024;

/** Registers plugins, then routes. No business logic lives here. */
export async function buildApp(
  config: Config,
  options: BuildAppOptions = {},
): Promise<FastifyInstance> {
  const logger = options.logger ?? loggerOptions(config);
  const app = Fastify({
    logger,
    // request.log binds the request id; pino builds that child only once a line is written.
    // (Without a logger Fastify skips children altogether, faster than any factory.)
    ...(logger === false ? {} : { childLoggerFactory: lazyChildLoggerFactory }),
    genReqId: requestIdFrom,
    clientErrorHandler,
    frameworkErrors: answerFrameworkError,
    // The graceful-close plugin answers requests that arrive while closing, as problems.
    return503OnClosing: false,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: true } },
    schemaController: {
      compilersFactory: {
        buildSerializer: buildCachedSerializer,
        buildValidator: buildSharedValidator,
      },
    },
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const services =
    options.services ??
    (await createServices(config, {
      onError: (error) => app.log.error({ err: error }, 'background work failed'),
      log: app.log,
      ...(options.reader ? { reader: options.reader } : {}),
    }));
  app.decorate('services', services);
  if (!options.services) {
    app.addHook('onReady', async () => services.startWorker());
    app.addHook('onClose', async () => services.close());
  }

  app.addSchema(ProblemSchema);
  app.addSchema(MoneySchema);
  for (const schema of [...invoiceSchemas, ...jobSchemas, ...chatSchemas, ...policySchemas])
    app.addSchema(schema);

  await app.register(requestId);
  await app.register(errorHandler);
  // Before anything reads a body: a body that stalls or trickles is answered 408, not held.
  await app.register(bodyTimeout, {
    timeoutMs: config.bodyTimeoutMs,
    minBytesPerSecond: config.bodyMinBytesPerSecond,
  });
  await app.register(gracefulClose);
  await app.register(security, {
    allowedOrigins: config.allowedOrigins,
    production: config.nodeEnv === 'production',
  });
  await app.register(underPressure, {
    maxEventLoopDelayMs: config.pressureMaxEventLoopDelayMs,
    maxHeapUsedBytes: config.pressureMaxHeapUsedMb * MIB,
    maxRssBytes: config.pressureMaxRssMb * MIB,
    sampleIntervalMs: config.pressureSampleIntervalMs,
    exemptRoutes: ['/api/v1/health/quick', '/api/v1/health', '/api/v1/health/ready', METRICS_URL],
  });
  await app.register(metrics);
  // Before the rate limiter and every route: its onRoute hook gives each protected route the hook
  // that sets request.caller, ahead of the limiter's route-level hook that keys on it, and
  // documents 401/403 per route.
  await app.register(auth);
  await app.register(audit);
  // Before every route: both collect routes as they are registered.
  await app.register(rateLimit, {
    max: config.rateLimitMax,
    timeWindowMs: config.rateLimitWindowMs,
    ...(services.redis ? { redis: services.redis } : {}),
  });
  await app.register(openapi);
  await app.register(idempotency, { store: services.idempotency });
  // Only the upload routes parse multipart bodies (see `uploads` below): @fastify/multipart adds
  // two async hooks to every request of the context it is registered in. Elsewhere a multipart
  // body is accepted unread, as the plugin itself does, and fails the route's body schema.
  app.addContentTypeParser('multipart/form-data', (_request, _payload, done) => done(null));
  // Every body is JSON or a multipart upload: plain text would reach a JSON schema as a string
  // and fail it as a 400, where the truth is 415.
  app.removeContentTypeParser('text/plain');
  // Named `ping` events replace comment heartbeats: app code (Flutter) never sees comments.
  await app.register(fastifySSE, { heartbeatInterval: 0 });

  await app.register(
    async (v1) => {
      await v1.register(healthRoutes);
      await v1.register(auditRoutes);
      await v1.register(async (uploads) => {
        uploads.removeContentTypeParser('multipart/form-data');
        await uploads.register(multipart, {
          throwFileSizeLimit: true,
          limits: {
            fileSize: config.maxUploadBytes,
            files: config.maxUploadFiles,
            fields: 20,
            parts: config.maxUploadFiles + 20,
          },
        });
        await uploads.register(createJob);
        await uploads.register(analyzeInvoices);
        await uploads.register(analyzeInvoicesStream);
        await uploads.register(createPolicy);
        await uploads.register(createVersion);
        await uploads.register(previewVersion);
      });
      await v1.register(getJob);
      await v1.register(jobEvents);
      await v1.register(reportPdf);
      await v1.register(reportHtml);
      await v1.register(listInvoices);
      await v1.register(exportInvoices);
      await v1.register(getInvoice);
      await v1.register(getDocument);
      await v1.register(getPage);
      await v1.register(overrideDecision);
      await v1.register(deleteInvoice);
      await v1.register(chat);
      await v1.register(chatStream);
      await v1.register(getHistory);
      await v1.register(deleteHistory);
      await v1.register(listSessions);
      await v1.register(listPolicies);
      await v1.register(getActivePolicy);
      await v1.register(getPolicy);
      await v1.register(getVersion);
      await v1.register(updateRules);
      await v1.register(activateVersion);
      await v1.register(webhookRoutes);
    },
    { prefix: '/api/v1' },
  );

  return app;
}
