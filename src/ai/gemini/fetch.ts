/**
 * The fetch the SDK is given (httpOptions.fetch). @google/genai 2.32 throws an ApiError holding only
 * the status and the JSON body, so a delay sent as an HTTP `Retry-After` header (by a proxy or a
 * gateway in front of the API) would be lost: this fetch copies it into the body as a
 * google.rpc.RetryInfo detail, the one place the client reads delays from. Bodies that already
 * carry RetryInfo are left alone.
 *
 * The SDK only installs its no-timeout dispatcher (undici's 300 s header and body timeouts off; the
 * per-attempt deadline is the SDK's own `timeout`) when it uses the global fetch, so it is
 * installed here the same way.
 */
import { parseRetryAfter } from './retry.js';

type Fetch = (input: Parameters<typeof fetch>[0], init?: RequestInit) => Promise<Response>;

const UNDICI_GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');
const RETRY_INFO_TYPE = 'type.googleapis.com/google.rpc.RetryInfo';

interface Dispatcher {
  dispatch(options: Record<string, unknown>, handler: unknown): boolean;
}

const noTimeoutDispatcher = {
  dispatch(options: Record<string, unknown>, handler: unknown): boolean {
    let global = (globalThis as Record<symbol, Dispatcher | undefined>)[UNDICI_GLOBAL_DISPATCHER];
    if (!global) {
      // Node creates its undici dispatcher lazily.
      new Headers();
      global = (globalThis as Record<symbol, Dispatcher | undefined>)[UNDICI_GLOBAL_DISPATCHER];
    }
    if (!global || typeof global.dispatch !== 'function')
      throw new Error('Undici globalDispatcher is not available.');
    return global.dispatch({ ...options, headersTimeout: 0, bodyTimeout: 0 }, handler);
  },
};

export function createGeminiFetch(base: Fetch = globalThis.fetch): Fetch {
  return async (input, init) => {
    const withDispatcher =
      init && !('dispatcher' in init) && base === globalThis.fetch
        ? { ...init, dispatcher: noTimeoutDispatcher }
        : init;
    const response = await base(input, withDispatcher as RequestInit);
    if (response.ok) return response;
    const delayMs = parseRetryAfter(response.headers.get('retry-after'));
    if (delayMs === null) return response;
    return withRetryInfo(response, delayMs);
  };
}

/** The same failed response with the delay as RetryInfo in its JSON error body. */
async function withRetryInfo(response: Response, delayMs: number): Promise<Response> {
  const text = await response.text();
  let body: { error?: Record<string, unknown> } | null = null;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      body = parsed as { error?: Record<string, unknown> };
  } catch {
    body = null;
  }
  const error: Record<string, unknown> =
    body?.error && typeof body.error === 'object'
      ? { ...body.error }
      : {
          code: response.status,
          message: text || response.statusText,
          status: response.statusText,
        };
  const details = Array.isArray(error.details)
    ? [...(error.details as Array<Record<string, unknown>>)]
    : [];
  if (!details.some((detail) => String(detail?.['@type']).endsWith('google.rpc.RetryInfo'))) {
    details.push({ '@type': RETRY_INFO_TYPE, retryDelay: `${(delayMs / 1000).toFixed(3)}s` });
  }
  error.details = details;
  const headers = new Headers(response.headers);
  headers.set('content-type', 'application/json; charset=UTF-8');
  headers.delete('content-length');
  headers.delete('content-encoding');
  return new Response(JSON.stringify({ ...(body ?? {}), error }), {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
