/**
 * The model points, the code quotes. The policy goes to Gemini as numbered sentences and every
 * rule comes back naming the numbers of the sentences it rests on; the quote and the page of each
 * rule are then copied from our own list. Quotes are exact by construction, and the model is never
 * asked to reproduce text (the classic trigger of finishReason RECITATION).
 *
 * The answer schema is the domain's rule schema with every `source` ({quote, page}) replaced by
 * `sentences` (numbers), so a change to the rules reaches the model without a second copy here.
 */
import { policyRulesJsonSchema, type RuleProblem } from '../../domain/policy-rules.js';
import { policySentences } from '../offline/policy-text.js';
import { forGemini } from './schema-subset.js';

export interface NumberedSentence {
  /** 1-based, in document order. */
  number: number;
  text: string;
  page: number;
}

/** Most sentences one rule may cite: a rule is stated in one sentence, rarely spread over three. */
const MAX_SENTENCES_PER_RULE = 3;

/** The policy's sentences, numbered in reading order: the list the model cites and we quote. */
export function numberSentences(pages: readonly string[]): NumberedSentence[] {
  return policySentences(pages).map((sentence, index) => ({
    number: index + 1,
    text: sentence.text,
    page: sentence.page,
  }));
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Where rules with a source sit in the rule set: "/categories/*", "/submission_window". */
type SourcePath = string[];

function sentencesSchema(count: number): Json {
  return {
    type: 'array',
    description:
      'Numbers of the policy sentences that state this rule, as written before them ("[12]" is 12); usually one.',
    items: { type: 'integer', minimum: 1, maximum: Math.max(1, count) },
    minItems: 1,
    maxItems: MAX_SENTENCES_PER_RULE,
  };
}

function replaceSources(
  node: unknown,
  path: string[],
  found: SourcePath[],
  count: number,
): unknown {
  if (!isObject(node)) return node;
  const out: Json = { ...node };
  const properties = node.properties;
  if (isObject(properties)) {
    const next: Json = {};
    for (const [name, sub] of Object.entries(properties)) {
      if (name === 'source') continue;
      next[name] = replaceSources(sub, [...path, name], found, count);
    }
    if ('source' in properties) {
      found.push(path);
      next.sentences = sentencesSchema(count);
      if (Array.isArray(node.required))
        out.required = node.required.map((key) => (key === 'source' ? 'sentences' : key));
    }
    out.properties = next;
  }
  if (node.items !== undefined)
    out.items = replaceSources(node.items, [...path, '*'], found, count);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = node[key];
    if (Array.isArray(branches))
      out[key] = branches.map((branch) => replaceSources(branch, path, found, count));
  }
  return out;
}

const SOURCE_PATHS: SourcePath[] = [];
replaceSources(policyRulesJsonSchema, [], SOURCE_PATHS, 1);

/** responseJsonSchema of a policy with `count` sentences, in Gemini's schema subset. */
export function policyAnswerSchema(count: number): Record<string, unknown> {
  return forGemini(replaceSources(policyRulesJsonSchema, [], [], count) as Json);
}

/** Every object at `path` in `value`, with its JSON pointer. */
function objectsAt(value: unknown, path: SourcePath, pointer = ''): Array<[Json, string]> {
  if (path.length === 0) return isObject(value) ? [[value, pointer]] : [];
  const [head, ...rest] = path;
  if (head === '*')
    return Array.isArray(value)
      ? value.flatMap((item, index) => objectsAt(item, rest, `${pointer}/${index}`))
      : [];
  return isObject(value) && head !== undefined
    ? objectsAt(value[head], rest, `${pointer}/${head}`)
    : [];
}

/**
 * The rules with `source` filled in from the cited sentences, and what was wrong with the
 * citations (numbers that are not in the list, no number at all). A source the model wrote itself
 * is never kept: only our copy of the policy's words is.
 */
export function quoteCitedSentences(
  answer: unknown,
  sentences: readonly NumberedSentence[],
): { rules: unknown; problems: RuleProblem[] } {
  if (!isObject(answer)) return { rules: answer, problems: [] };
  const rules = structuredClone(answer);
  const problems: RuleProblem[] = [];
  for (const path of SOURCE_PATHS) {
    for (const [rule, pointer] of objectsAt(rules, path)) {
      const cited = rule.sentences;
      delete rule.sentences;
      delete rule.source;
      const numbers = Array.isArray(cited) ? cited : [];
      if (numbers.length === 0) {
        problems.push({
          pointer: `${pointer}/sentences`,
          message: 'must give the number of the policy sentence that states the rule',
        });
        continue;
      }
      const unknown = numbers.filter(
        (number) => !Number.isInteger(number) || sentences[(number as number) - 1] === undefined,
      );
      if (unknown.length > 0) {
        problems.push({
          pointer: `${pointer}/sentences`,
          message: `cites ${unknown.map((number) => JSON.stringify(number)).join(', ')}, but the policy's sentences are numbered 1 to ${sentences.length}`,
        });
        continue;
      }
      const quoted = [...new Set(numbers as number[])]
        .sort((a, b) => a - b)
        .map((number) => sentences[number - 1] as NumberedSentence);
      rule.source = {
        quote: quoted.map((sentence) => sentence.text).join(' '),
        page: quoted[0]?.page ?? null,
      };
    }
  }
  return { rules, problems };
}
