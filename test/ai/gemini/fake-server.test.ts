/**
 * The fake Gemini refuses what the real API refuses (it must never be more lenient): retired and
 * unknown models, schemas outside the documented subset, refused MIME types and sizes, thinking
 * settings a model does not take, thought signatures not sent back. Requests go through the real
 * SDK (GeminiClient) or, for wire details, plain fetch.
 */
import t, { type Test } from 'tap';
import { GeminiClient } from '../../../src/ai/gemini/client.js';
import { ModelRequestError } from '../../../src/ai/gemini/errors.js';
import { missingSignatureMessage, schemaProblems } from '../../fakes/gemini-rules.js';
import { type FakeGemini, startFakeGemini } from '../../fakes/gemini-server.js';

const SCHEMA = { type: 'object', properties: { ok: { type: 'boolean' } } };

async function setup(t: Test, options: Parameters<typeof startFakeGemini>[0] = {}) {
  const gemini = await startFakeGemini(options);
  t.teardown(() => gemini.close());
  return gemini;
}

const client = (gemini: FakeGemini, model?: string) =>
  new GeminiClient({
    apiKey: gemini.apiKey,
    baseUrl: gemini.url,
    maxRetries: 0,
    ...(model ? { model } : {}),
  });

const askJson = (gemini: FakeGemini, schema: Record<string, unknown> = SCHEMA, model?: string) =>
  client(gemini, model)
    .generateJson({ task: 'invoice', system: 's', parts: [{ text: 'q' }], schema })
    .catch((caught: unknown) => caught);

type WirePart = Record<string, unknown>;
interface WireAnswer {
  error: { status: string; message: string; details: WirePart[] };
  candidates: Array<{ content: { role: string; parts: WirePart[] } }>;
  usageMetadata: Record<string, number>;
}

