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
import {
  assertUsableResponse,
  classifyAttemptFailure,
  ModelOutputError,
  ModelRateLimitedError,
  ModelUnavailableError,
} from './errors.js';
import { createGeminiFetch } from './fetch.js';
import { ConcurrencyLimiter, PauseGate } from './limiter.js';
import type {
  CallOptions,
  EmbedOptions,
  JsonRequest,
  StreamEvent,
  StreamRequest,
  ToolRequest,
  ToolResult,
} from './requests.js';
import { backoffDelay, sleep } from './retry.js';

export type * from './requests.js';

export interface GeminiClientOptions {
  apiKey: string;
  /** Generation model, e.g. "gemini-2.5-flash". */
  model: string;
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
   * (default 120000 ms).
   */
  rateLimitMaxWaitMs?: number;
  /** First backoff when the server gives no RetryInfo (default 500 ms; doubled each retry). */
  retryBaseDelayMs?: number;
  /** Longest single wait between attempts (default 30000 ms). A server asking for longer ends the retries. */
  retryMaxDelayMs?: number;
  /** Jitter source, 0..1 (default Math.random). */
  random?: () => number;
  /** Called after every attempt: for metrics and logs. */
  onAttempt?: (event: AttemptEvent) => void;
}

export type Operation = 'generate_json' | 'generate_with_tools' | 'generate_stream' | 'embed';

export interface AttemptEvent {
  operation: Operation;
  attempt: number;
  outcome: 'ok' | 'retry' | 'failed';
  duration_ms: number;
  /** Code of the typed error when the attempt failed. */
  error_code?: string;
}

/** The API accepts at most 100 texts per batchEmbedContents request. */
export const EMBED_BATCH_SIZE = 100;
const MALFORMED_JSON_ATTEMPTS = 2;
/** Beyond the longest pause, the slack after which a 429 is a new rate-limit episode (gate jitter is at most 2 s). */
const REJECTION_GAP_MS = 5_000;

export class GeminiClient {
  readonly model: string;
  readonly embeddingModel: string;
  private readonly ai: GoogleGenAI;
  private readonly limiter: ConcurrencyLimiter;
  private readonly gate = new PauseGate();
  private readonly rateLimitMaxWaitMs: number;
  /** performance.now() of the first 429 since the last successful call; null while calls succeed. */
  private blockedSince: number | null = null;
  private lastRejectedAt = Number.NEGATIVE_INFINITY;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly backoff: { baseDelayMs: number; maxDelayMs: number; random: () => number };
  private readonly onAttempt: ((event: AttemptEvent) => void) | undefined;
  private readonly total: Usage = { model_calls: 0, prompt_tokens: 0, output_tokens: 0 };

