/**
 * What the chat service and its two writers (offline templates, Gemini with tools) hand each other:
 * the question once checked, what the writer may read, and what it wrote. Kept apart so each
 * writer depends on these shapes and not on the service that runs it.
 */
import type { InvoiceFilter } from '../domain/types.js';
import type { Retrieval } from '../store/invoice-search.js';
import type { ChatTurn } from '../store/ports.js';
import type { CallerInvoices } from './caller-invoices.js';
import type { ChatPlan } from './language/plan.js';
import type { ChatAnswer, ChatSource, ChatStreamEvent, PolicyCitation } from './types.js';

export type FiltersApplied = ChatAnswer['filters_applied'];

/** A question that passed the checks, with the session it continues (or a new one). */
export interface PreparedQuestion {
  query: string;
  sessionId: string;
  history: ChatTurn[];
  includeSources: boolean;
}

/** What a writer reads: the caller's invoices only, and the names and date its planner needs. */
export interface AnswerContext {
  invoices: CallerInvoices;
  prepared: PreparedQuestion;
  employees: string[];
  today: string;
}

/** What one answer wrote: its text, the filters the store ran, the invoices it is about. */
export interface Written {
  text: string;
  filters: FiltersApplied;
  sources: ChatSource[];
  citations: PolicyCitation[];
  /** Offline only: kept in the history for follow-ups. */
  plan?: ChatPlan;
  retrieval: Retrieval;
}

/** Only what a question may state: the access scope and internal keys never appear as "applied". */
export function filtersApplied(filter: InvoiceFilter): FiltersApplied {
  const { owner_sub: _owner, job_id: _job, file_sha256: _file, ...stated } = filter;
  return stated;
}

/** The first event of an answer: sent once the filters are known, before any text. */
export function metaEvent(
  prepared: PreparedQuestion,
  mode: ChatAnswer['mode'],
  filters: FiltersApplied,
): ChatStreamEvent {
  return {
    event: 'meta',
    data: { session_id: prepared.sessionId, mode, filters_applied: filters },
  };
}
