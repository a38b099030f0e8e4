/**
 * The one place every Gemini call goes through: concurrency cap, per-attempt timeout, retries
 * that honour the server's RetryInfo, a shared slow-down on 429s, finishReason checks and token
 * accounting.
 *
 * The SDK's own retries stay off (they ignore RetryInfo). Its `httpOptions.timeout` is used as the
 * per-attempt deadline: it aborts each fetch (and sends X-Server-Timeout), and an AbortError while
 * the caller's signal is still live can only be that deadline.
 */
import {
  type Content,
  FunctionCallingConfigMode,
  type GenerateContentConfig,
  type GenerateContentResponse,
  GoogleGenAI,
} from '@google/genai';
import type { Usage } from '../provider.js';
import { type AttemptEvent, CallRunner, type Operation } from './call-runner.js';
import {
  assertUsableResponse,
  classifyAttemptFailure,
  ModelOutputError,
  ModelUnavailableError,
} from './errors.js';
import { createGeminiFetch } from './fetch.js';
import { checkModel, type ModelStatus, modelUses } from './model-check.js';
import {
  allModels,
  DEFAULT_EMBEDDING_MODEL,
  DEFAULT_GEMINI_MODEL,
  type GeminiModels,
  type GeminiTask,
  TASK_THINKING,
} from './models.js';
import type {
  CallOptions,
  EmbedOptions,
  JsonRequest,
  StreamEvent,
  StreamRequest,
  ToolRequest,
  ToolResult,
} from './requests.js';
import { type Clock, realClock } from './retry.js';
import { linkSignal, withLinkedSignal } from './signals.js';

export type * from './requests.js';
export type { GeminiModels, GeminiTask, ModelStatus };

export interface GeminiClientOptions {
  apiKey: string;
  /** Generation model of every task unless `models` names one (default gemini-3.8-flash). */
  model?: string;
  /** Generation model per task (policy compilation, invoice reading, chat); overrides `model`. */
  models?: Partial<GeminiModels>;
  /** Default "gemini-embedding-001". */
  embeddingModel?: string;
  /** Default: Google's endpoint. Tests point it at the fake server. */
  baseUrl?: string;
  /** Most calls in flight at once (default 4); 429s lower it for a while (AIMD), successes raise it back. */
  concurrency?: number;
  /** Deadline of one attempt in ms (default 60000); a stream must finish within it. */
  timeoutMs?: number;
  /** Retries after the first attempt on 408/5xx, timeouts and network errors (default 3). 429s do not count: see rateLimitMaxWaitMs. */
  maxRetries?: number;
  /**
   * Longest a call waits on rate limits (429s and the pause they open for every caller), counted
   * from its first such wait; a call still rejected after it fails with ModelRateLimitedError
   * (default 120000 ms). A 429 asking for a longer wait than this, or naming a per-day quota,
   * fails at once.
   */
  rateLimitMaxWaitMs?: number;
  /** First backoff when the server gives no delay (default 500 ms; doubled each retry). */
  retryBaseDelayMs?: number;
  /**
   * Longest backoff of this client's own choosing (default 30000 ms), and the longest wait a
   * 5xx's server delay may ask for. 429 delays are bounded by rateLimitMaxWaitMs instead.
   */
  retryMaxDelayMs?: number;
  /** Time source for waits (tests pass a virtual clock). */
  clock?: Clock;
  /** Jitter source, 0..1 (default Math.random). */
  random?: () => number;
  /** Called after every attempt: for metrics and logs. */
  onAttempt?: (event: AttemptEvent) => void;
}

export type { AttemptEvent, Operation } from './call-runner.js';

/** The API accepts at most 100 texts per batchEmbedContents request. */
export const EMBED_BATCH_SIZE = 100;
const MALFORMED_JSON_ATTEMPTS = 2;

export class GeminiClient {
  /** The generation model of each task. */
  readonly models: GeminiModels;
  readonly embeddingModel: string;
  private readonly ai: GoogleGenAI;
  private readonly calls: CallRunner;
  private readonly timeoutMs: number;
  private readonly total: Usage = { model_calls: 0, prompt_tokens: 0, output_tokens: 0 };

