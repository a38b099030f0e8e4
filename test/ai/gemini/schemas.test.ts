/**
 * Every schema we send Gemini (structured output of policies and invoices, the chat tools'
 * parametersJsonSchema) uses only the keywords of the documented responseJsonSchema subset, with
 * typed enums. The schemas are taken from the requests as sent, so nothing sent escapes the check.
 */

import t from 'tap';
import { Type } from 'typebox';
import { GeminiClient } from '../../../src/ai/gemini/client.js';
import { GeminiProvider } from '../../../src/ai/gemini/provider.js';
import { forGemini } from '../../../src/ai/gemini/schema-subset.js';
import { CHAT_TOOLS } from '../../../src/chat/gemini-tools.js';
import { CATEGORIES } from '../../../src/domain/types.js';
import { SUPPORTED_SCHEMA_KEYWORDS, schemaProblems } from '../../fakes/gemini-rules.js';
import { startFakeGemini, type WireGenerateBody } from '../../fakes/gemini-server.js';

/** Every key used as a schema keyword anywhere in `schema` (property names excluded). */
function keywords(schema: unknown, found = new Set<string>()): Set<string> {
  if (typeof schema !== 'object' || schema === null) return found;
  if (Array.isArray(schema)) {
    for (const item of schema) keywords(item, found);
    return found;
  }
  for (const [key, value] of Object.entries(schema)) {
    found.add(key);
    if (key === 'properties' || key === '$defs')
      for (const sub of Object.values(value as object)) keywords(sub, found);
    else if (key !== 'enum' && key !== 'required' && key !== 'propertyOrdering')
      keywords(value, found);
  }
  return found;
}

t.test('every schema sent, as sent, stays in the documented subset', async (t) => {
  const gemini = await startFakeGemini({
    respond: () => ({
      json: { name: 'x', currency: 'USD', categories: [], exclusions: [], submission_window: null },
    }),
  });
  t.teardown(() => gemini.close());
  const client = new GeminiClient({ apiKey: gemini.apiKey, baseUrl: gemini.url, maxRetries: 0 });
  const provider = new GeminiProvider({ client });

  await provider.compilePolicy({
    file_name: 'p.txt',
    sha256: 'h',
    pages: ['Meals are paid up to $20.'],
  });
  await provider
    .extractInvoice(
      {
        name: 'r.pdf',
        media_type: 'application/pdf',
        sha256: 's',
        size_bytes: 10,
        page_count: 1,
        pages: ['Cafe\nTotal 12.00'],
        ocr: false,
      },
      { categories: [...CATEGORIES], currency: 'USD' },
    )
    .catch(() => undefined); // the answer does not matter here, the schema sent does
  gemini.respondWith(() => ({ text: 'No invoices match.' }));
  for await (const _ of client.generateStream({
    system: 's',
    contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
    tools: CHAT_TOOLS,
  }));

  const sent: Array<[string, unknown]> = [];
  for (const request of gemini.requests) {
    const body = request.body as WireGenerateBody;
    if (body.generationConfig?.responseJsonSchema)
      sent.push([`${request.method} response`, body.generationConfig.responseJsonSchema]);
    for (const declaration of body.tools?.flatMap((tool) => tool.functionDeclarations ?? []) ?? [])
      sent.push([`tool ${declaration.name}`, declaration.parametersJsonSchema]);
  }
  t.equal(sent.length, 2 + CHAT_TOOLS.length, 'policy, invoice and each tool');
  for (const [name, schema] of sent) {
    const outside = [...keywords(schema)].filter((key) => !SUPPORTED_SCHEMA_KEYWORDS.has(key));
    t.same(outside, [], `${name}: only documented keywords`);
    t.same(schemaProblems(schema), [], `${name}: enums typed, no $ref siblings`);
  }
});

t.test('forGemini types TypeBox enums and says dropped constraints in words', async (t) => {
  const schema = forGemini(
    Type.Object({
      per: Type.Enum(['meal', 'day']),
      code: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217.' }),
      id: Type.String({ minLength: 1, maxLength: 80 }),
      version: Type.Literal(1),
      pattern: Type.String(),
    }) as unknown as Record<string, unknown>,
  );
  t.same(schemaProblems(schema), []);
  t.match(schema, {
    properties: {
      per: { type: 'string', enum: ['meal', 'day'] },
      code: { type: 'string', description: 'ISO 4217. Matches the pattern ^[A-Z]{3}$.' },
      id: { type: 'string', description: 'Never empty. At most 80 characters.' },
      version: { type: 'number', enum: [1] },
      pattern: { type: 'string' },
    },
  });
});
