/**
 * Typed failures of a model call: answers that must not be used (finishReason, blockReason), and
 * the reading of what @google/genai 2.32 throws:
 * - HTTP errors are `ApiError` with a numeric `status` and a `message` holding the JSON error body
 *   (`{"error":{code,message,status,details}}`; stream errors prefix it with "got status: …. ").
 * - Timeouts and caller aborts are both a bare DOMException "AbortError" (the SDK drops the abort
 *   reason), so the client tells them apart by checking the caller's own signal.
 * - Network failures are a TypeError "fetch failed" with the socket error as `cause`.
 */
import { ApiError, type GenerateContentResponse } from '@google/genai';

export type GeminiErrorCode =
  | 'model_unavailable'
  | 'model_timeout'
  | 'model_truncated'
  | 'model_blocked'
  | 'model_bad_output'
  | 'model_request_rejected';

export class GeminiError extends Error {
  constructor(
    readonly code: GeminiErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Retries were exhausted on transient failures (429, 5xx, timeouts, network). */
export class ModelUnavailableError extends GeminiError {
  constructor(
    message: string,
    readonly attempts: number,
    cause: unknown,
  ) {
    super('model_unavailable', message, { cause });
  }
}

/**
 * The API kept answering 429 (RESOURCE_EXHAUSTED): the quota did not come back within the client's
 * rate-limit wait budget, or the server asked to wait longer than the longest wait the client
 * allows (a daily quota). Still a ModelUnavailableError (code `model_unavailable`, documents fail
 * with `llm_unavailable`), told apart by its class and message.
 */
export class ModelRateLimitedError extends ModelUnavailableError {
  constructor(
    message: string,
    attempts: number,
    /** How long this call waited on rate limits before giving up, in ms. */
    readonly waitedMs: number,
    /** The delay the server asked for in its last answer, in ms (null when it gave none). */
    readonly retryAfterMs: number | null,
    cause: unknown,
  ) {
    super(message, attempts, cause);
  }
}

/** One attempt took longer than the configured timeout (retried; surfaces inside ModelUnavailableError). */
export class ModelTimeoutError extends GeminiError {
  constructor(readonly timeoutMs: number) {
    super('model_timeout', `The model did not answer within ${timeoutMs} ms.`);
  }
}

/** The answer hit the output token limit (finishReason MAX_TOKENS): never parsed, never retried. */
export class ModelTruncatedError extends GeminiError {
  constructor() {
    super('model_truncated', 'The model answer was cut off at the output token limit.');
  }
}

/** The prompt was blocked (promptFeedback.blockReason) or the answer stopped for safety. */
export class ModelBlockedError extends GeminiError {
  constructor(readonly reason: string) {
    super('model_blocked', `The model refused to answer (${reason}).`);
  }
}

/** The answer was not what was asked for: malformed JSON, a malformed call, wrong vector count. */
export class ModelOutputError extends GeminiError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('model_bad_output', message, options);
  }
}

/** A 4xx the API will answer the same way every time: bad request, bad key, unknown model. */
export class ModelRequestError extends GeminiError {
  constructor(
    readonly status: number,
    /** google.rpc.ErrorInfo reason when present, e.g. "API_KEY_INVALID". */
    readonly reason: string | null,
    message: string,
  ) {
    super('model_request_rejected', message);
  }
}

/** How one failed attempt is handled: retried (after at least `retryAfterMs`) or thrown as `error`. */
export type AttemptFailure =
  /** `rateLimited`: a 429, handled by the client's shared pause rather than its retry budget. */
  | { retryable: true; rateLimited: boolean; retryAfterMs: number | null; error: Error }
  | { retryable: false; error: Error };

const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

export function classifyAttemptFailure(error: unknown, timeoutMs: number): AttemptFailure {
  if (error instanceof GeminiError) {
    return error instanceof ModelTimeoutError
      ? { retryable: true, rateLimited: false, retryAfterMs: null, error }
      : { retryable: false, error };
  }
  if (error instanceof ApiError) {
    const body = parseErrorBody(error.message);
    const message = `Gemini answered ${error.status}: ${body?.message ?? error.message}`;
    if (RETRYABLE_STATUSES.has(error.status)) {
      return {
        retryable: true,
        rateLimited: error.status === 429,
        retryAfterMs: body?.retryDelayMs ?? null,
        error: new GeminiError('model_unavailable', message, { cause: error }),
      };
    }
    return {
      retryable: false,
      error: new ModelRequestError(error.status, body?.reason ?? null, message),
    };
  }
  if (isAbortError(error))
    return {
      retryable: true,
      rateLimited: false,
      retryAfterMs: null,
      error: new ModelTimeoutError(timeoutMs),
    };
  if (error instanceof TypeError && /fetch failed|terminated|socket/i.test(error.message)) {
    return {
      retryable: true,
      rateLimited: false,
      retryAfterMs: null,
      error: new GeminiError(
        'model_unavailable',
        `Gemini could not be reached: ${describeCause(error)}`,
        { cause: error },
      ),
    };
  }
  return { retryable: false, error: error instanceof Error ? error : new Error(String(error)) };
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

interface ErrorBody {
  message: string;
  reason: string | null;
  retryDelayMs: number | null;
}

/** The JSON error body inside an ApiError message (after an optional "got status: …. " prefix). */
export function parseErrorBody(message: string): ErrorBody | null {
  const start = message.indexOf('{');
  if (start === -1) return null;
  try {
    const parsed = JSON.parse(message.slice(start)) as {
      error?: { message?: unknown; details?: unknown };
    };
    const details = Array.isArray(parsed.error?.details)
      ? (parsed.error.details as Array<Record<string, unknown>>)
      : [];
    const retryInfo = details.find((detail) =>
      String(detail['@type']).endsWith('google.rpc.RetryInfo'),
    );
    const errorInfo = details.find((detail) =>
      String(detail['@type']).endsWith('google.rpc.ErrorInfo'),
    );
    return {
      message: typeof parsed.error?.message === 'string' ? parsed.error.message : message,
      reason: typeof errorInfo?.['reason'] === 'string' ? errorInfo['reason'] : null,
      retryDelayMs: parseDuration(retryInfo?.['retryDelay']),
    };
  } catch {
    return null;
  }
}

/** A protobuf Duration in its JSON form: "12s", "0.05s", "1.5s". */
export function parseDuration(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return match ? Math.round(Number(match[1]) * 1000) : null;
}

function describeCause(error: Error): string {
  const cause = error.cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}

const BLOCKING_FINISH_REASONS = new Set([
  'SAFETY',
  'RECITATION',
  'LANGUAGE',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
]);

/** Throws the typed error for an answer that must not be used. */
export function assertUsableResponse(response: GenerateContentResponse): void {
  const blockReason = response.promptFeedback?.blockReason;
  if (blockReason) throw new ModelBlockedError(blockReason);
  const candidate = response.candidates?.[0];
  const finishReason = candidate?.finishReason;
  if (finishReason === 'MAX_TOKENS') throw new ModelTruncatedError();
  if (finishReason && BLOCKING_FINISH_REASONS.has(finishReason))
    throw new ModelBlockedError(finishReason);
  if (finishReason === 'MALFORMED_FUNCTION_CALL')
    throw new ModelOutputError('The model produced a malformed function call.');
}
