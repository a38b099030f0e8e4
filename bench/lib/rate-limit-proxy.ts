/**
 * A rate limit in front of the fake Gemini server, as the real API enforces one per project:
 * a token bucket of `requestsPerMinute` (one second's worth of burst). Over the limit the proxy
 * answers 429 RESOURCE_EXHAUSTED with google.rpc.RetryInfo saying when the next request fits,
 * exactly the wire format of PITFALLS.md, so the client's retry path is exercised for real.
 */
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RateLimitProxy {
  url: string;
  /** Requests answered 429. */
  readonly limited: number;
  close(): Promise<void>;
}

export async function startRateLimitProxy(
  target: string,
  requestsPerMinute: number,
): Promise<RateLimitProxy> {
  const perMs = requestsPerMinute / 60_000;
  const capacity = Math.max(1, requestsPerMinute / 60);
  let tokens = capacity;
  let refilledAt = performance.now();
  let limited = 0;
  const upstream = new URL(target);

  const take = (): number => {
    if (requestsPerMinute <= 0) return 0;
    const now = performance.now();
    tokens = Math.min(capacity, tokens + (now - refilledAt) * perMs);
    refilledAt = now;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - tokens) / perMs);
  };

  const server = createServer((req, res) => {
    const waitMs = take();
    if (waitMs > 0) {
      limited += 1;
      req.resume();
      res.writeHead(429, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(
        JSON.stringify({
          error: {
            code: 429,
            message: `Quota exceeded: ${requestsPerMinute} requests per minute.`,
            status: 'RESOURCE_EXHAUSTED',
            details: [
              {
                '@type': 'type.googleapis.com/google.rpc.RetryInfo',
                retryDelay: `${(waitMs / 1000).toFixed(3)}s`,
              },
            ],
          },
        }),
      );
      return;
    }
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    res.on('close', () => {
      if (!res.writableFinished) forward.destroy();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get limited() {
      return limited;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
