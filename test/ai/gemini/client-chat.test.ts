import t, { type Test } from 'tap';
import {
  type Content,
  type FunctionDeclaration,
  GeminiClient,
  type StreamEvent,
  type StreamRequest,
} from '../../../src/ai/gemini/client.js';
import {
  ModelBlockedError,
  ModelTruncatedError,
  ModelUnavailableError,
} from '../../../src/ai/gemini/errors.js';
import type { Usage } from '../../../src/ai/provider.js';
import {
  type FakeGemini,
  startFakeGemini,
  type WireGenerateBody,
} from '../../fakes/gemini-server.js';

const SEARCH_TOOL: FunctionDeclaration = {
  name: 'search_invoices',
  description: 'Finds invoices matching filters.',
  parametersJsonSchema: {
    type: 'object',
    properties: { employee: { type: 'string' }, status: { type: 'string' } },
  },
};

async function setup(t: Test): Promise<{ gemini: FakeGemini; client: GeminiClient }> {
  const gemini = await startFakeGemini();
  t.teardown(() => gemini.close());
  return {
    gemini,
    client: new GeminiClient({
      apiKey: gemini.apiKey,
      baseUrl: gemini.url,
      retryBaseDelayMs: 1,
    }),
  };
}

async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

const question = (text: string): Content[] => [{ role: 'user', parts: [{ text }] }];

t.test('a streamed answer arrives as several text deltas and is counted once', async (t) => {
  const { gemini, client } = await setup(t);
  const answer = 'Priya has **3** declined invoices, all of them meals above the cap.';
  gemini.script({ text: answer, chunks: 4, promptTokens: 40, outputTokens: 17, thoughtTokens: 5 });
  const usage: Usage = { model_calls: 0, prompt_tokens: 0, output_tokens: 0 };

  const events = await collect(
    client.generateStream({
      system: 'You answer finance questions.',
      contents: question('Declined for Priya?'),
      usage,
    }),
  );

  t.equal(events.length, 4);
  t.equal(events.map((event) => (event.type === 'text' ? event.text : '')).join(''), answer);
  t.equal(gemini.requests[0]?.method, 'streamGenerateContent');
  t.same(usage, { model_calls: 1, prompt_tokens: 40, output_tokens: 22 }, 'thinking is output');
  const config = (gemini.requests[0]?.body as WireGenerateBody | undefined)?.generationConfig;
  t.equal(config?.thinkingConfig?.thinkingLevel, 'MEDIUM', 'chat thinks at the default level');
  t.equal(config?.temperature, undefined, 'no temperature');
  t.type(
    events.at(-1)?.part.thoughtSignature,
    'string',
    'the signature on the last text part reaches the caller',
  );
});

t.test('a stream can carry function calls', async (t) => {
  const { gemini, client } = await setup(t);
  gemini.script({
    text: 'Let me look.',
    functionCalls: [
      { name: 'search_invoices', args: { employee: 'Priya' }, thoughtSignature: 'c2lnbmF0dXJl' },
    ],
  });
  const events = await collect(
    client.generateStream({
      system: 'sys',
      contents: question('Invoices of Priya?'),
      tools: [SEARCH_TOOL],
    }),
  );
  const call = { name: 'search_invoices', args: { employee: 'Priya' } };
  t.same(
    events.at(-1),
    { type: 'function_call', call, part: { functionCall: call, thoughtSignature: 'c2lnbmF0dXJl' } },
    'the part keeps its thought signature',
  );
  const body = gemini.requests[0]?.body as WireGenerateBody;
  t.equal(body.tools?.[0]?.functionDeclarations?.[0]?.name, 'search_invoices');
});

t.test(
  'a failure before the first delta is retried; a truncated stream ends with ModelTruncatedError after its text',
  async (t) => {
    const { gemini, client } = await setup(t);
    gemini.fail({ type: 'unavailable' });
    gemini.script({ text: 'The total is', finishReason: 'MAX_TOKENS' });
    const events: StreamEvent[] = [];
    const request: StreamRequest = { system: 'sys', contents: question('Total?') };
    const error = await (async () => {
      for await (const event of client.generateStream(request)) events.push(event);
    })().catch((caught: unknown) => caught);
    t.ok(error instanceof ModelTruncatedError);
    t.equal(
      events.map((event) => (event.type === 'text' ? event.text : '')).join(''),
      'The total is',
    );
    t.equal(gemini.requests.length, 2);
  },
);

