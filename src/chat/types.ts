/**
 * The chat service's public shapes: what routes send in, what they reply with, and the events of
 * a streamed answer (sent as SSE events of the same names).
 */

import type { InvoiceFilter, Money, Status } from '../domain/types.js';
import type { Retrieval } from '../store/invoice-search.js';
import type { ChatFilter } from './language/plan.js';

export interface ChatQuestion {
  query: string;
  /** Continue this session (the caller's own); a new session is started without it. */
  session_id?: string;
  /** Return the invoices the answer cites (default true). */
  include_sources?: boolean;
}

export interface ChatSource {
  invoice_id: string;
  employee: string;
  file: string;
  /** After a finance override, when there is one. */
  status: Status;
  reimbursable: Money;
  /** Relevance within this answer; 1 for invoices matched by filters alone. */
  score: number;
}

/** A sentence of the active policy an answer relies on, as the rule it became keeps it. */
export interface PolicyCitation {
  policy_id: string;
  policy_name: string;
  /** The version the rule belongs to (the active one when asked). */
  version: number;
  rule_id: string;
  /** The policy's sentence, verbatim. */
  quote: string;
  /** 1-based page of the policy document; null when it has no pages. */
  page: number | null;
}

export interface ChatAnswer {
  session_id: string;
  /** Markdown; invoices are cited as links `[file](invoice:<id>)`. */
  answer: string;
  sources: ChatSource[];
  /** The policy sentences the answer quotes (questions about the policy itself). */
  policy_citations: PolicyCitation[];
  /** What the store was asked for (the caller's access scope is applied on top). */
  filters_applied: ChatFilter & Pick<InvoiceFilter, 'text'>;
  /** Who wrote the answer: the offline planner and templates, or Gemini with tools. */
  mode: 'offline' | 'gemini';
  /** How its text searches ranked invoices, and why by words only when meaning was configured. */
  retrieval: Retrieval;
}

export type ChatStreamEvent =
  | {
      event: 'meta';
      data: {
        session_id: string;
        mode: ChatAnswer['mode'];
        filters_applied: ChatAnswer['filters_applied'];
      };
    }
  | { event: 'delta'; data: { text: string } }
  | { event: 'sources'; data: { sources: ChatSource[]; policy_citations: PolicyCitation[] } }
  | {
      event: 'done';
      data: {
        session_id: string;
        filters_applied: ChatAnswer['filters_applied'];
        retrieval: Retrieval;
      };
    }
  | { event: 'error'; data: { status: number; code: string; message: string } };