  constructor(options: GeminiClientOptions) {
    this.models = { ...allModels(options.model ?? DEFAULT_GEMINI_MODEL), ...options.models };
    this.embeddingModel = options.embeddingModel ?? DEFAULT_EMBEDDING_MODEL;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.calls = new CallRunner({
      clock: options.clock ?? realClock,
      timeoutMs: this.timeoutMs,
      maxRetries: options.maxRetries ?? 3,
      concurrency: options.concurrency ?? 4,
      rateLimitMaxWaitMs: options.rateLimitMaxWaitMs ?? 120_000,
      backoff: {
        baseDelayMs: options.retryBaseDelayMs ?? 500,
        maxDelayMs: options.retryMaxDelayMs ?? 30_000,
        random: options.random ?? Math.random,
      },
      onAttempt: options.onAttempt,
    });
    this.ai = new GoogleGenAI({
      apiKey: options.apiKey,
      httpOptions: {
        ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
        timeout: this.timeoutMs,
        fetch: createGeminiFetch(),
      },
    });
  }

  /** Calls and tokens since the client was created, across every caller. */
  usage(): Usage {
    return { ...this.total };
  }

  /**
   * Structured output, with the task's thinking level and no sampling parameters (Gemini 3 keeps
   * its default temperature: lower ones loop or truncate). Malformed JSON is asked for once more,
   * then ModelOutputError.
   */
  async generateJson<T = unknown>(request: JsonRequest): Promise<T> {
    const config: GenerateContentConfig = {
      systemInstruction: request.system,
      responseMimeType: 'application/json',
      responseJsonSchema: request.schema,
      thinkingConfig: { thinkingLevel: TASK_THINKING[request.task] },
      ...(request.maxOutputTokens ? { maxOutputTokens: request.maxOutputTokens } : {}),
    };
    for (let attempt = 1; ; attempt += 1) {
      const response = await this.generate(
        'generate_json',
        request.task,
        [{ role: 'user', parts: request.parts }],
        config,
        request,
      );
      const text = response.text ?? '';
      try {
        return JSON.parse(text) as T;
      } catch (cause) {
        if (attempt >= MALFORMED_JSON_ATTEMPTS) {
          throw new ModelOutputError(
            `The model answered malformed JSON ${attempt} times: ${text.slice(0, 120)}`,
            { cause },
          );
        }
      }
    }
  }

  /**
   * Every configured model (each task's and the embedding model), asked with models.get: no
   * tokens, once each, no retries. A model that is not there (retired, misspelled) or cannot do
   * its job comes back with `ok: false` and the reason.
   */
  async checkModels(timeoutMs = 2000): Promise<ModelStatus[]> {
    const signal = AbortSignal.timeout(timeoutMs);
    return Promise.all(
      modelUses(this.models, this.embeddingModel).map((use) => checkModel(this.ai, use, signal)),
    );
  }

  /**
   * One turn of function calling: returns the calls the model wants made (the caller runs them).
   * `content` is the model's turn exactly as returned, thought signatures included.
   */
  async generateWithTools(request: ToolRequest): Promise<ToolResult> {
    const response = await this.generate(
      'generate_with_tools',
      request.task ?? 'chat',
      request.contents,
      toolConfig(request),
      request,
    );
    const content = response.candidates?.[0]?.content ?? { role: 'model', parts: [] };
    const parts = (content.parts ?? []).filter((part) => !part.thought);
    return {
      text: parts.map((part) => part.text ?? '').join(''),
      functionCalls: parts.flatMap((part) => (part.functionCall ? [part.functionCall] : [])),
      content: { role: 'model', parts: content.parts ?? [] },
    };
  }

  /**
   * Text deltas and function calls as they arrive. Failures before the first event are retried
   * like any call; after it they end the stream (what was shown cannot be taken back). The
   * concurrency slot is held until the stream ends or the consumer stops reading.
   */
  async *generateStream(request: StreamRequest): AsyncGenerator<StreamEvent> {
    const open = async () => {
      const link = linkSignal(request.signal);
      try {
        const stream = await this.ai.models.generateContentStream({
          model: this.models[request.task ?? 'chat'],
          contents: request.contents,
          config: { ...toolConfig(request), ...(link.signal ? { abortSignal: link.signal } : {}) },
        });
        const first = await stream.next();
        // An answer that is unusable from its first frame (a malformed call, OTHER…) shows
        // nothing yet, so it can still be asked again.
        if (!first.done && first.value.candidates?.[0]?.finishReason) {
          try {
            assertUsableResponse(first.value);
          } catch (error) {
            this.count(first.value, request.usage);
            await stream.return(undefined);
            throw error;
          }
        }
        return { stream, first, link };
      } catch (error) {
        link.dispose();
        throw error;
      }
    };
    const { value: opened, release } = await this.calls.runKeepingSlot(
      'generate_stream',
      request.signal,
      open,
    );
    let lastUsage: GenerateContentResponse['usageMetadata'];
    try {
      for (
        let next = opened.first;
        !next.done;
        next = await this.nextChunk(opened.stream, request.signal)
      ) {
        const chunk = next.value;
        lastUsage = chunk.usageMetadata ?? lastUsage;
        for (const part of chunk.candidates?.[0]?.content?.parts ?? []) {
          if (part.functionCall) yield { type: 'function_call', call: part.functionCall, part };
          else if (part.text && !part.thought) yield { type: 'text', text: part.text, part };
          else yield { type: 'other', part };
        }
        assertUsableResponse(chunk);
      }
    } finally {
      release();
      this.count({ usageMetadata: lastUsage }, request.usage);
      // Lets the SDK release the body reader when the consumer stops early.
      await opened.stream.return(undefined);
      opened.link.dispose();
    }
  }

