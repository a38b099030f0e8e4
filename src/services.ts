/**
 * The composition root: builds every adapter from the configuration and hands services their ports.
 * `QDRANT_URL`, `REDIS_URL` and `GEMINI_API_KEY` each switch one role; any mix works.
 */
import { setMaxListeners } from 'node:events';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import type { ModelProvider } from './ai/provider.js';
import { ChatService } from './chat/chat-service.js';
import type { Config } from './config.js';
import { createDocumentStore } from './documents/create-document-store.js';
import type { DocumentStore } from './documents/document-store.js';
import { releasingDocuments } from './documents/invoice-documents.js';
import { forgettingPages, PageRenderer } from './documents/page-renderer.js';
import { startRetention } from './documents/retention.js';
import { storingDocuments } from './documents/storing-reader.js';
import { type AnalysisDeps, runAnalysisJob } from './pipeline/analysis-job.js';
import type { IngestionReader } from './pipeline/ingest/reader.js';
import type { UploadLimits } from './pipeline/ingest/upload.js';
import { JobService } from './pipeline/job-service.js';
import { currentCompiler } from './policies/compile.js';
import { PolicyService } from './policies/policy-service.js';
import { PolicyPreview } from './policies/preview.js';
import { createModel, queryEmbedder, unusableModels } from './services/model.js';
import { createInvoiceStore, createReader, createStateStores } from './services/stores.js';
import { announcingOverrides, createDecisionOverrides } from './store/create-decision-overrides.js';
import { InvoiceSearch, type SearchLog } from './store/invoice-search.js';
import { databaseFile } from './store/maintenance.js';
import type {
  AuditLog,
  ChatHistoryStore,
  DecisionOverrideStore,
  IdempotencyStore,
  InvoiceStore,
  JobStore,
} from './store/ports.js';
import { DEFAULT_KEY_PREFIX } from './store/redis/connection.js';
import { redisPeriodClaim } from './store/redis/hourly-lease.js';
import { RedisPolicyStore } from './store/redis/policy-store.js';
import { openDatabase } from './store/sqlite/database.js';
import { ALL_MIGRATIONS } from './store/sqlite/migrations.js';
import { SqlitePolicyCache } from './store/sqlite/policy-cache.js';
import { SqlitePolicyStore } from './store/sqlite/policy-store.js';
import { checkWritable, uploadsDir } from './store/uploads-dir.js';
import {
  type BackfillLog,
  canBackfillVectors,
  runVectorBackfill,
} from './store/vector-backfill.js';
import { createWebhooks } from './webhooks/create-webhooks.js';
import { auditWithEvents, policyStoreWithEvents } from './webhooks/event-sources.js';
import type { WebhookService } from './webhooks/webhook-service.js';

/** One dependency the service needs or may use, as reported by GET /health. */
export interface DependencyCheck {
  name: string;
  /** A required dependency that is down makes /health and /health/ready answer 503. */
  required: boolean;
  /** Extra facts shown in /health, e.g. the adapter kind. */
  info?: Record<string, string>;
  /** `timeoutMs`: how long a check that asks over the network may wait (default its own). */
  check(timeoutMs?: number): Promise<void>;
}

/** Everything routes need, built once from the configuration. */
export interface Services {
  config: Config;
  dependencies: DependencyCheck[];
  /** Append-only record of every change (who, what, when, request id, address). */
  audit: AuditLog;
  invoices: InvoiceStore;
  /** Finance's overrides of decisions, each written with its audit entry, over the version read. */
  decisionOverrides: DecisionOverrideStore;
  /** The uploaded originals, once per content hash (disk or S3-compatible storage). */
  documents: DocumentStore;
  /** Pages of originals drawn as PNGs, cached under DATA_DIR/page-cache. */
  pages: PageRenderer;
  /** Text search over `invoices`: hybrid (meaning and words) when Gemini embeddings are on. */
  search: InvoiceSearch;
  jobs: JobStore;
  jobService: JobService;
  chat: ChatService;
  chatHistory: ChatHistoryStore;
  idempotency: IdempotencyStore;
  /** Managed policies and their versions (POST /policies…), and claims' managed policy. */
  policies: PolicyService;
  /** Decides sample claims under a policy version without storing anything. */
  policyPreview: PolicyPreview;
  provider: ModelProvider;
  uploadLimits: UploadLimits;
  /** Shared Redis connection in server mode (rate limiter, the hourly purge leases); null when embedded. */
  redis: Redis | null;
  /** Webhook endpoints, deliveries and their retries (admins, /webhooks). */
  webhooks: WebhookService;
  /** Starts working queued jobs in this process and resumes the ones a stop left unfinished. */
  startWorker(): Promise<void>;
  close(): Promise<void>;
}

