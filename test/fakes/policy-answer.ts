/**
 * How the fake "model" answers a policy: Gemini gets the policy as numbered sentences ("[12] …")
 * and cites rules by number, never by quoting. Tests and benchmarks keep writing rules with the
 * quote they expect; this turns each `source: {quote, page}` into the `sentences` that hold the
 * quote in the prompt it was asked, as a model pointing at them would.
 */
import { type RecordedRequest, userText } from './gemini-server.js';

/** The numbered sentences of a policy prompt, by number. */
export function promptSentences(request: RecordedRequest): Map<number, string> {
  const sentences = new Map<number, string>();
  for (const line of userText(request).split('\n')) {
    const match = /^\[(\d+)\] (.*)$/.exec(line);
    if (match) sentences.set(Number(match[1]), match[2] ?? '');
  }
  return sentences;
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();

/** Numbers of the sentences a quote comes from: each sentence it overlaps, in order. */
export function citedSentences(quote: string, sentences: ReadonlyMap<number, string>): number[] {
  const wanted = squash(quote);
  const numbers = [...sentences]
    .filter(([, text]) => {
      const sentence = squash(text);
      return sentence.includes(wanted) || (sentence.length > 0 && wanted.includes(sentence));
    })
    .map(([number]) => number);
  if (numbers.length === 0)
    throw new Error(`fake gemini: no policy sentence holds the quote "${quote}"`);
  return numbers.slice(0, 3);
}

function cite(node: unknown, sentences: ReadonlyMap<number, string>): unknown {
  if (Array.isArray(node)) return node.map((item) => cite(item, sentences));
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    const quote = (value as { quote?: unknown } | null)?.quote;
    if (key === 'source' && typeof quote === 'string')
      out.sentences = citedSentences(quote, sentences);
    else out[key] = cite(value, sentences);
  }
  return out;
}

/** A `json` answer for ScriptedReply: `rules` with every source cited by sentence number. */
export function policyAnswer(rules: unknown): (request: RecordedRequest) => unknown {
  return (request) => cite(rules, promptSentences(request));
}

/** True for the policy compilation call (its schema asks for rule categories). */
export function isPolicyRequest(request: RecordedRequest): boolean {
  if (request.method === 'batchEmbedContents') return false;
  const schema = request.body.generationConfig?.responseJsonSchema as
    | { properties?: Record<string, unknown> }
    | undefined;
  return schema?.properties?.categories !== undefined;
}