  /** Vectors for `texts`, in order, L2-normalised; requests of at most 100 texts run in parallel (within the cap). */
  async embed(texts: string[], options: EmbedOptions): Promise<number[][]> {
    const dimensions = options.outputDimensionality ?? 768;
    const batches: string[][] = [];
    for (let start = 0; start < texts.length; start += EMBED_BATCH_SIZE)
      batches.push(texts.slice(start, start + EMBED_BATCH_SIZE));
    const vectors = await Promise.all(
      batches.map(async (batch) => {
        const response = await this.calls.run('embed', options.signal, () =>
          withLinkedSignal(options.signal, (signal) =>
            this.ai.models.embedContent({
              model: this.embeddingModel,
              contents: batch,
              config: {
                taskType: options.taskType,
                outputDimensionality: dimensions,
                ...(signal ? { abortSignal: signal } : {}),
              },
            }),
          ),
        );
        this.count({}, options.usage);
        const values = (response.embeddings ?? []).map((embedding) => embedding.values ?? []);
        if (
          values.length !== batch.length ||
          values.some((vector) => vector.length !== dimensions)
        ) {
          throw new ModelOutputError(
            `Expected ${batch.length} vectors of ${dimensions} dimensions, got ${values.length} of ${values[0]?.length ?? 0}.`,
          );
        }
        return values.map(normalise);
      }),
    );
    return vectors.flat();
  }

  private async generate(
    operation: Operation,
    task: GeminiTask,
    contents: Content[],
    config: GenerateContentConfig,
    options: CallOptions,
  ): Promise<GenerateContentResponse> {
    return this.calls.run(operation, options.signal, async () => {
      const response = await withLinkedSignal(options.signal, (signal) =>
        this.ai.models.generateContent({
          model: this.models[task],
          contents,
          config: { ...config, ...(signal ? { abortSignal: signal } : {}) },
        }),
      );
      // Counted before the checks: a truncated or blocked answer is billed all the same.
      this.count(response, options.usage);
      assertUsableResponse(response);
      if (!response.candidates?.[0])
        throw new ModelOutputError('The model answered without a candidate.');
      return response;
    });
  }

  private async nextChunk(
    stream: AsyncGenerator<GenerateContentResponse>,
    signal: AbortSignal | undefined,
  ) {
    try {
      return await stream.next();
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const failure = classifyAttemptFailure(error, this.timeoutMs);
      throw failure.retryable
        ? new ModelUnavailableError(
            `The answer stream broke off: ${failure.error.message}`,
            1,
            failure.error,
          )
        : failure.error;
    }
  }

  private count(
    response: Pick<GenerateContentResponse, 'usageMetadata'>,
    extra: Usage | undefined,
  ): void {
    const prompt = response.usageMetadata?.promptTokenCount ?? 0;
    const output =
      (response.usageMetadata?.candidatesTokenCount ?? 0) +
      (response.usageMetadata?.thoughtsTokenCount ?? 0);
    for (const usage of extra ? [this.total, extra] : [this.total]) {
      usage.model_calls += 1;
      usage.prompt_tokens += prompt;
      usage.output_tokens += output;
    }
  }
}

/** Tools, the calling mode and the chat's thinking level; no sampling parameters (see generateJson). */
function toolConfig(request: StreamRequest): GenerateContentConfig {
  const tools = request.tools ?? [];
  return {
    systemInstruction: request.system,
    thinkingConfig: { thinkingLevel: TASK_THINKING[request.task ?? 'chat'] },
    ...(tools.length > 0
      ? {
          tools: [{ functionDeclarations: tools }],
          toolConfig: {
            functionCallingConfig: { mode: FunctionCallingConfigMode[request.toolMode ?? 'AUTO'] },
          },
        }
      : {}),
  };
}

function normalise(vector: number[]): number[] {
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((value) => value / norm);
}
