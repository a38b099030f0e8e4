/**
 * A real HTTP server speaking the Gemini REST wire format (see PITFALLS.md), so tests drive the
 * real @google/genai SDK end to end. Answers come from, in order: injected faults, the script
 * queue, the responder function, and finally a 400 "nothing scripted" so a forgotten answer fails
 * loudly instead of hanging. Embeddings are always computed (hashed bag of words) unless a fault
 * is injected for them.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { fakeEmbedding } from './fake-embeddings.js';

export type GeminiMethod = 'generateContent' | 'streamGenerateContent' | 'batchEmbedContents';

export interface WirePart {
  text?: string;
  thoughtSignature?: string;
  inlineData?: { mimeType: string; data: string };
  functionCall?: { id?: string; name: string; args?: Record<string, unknown> };
  functionResponse?: { id?: string; name: string; response: Record<string, unknown> };
}
export interface WireContent {
  role?: string;
  parts: WirePart[];
}
export interface WireGenerateBody {
  contents: WireContent[];
  systemInstruction?: { parts: WirePart[] };
  tools?: Array<{
    functionDeclarations?: Array<{
      name: string;
      description?: string;
      parameters?: unknown;
      parametersJsonSchema?: unknown;
    }>;
  }>;
  toolConfig?: { functionCallingConfig?: { mode?: string; allowedFunctionNames?: string[] } };
  generationConfig?: {
    temperature?: number;
    responseMimeType?: string;
    responseJsonSchema?: unknown;
    maxOutputTokens?: number;
  };
}
export interface WireEmbedBody {
  requests: Array<{
    model: string;
    content: { parts: WirePart[] };
    taskType?: string;
    outputDimensionality?: number;
  }>;
}

interface RequestMeta {
  model: string;
  headers: IncomingHttpHeaders;
  /** performance.now() when the request arrived: lets tests check the wait between retries. */
  receivedAt: number;
}
export type RecordedRequest =
  | (RequestMeta & { method: 'generateContent' | 'streamGenerateContent'; body: WireGenerateBody })
  | (RequestMeta & { method: 'batchEmbedContents'; body: WireEmbedBody });

/** What the "model" answers. `json` is sugar for `text: JSON.stringify(json)`. */
export interface ScriptedReply {
  text?: string;
  json?: unknown;
  /** A thoughtSignature is sent beside the call, as thinking models do. */
  functionCalls?: Array<{ name: string; args: Record<string, unknown>; thoughtSignature?: string }>;
  /** Default "STOP". */
  finishReason?: string;
  promptTokens?: number;
  outputTokens?: number;
  /** Streaming only: how many frames the text is split into (default 3). */
  chunks?: number;
}

export type Fault =
  /** 429 RESOURCE_EXHAUSTED carrying google.rpc.RetryInfo when retryDelay is given ("0.05s"). */
  | { type: 'rate_limit'; retryDelay?: string }
  | { type: 'internal' }
  | { type: 'unavailable' }
  /** Holds the request for `ms` (longer than the client timeout), then answers 504. */
  | { type: 'hang'; ms: number }
  | { type: 'max_tokens'; text?: string }
  /** No candidates; promptFeedback.blockReason (default "SAFETY"). */
  | { type: 'blocked'; reason?: string }
  | { type: 'safety' }
  | { type: 'malformed_json' };

export type Responder = (
  request: RecordedRequest,
) => ScriptedReply | undefined | Promise<ScriptedReply | undefined>;

export interface FakeGeminiOptions {
  /** The key the server accepts in x-goog-api-key; default "test-key". */
  apiKey?: string;
  /** Added before every answer (a benchmark uses 1000). */
  latencyMs?: number;
  respond?: Responder;
}

export interface FailOptions {
  /** How many consecutive matching requests get the fault (default 1). */
  times?: number;
  /** Only requests of this method; default every method. */
  method?: GeminiMethod;
}

export interface FakeGemini {
  /** Base URL for `httpOptions.baseUrl`. */
  url: string;
  apiKey: string;
  /** Every request received, in order (including rejected ones). */
  requests: RecordedRequest[];
  /** Queues answers for generate calls, consumed in order. */
  script(...replies: ScriptedReply[]): void;
  /** Injects a fault for the next matching request(s); faults win over the script. */
  fail(fault: Fault, options?: FailOptions): void;
  respondWith(responder: Responder | undefined): void;
  setLatency(ms: number): void;
  /** Requests being answered now (a request whose client went away no longer counts). */
  readonly inFlight: number;
  /** Highest number of requests being answered at the same time. */
  readonly maxInFlight: number;
  /** Scripted replies and faults not consumed yet. */
  readonly pending: { replies: number; faults: number };
  close(): Promise<void>;
}

const ROUTE =
  /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent|batchEmbedContents)$/;
