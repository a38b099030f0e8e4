/**
 * The model points, the code quotes: the policy goes out as numbered sentences, rules come back
 * with sentence numbers, and quotes and pages are copied from our own list. A number that is not
 * a sentence is a validation problem shown to the model in the repair round; a quote the model
 * writes itself is never kept.
 */
import t, { type Test } from 'tap';
import { GeminiClient } from '../../../src/ai/gemini/client.js';
import { GeminiProvider } from '../../../src/ai/gemini/provider.js';
import type { PolicyText } from '../../../src/ai/provider.js';
import { PolicyRulesError } from '../../../src/domain/policy-rules.js';
import { schemaProblems } from '../../fakes/gemini-rules.js';
import {
  type FakeGemini,
  startFakeGemini,
  userText,
  type WireGenerateBody,
} from '../../fakes/gemini-server.js';

const POLICY: PolicyText = {
  file_name: 'expenses.pdf',
  sha256: 'policy-sha',
  pages: [
    'Travel and Expense Rules\nLunch with a client is paid up to $40 per meal,\nincluding tax. Keep every receipt.',
    'Hotels\nA hotel night is paid up to $180. Spirits are never paid.',
  ],
};

const rule = (sentences: unknown) => ({
  id: 'meal.cap',
  category: 'meal',
  label: 'Lunch with a client',
  eligible: true,
  cap: { amount_minor: 4000, per: 'meal', includes_tax: true },
  sentences,
});
const answer = (sentences: unknown, extra: Record<string, unknown> = {}) => ({
  name: 'Travel and Expense Rules',
  currency: 'USD',
  categories: [rule(sentences)],
  exclusions: [],
  submission_window: null,
  ...extra,
});

async function setup(t: Test): Promise<{ gemini: FakeGemini; provider: GeminiProvider }> {
  const gemini = await startFakeGemini();
  t.teardown(() => gemini.close());
  const client = new GeminiClient({ apiKey: gemini.apiKey, baseUrl: gemini.url });
  return { gemini, provider: new GeminiProvider({ client }) };
}

t.test('the policy goes out as numbered sentences under their pages', async (t) => {
  const { gemini, provider } = await setup(t);
  gemini.script({ json: answer([2]) });
  await provider.compilePolicy(POLICY);
  const prompt = userText(gemini.requests[0]!);
  t.match(
    prompt,
    [
      '--- page 1 ---',
      '[1] Travel and Expense Rules',
      '[2] Lunch with a client is paid up to $40 per meal, including tax.',
      '[3] Keep every receipt.',
      '--- page 2 ---',
      '[4] Hotels',
      '[5] A hotel night is paid up to $180.',
      '[6] Spirits are never paid.',
    ].join('\n'),
    'wrapped lines are joined into their sentence',
  );
  t.notMatch(prompt, /quote|verbatim/i, 'nothing asks the model to copy text');
  const body = gemini.requests[0]?.body as WireGenerateBody;
  const schema = body.generationConfig?.responseJsonSchema as {
    properties: {
      categories: { items: { properties: Record<string, unknown>; required: string[] } };
    };
  };
  const item = schema.properties.categories.items;
  t.same(Object.keys(item.properties).includes('source'), false, 'no source to write');
  t.match(item.properties.sentences, { type: 'array', items: { type: 'integer', maximum: 6 } });
  t.ok(item.required.includes('sentences'));
  t.same(schemaProblems(schema), []);
});

t.test('quote and page are copied from the cited sentences', async (t) => {
  const { gemini, provider } = await setup(t);
  gemini.script({
    json: answer([2], {
      exclusions: [
        {
          id: 'spirits.excluded',
          kind: 'alcohol',
          terms: [],
          categories: null,
          // A model that writes a quote anyway is not believed: only the numbers count.
          source: { quote: 'Everything is reimbursable.', page: 9 },
          sentences: [6],
        },
      ],
      submission_window: { id: 'submission.window', days: 30, sentences: [3, 1] },
    }),
  });
  const rules = await provider.compilePolicy(POLICY);
  t.same(rules.categories[0]?.source, {
    quote: 'Lunch with a client is paid up to $40 per meal, including tax.',
    page: 1,
  });
  t.same(rules.exclusions[0]?.source, { quote: 'Spirits are never paid.', page: 2 });
  t.same(
    rules.submission_window?.source,
    { quote: 'Travel and Expense Rules Keep every receipt.', page: 1 },
    'several sentences are quoted in document order',
  );
  t.equal(gemini.requests.length, 1);
});

t.test('numbers that are not sentences go to the repair round, then are fixed', async (t) => {
  const { gemini, provider } = await setup(t);
  gemini.script({ json: answer([7, 2]) }, { json: answer([2]) });
  const rules = await provider.compilePolicy(POLICY);
  t.equal(rules.categories[0]?.source.page, 1);
  t.equal(gemini.requests.length, 2);
  const repair = userText(gemini.requests[1]!);
  t.match(
    repair,
    "/categories/0/sentences cites 7, but the policy's sentences are numbered 1 to 6",
  );
  t.notMatch(repair, /must have required property/, 'the missing source is not reported twice');
});

t.test('still no valid citation after the repair: PolicyRulesError naming it', async (t) => {
  const { gemini, provider } = await setup(t);
  gemini.script({ json: answer([]) }, { json: answer([0.5]) });
  const error = await provider.compilePolicy(POLICY).catch((caught: unknown) => caught);
  t.ok(error instanceof PolicyRulesError);
  t.match((error as PolicyRulesError).problems, [
    { pointer: '/categories/0/sentences', message: /cites 0.5/ },
  ]);
  t.match(
    userText(gemini.requests[1]!),
    '/categories/0/sentences must give the number of the policy sentence that states the rule',
  );
});
