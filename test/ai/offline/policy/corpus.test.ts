/**
 * The offline policy compiler v2, sentence by sentence: every corpus entry is written into a
 * small policy of its own (under its heading, list lead-in or table header) and compiled; the
 * rules must be exactly those the entry expects (lists it does not name must stay empty), the
 * rule set must pass the rules v2 gate, and the sentence must be read as the entry says
 * (rules, partly, not understood, note, example).
 */
import t from 'tap';
import { compilePolicyV2 } from '../../../../src/ai/offline/policy/compile.js';
import type { PolicyRulesV2 } from '../../../../src/domain/rules/types.js';
import { parseRulesV2 } from '../../../../src/schemas/rules-v2-parse.js';
import { CORPUS } from './corpus.js';
import type { CorpusEntry } from './corpus-types.js';

const LISTS = [
  'caps',
  'exclusions',
  'declines',
  'evidence',
  'shares',
  'relative_limits',
  'on_top',
  'line_categories',
] as const;

function pagesOf(entry: CorpusEntry): string[] {
  const lines: string[] = [];
  if (entry.heading) lines.push(entry.heading);
  lines.push(...(entry.before ?? []));
  if (entry.table) lines.push(`| ${entry.table} |`, '| --- | --- |', `| ${entry.text} |`);
  else if (entry.lead_in) lines.push(entry.lead_in, `• ${entry.text}`);
  else if (entry.item) lines.push(`• ${entry.text}`);
  else lines.push(entry.text);
  lines.push(...(entry.after ?? []));
  return [lines.join('\n')];
}

function withoutIds(rules: PolicyRulesV2, list: (typeof LISTS)[number]): unknown[] {
  return (rules[list] as Array<{ id: string; source: unknown }>).map(
    ({ id: _id, source: _source, ...rest }) => rest,
  );
}

t.test('the corpus has at least 150 sentences, each written once', async (t) => {
  t.ok(CORPUS.length >= 150, `${CORPUS.length} sentences`);
  const texts = CORPUS.map(
    (entry) => `${entry.heading ?? ''}|${entry.lead_in ?? ''}|${entry.text}`,
  );
  t.equal(new Set(texts).size, texts.length, 'no sentence is tested twice');
});

for (const [index, entry] of CORPUS.entries()) {
  t.test(`${index + 1}. ${entry.text}`, async (t) => {
    const compiled = compilePolicyV2(pagesOf(entry), { policy_hash: `corpus-${index}` });
    const { rules, not_understood: notUnderstood } = compiled;
    t.doesNotThrow(() => parseRulesV2(rules), 'the rules pass the rules v2 gate');
    const trace = compiled.sentences.find((sentence) => sentence.sentence === entry.text);
    t.ok(trace, 'the sentence is cut out as written');
    const expected = entry.expect.reading ?? 'rules';
    t.equal(trace?.reading, expected, 'read as expected');
    const reported = notUnderstood.some((item) => item.sentence === entry.text);
    t.equal(reported, expected === 'not_understood' || expected === 'partly', 'reported or not');
    for (const list of LISTS) t.same(withoutIds(rules, list), entry.expect[list] ?? [], list);
    t.same(rules.meal_hours?.windows ?? [], entry.expect.meal_hours ?? [], 'meal hours');
    t.equal(
      rules.submission_window?.days ?? null,
      entry.expect.submission_window ?? null,
      'window',
    );
    t.equal(rules.foreign_currency?.accept ?? null, entry.expect.foreign_currency ?? null, 'fx');
    t.equal(rules.rounding, entry.expect.rounding ?? 'half_up', 'rounding');
    if (entry.expect.currency) t.equal(rules.currency, entry.expect.currency, 'currency');
    for (const [category, eligible] of entry.expect.categories ?? []) {
      const rule = rules.categories.find((candidate) => candidate.category === category);
      t.equal(rule?.eligible, eligible, `${category} ${eligible ? 'paid' : 'refused'}`);
    }
    if (expected !== 'rules' && expected !== 'partly')
      t.equal(trace?.rule_ids.length, 0, 'no rule cites it');
  });
}
