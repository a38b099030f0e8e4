/**
 * The offline path of the chat: the deterministic planner reads the question (with the session's
 * previous plan for follow-ups), templates write the answer from the store, and the finished text
 * is streamed in pieces so a client sees the same events as from a model.
 */
import type { Retrieval } from '../store/invoice-search.js';
import type { ChatTurn } from '../store/ports.js';
import { type AnswerContext, filtersApplied, metaEvent, type Written } from './answer-writing.js';
import { type ChatPlan, planQuestion } from './language/plan.js';
import { OfflineAnswerer, type OfflineAnswerOptions } from './offline-answer.js';
import type { ChatStreamEvent } from './types.js';

/** The offline planner reads words as an exact filter: it never ranks by meaning. */
export const OFFLINE_RETRIEVAL: Retrieval = { mode: 'lexical', fallback_reason: null };

const DELTA_SIZE = 160;

/** The previous offline plan of the session, for follow-ups ("and for Hardik?"). */
export function previousPlan(history: readonly ChatTurn[]): ChatPlan | undefined {
  for (let index = history.length - 1; index >= 0; index -= 1) {
    const plan = history[index]?.meta?.plan as ChatPlan | undefined;
    if (history[index]?.role === 'assistant')
      return plan && typeof plan.intent === 'string' && typeof plan.filter === 'object'
        ? plan
        : undefined;
  }
  return undefined;
}

/** Whole lines, about DELTA_SIZE characters at a time: a template answer streamed like a model's. */
export function chunks(markdown: string): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const line of markdown.split(/(?<=\n)/)) {
    if (current.length > 0 && current.length + line.length > DELTA_SIZE) {
      pieces.push(current);
      current = '';
    }
    current += line;
  }
  if (current.length > 0) pieces.push(current);
  return pieces;
}

export async function* writeOffline(
  { invoices, prepared, employees, today }: AnswerContext,
  options: OfflineAnswerOptions,
): AsyncGenerator<ChatStreamEvent, Written> {
  const previous = previousPlan(prepared.history);
  const plan = planQuestion(prepared.query, {
    employees,
    today,
    currency: options.currency,
    ...(previous ? { previous } : {}),
  });
  const offline = await new OfflineAnswerer(invoices, options).answer(plan);
  const filters = filtersApplied(offline.filter);
  yield metaEvent(prepared, 'offline', filters);
  for (const piece of chunks(offline.markdown)) yield { event: 'delta', data: { text: piece } };
  return {
    text: offline.markdown,
    filters,
    sources: offline.sources,
    citations: offline.citations ?? [],
    plan,
    retrieval: OFFLINE_RETRIEVAL,
  };
}
