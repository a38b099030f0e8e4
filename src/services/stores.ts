/**
 * The stores a process keeps its state in (SQLite embedded, Redis in server mode), the invoice
 * store (SQLite or Qdrant) and the document reader, each built from the configuration.
 */
import { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { configuredArchiveLimits } from '../pipeline/ingest/archive-limits.js';
import type { OcrLanguage } from '../pipeline/ingest/ocr-languages.js';
import {
  createDocumentReader,
  type DocumentReaderOptions,
  type IngestionReader,
} from '../pipeline/ingest/reader.js';
import { BullMqJobQueue, InProcessJobQueue, type JobQueue } from '../pipeline/queue.js';
import type {
  AuditLog,
  ChatHistoryStore,
  IdempotencyStore,
  InvoiceStore,
  JobStore,
} from '../store/ports.js';
import { QdrantInvoiceStore } from '../store/qdrant/invoice-store.js';
import { RedisAuditLog } from '../store/redis/audit-log.js';
import { RedisChatHistoryStore } from '../store/redis/chat-history-store.js';
import { RedisIdempotencyStore } from '../store/redis/idempotency-store.js';
import { RedisJobStore } from '../store/redis/job-store.js';
import { SqliteAuditLog } from '../store/sqlite/audit-log.js';
import { SqliteChatHistoryStore } from '../store/sqlite/chat-history-store.js';
import type { SqliteDatabase } from '../store/sqlite/database.js';
import { SqliteIdempotencyStore } from '../store/sqlite/idempotency-store.js';
import { SqliteInvoiceStore } from '../store/sqlite/invoice-store.js';
import { SqliteJobStore } from '../store/sqlite/job-store.js';

export interface StateStores {
  jobs: JobStore;
  chatHistory: ChatHistoryStore;
  idempotency: IdempotencyStore & { close?: () => Promise<void> };
  audit: AuditLog & { close?: () => Promise<void> };
  queue: JobQueue;
  redis: Redis | null;
}

export function createStateStores(
  config: Config,
  db: SqliteDatabase,
  onError: (error: unknown) => void,
): StateStores {
  const ttlSeconds = config.idempotencyTtlHours * 3600;
  if (config.redisUrl) {
    const url = config.redisUrl;
    return {
      jobs: new RedisJobStore({ url, onError }),
      chatHistory: new RedisChatHistoryStore({ url, onError }),
      idempotency: new RedisIdempotencyStore({ url, ttlSeconds, onError }),
      audit: new RedisAuditLog({ url, onError }),
      queue: new BullMqJobQueue({ url, onError, onFailure: onError }),
      redis: new Redis(url, {
        maxRetriesPerRequest: 1,
        enableOfflineQueue: false,
        lazyConnect: false,
      }),
    };
  }
  return {
    jobs: new SqliteJobStore({ db, onError }),
    chatHistory: new SqliteChatHistoryStore({ db }),
    idempotency: new SqliteIdempotencyStore({ db, ttlSeconds }),
    audit: new SqliteAuditLog({ db }),
    queue: new InProcessJobQueue({ onFailure: onError }),
    redis: null,
  };
}

export async function createInvoiceStore(
  config: Config,
  db: SqliteDatabase,
  withVectors: boolean,
): Promise<InvoiceStore> {
  if (config.qdrantUrl) {
    return QdrantInvoiceStore.open({
      url: config.qdrantUrl,
      ...(config.qdrantApiKey ? { apiKey: config.qdrantApiKey } : {}),
      collection: config.qdrantCollection,
      vectorDimensions: config.embeddingDimensions,
    });
  }
  return new SqliteInvoiceStore({
    database: db,
    ...(withVectors ? { vectorDimensions: config.embeddingDimensions } : {}),
  });
}

export function createReader(config: Config, modelReadsImages: boolean): IngestionReader {
  return createDocumentReader(readerOptions(config, modelReadsImages));
}

/** What the document reader of `config` is built with (Gemini when a key is set reads images). */
export function readerOptions(
  config: Config,
  modelReadsImages = Boolean(config.geminiApiKey),
): DocumentReaderOptions {
  return {
    archiveLimits: configuredArchiveLimits(config),
    pdf: {
      timeoutMs: config.pdfTimeoutMs,
      maxImagePixels: config.imageMaxPixels,
      maxStreamBytes: config.pdfMaxStreamBytes,
      maxInflatedBytes: config.pdfMaxInflatedBytes,
      maxProcessMb: config.documentProcessMaxMb,
    },
    // Gemini reads photos and scans natively; offline, tesseract does.
    ocr: modelReadsImages
      ? null
      : {
          timeoutMs: config.pdfTimeoutMs,
          maxImagePixels: config.imageMaxPixels,
          maxProcessMb: config.documentProcessMaxMb,
          // Checked against OCR_LANGUAGES when the settings were read.
          languages: config.ocrLanguages as OcrLanguage[],
        },
    minTextCharsPerPage: config.ocrMinCharsPerPage,
    concurrency: config.documentConcurrency,
  };
}
