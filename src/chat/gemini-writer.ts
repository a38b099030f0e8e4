/**
 * The Gemini path of the chat: the model answers through the store tools, and what it wrote is
 * checked against what those tools returned. The sources and policy citations of the answer are
 * the tools' results, never the model's say-so, and a link to an invoice no tool returned is
 * flagged in the answer itself, since the text was already streamed.
 */
import { GeminiError, ModelBlockedError } from '../ai/gemini/errors.js';
import type { Caller } from '../domain/types.js';
import { type AppError, ServiceUnavailableError, UnprocessableError } from '../errors.js';
import {
  type AnswerContext,
  type FiltersApplied,
  filtersApplied,
  metaEvent,
  type Written,
} from './answer-writing.js';
import { answerWithGemini, type ChatModel } from './gemini-chat.js';
import { ChatToolExecutor, type ChatToolOptions } from './gemini-tool-executor.js';
import { sourceOf } from './invoice-source.js';
import type { ChatSource, ChatStreamEvent, PolicyCitation } from './types.js';

export interface GeminiWriterOptions {
  currency: string;
  /** Tool rounds the model may take before it must answer. */
  maxToolRounds: number;
  activePolicy: NonNullable<ChatToolOptions['activePolicy']>;
}

/** A Markdown link to an invoice, as the tools' cite_as gives it: [name](invoice:<id>). */
const INVOICE_LINK = /\]\(invoice:([^)\s]+)\)/g;

/** Model failures as the typed errors routes answer with. */
export function modelError(error: GeminiError): AppError {
  if (error instanceof ModelBlockedError)
    return new UnprocessableError(
      'answer_blocked',
      'The language model refused to answer this question.',
    );
  return new ServiceUnavailableError(
    error.code,
    `The language model could not answer: ${error.message}`,
  );
}

/** The invoice ids the text links to that are not among `found`, each once, in order of use. */
export function unverifiedLinks(text: string, found: ReadonlySet<string>): string[] {
  return [...new Set(Array.from(text.matchAll(INVOICE_LINK), (match) => match[1] ?? ''))].filter(
    (id) => !found.has(id),
  );
}

/** The warning appended to an answer that links to invoices the tools did not return. */
export function unverifiedNote(ids: readonly string[]): string {
  return `\n\n> Unverified: this answer links to ${ids.length === 1 ? 'an invoice' : `${ids.length} invoices`} the search did not return (${ids.map((id) => `\`${id}\``).join(', ')}); do not rely on ${ids.length === 1 ? 'it' : 'them'}.`;
}

/** The items the answer mentions first (in their found order), then the rest. */
export function mentionedFirst<T>(items: readonly T[], mentioned: (item: T) => boolean): T[] {
  return [...items.filter(mentioned), ...items.filter((item) => !mentioned(item))];
}

export async function* writeWithGemini(
  model: ChatModel,
  { invoices, prepared, employees, today }: AnswerContext,
  caller: Caller,
  options: GeminiWriterOptions,
  signal: AbortSignal | undefined,
): AsyncGenerator<ChatStreamEvent, Written> {
  const executor = new ChatToolExecutor(invoices, {
    currency: options.currency,
    employees,
    activePolicy: options.activePolicy,
    ...(signal ? { signal } : {}),
  });
  const turn = answerWithGemini(model, {
    question: prepared.query,
    history: prepared.history,
    caller,
    today,
    currency: options.currency,
    executor,
    maxToolRounds: options.maxToolRounds,
    ...(signal ? { signal } : {}),
  });
  const found = new Map<string, ChatSource>();
  const quoted = new Map<string, PolicyCitation>();
  let filters: FiltersApplied = {};
  let text = '';
  try {
    for await (const event of turn) {
      if (event.type === 'tool') {
        if (event.filter) filters = filtersApplied(event.filter);
        for (const citation of event.citations)
          if (!quoted.has(citation.rule_id)) quoted.set(citation.rule_id, citation);
        for (const hit of event.hits)
          if (!found.has(hit.record.id)) found.set(hit.record.id, sourceOf(hit.record, hit.score));
        continue;
      }
      // Tools run before the answer is written, so meta can carry the filters they applied.
      if (text === '') yield metaEvent(prepared, 'gemini', filters);
      text += event.text;
      yield { event: 'delta', data: { text: event.text } };
    }
  } catch (error) {
    throw error instanceof GeminiError ? modelError(error) : error;
  }
  // The prompt asks the model to cite only what the tools returned; a link to anything else
  // (a remembered or invented id) is marked in the answer, since it was already streamed.
  const unverified = unverifiedLinks(text, new Set(found.keys()));
  if (unverified.length > 0) {
    const note = unverifiedNote(unverified);
    text += note;
    yield { event: 'delta', data: { text: note } };
  }
  // Sources are the invoices the tools returned, those the answer cites first; citations are the
  // rules the tools returned, those whose sentence the answer quotes first.
  const sources = mentionedFirst([...found.values()], (source) => text.includes(source.invoice_id));
  const citations = mentionedFirst([...quoted.values()], (rule) => text.includes(rule.quote));
  return { text, filters, sources, citations, retrieval: executor.retrieval };
}
