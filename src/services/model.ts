/**
 * The model a process talks to: the one Gemini client (when GEMINI_API_KEY is set) or the offline
 * reader, the query embedder of hybrid search, and the start-up check of the configured models.
 */
import { GeminiClient } from '../ai/gemini/client.js';
import { describeModelStatus, type ModelStatus } from '../ai/gemini/model-check.js';
import { DEFAULT_EMBEDDING_MODEL, DEFAULT_GEMINI_MODEL } from '../ai/gemini/models.js';
import { GeminiProvider } from '../ai/gemini/provider.js';
import { OfflineProvider } from '../ai/offline/provider.js';
import type { ModelProvider } from '../ai/provider.js';
import type { Config } from '../config.js';
import type { Services } from '../services.js';
import type { QueryEmbedder } from '../store/invoice-search.js';

/** The one Gemini client of a process (its concurrency cap holds across jobs, chat and embeddings). */
export function createGeminiClient(config: Config & { geminiApiKey: string }): GeminiClient {
  return new GeminiClient({
    apiKey: config.geminiApiKey,
    models: config.geminiModels,
    embeddingModel: config.geminiEmbeddingModel,
    ...(config.geminiBaseUrl ? { baseUrl: config.geminiBaseUrl } : {}),
    concurrency: config.geminiConcurrency,
    timeoutMs: config.geminiTimeoutMs,
    maxRetries: config.geminiMaxRetries,
    rateLimitMaxWaitMs: config.geminiRateLimitWaitMs,
  });
}

export function createModel(config: Config): {
  gemini: GeminiClient | null;
  provider: ModelProvider;
} {
  if (!config.geminiApiKey) return { gemini: null, provider: new OfflineProvider() };
  const gemini = createGeminiClient({ ...config, geminiApiKey: config.geminiApiKey });
  return {
    gemini,
    provider: new GeminiProvider({
      client: gemini,
      embeddingDimensions: config.embeddingDimensions,
    }),
  };
}

/** The settings that name a model for each use, for messages that say what to change. */
const MODEL_SETTINGS: Readonly<Record<string, string>> = {
  policy: 'GEMINI_POLICY_MODEL',
  invoice: 'GEMINI_INVOICE_MODEL',
  chat: 'GEMINI_CHAT_MODEL',
  embeddings: 'GEMINI_EMBEDDING_MODEL',
};

/** What is wrong with the configured models, in one sentence naming the settings; null when nothing. */
export function unusableModels(statuses: readonly ModelStatus[]): string | null {
  const bad = statuses.filter((status) => !status.ok);
  if (bad.length === 0) return null;
  const settings = bad.map((status) =>
    status.uses.length === 3
      ? 'GEMINI_MODEL'
      : status.uses.map((use) => MODEL_SETTINGS[use]).join(', '),
  );
  return `${bad.map(describeModelStatus).join('; ')}. Set ${[...new Set(settings)].join(', ')} to a current model (${DEFAULT_GEMINI_MODEL}, or ${DEFAULT_EMBEDDING_MODEL} for embeddings).`;
}

/**
 * The start-up check of the configured Gemini models: one line, info when every model answers,
 * error naming the model, the reason and the setting to change otherwise. Never fatal: the model
 * is optional at run time (documents fail with llm_unavailable) and GET /health keeps reporting it.
 */
const STARTUP_MODEL_CHECK_MS = 10_000;

export async function logModelCheck(
  services: Pick<Services, 'dependencies'>,
  log: {
    info(details: Record<string, unknown>, message: string): void;
    error(details: Record<string, unknown>, message: string): void;
  },
): Promise<void> {
  const model = services.dependencies.find((dependency) => dependency.name === 'model');
  if (model?.info?.kind !== 'gemini') return;
  try {
    // Nothing waits on this line at start-up: a slow first answer is not a missing model.
    await model.check(STARTUP_MODEL_CHECK_MS);
    log.info({ models: model.info }, 'Gemini models answer: ready for policies, invoices and chat');
  } catch (error) {
    log.error(
      { models: model.info },
      `Gemini model check failed, model calls will fail until it is fixed: ${(error as Error).message}`,
    );
  }
}

/** The question's vector (RETRIEVAL_QUERY), from the provider that embeds documents. */
export function queryEmbedder(provider: ModelProvider): QueryEmbedder | undefined {
  const embed = provider.embed?.bind(provider);
  if (!embed) return undefined;
  return async (text, signal) => {
    const [vector] = await embed([text], 'query', signal);
    if (!vector) throw new Error('The embedding model returned no vector for the query.');
    return vector;
  };
}
