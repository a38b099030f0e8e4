/**
 * A real HTTP server speaking the Gemini REST wire format (see PITFALLS.md), so tests drive the
 * real @google/genai SDK end to end. It is as strict as the real API (gemini-rules.ts): unknown
 * or retired models are 404, schemas outside the documented subset, refused MIME types, oversized
 * inline data, thinking settings a model does not take and missing thought signatures are 400.
 * Answers to valid requests come from, in order: injected faults, the script queue, the responder
 * function, and finally a 400 "nothing scripted" so a forgotten answer fails loudly instead of
 * hanging. Embeddings are always computed (hashed bag of words) unless a fault is injected for
 * them. Like Gemini 3, every answer is signed (thoughtSignature on the first function call, else
 * on the last part) and bills thinking tokens (thoughtsTokenCount) by thinking level.
 */
import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { fakeEmbedding } from './fake-embeddings.js';
import {
  FAKE_MODELS,
  type FakeLimits,
  type GenerateBody,
  generateRejection,
  modelRejection,
  REAL_LIMITS,
  THOUGHT_TOKENS,
} from './gemini-rules.js';

export type GeminiMethod = 'generateContent' | 'streamGenerateContent' | 'batchEmbedContents';

export interface WirePart {
  text?: string;
  thought?: boolean;
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
    /** Deprecated for Gemini 3 (the API does not say it refuses them): recorded so tests can check they are not sent. */
    temperature?: number;
    topP?: number;
    topK?: number;
    candidateCount?: number;
    responseMimeType?: string;
    responseJsonSchema?: unknown;
    responseSchema?: unknown;
    maxOutputTokens?: number;
    thinkingConfig?: { thinkingLevel?: string; thinkingBudget?: number; includeThoughts?: boolean };
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

/**
 * What the "model" answers. `json` is sugar for `text: JSON.stringify(json)`; as a function it
 * is given the request (to answer about what was asked, e.g. cite sentence numbers).
 */
export interface ScriptedReply {
  text?: string;
  json?: unknown;
  /**
   * The first call carries a thoughtSignature, as Gemini 3 sends it (one is made up when not
   * given); parallel calls after it carry none.
   */
  functionCalls?: Array<{ name: string; args: Record<string, unknown>; thoughtSignature?: string }>;
  /** Default "STOP". */
  finishReason?: string;
  promptTokens?: number;
  outputTokens?: number;
  /** thoughtsTokenCount; default by thinking level (THOUGHT_TOKENS). */
  thoughtTokens?: number;
  /** Streaming only: how many frames the text is split into (default 3). */
  chunks?: number;
}

export type Fault =
  /**
   * 429 RESOURCE_EXHAUSTED as Gemini sends it: Help, QuotaFailure (a per-minute quota unless
   * `quota: 'day'`) and RetryInfo of `retryDelay` (default "40s", null for none, as some 429s).
   */
  | { type: 'rate_limit'; retryDelay?: string | null; quota?: 'minute' | 'day' }
  /** An answer that ends with this finishReason (RECITATION, OTHER, MALFORMED_FUNCTION_CALL…). */
  | { type: 'finish'; reason: string; text?: string }
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
  /** Lower limits than the real ones, so tests can cross them without 100 MB bodies. */
  limits?: Partial<FakeLimits>;
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
  /** Every generate and embed request received, in order (including rejected ones). */
  requests: RecordedRequest[];
  /** Model ids asked for with models.get (GET /v1beta/models/{id}), in order. */
  modelLookups: string[];
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
  /**
   * Resolves once `count` generate or embed requests have arrived: a test that acts "while a
   * request is in flight" waits for it instead of guessing a delay that a loaded machine exceeds.
   */
  received(count: number): Promise<void>;
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
  const limits: FakeLimits = { ...REAL_LIMITS, ...options.limits };
  const requests: RecordedRequest[] = [];
  const modelLookups: string[] = [];
  /** Every thoughtSignature this server sent: only these (and the documented dummy) come back. */
  const signatures = new Set<string>();
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
      const id = decodeURIComponent(modelInfo[1] ?? '');
      modelLookups.push(id);
      if (req.headers['x-goog-api-key'] !== apiKey)
        return sendError(
          res,
          400,
          'INVALID_ARGUMENT',
          'API key not valid. Please pass a valid API key.',
        );
      return answerModel(res, id);
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
    const rejection =
      modelRejection(model, method) ??
      (request.method === 'batchEmbedContents'
        ? null
        : generateRejection(FAKE_MODELS[model]!, request.body as GenerateBody, {
            limits,
            rawBytes: Buffer.byteLength(raw),
            signatures,
          }));
    if (rejection) return sendError(res, rejection.httpStatus, rejection.status, rejection.message);
    if (latencyMs > 0) await sleep(latencyMs, closed);
    if (closed.aborted) return;

