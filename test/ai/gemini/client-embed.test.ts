import t from 'tap';
import { GeminiClient } from '../../../src/ai/gemini/client.js';
import { ModelUnavailableError } from '../../../src/ai/gemini/errors.js';
import { startFakeGemini } from '../../fakes/gemini-server.js';

const norm = (vector: number[]) => Math.hypot(...vector);
const cosine = (a: number[], b: number[]) =>
  a.reduce((sum, value, index) => sum + value * (b[index] ?? 0), 0);

t.test(
  'embeddings are batched by 100, keep their order, have the asked size and unit length',
  async (t) => {
    const gemini = await startFakeGemini();
    t.teardown(() => gemini.close());
    const client = new GeminiClient({
      apiKey: gemini.apiKey,
      baseUrl: gemini.url,
      embeddingModel: 'gemini-embedding-001',
    });
    const texts = Array.from(
      { length: 250 },
      (_, index) => `invoice number ${index} for a meal at cafe ${index % 7}`,
    );

    const vectors = await client.embed(texts, { taskType: 'RETRIEVAL_DOCUMENT' });

    t.equal(vectors.length, 250);
    t.ok(vectors.every((vector) => vector.length === 768));
    t.ok(
      vectors.every((vector) => Math.abs(norm(vector) - 1) < 1e-9),
      'every vector is L2-normalised',
    );
    const batches = gemini.requests.filter((request) => request.method === 'batchEmbedContents');
    t.same(
      batches.map((request) =>
        request.method === 'batchEmbedContents' ? request.body.requests.length : 0,
      ),
      [100, 100, 50],
    );
    const entry =
      batches[2]?.method === 'batchEmbedContents' ? batches[2].body.requests[49] : undefined;
    t.same(entry?.content.parts, [{ text: texts[249] }], 'the last text went last');
    t.equal(entry?.taskType, 'RETRIEVAL_DOCUMENT');
    t.equal(entry?.outputDimensionality, 768);
    t.equal(entry?.model, 'models/gemini-embedding-001');
    t.equal(client.usage().model_calls, 3);

    const [single] = await client.embed([texts[249]!], { taskType: 'RETRIEVAL_QUERY' });
    t.same(single, vectors[249], 'the same text gets the same vector whichever batch it is in');
  },
);

t.test('similar texts are nearer than unrelated ones', async (t) => {
  const gemini = await startFakeGemini();
  t.teardown(() => gemini.close());
  const client = new GeminiClient({
    apiKey: gemini.apiKey,
    baseUrl: gemini.url,
  });
  const [query, near, far] = await client.embed(
    [
      'bus ticket bangalore to chennai',
      'bus ticket from bangalore',
      'dinner with whisky and biryani',
    ],
    {
      taskType: 'RETRIEVAL_QUERY',
      outputDimensionality: 256,
    },
  );
  t.equal(query?.length, 256);
  t.ok(cosine(query!, near!) > cosine(query!, far!));
});

t.test('no texts, no call', async (t) => {
  const gemini = await startFakeGemini();
  t.teardown(() => gemini.close());
  const client = new GeminiClient({
    apiKey: gemini.apiKey,
    baseUrl: gemini.url,
  });
  t.same(await client.embed([], { taskType: 'RETRIEVAL_DOCUMENT' }), []);
  t.equal(gemini.requests.length, 0);
});

t.test('embedding calls are retried like any call and share the concurrency cap', async (t) => {
  const gemini = await startFakeGemini({ latencyMs: 40 });
  t.teardown(() => gemini.close());
  const client = new GeminiClient({
    apiKey: gemini.apiKey,
    baseUrl: gemini.url,
    concurrency: 2,
    retryBaseDelayMs: 1,
    maxRetries: 1,
  });
  gemini.fail({ type: 'rate_limit', retryDelay: '0.05s' }, { method: 'batchEmbedContents' });
  const vectors = await client.embed(
    Array.from({ length: 500 }, (_, index) => `text ${index}`),
    { taskType: 'RETRIEVAL_DOCUMENT' },
  );
  t.equal(vectors.length, 500);
  t.equal(gemini.requests.length, 6, 'five batches and one retry');
  t.equal(gemini.maxInFlight, 2);

  gemini.fail({ type: 'internal' }, { times: 2 });
  await t.rejects(
    client.embed(['one more'], { taskType: 'RETRIEVAL_QUERY' }),
    ModelUnavailableError,
  );
});