/** POSTs a raw generateContent body, as the SDK would send it. */
async function post(gemini: FakeGemini, body: unknown, model = 'gemini-3.8-flash') {
  const res = await fetch(`${gemini.url}/v1beta/models/${model}:generateContent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-goog-api-key': gemini.apiKey },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as WireAnswer };
}

t.test('the fake answers loudly when nothing is scripted, and reports what is left', async (t) => {
  const gemini = await setup(t, {
    respond: (request) =>
      request.model === 'gemini-3.6-flash' ? { json: { ok: true } } : undefined,
  });
  t.same(await askJson(gemini, SCHEMA, 'gemini-3.6-flash'), { ok: true }, 'the responder answers');
  const error = await askJson(gemini);
  t.ok(
    error instanceof ModelRequestError,
    'a forgotten answer is a 400, never a hang or a retry loop',
  );
  t.match((error as Error).message, /nothing scripted/);

  gemini.script({ text: '{}' });
  gemini.fail({ type: 'internal' }, { times: 2, method: 'batchEmbedContents' });
  t.same(gemini.pending, { replies: 1, faults: 2 });
  t.same(
    gemini.requests.map((request) => request.model),
    ['gemini-3.6-flash', 'gemini-3.8-flash'],
  );
});

t.test(
  'retired, aliased and unknown model ids are 404 NOT_FOUND, as on the real API',
  async (t) => {
    const gemini = await setup(t);
    gemini.respondWith(() => ({ json: { ok: true } }));
    for (const model of [
      'gemini-2.5-flash',
      'gemini-2.0-flash',
      'gemini-3-pro-preview',
      'gemini-flash-latest',
      'gemini-test',
    ]) {
      const error = await askJson(gemini, SCHEMA, model);
      t.ok(error instanceof ModelRequestError, model);
      t.equal((error as ModelRequestError).status, 404, model);
      t.match((error as Error).message, `models/${model} is not found for API version v1beta`);
    }
    t.same(
      await askJson(gemini, SCHEMA, 'gemini-3.5-flash-lite'),
      { ok: true },
      'a current id works',
    );

    const lookup = await fetch(`${gemini.url}/v1beta/models/gemini-2.5-flash`, {
      headers: { 'x-goog-api-key': gemini.apiKey },
    });
    t.equal(lookup.status, 404, 'models.get of a retired id too');
    const current = await fetch(`${gemini.url}/v1beta/models/gemini-3.8-flash`, {
      headers: { 'x-goog-api-key': gemini.apiKey },
    });
    t.match(await current.json(), {
      name: 'models/gemini-3.8-flash',
      supportedGenerationMethods: ['generateContent'],
      thinking: true,
    });
    t.same(gemini.modelLookups, ['gemini-2.5-flash', 'gemini-3.8-flash']);
  },
);

t.test('schemas outside the documented responseJsonSchema subset are 400', async (t) => {
  const gemini = await setup(t);
  gemini.respondWith(() => ({ json: { ok: true } }));
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    [
      'pattern',
      { type: 'object', properties: { code: { type: 'string', pattern: '^[A-Z]{3}$' } } },
      /unsupported keyword "pattern"/,
    ],
    [
      'minLength',
      { type: 'object', properties: { id: { type: 'string', minLength: 1 } } },
      /unsupported keyword "minLength"/,
    ],
    [
      'an untyped enum (TypeBox Type.Enum)',
      { type: 'object', properties: { per: { enum: ['meal', 'day'] } } },
      /enum without type/,
    ],
    ['const', { type: 'object', properties: { v: { const: 1 } } }, /unsupported keyword "const"/],
    [
      '$ref with siblings',
      { $ref: '#/$defs/a', description: 'x', $defs: { a: { type: 'string' } } },
      /\$ref beside description/,
    ],
  ];
  for (const [name, schema, message] of cases) {
    const error = await askJson(gemini, schema);
    t.ok(error instanceof ModelRequestError, name);
    t.equal((error as ModelRequestError).status, 400, name);
    t.match((error as Error).message, message, name);
  }
  t.same(
    schemaProblems({
      type: 'object',
      properties: { pattern: { type: ['string', 'null'] }, kind: { type: 'string', enum: ['a'] } },
      required: ['pattern'],
    }),
    [],
    'a property may be called "pattern"; typed enums and nullable types are fine',
  );
  t.equal(gemini.pending.replies, 0);
});

t.test('function declarations take an object schema in the same subset', async (t) => {
  const gemini = await setup(t);
  const declare = (parametersJsonSchema: unknown) => ({
    contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
    tools: [{ functionDeclarations: [{ name: 'search', parametersJsonSchema }] }],
  });
  const loose = await post(
    gemini,
    declare({ type: 'object', properties: { q: { type: 'string', maxLength: 9 } } }),
  );
  t.equal(loose.status, 400);
  t.match(loose.body.error.message, /function_declarations\[0\].*unsupported keyword "maxLength"/);
  const notObject = await post(gemini, declare({ type: 'string' }));
  t.equal(notObject.status, 400);
  t.match(notObject.body.error.message, /must be described by an object schema/);
});

t.test('inline data: refused MIME types and oversized files are 400', async (t) => {
  const gemini = await setup(t, { limits: { inlinePdfBytes: 1_000, requestBytes: 10_000 } });
  const withFile = (mimeType: string, bytes: number) => ({
    contents: [
      {
        role: 'user',
        parts: [
          { text: 'read' },
          { inlineData: { mimeType, data: Buffer.alloc(bytes).toString('base64') } },
        ],
      },
    ],
  });
  const jpg = await post(gemini, withFile('image/jpg', 10));
  t.equal(jpg.status, 400);
  t.equal(jpg.body.error.message, 'Unsupported MIME type: image/jpg');
  t.equal((await post(gemini, withFile('image/gif', 10))).status, 400, 'GIF is not read');
  const pdf = await post(gemini, withFile('application/pdf', 1_001));
  t.equal(pdf.status, 400);
  t.match(pdf.body.error.message, /inline PDFs are limited to 1000 bytes/);
  const big = await post(gemini, withFile('image/png', 9_000));
  t.equal(big.status, 400);
  t.match(big.body.error.message, /Request payload size exceeds the limit/);
  gemini.script({ text: 'ok' });
  t.equal((await post(gemini, withFile('image/jpeg', 500))).status, 200, 'image/jpeg is read');
});

t.test(
  'thinking: levels a model does not take, and a budget beside a level, are 400',
  async (t) => {
    const gemini = await setup(t);
    const body = (thinkingConfig: unknown) => ({
      contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
      generationConfig: { thinkingConfig },
    });
    const minimal = await post(gemini, body({ thinkingLevel: 'MINIMAL' }));
    t.equal(minimal.status, 400);
    t.equal(minimal.body.error.message, 'Thinking level MINIMAL is not supported for this model.');
    const both = await post(gemini, body({ thinkingLevel: 'LOW', thinkingBudget: 1024 }));
    t.equal(both.status, 400);
    t.match(
      both.body.error.message,
      /thinking_budget and thinking_level are not supported together/,
    );
    gemini.script({ text: 'ok' });
    const lite = await post(gemini, body({ thinkingLevel: 'MINIMAL' }), 'gemini-3.5-flash-lite');
    t.equal(lite.status, 200, 'the Flash-Lite models take MINIMAL');
    gemini.script({ text: 'ok', outputTokens: 1 });
    const high = await post(gemini, body({ thinkingLevel: 'HIGH' }));
    t.match(high.body.usageMetadata, { candidatesTokenCount: 1, thoughtsTokenCount: 1024 });
  },
);

t.test(
  'function calls of the current turn must come back with their thought signature',
  async (t) => {
    const gemini = await setup(t);
    gemini.script({
      functionCalls: [
        { name: 'search', args: { q: 'a' } },
        { name: 'search', args: { q: 'b' } },
      ],
    });
    const question = { role: 'user', parts: [{ text: 'find a and b' }] };
    const first = await post(gemini, { contents: [question] });
    const modelTurn = first.body.candidates[0]!.content;
    const [call, parallel] = modelTurn.parts as [WirePart, WirePart];
    t.type(call.thoughtSignature, 'string', 'the first call is signed');
    t.equal(parallel.thoughtSignature, undefined, 'a parallel call after it is not');
    const answers = {
      role: 'user',
      parts: ['a', 'b'].map((q) => ({ functionResponse: { name: 'search', response: { q } } })),
    };

    const stripped = {
      ...modelTurn,
      parts: modelTurn.parts.map(({ thoughtSignature: _, ...part }) => part),
    };
    const missing = await post(gemini, { contents: [question, stripped, answers] });
    t.equal(missing.status, 400);
    t.equal(missing.body.error.status, 'INVALID_ARGUMENT');
    t.equal(missing.body.error.message, missingSignatureMessage('search', 2));

    const forged = { ...modelTurn, parts: [{ ...call, thoughtSignature: 'Zm9yZ2Vk' }, parallel] };
    t.equal(
      (await post(gemini, { contents: [question, forged, answers] })).status,
      400,
      'a signature it never sent',
    );

    const short = { role: 'user', parts: answers.parts.slice(0, 1) };
    const unanswered = await post(gemini, { contents: [question, modelTurn, short] });
    t.equal(unanswered.status, 400, 'every call needs its response');
    t.match(unanswered.body.error.message, /number of function response parts is equal/);

    gemini.script({ text: 'Found both.' });
    const echoed = await post(gemini, { contents: [question, modelTurn, answers] });
    t.equal(echoed.status, 200, 'the turn as returned is accepted');
    t.type(
      echoed.body.candidates[0]?.content.parts.at(-1)?.thoughtSignature,
      'string',
      'a text answer is signed on its last part',
    );

    gemini.script({ text: 'Next.' });
    const laterTurn = await post(gemini, {
      contents: [
        question,
        stripped,
        answers,
        { role: 'model', parts: [{ text: 'Found both.' }] },
        { role: 'user', parts: [{ text: 'and c?' }] },
      ],
    });
    t.equal(laterTurn.status, 200, 'earlier turns are not checked');
  },
);

t.test(
  'a 429 looks like the real one: 40 s RetryInfo, a per-minute or per-day QuotaFailure',
  async (t) => {
    const gemini = await setup(t);
    gemini.fail({ type: 'rate_limit' });
    gemini.fail({ type: 'rate_limit', quota: 'day', retryDelay: null });
    const minute = await post(gemini, { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] });
    t.equal(minute.status, 429);
    t.equal(minute.body.error.status, 'RESOURCE_EXHAUSTED');
    t.match(minute.body.error.message, /Please retry in 40s\./);
    t.match(minute.body.error.details, [
      { '@type': 'type.googleapis.com/google.rpc.Help' },
      { violations: [{ quotaId: 'GenerateRequestsPerMinutePerProjectPerModel' }] },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '40s' },
    ]);
    const day = await post(gemini, { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] });
    t.match(day.body.error.details, [
      {},
      { violations: [{ quotaId: 'GenerateRequestsPerDayPerProjectPerModel' }] },
    ]);
    t.equal(day.body.error.details.length, 2, 'no RetryInfo');
  },
);