  constructor(options: GeminiClientOptions) {
    this.model = options.model;
    this.embeddingModel = options.embeddingModel ?? 'gemini-embedding-001';
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.maxRetries = options.maxRetries ?? 3;
    this.limiter = new ConcurrencyLimiter(options.concurrency ?? 4);
    this.rateLimitMaxWaitMs = options.rateLimitMaxWaitMs ?? 120_000;
    this.backoff = {
      baseDelayMs: options.retryBaseDelayMs ?? 500,
      maxDelayMs: options.retryMaxDelayMs ?? 30_000,
      random: options.random ?? Math.random,
    };
    this.onAttempt = options.onAttempt;
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

  /** Structured output at temperature 0. Malformed JSON is asked for once more, then ModelOutputError. */
  async generateJson<T = unknown>(request: JsonRequest): Promise<T> {
    const config: GenerateContentConfig = {
      systemInstruction: request.system,
      temperature: 0,
      responseMimeType: 'application/json',
      responseJsonSchema: request.schema,
      ...(request.maxOutputTokens ? { maxOutputTokens: request.maxOutputTokens } : {}),
    };
    for (let attempt = 1; ; attempt += 1) {
      const response = await this.generate(
        'generate_json',
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

  /** Health check: asks for the model's description (no tokens used), once, without retries. */
  async ping(timeoutMs = 2000): Promise<void> {
    await this.ai.models.get({
      model: this.model,
      config: { abortSignal: AbortSignal.timeout(timeoutMs) },
    });
  }

  /** One turn of function calling: returns the calls the model wants made (the caller runs them). */
  async generateWithTools(request: ToolRequest): Promise<ToolResult> {
    const response = await this.generate(
      'generate_with_tools',
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
          model: this.model,
          contents: request.contents,
          config: { ...toolConfig(request), ...(link.signal ? { abortSignal: link.signal } : {}) },
        });
        const first = await stream.next();
        return { stream, first, link };
      } catch (error) {
        link.dispose();
        throw error;
      }
    };
    const { value: opened, release } = await this.attempt(
      'generate_stream',
      request.signal,
      open,
      true,
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
        const parts = (chunk.candidates?.[0]?.content?.parts ?? []).filter((part) => !part.thought);
        for (const part of parts) {
          if (part.text) yield { type: 'text', text: part.text };
          if (part.functionCall) yield { type: 'function_call', call: part.functionCall, part };
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
        const response = await this.retrying('embed', options.signal, () =>
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
    contents: Content[],
    config: GenerateContentConfig,
    options: CallOptions,
  ): Promise<GenerateContentResponse> {
    return this.retrying(operation, options.signal, async () => {
      const response = await withLinkedSignal(options.signal, (signal) =>
        this.ai.models.generateContent({
          model: this.model,
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

  private async retrying<T>(
    operation: Operation,
    signal: AbortSignal | undefined,
    task: () => Promise<T>,
  ): Promise<T> {
    return (await this.attempt(operation, signal, task, false)).value;
  }

  /**
   * Runs `task` in a concurrency slot, retrying transient failures. `keepSlot` hands the slot to the caller.
   *
   * Two kinds of transient failure, two budgets:
   * - 5xx, timeouts, network errors: `maxRetries` retries, each after this caller's own backoff.
   * - 429: the quota is shared, so the whole client slows down. The 429 closes the shared gate for
   *   the server's delay (RetryInfo, or Retry-After) and halves the concurrency; every caller waits
   *   at the gate before its next request, and the rejected caller keeps its place in the queue.
   *   These retries cost no `maxRetries`; a call gives up once it has waited `rateLimitMaxWaitMs`
   *   on rate limits and is still rejected (ModelRateLimitedError), or at once when the server asks
   *   for more than `retryMaxDelayMs` (a daily quota will not come back within a request).
   */
  private async attempt<T>(
    operation: Operation,
    signal: AbortSignal | undefined,
    task: () => Promise<T>,
    keepSlot: boolean,
  ): Promise<{ value: T; release: () => void }> {
    let failures = 0;
    let rateLimits = 0;
    /** When this call first had to wait on a rate limit (its own 429 or the shared gate). */
    let waitingSince: number | null = null;
    let front = false;
    for (let attempt = 1; ; attempt += 1) {
      const release = await this.limiter.acquire(signal, front);
      try {
        if (this.gate.closedFor() > 0) {
          waitingSince ??= performance.now();
          // At the deadline the call goes ahead anyway: one last try, which a 429 then ends.
          await this.gate.wait({
            signal,
            deadline: this.rateLimitDeadline(waitingSince),
            random: this.backoff.random,
          });
        }
      } catch (error) {
        release();
        throw error;
      }
      const started = performance.now();
      let delayMs: number;
      try {
        const value = await task();
        this.limiter.onSuccess();
        this.blockedSince = null;
        this.report(operation, attempt, 'ok', started);
        if (!keepSlot) release();
        return { value, release };
      } catch (error) {
        if (signal?.aborted) {
          release();
          throw signal.reason;
        }
        const failure = classifyAttemptFailure(error, this.timeoutMs);
        const now = performance.now();
        // Lowered before the slot is given back, so the freed slot is handed on under the new limit.
        if (failure.retryable && failure.rateLimited) this.limiter.onRateLimited(started, now);
        release();
        if (failure.retryable && failure.rateLimited) {
          rateLimits += 1;
          waitingSince ??= started;
          // A 429 sent long after the last one (more than any pause lasts) starts a new episode:
          // the client was idle, not blocked, in between.
          if (
            this.blockedSince === null ||
            started - this.lastRejectedAt > this.backoff.maxDelayMs + REJECTION_GAP_MS
          )
            this.blockedSince = started;
          this.lastRejectedAt = now;
          const waitedMs = Math.round(now - waitingSince);
          const asked = failure.retryAfterMs;
          const giveUp = (message: string): never => {
            const finalError = new ModelRateLimitedError(
              `${message} (${failure.error.message})`,
              attempt,
              waitedMs,
              asked,
              failure.error,
            );
            this.report(operation, attempt, 'failed', started, finalError);
            throw finalError;
          };
          if (asked !== null && asked > this.backoff.maxDelayMs) {
            giveUp(
              `Gemini's quota is exhausted: it asks to wait ${formatSeconds(asked)}, longer than the ${formatSeconds(this.backoff.maxDelayMs)} a call may wait`,
            );
          }
          if (now >= this.rateLimitDeadline(waitingSince)) {
            const blockedMs = Math.round(now - this.blockedSince);
            giveUp(
              `Gemini kept answering 429 (quota exhausted): this call was rejected ${rateLimits} time(s) over ${formatSeconds(waitedMs)}, ` +
                `no call has succeeded for ${formatSeconds(blockedMs)}; the most a call waits on rate limits is ${formatSeconds(this.rateLimitMaxWaitMs)}`,
            );
          }
          // Closed before anything awaits: a caller handed the freed slot finds the gate closed.
          // Without RetryInfo: exponential backoff on this call's 429s, shared like a server delay.
          this.gate.pause(asked ?? backoffDelay(rateLimits - 1, null, this.backoff), now);
          this.report(operation, attempt, 'retry', started, failure.error, 'model_rate_limited');
          front = true;
          continue;
        }
        failures += 1;
        const outOfAttempts = failures > this.maxRetries;
        const waitTooLong =
          failure.retryable &&
          failure.retryAfterMs !== null &&
          failure.retryAfterMs > this.backoff.maxDelayMs;
        if (!failure.retryable || outOfAttempts || waitTooLong) {
          const finalError = failure.retryable
            ? new ModelUnavailableError(
                `Gemini is unavailable after ${attempt} attempt(s): ${failure.error.message}`,
                attempt,
                failure.error,
              )
            : failure.error;
          this.report(operation, attempt, 'failed', started, finalError);
          throw finalError;
        }
        this.report(operation, attempt, 'retry', started, failure.error);
        delayMs = backoffDelay(failures - 1, failure.retryAfterMs, this.backoff);
        front = false;
      }
      await sleep(delayMs, signal);
    }
  }

  /**
   * When a call waiting on rate limits since `waitingSince` gives up: after `rateLimitMaxWaitMs` of
   * its own waiting, or once no call of the client has succeeded for that long (a quota that is
   * gone, not busy: the calls still queued then fail after one try each instead of each waiting
   * the whole budget in turn).
   */
  private rateLimitDeadline(waitingSince: number): number {
    return Math.min(waitingSince, this.blockedSince ?? waitingSince) + this.rateLimitMaxWaitMs;
  }

  private report(
    operation: Operation,
    attempt: number,
    outcome: AttemptEvent['outcome'],
    started: number,
    error?: Error,
    errorCode?: string,
  ): void {
    const code = errorCode ?? (error as { code?: unknown } | undefined)?.code;
    this.onAttempt?.({
      operation,
      attempt,
      outcome,
      duration_ms: Math.round(performance.now() - started),
      ...(typeof code === 'string' ? { error_code: code } : {}),
    });
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

function toolConfig(request: StreamRequest): GenerateContentConfig {
  const tools = request.tools ?? [];
  return {
    systemInstruction: request.system,
    temperature: request.temperature ?? 0,
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

/**
 * A signal for one SDK call that follows the caller's and lets go of it when the call ends.
 * @google/genai 2.32 adds an abort listener to the signal it is given and, on success, never
 * removes it (the response outlives the attempt): on a long-lived signal (a job's, the process's
 * shutdown) those listeners piled up, one per model call. The SDK now leaves them on this signal,
 * which is dropped after the call; the caller's holds one listener per call in flight.
 */
function linkSignal(signal: AbortSignal | undefined): {
  signal: AbortSignal | undefined;
  dispose: () => void;
} {
  if (!signal) return { signal: undefined, dispose: () => undefined };
  const link = new AbortController();
  if (signal.aborted) {
    link.abort(signal.reason);
    return { signal: link.signal, dispose: () => undefined };
  }
  const onAbort = () => link.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  return { signal: link.signal, dispose: () => signal.removeEventListener('abort', onAbort) };
}

async function withLinkedSignal<T>(
  signal: AbortSignal | undefined,
  task: (signal: AbortSignal | undefined) => Promise<T>,
): Promise<T> {
  const link = linkSignal(signal);
  try {
    return await task(link.signal);
  } finally {
    link.dispose();
  }
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(ms < 10_000 ? 2 : 0))} s`;
}

function normalise(vector: number[]): number[] {
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((value) => value / norm);
}