t.test('a blocked prompt ends the stream with ModelBlockedError', async (t) => {
  const { gemini, client } = await setup(t);
  gemini.fail({ type: 'blocked', reason: 'PROHIBITED_CONTENT' });
  await t.rejects(
    collect(client.generateStream({ system: 'sys', contents: question('Hi') })),
    new ModelBlockedError('PROHIBITED_CONTENT'),
  );
  t.equal(client.usage().model_calls, 1);
});

t.test('a stream that never opens ends in ModelUnavailableError', async (t) => {
  const gemini = await startFakeGemini();
  t.teardown(() => gemini.close());
  const client = new GeminiClient({
    apiKey: gemini.apiKey,
    baseUrl: gemini.url,
    retryBaseDelayMs: 1,
    maxRetries: 1,
  });
  gemini.fail({ type: 'internal' }, { times: 2 });
  await t.rejects(
    collect(client.generateStream({ system: 'sys', contents: question('Hi') })),
    ModelUnavailableError,
  );
});

t.test('a reader that stops early frees the concurrency slot', async (t) => {
  const gemini = await startFakeGemini();
  t.teardown(() => gemini.close());
  const client = new GeminiClient({
    apiKey: gemini.apiKey,
    baseUrl: gemini.url,
    concurrency: 1,
  });
  gemini.script({ text: 'one two three four', chunks: 4 }, { text: 'second answer' });
  for await (const event of client.generateStream({ system: 'sys', contents: question('First') })) {
    t.equal(event.type, 'text');
    break;
  }
  const second = await collect(
    client.generateStream({ system: 'sys', contents: question('Second') }),
  );
  t.equal(
    second.map((event) => (event.type === 'text' ? event.text : '')).join(''),
    'second answer',
  );
});

t.test('function calling round trip: the call, our result, the final answer', async (t) => {
  const { gemini, client } = await setup(t);
  gemini.script(
    {
      functionCalls: [{ name: 'search_invoices', args: { employee: 'Priya', status: 'declined' } }],
    },
    { text: 'Priya has 2 declined invoices.' },
  );
  const contents = question('How many invoices of Priya were declined?');

  const first = await client.generateWithTools({
    system: 'Use the tools.',
    contents,
    tools: [SEARCH_TOOL],
    toolMode: 'AUTO',
  });
  t.equal(first.text, '');
  t.same(first.functionCalls, [
    { name: 'search_invoices', args: { employee: 'Priya', status: 'declined' } },
  ]);

  contents.push(first.content, {
    role: 'user',
    parts: [
      { functionResponse: { name: 'search_invoices', response: { count: 2, ids: ['a', 'b'] } } },
    ],
  });
  const second = await client.generateWithTools({
    system: 'Use the tools.',
    contents,
    tools: [SEARCH_TOOL],
  });
  t.equal(second.text, 'Priya has 2 declined invoices.');
  t.same(second.functionCalls, []);

  const firstBody = gemini.requests[0]?.body as WireGenerateBody;
  t.equal(firstBody.toolConfig?.functionCallingConfig?.mode, 'AUTO');
  t.same(
    firstBody.tools?.[0]?.functionDeclarations?.[0]?.parametersJsonSchema,
    SEARCH_TOOL.parametersJsonSchema,
  );
  const secondBody = gemini.requests[1]?.body as WireGenerateBody;
  t.equal(secondBody.contents.length, 3);
  t.same(secondBody.contents[1]?.parts[0]?.functionCall, {
    name: 'search_invoices',
    args: { employee: 'Priya', status: 'declined' },
  });
  t.same(secondBody.contents[2]?.parts[0]?.functionResponse, {
    name: 'search_invoices',
    response: { count: 2, ids: ['a', 'b'] },
  });
  t.equal(client.usage().model_calls, 2);
});
