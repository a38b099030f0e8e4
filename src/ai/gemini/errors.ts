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

export interface GeminiErrorOptions {
  cause?: unknown;
  /**
   * The answer was unusable but another sample may not be: the model samples (Gemini 3 runs at
   * its default temperature), so the same request is asked once more before the error stands.
   */
  resample?: boolean;
}

export class GeminiError extends Error {
  readonly resample: boolean;
  constructor(
    readonly code: GeminiErrorCode,
    message: string,
    options: GeminiErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.resample = options.resample ?? false;
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
    /** The quota that ran out (google.rpc.QuotaFailure quotaId), when the server named it. */
    readonly quotaId: string | null = null,
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

/** The answer hit the output token limit (MAX_TOKENS, CONTINUATION): never parsed, never retried. */
export class ModelTruncatedError extends GeminiError {
  constructor(readonly reason = 'MAX_TOKENS') {
    super('model_truncated', `The model answer was cut off at the output token limit (${reason}).`);
  }
}

/**
 * The prompt was blocked (promptFeedback.blockReason) or the answer withheld (SAFETY, RECITATION
 * and the like). `reason` is Google's name for it.
 */
export class ModelBlockedError extends GeminiError {
  constructor(
    readonly reason: string,
    options: { message?: string; resample?: boolean } = {},
  ) {
    super('model_blocked', options.message ?? `The model refused to answer (${reason}).`, {
      resample: options.resample ?? false,
    });
  }
}

/**
 * The answer was not what was asked for: malformed JSON, a malformed or unexpected call, a
 * finishReason this service does not know (named in the message), a wrong vector count.
 */
export class ModelOutputError extends GeminiError {
  readonly finishReason: string | null;
  constructor(message: string, options: GeminiErrorOptions & { finishReason?: string } = {}) {
    super('model_bad_output', message, options);
    this.finishReason = options.finishReason ?? null;
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
  /**
   * `rateLimited`: a 429, handled by the client's shared pause rather than its retry budget;
   * `dailyQuota` names a per-day quota it ran out of (no wait within a request brings it back).
   */
  | {
      retryable: true;
      rateLimited: boolean;
      retryAfterMs: number | null;
      dailyQuota: string | null;
      error: Error;
    }
  | { retryable: false; error: Error };

const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

export function classifyAttemptFailure(error: unknown, timeoutMs: number): AttemptFailure {
  if (error instanceof GeminiError) {
    return error instanceof ModelTimeoutError
      ? { retryable: true, rateLimited: false, retryAfterMs: null, dailyQuota: null, error }
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
        dailyQuota: error.status === 429 ? (body?.dailyQuota ?? null) : null,
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
      dailyQuota: null,
      error: new ModelTimeoutError(timeoutMs),
    };
  if (error instanceof TypeError && /fetch failed|terminated|socket/i.test(error.message)) {
    return {
      retryable: true,
      rateLimited: false,
      retryAfterMs: null,
      dailyQuota: null,
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
  /** The quotaId of a per-day quota named in google.rpc.QuotaFailure, e.g. "GenerateRequestsPerDayPerProjectPerModel". */
  dailyQuota: string | null;
}

/** Per-day quota ids reset once a day: "GenerateRequestsPerDayPerProjectPerModel-FreeTier". */
const DAILY_QUOTA = /PerDay/i;

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
    const violations = details
      .filter((detail) => String(detail['@type']).endsWith('google.rpc.QuotaFailure'))
      .flatMap((detail) => (Array.isArray(detail.violations) ? detail.violations : []))
      .map((violation) => (violation as { quotaId?: unknown }).quotaId)
      .filter((id): id is string => typeof id === 'string');
    const text = typeof parsed.error?.message === 'string' ? parsed.error.message : message;
    return {
      message: text,
      reason: typeof errorInfo?.reason === 'string' ? errorInfo.reason : null,
      // Some 429s carry the delay only in their message ("Please retry in 33.434292646s.").
      retryDelayMs:
        parseDuration(retryInfo?.retryDelay) ??
        parseDuration(/Please retry in (\d+(?:\.\d+)?s)/i.exec(text)?.[1]),
      dailyQuota: violations.find((id) => DAILY_QUOTA.test(id)) ?? null,
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

/** Withheld answers: a new sample of the same request would be judged the same way. */
const BLOCKING_FINISH_REASONS = new Set([
  'SAFETY',
  'LANGUAGE',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'MODEL_ARMOR',
]);

/** Answers the model got wrong this time; another sample may well be right. */
const RESAMPLED_FINISHES: Readonly<Record<string, string>> = {
  OTHER: 'The model stopped without a usable answer (OTHER).',
  MALFORMED_FUNCTION_CALL:
    'The model produced a malformed function call (MALFORMED_FUNCTION_CALL).',
  UNEXPECTED_TOOL_CALL:
    'The model called a tool it was not offered or not allowed to call (UNEXPECTED_TOOL_CALL).',
  MALFORMED_RESPONSE: 'The model produced a malformed answer (MALFORMED_RESPONSE).',
};

/**
 * The typed error for a finishReason other than STOP. finishReason is an open list (Google adds
 * values): one this code does not know is a failure that names it, never a success.
 */
export function finishReasonError(reason: string): GeminiError {
  if (reason === 'MAX_TOKENS' || reason === 'CONTINUATION') return new ModelTruncatedError(reason);
  if (BLOCKING_FINISH_REASONS.has(reason)) return new ModelBlockedError(reason);
  if (reason === 'RECITATION' || reason === 'IMAGE_RECITATION') {
    return new ModelBlockedError(reason, {
      message: `The model withheld its answer because it recited a source too closely (${reason}).`,
      resample: true,
    });
  }
  const resampled = RESAMPLED_FINISHES[reason];
  if (resampled) return new ModelOutputError(resampled, { finishReason: reason, resample: true });
  if (reason === 'TOO_MANY_TOOL_CALLS')
    return new ModelOutputError(
      'The model called too many tools in a row and was stopped (TOO_MANY_TOOL_CALLS).',
      { finishReason: reason },
    );
  if (reason === 'MISSING_THOUGHT_SIGNATURE')
    return new ModelRequestError(
      400,
      reason,
      'Gemini rejected the conversation: the thought signature of an earlier function call was not sent back (MISSING_THOUGHT_SIGNATURE).',
    );
  return new ModelOutputError(
    `The model stopped for a reason this service does not know: ${reason}.`,
    {
      finishReason: reason,
    },
  );
}

/** Throws the typed error for an answer that must not be used. */
export function assertUsableResponse(response: GenerateContentResponse): void {
  const blockReason = response.promptFeedback?.blockReason;
  if (blockReason) throw new ModelBlockedError(blockReason);
  const finishReason = response.candidates?.[0]?.finishReason;
  // No finishReason: a stream chunk before the last one.
  if (finishReason === undefined || finishReason === 'STOP') return;
  throw finishReasonError(finishReason);
}