    const fault = takeFault(method);
    if (fault) return answerFault(res, request, fault, closed, signatures);
    if (request.method === 'batchEmbedContents') return answerEmbeddings(res, request.body);

    const reply = replies.shift() ?? (await responder?.(request));
    if (!reply)
      return sendError(
        res,
        400,
        'FAILED_PRECONDITION',
        `fake gemini: nothing scripted for ${method}`,
      );
    return answerGenerate(res, request, reply, signatures);
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
    modelLookups,
    script: (...more) => {
      replies.push(...more);
    },
    fail: (fault, { times = 1, method } = {}) => {
      for (let i = 0; i < times; i += 1) faults.push({ fault, method });
    },
    respondWith: (next) => {
      responder = next;
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    get pending() {
      return { replies: replies.length, faults: faults.length };
    },
    received: async (count) => {
      while (requests.length < count) await new Promise((resolve) => setTimeout(resolve, 2));
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
  signatures: Set<string>,
): Promise<void> {
  switch (fault.type) {
    case 'rate_limit':
      return sendRateLimit(res, request.model, fault);
    case 'finish':
      return answerGenerate(
        res,
        request,
        { text: fault.text ?? '', finishReason: fault.reason },
        signatures,
      );
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
      return answerGenerate(
        res,
        request,
        { text: fault.text ?? '{"vendor": {"value": "Trunc', finishReason: 'MAX_TOKENS' },
        signatures,
      );
    case 'safety':
      return answerGenerate(res, request, { text: '', finishReason: 'SAFETY' }, signatures);
    case 'malformed_json':
      return answerGenerate(
        res,
        request,
        { text: '{"vendor": "Cafe", "total": 12.5,,}' },
        signatures,
      );
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

function answerGenerate(
  res: ServerResponse,
  request: RecordedRequest,
  reply: ScriptedReply,
  signatures: Set<string>,
): void {
  const json = typeof reply.json === 'function' ? reply.json(request) : reply.json;
  const text = json !== undefined ? JSON.stringify(json) : (reply.text ?? '');
  const prompt = reply.promptTokens ?? promptTokens(request);
  const output = reply.outputTokens ?? Math.ceil(text.length / 4);
  const thoughts = reply.thoughtTokens ?? thoughtTokens(request);
  const usageMetadata = {
    promptTokenCount: prompt,
    candidatesTokenCount: output,
    ...(thoughts > 0 ? { thoughtsTokenCount: thoughts } : {}),
    totalTokenCount: prompt + output + thoughts,
  };
  const sign = (given?: string) => {
    const signature = given ?? Buffer.from(`fake-thought-${randomUUID()}`).toString('base64');
    signatures.add(signature);
    return signature;
  };
  // Only the first of parallel calls is signed.
  const callParts: WirePart[] = (reply.functionCalls ?? []).map(
    ({ thoughtSignature, ...call }, index) => ({
      functionCall: call,
      ...(index === 0 ? { thoughtSignature: sign(thoughtSignature) } : {}),
    }),
  );
  // Without calls, the signature comes on the last part.
  const signLast = (parts: WirePart[]): WirePart[] =>
    parts.map((part, index) =>
      index === parts.length - 1 ? { ...part, thoughtSignature: sign() } : part,
    );
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
    const parts =
      callParts.length > 0
        ? [...(text ? [{ text }] : []), ...callParts]
        : signLast(text ? [{ text }] : []);
    sendAnswer(res, request, [frame(parts, true)]);
    return;
  }
  const pieces = splitText(text, reply.chunks ?? 3);
  const frames = pieces.map((piece, index) => {
    const last = index === pieces.length - 1 && callParts.length === 0;
    return frame(last ? signLast([{ text: piece }]) : [{ text: piece }], last);
  });
  if (callParts.length > 0) frames.push(frame(callParts, true));
  if (frames.length === 0) frames.push(frame([], true));
  sendAnswer(res, request, frames);
}

/** Thinking billed for the request's thinking level, or the model's default level. */
function thoughtTokens(request: RecordedRequest): number {
  if (request.method === 'batchEmbedContents') return 0;
  const level =
    request.body.generationConfig?.thinkingConfig?.thinkingLevel?.toUpperCase() ??
    FAKE_MODELS[request.model]?.defaultLevel;
  return level ? (THOUGHT_TOKENS[level] ?? 0) : 0;
}

/** models.get: a model that answers today, or the 404 of a retired or unknown id. */
function answerModel(res: ServerResponse, id: string): void {
  const model = FAKE_MODELS[id];
  if (!model) {
    sendError(
      res,
      404,
      'NOT_FOUND',
      `models/${id} is not found for API version v1beta, or is not supported for get. Call ListModels to see the list of available models and their supported methods.`,
    );
    return;
  }
  const generates = model.methods.includes('generateContent');
  sendJson(res, 200, {
    name: `models/${id}`,
    version: '001',
    displayName: id,
    inputTokenLimit: generates ? 1_048_576 : 2_048,
    outputTokenLimit: generates ? 65_536 : 1,
    supportedGenerationMethods: generates
      ? ['generateContent', 'countTokens', 'createCachedContent', 'batchGenerateContent']
      : ['embedContent', 'countTextTokens', 'countTokens', 'asyncBatchEmbedContent'],
    ...(generates
      ? { temperature: 1, topP: 0.95, topK: 64, maxTemperature: 2, thinking: true }
      : {}),
  });
}

const QUOTA_IDS = {
  minute: 'GenerateRequestsPerMinutePerProjectPerModel',
  day: 'GenerateRequestsPerDayPerProjectPerModel',
} as const;

/** A 429 with the body Gemini sends (collected from the real API in 2026). */
function sendRateLimit(
  res: ServerResponse,
  model: string,
  fault: Extract<Fault, { type: 'rate_limit' }>,
): void {
  const delay = fault.retryDelay === undefined ? '40s' : fault.retryDelay;
  const quota = fault.quota ?? 'minute';
  const message =
    'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. To monitor your current usage, head to: https://ai.dev/rate-limit. ' +
    `\n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_requests, limit: ${quota === 'day' ? 10_000 : 1_000}, model: ${model}` +
    (delay ? `\nPlease retry in ${delay}.` : '');
  sendError(res, 429, 'RESOURCE_EXHAUSTED', message, [
    {
      '@type': 'type.googleapis.com/google.rpc.Help',
      links: [
        {
          description: 'Learn more about Gemini API quotas',
          url: 'https://ai.google.dev/gemini-api/docs/rate-limits',
        },
      ],
    },
    {
      '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
      violations: [
        {
          quotaMetric: 'generativelanguage.googleapis.com/generate_content_requests',
          quotaId: QUOTA_IDS[quota],
          quotaDimensions: { location: 'global', model },
          quotaValue: quota === 'day' ? '10000' : '1000',
        },
      ],
    },
    ...(delay ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: delay }] : []),
  ]);
}

/** One JSON body, or for a stream one `data:` frame per payload. */
function sendAnswer(res: ServerResponse, request: RecordedRequest, payloads: unknown[]): void {
  if (request.method !== 'streamGenerateContent') {
    sendJson(res, 200, payloads[0]);
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const payload of payloads) res.write(`data: ${JSON.stringify(payload)}\n\n`);
  res.end();
}

function answerEmbeddings(res: ServerResponse, body: WireEmbedBody): void {
  if (body.requests.length > MAX_EMBED_BATCH) {
    sendError(
      res,
      400,
      'INVALID_ARGUMENT',
      `fake gemini: at most ${MAX_EMBED_BATCH} requests are allowed in a batch`,
    );
    return;
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
