/**
 * The shape of a planned chat question, shared by the planner's parts and by whoever runs a plan
 * (the offline answerer, the session history that keeps the last plan for follow-ups).
 */

import type { AggregateGroup, InvoiceFilter } from '../../domain/types.js';
import type { AggregateMeasure } from './lexicon.js';
import type { PolicyTopic } from './policy-question.js';

export type ChatSort = 'amount_desc' | 'amount_asc';

export type ChatIntent = 'list' | 'aggregate' | 'explain' | 'policy' | 'out_of_scope' | 'greeting';

/** A store filter as a question can state it: access scope is added below, never by the question. */
export type ChatFilter = Omit<InvoiceFilter, 'owner_sub' | 'job_id' | 'file_sha256' | 'text'>;

export interface ChatPlan {
  intent: ChatIntent;
  filter: ChatFilter;
  /** Aggregate only: the grouping keys; empty for one overall total. */
  group_by: AggregateGroup[];
  /** Aggregate only: what the question asks for first (the answer shows count and sums anyway). */
  measure?: AggregateMeasure;
  /** Words to find with the full-text index ("mentioning pulao", "at Lotus"). */
  text?: string;
  /** Explain: the invoice as the question names it ("Ticket 2", "invoice #4102", a file name). */
  invoice_ref?: string;
  /** Explain, when nothing names the invoice: the other words that describe it ("coastal kitchen"). */
  subject?: string;
  /** How many invoices to show. */
  limit: number;
  /** "the 5 biggest": invoices by claimed amount instead of newest first. */
  sort?: ChatSort;
  /** Policy: what the question asks of the active policy's rules. */
  policy?: PolicyTopic;
}

export interface PlanContext {
  /** Display names of the employees the caller may see, as stored. */
  employees: readonly string[];
  /** YYYY-MM-DD: relative dates ("last month") are read against it. */
  today: string;
  /** The plan of the previous turn of the session, for follow-ups ("and for Hardik?"). */
  previous?: ChatPlan;
  /** Currency of amounts typed without one ("over 500"); INR by default. */
  currency?: string;
}