export interface CreateServicesOptions {
  /** Errors of background work (listeners, reconnects, failed jobs), for the logger. */
  onError?: (error: unknown) => void;
  /** Where searches report falling back to words only, and the vector backfill its progress. */
  log?: SearchLog & BackfillLog;
  /**
   * A document reader built by the caller, who closes it; one is built from the config otherwise.
   * Its PDF and OCR processes outlive one set of services (the test suites share one per process).
   */
  reader?: IngestionReader;
}

export async function createServices(
  config: Config,
  options: CreateServicesOptions = {},
): Promise<Services> {
  const onError =
    options.onError ??
    ((error: unknown) =>
      process.emitWarning(error instanceof Error ? error.message : String(error)));
  // The embedded database always exists: it holds the policy cache in every mode, and everything
  // else when no server is configured.
  const db = openDatabase({ file: databaseFile(config.dataDir), migrations: ALL_MIGRATIONS });
  const state = createStateStores(config, db, onError);
  const { gemini, provider } = createModel(config);
  const pages = new PageRenderer(join(config.dataDir, 'page-cache'), {
    timeoutMs: config.pdfTimeoutMs,
  });
  const documents = forgettingPages(createDocumentStore(config), pages);
  const invoices = releasingDocuments(
    await createInvoiceStore(config, db, provider.embed !== undefined),
    documents,
    onError,
  );
  const embedQuery = queryEmbedder(provider);
  const search = new InvoiceSearch(invoices, {
    ...(embedQuery ? { embedQuery } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const reader = options.reader ?? createReader(config, gemini !== null);
  const webhooks = createWebhooks(config, db, onError);
  const emit = webhooks.service.emit.bind(webhooks.service);
  // The end of a job and a decision override are recorded in the audit log: observed there.
  const audit = auditWithEvents(state.audit, emit, { jobs: state.jobs, invoices }, onError);
  const overrides = createDecisionOverrides({
    config,
    db,
    invoices,
    audit: state.audit,
    withVectors: provider.embed !== undefined,
    onError,
  });
  // The override's entry is written with the change, not through `audit`: announced the same way.
  const announceOnly = auditWithEvents(
    { record: async () => undefined, list: (filter, page) => state.audit.list(filter, page) },
    emit,
    { jobs: state.jobs, invoices },
    onError,
  );
  // A change a crash left half-written (journalled stores) is finished before anything else.
  overrides.store.recover().catch(onError);
  const jobService = new JobService({ jobs: state.jobs, queue: state.queue, reader });
  const chat = new ChatService({
    invoices,
    search,
    history: state.chatHistory,
    // Questions about the policy itself read the active version (policyStore is built below).
    policies: { active: () => policyStore.active(), get: (id) => policyStore.get(id) },
    ...(gemini ? { gemini } : {}),
    options: {
      maxTurns: config.chatMaxTurns,
      maxQueryLength: config.chatMaxQueryLength,
      sourcesLimit: 20,
    },
    onUnexpectedError: onError,
  });

  const policyCache = new SqlitePolicyCache(db);
  // Beside the audit log they write into in the same transaction: Redis in server mode, so every
  // instance sees the same policies; the embedded database otherwise.
  const policyStore = config.redisUrl
    ? new RedisPolicyStore({ url: config.redisUrl, onError })
    : new SqlitePolicyStore({ db });
  const policies = new PolicyService({
    store: policyStoreWithEvents(policyStore, emit, onError),
    // A managed policy's document is kept like a claim's (once per content hash).
    reader: storingDocuments(reader, documents),
    compiler: currentCompiler(provider, policyCache),
  });
  const policyPreview = new PolicyPreview({
    reader,
    provider,
    options: {
      documentConcurrency: config.documentConcurrency,
      lowConfidenceBelow: config.lowConfidence,
    },
  });

  const shutdown = new AbortController();
  // Each running job links to the shutdown signal with one listener, removed when the job ends.
  setMaxListeners(config.jobConcurrency + 10, shutdown.signal);
  const analysisDeps: AnalysisDeps = {
    jobs: state.jobs,
    invoices,
    provider,
    // Every original a job reads is kept (GET /invoices/{id}/document).
    reader: storingDocuments(reader, documents),
    policies: policyCache,
    options: {
      documentConcurrency: config.documentConcurrency,
      lowConfidenceBelow: config.lowConfidence,
    },
    audit,
    onJobFailed: (error) => onError(error),
  };

  const dependencies: DependencyCheck[] = [
    {
      name: 'invoice_store',
      required: true,
      info: { kind: invoices.kind },
      check: () => invoices.ping(),
    },
    {
      name: 'job_store',
      required: true,
      info: { kind: config.redisUrl ? 'redis' : 'sqlite' },
      check: () => state.jobs.ping(),
    },
    {
      name: 'queue',
      required: true,
      info: { kind: config.redisUrl ? 'bullmq' : 'in_process' },
      check: () => state.queue.ping(),
    },
    {
      name: 'chat_history',
      required: true,
      info: { kind: config.redisUrl ? 'redis' : 'sqlite' },
      check: () => state.chatHistory.ping(),
    },
    {
      // Every upload is written here first: not writable, every upload would fail with 500.
      name: 'uploads',
      required: true,
      info: { kind: 'disk' },
      check: () => checkWritable(uploadsDir(config.dataDir)),
    },
    {
      // Originals are kept as jobs read them: a store that cannot be written fails every job.
      name: 'documents',
      required: true,
      info: { kind: documents.kind },
      check: () => documents.ping(),
    },
  ];
  if (gemini) {
    // The model is optional at run time: documents fail with llm_unavailable while it is down.
    dependencies.push({
      name: 'model',
      required: false,
      info: {
        kind: 'gemini',
        policy_model: gemini.models.policy,
        invoice_model: gemini.models.invoice,
        chat_model: gemini.models.chat,
        embedding_model: gemini.embeddingModel,
      },
      check: async (timeoutMs?: number) => {
        const problems = unusableModels(await gemini.checkModels(timeoutMs));
        if (problems) throw new Error(problems);
      },
    });
  } else {
    dependencies.push({
      name: 'model',
      required: false,
      info: { kind: 'offline' },
      check: async () => undefined,
    });
  }

  let closed = false;
  let stopRetention = async (): Promise<void> => undefined;
  return {
    config,
    dependencies,
    audit,
    invoices,
    decisionOverrides: announcingOverrides(overrides.store, (entry) => announceOnly.record(entry)),
    documents,
    pages,
    search,
    jobs: state.jobs,
    jobService,
    chat,
    chatHistory: state.chatHistory,
    idempotency: state.idempotency,
    policies,
    policyPreview,
    provider,
    uploadLimits: {
      maxFileBytes: config.maxUploadBytes,
      maxFiles: config.maxUploadFiles,
      maxRequestBytes: config.maxRequestBytes,
    },
    redis: state.redis,
    webhooks: webhooks.service,
    async startWorker() {
      if (!config.runWorker) return;
      webhooks.start(options.log);
      stopRetention = startRetention({
        documents,
        invoices,
        retentionDays: config.documentRetentionDays,
        onError,
        // Server mode: every worker runs this over the shared stores, so one an hour does it.
        ...(state.redis
          ? { claim: redisPeriodClaim(state.redis, DEFAULT_KEY_PREFIX, 'documents') }
          : {}),
      });
      state.queue.process(
        (jobId) => runAnalysisJob(jobId, analysisDeps, shutdown.signal),
        config.jobConcurrency,
      );
      await jobService.resumeUnfinished();
      // Invoices analysed before embeddings were on (or whose vectors a migration dropped).
      const embed = provider.embed?.bind(provider);
      if (embed && canBackfillVectors(invoices))
        void runVectorBackfill(invoices, (texts, signal) => embed(texts, 'document', signal), {
          signal: shutdown.signal,
          ...(options.log ? { log: options.log } : {}),
        });
    },
    async close() {
      if (closed) return;
      closed = true;
      // Running jobs stop at their next step and stay "running": the next start resumes them.
      shutdown.abort();
      await stopRetention();
      await state.queue.close();
      // After the jobs: a job that ended while closing still hands its event over.
      await webhooks.close();
      if (!options.reader) await reader.close();
      await pages.close();
      await Promise.allSettled([
        state.jobs.close(),
        state.chatHistory.close(),
        state.idempotency.close?.(),
        state.audit.close?.(),
        policyStore instanceof RedisPolicyStore ? policyStore.close() : undefined,
        invoices.close(),
        overrides.close(),
        state.redis?.quit(),
      ]);
      documents.close?.();
      db.close();
    },
  };
}
