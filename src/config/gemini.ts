/** Gemini: used when GEMINI_API_KEY is set. */

import {
  DEFAULT_EMBEDDING_MODEL,
  DEFAULT_GEMINI_MODEL,
  LIGHT_GEMINI_MODEL,
} from '../ai/gemini/models.js';
import { setting } from './setting.js';

export const GEMINI_SETTINGS = {
  geminiApiKey: setting({
    env: 'GEMINI_API_KEY',
    kind: 'string',
    secret: true,
    description: 'Enables Gemini for policies, extraction, embeddings and chat.',
  }),
  geminiBaseUrl: setting({
    env: 'GEMINI_BASE_URL',
    kind: 'url',
    description: 'Override of the Gemini endpoint (tests use a fake server).',
  }),
  geminiModel: setting({
    env: 'GEMINI_MODEL',
    kind: 'string',
    default: DEFAULT_GEMINI_MODEL,
    description: `Model of every task (policies, invoices, chat) unless the task's own setting names one. \`${LIGHT_GEMINI_MODEL}\` costs less per token for high volume. Checked at start and by GET /health.`,
  }),
  geminiPolicyModel: setting({
    env: 'GEMINI_POLICY_MODEL',
    kind: 'string',
    description:
      'Model that compiles policies into rules (thinking level high); default GEMINI_MODEL.',
  }),
  geminiInvoiceModel: setting({
    env: 'GEMINI_INVOICE_MODEL',
    kind: 'string',
    description: 'Model that reads invoices (thinking level low); default GEMINI_MODEL.',
  }),
  geminiChatModel: setting({
    env: 'GEMINI_CHAT_MODEL',
    kind: 'string',
    description: 'Model that answers chat questions (thinking level medium); default GEMINI_MODEL.',
  }),
  geminiEmbeddingModel: setting({
    env: 'GEMINI_EMBEDDING_MODEL',
    kind: 'string',
    default: DEFAULT_EMBEDDING_MODEL,
    description: 'Embedding model (changing it means re-embedding every stored invoice).',
  }),
  embeddingDimensions: setting({
    env: 'EMBEDDING_DIMENSIONS',
    kind: 'integer',
    min: 128,
    max: 3072,
    rangeReason: 'the sizes Gemini embedding models produce',
    default: '768',
    description: 'Dimensions of stored embeddings (128 to 3072; 768, 1536 or 3072 recommended).',
  }),
  geminiConcurrency: setting({
    env: 'GEMINI_CONCURRENCY',
    kind: 'integer',
    min: 1,
    default: '16',
    description:
      'Model calls in flight at once per process. At 1 s or more per call, 16 stay under 1,000 requests a minute (quotas are per project and model: divide among processes); 429s lower it for a while on their own.',
  }),
  geminiTimeoutMs: setting({
    env: 'GEMINI_TIMEOUT_MS',
    kind: 'integer',
    min: 100,
    default: '60000',
    description: 'Time limit of one model call.',
  }),
  geminiMaxRetries: setting({
    env: 'GEMINI_MAX_RETRIES',
    kind: 'integer',
    min: 0,
    default: '4',
    description:
      'Retries of a model call after 5xx, timeouts and network errors (429s do not count: see GEMINI_RATE_LIMIT_WAIT_MS).',
  }),
  geminiRateLimitWaitMs: setting({
    env: 'GEMINI_RATE_LIMIT_WAIT_MS',
    kind: 'integer',
    min: 0,
    default: '120000',
    description:
      'A 429 pauses every model call of the process for the delay Gemini asks for (RetryInfo, typically 20 to 60 s) and lowers the concurrency for a while; a call fails (`llm_unavailable`) once it has waited this long on rate limits, or no call has succeeded for this long, and is still refused, and at once when Gemini asks for a longer wait or names a per-day quota.',
  }),
} as const;
