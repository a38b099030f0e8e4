/**
 * One HTTP attempt of a delivery. The host is resolved and every address checked first, and the
 * connection is then made to exactly those addresses (a lookup that answers from the checked
 * list), so nothing resolved later can redirect it. Redirects are not followed: a 3xx is a
 * failed attempt like any other non-2xx answer.
 */
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { allowedAddresses, type ResolvedAddress, type Resolver } from './target.js';

export interface SendResult {
  status_code: number | null;
  /** Why there was no answer, or the start of a non-2xx answer's body. */
  error: string | null;
  duration_ms: number;
}

export interface SendRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export type Sender = (request: SendRequest) => Promise<SendResult>;

export interface HttpSenderOptions {
  timeoutMs: number;
  allowPrivate: boolean;
  resolve: Resolver;
  /** The User-Agent receivers see. */
  userAgent: string;
}

/** Enough of a refusal's body to say why in the delivery log, never a whole page. */
const EXCERPT_BYTES = 512;

function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    const all = (options as { all?: boolean }).all === true;
    const first = addresses[0] as ResolvedAddress;
    if (all) (callback as (e: null, a: ResolvedAddress[]) => void)(null, addresses);
    else callback(null, first.address, first.family);
  };
}

function readExcerpt(response: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => resolve(Buffer.concat(chunks).toString('utf8').slice(0, EXCERPT_BYTES));
    response.on('data', (chunk: Buffer) => {
      if (size < EXCERPT_BYTES) chunks.push(chunk);
      size += chunk.length;
      if (size >= EXCERPT_BYTES) {
        response.destroy();
        done();
      }
    });
    response.on('end', done);
    response.on('error', done);
    response.on('close', done);
  });
}

export function httpSender(options: HttpSenderOptions): Sender {
  return async ({ url, headers, body }) => {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const target = new URL(url);
    let addresses: ResolvedAddress[];
    try {
      addresses = await allowedAddresses(target.hostname, options);
    } catch (error) {
      return { status_code: null, error: (error as Error).message, duration_ms: elapsed() };
    }
    const requestOptions: RequestOptions = {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': options.userAgent,
      },
      lookup: pinnedLookup(addresses),
      signal: AbortSignal.timeout(options.timeoutMs),
      agent: false,
    };
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<SendResult>((resolve) => {
      const req = send(target, requestOptions, (response) => {
        const status = response.statusCode ?? null;
        if (status !== null && status >= 200 && status < 300) {
          response.resume();
          resolve({ status_code: status, error: null, duration_ms: elapsed() });
          return;
        }
        void readExcerpt(response).then((excerpt) =>
          resolve({ status_code: status, error: excerpt || null, duration_ms: elapsed() }),
        );
      });
      req.on('error', (error: Error & { code?: string }) => {
        const reason =
          error.name === 'AbortError' || error.name === 'TimeoutError'
            ? `no answer within ${options.timeoutMs} ms`
            : `${error.code ?? error.name}: ${error.message}`;
        resolve({ status_code: null, error: reason, duration_ms: elapsed() });
      });
      req.end(body);
    });
  };
}