const MAX_EMBED_BATCH = 100;
const DEFAULT_EMBEDDING_DIMENSIONS = 3072;

export async function startFakeGemini(options: FakeGeminiOptions = {}): Promise<FakeGemini> {
  const apiKey = options.apiKey ?? 'test-key';
  let latencyMs = options.latencyMs ?? 0;
  let responder = options.respond;
  const requests: RecordedRequest[] = [];
  const replies: ScriptedReply[] = [];
  const faults: Array<{ fault: Fault; method: GeminiMethod | undefined }> = [];
  let inFlight = 0;
  let maxInFlight = 0;

  const takeFault = (method: GeminiMethod): Fault | undefined => {
    const index = faults.findIndex(
      (entry) => entry.method === undefined || entry.method === method,
    );
    return index === -1 ? undefined : faults.splice(index, 1)[0]?.fault;
  };

  const handle = async (
    req: IncomingMessage,
    res: ServerResponse,
    closed: AbortSignal,
  ): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const route = ROUTE.exec(url.pathname);
    const raw = await readBody(req);
    const modelInfo = /^\/v1beta\/models\/([^/:]+)$/.exec(url.pathname);
    if (req.method === 'GET' && modelInfo) {
      // models.get: what the API's health check calls; answers like the real service, no tokens.
      if (req.headers['x-goog-api-key'] !== apiKey)
        return sendError(
          res,
          400,
          'INVALID_ARGUMENT',
          'API key not valid. Please pass a valid API key.',
        );
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          name: `models/${modelInfo[1]}`,
          displayName: modelInfo[1],
          inputTokenLimit: 1048576,
          outputTokenLimit: 65536,
        }),
      );
      return;
    }
    if (req.method !== 'POST' || !route)
      return sendError(
        res,
        404,
        'NOT_FOUND',
        `fake gemini: no route ${req.method} ${url.pathname}`,
      );
    const [, model = '', method] = route as unknown as [string, string, GeminiMethod];
    const request = {
      method,
      model,
      body: JSON.parse(raw) as never,
      headers: req.headers,
      receivedAt: performance.now(),
    } as RecordedRequest;
    requests.push(request);

    if (req.headers['x-goog-api-key'] !== apiKey) {
      return sendError(
        res,
        400,
        'INVALID_ARGUMENT',
        'API key not valid. Please pass a valid API key.',
        [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'API_KEY_INVALID',
            domain: 'googleapis.com',
          },
        ],
      );
    }
    if (latencyMs > 0) await sleep(latencyMs, closed);
    if (closed.aborted) return;

    const fault = takeFault(method);
    if (fault) return answerFault(res, request, fault, closed);
    if (request.method === 'batchEmbedContents') return answerEmbeddings(res, request.body);

    const reply = replies.shift() ?? (await responder?.(request));
    if (!reply)
      return sendError(
        res,
        400,
        'FAILED_PRECONDITION',
        `fake gemini: nothing scripted for ${method}`,
      );
    return answerGenerate(res, request, reply);
  };

  const server = createServer((req, res) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const closed = new AbortController();
    res.on('close', () => {
      inFlight -= 1;
      closed.abort();
    });
    handle(req, res, closed.signal).catch((error: unknown) => {
      if (!res.headersSent)
        sendError(res, 500, 'INTERNAL', `fake gemini crashed: ${String(error)}`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    requests,
    script: (...more) => void replies.push(...more),
    fail: (fault, { times = 1, method } = {}) => {
      for (let i = 0; i < times; i += 1) faults.push({ fault, method });
    },
    respondWith: (next) => void (responder = next),
    setLatency: (ms) => void (latencyMs = ms),
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    get pending() {
      return { replies: replies.length, faults: faults.length };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function answerFault(
  res: ServerResponse,
  request: RecordedRequest,
  fault: Fault,
  closed: AbortSignal,
): Promise<void> {
  switch (fault.type) {
    case 'rate_limit': {
      const details = fault.retryDelay
        ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: fault.retryDelay }]
        : [];
      return sendError(res, 429, 'RESOURCE_EXHAUSTED', 'fake gemini: quota exceeded', details);
    }
    case 'internal':
      return sendError(res, 500, 'INTERNAL', 'fake gemini: internal error');
    case 'unavailable':
      return sendError(res, 503, 'UNAVAILABLE', 'fake gemini: the model is overloaded');
    case 'hang':
      await sleep(fault.ms, closed);
      if (!closed.aborted)
        sendError(res, 504, 'DEADLINE_EXCEEDED', 'fake gemini: deadline exceeded');
      return;
    case 'max_tokens':
      return answerGenerate(res, request, {
        text: fault.text ?? '{"vendor": {"value": "Trunc',
        finishReason: 'MAX_TOKENS',
      });
    case 'safety':
      return answerGenerate(res, request, { text: '', finishReason: 'SAFETY' });
    case 'malformed_json':
      return answerGenerate(res, request, { text: '{"vendor": "Cafe", "total": 12.5,,}' });
    case 'blocked':
      return sendAnswer(res, request, [
        {
          promptFeedback: { blockReason: fault.reason ?? 'SAFETY' },
          usageMetadata: {
            promptTokenCount: promptTokens(request),
            totalTokenCount: promptTokens(request),
          },
          modelVersion: request.model,
        },
      ]);
  }
}

function answerGenerate(res: ServerResponse, request: RecordedRequest, reply: ScriptedReply): void {
  const text = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.text ?? '');
  const prompt = reply.promptTokens ?? promptTokens(request);
  const output = reply.outputTokens ?? Math.ceil(text.length / 4);
  const usageMetadata = {
    promptTokenCount: prompt,
    candidatesTokenCount: output,
    totalTokenCount: prompt + output,
  };
  const callParts = (reply.functionCalls ?? []).map(({ thoughtSignature, ...call }) => ({
    functionCall: call,
    ...(thoughtSignature ? { thoughtSignature } : {}),
  }));
  const frame = (parts: WirePart[], last: boolean) => ({
    candidates: [
      {
        content: { role: 'model', parts },
        index: 0,
        ...(last ? { finishReason: reply.finishReason ?? 'STOP' } : {}),
      },
    ],
    ...(last ? { usageMetadata } : {}),
    modelVersion: request.model,
  });

  if (request.method !== 'streamGenerateContent') {
    return sendAnswer(res, request, [frame([...(text ? [{ text }] : []), ...callParts], true)]);
  }
  const pieces = splitText(text, reply.chunks ?? 3);
  const frames = pieces.map((piece, index) =>
    frame([{ text: piece }], index === pieces.length - 1 && callParts.length === 0),
  );
  if (callParts.length > 0) frames.push(frame(callParts, true));
  if (frames.length === 0) frames.push(frame([], true));
  sendAnswer(res, request, frames);
}

/** One JSON body, or for a stream one `data:` frame per payload. */
function sendAnswer(res: ServerResponse, request: RecordedRequest, payloads: unknown[]): void {
  if (request.method !== 'streamGenerateContent') return sendJson(res, 200, payloads[0]);
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const payload of payloads) res.write(`data: ${JSON.stringify(payload)}\n\n`);
  res.end();
}

function answerEmbeddings(res: ServerResponse, body: WireEmbedBody): void {
  if (body.requests.length > MAX_EMBED_BATCH) {
    return sendError(
      res,
      400,
      'INVALID_ARGUMENT',
      `fake gemini: at most ${MAX_EMBED_BATCH} requests are allowed in a batch`,
    );
  }
  const embeddings = body.requests.map((entry) => {
    const text = entry.content.parts.map((part) => part.text ?? '').join(' ');
    return {
      values: hashedEmbedding(text, entry.outputDimensionality ?? DEFAULT_EMBEDDING_DIMENSIONS),
    };
  });
  sendJson(res, 200, { embeddings });
}

/**
 * The fake embedding model (fake-embeddings.ts): words and a few shared concepts, so paraphrases are
 * near. Like the real model, only the full-size vector is normalised; a reduced one is left for the
 * client to normalise (scaled here so a client that forgets is caught).
 */
export function hashedEmbedding(text: string, dimensions: number): number[] {
  const scale = dimensions === DEFAULT_EMBEDDING_DIMENSIONS ? 1 : 3;
  return fakeEmbedding(text, dimensions).map((value) => value * scale);
}

/** Text of the system instruction and every text part of the contents, for responders. */
export function promptText(request: RecordedRequest): string {
  if (request.method === 'batchEmbedContents')
    return request.body.requests
      .flatMap((entry) => entry.content.parts.map((part) => part.text ?? ''))
      .join('\n');
  return [
    ...(request.body.systemInstruction?.parts ?? []).map((part) => part.text ?? ''),
    userText(request),
  ].join('\n');
}

/** Text of the contents only (what the caller sent, not the system instruction). */
export function userText(request: RecordedRequest): string {
  if (request.method === 'batchEmbedContents') return promptText(request);
  return request.body.contents
    .flatMap((content) => content.parts.map((part) => part.text ?? ''))
    .join('\n');
}

function promptTokens(request: RecordedRequest): number {
  return Math.ceil(promptText(request).length / 4) + 1;
}

function splitText(text: string, chunks: number): string[] {
  if (text === '') return [];
  const size = Math.ceil(text.length / Math.max(1, chunks));
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += size)
    pieces.push(text.slice(start, start + size));
  return pieces;
}

function sendError(
  res: ServerResponse,
  code: number,
  status: string,
  message: string,
  details: unknown[] = [],
): void {
  sendJson(res, code, {
    error: { code, message, status, ...(details.length > 0 ? { details } : {}) },
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
