/**
 * The offline reading of a chat question: which invoices it is about (a store filter), and what to
 * do with them (list, aggregate, explain). Deterministic and pure, so the same question always gets
 * the same answer and every answer can show the filters it applied. The Gemini path reaches the
 * same filters through tool calls; both end in the same store calls.
 */

import {
  CREATIVE,
  DOMAIN,
  decideIntent,
  EXPLAIN,
  isFollowUp,
  OFF_TOPIC,
  PLURAL_NOUN,
  SORTS,
} from './intent.js';
import type { ChatFilter, ChatIntent, ChatPlan, PlanContext } from './plan-types.js';
import { readPolicyQuestion } from './policy-reading.js';
import { readQuestion } from './question-reading.js';
import { QuestionScanner } from './scanner.js';

export type { AggregateMeasure } from './lexicon.js';
export type { ChatFilter, ChatIntent, ChatPlan, ChatSort, PlanContext } from './plan-types.js';

export const DEFAULT_LIMITS: Readonly<Record<ChatIntent, number>> = {
  list: 20,
  aggregate: 20,
  explain: 5,
  policy: 0,
  out_of_scope: 0,
  greeting: 0,
};
export const MAX_LIMIT = 100;

export function planQuestion(question: string, context: PlanContext): ChatPlan {
  const scanner = new QuestionScanner(question);
  const folded = scanner.folded;
  const policy = readPolicyQuestion(question, folded, context);
  if (policy) return { intent: 'policy', filter: {}, group_by: [], limit: 0, policy };
  const reading = readQuestion(scanner, context, EXPLAIN.test(folded));
  const declined = (intent: ChatIntent): ChatPlan => ({
    intent,
    filter: {},
    group_by: [],
    limit: DEFAULT_LIMITS[intent],
  });
  if (CREATIVE.test(folded) || (OFF_TOPIC.test(folded) && !DOMAIN.test(folded)))
    return declined('out_of_scope');

  const previous = isFollowUp(folded, reading, context.previous) ? context.previous : undefined;
  const intent = decideIntent(folded, reading, previous);
  if (intent === 'greeting' || intent === 'out_of_scope') return declined(intent);

  // A named invoice is found by its name alone: the previous turn's filters would only hide it.
  const inherited = previous && !reading.invoice_ref ? previous.filter : {};
  const filter: ChatFilter = { ...inherited, ...reading.filter };
  // The status in "why was Ticket 2 declined?" is the asker's guess, not a condition on Ticket 2.
  if (intent === 'explain' && reading.invoice_ref) delete filter.status;
  const plan: ChatPlan = {
    intent,
    filter,
    group_by:
      intent !== 'aggregate'
        ? []
        : reading.group_by.length > 0 || !previous
          ? reading.group_by
          : previous.group_by,
    limit: Math.min(reading.limit ?? DEFAULT_LIMITS[intent], MAX_LIMIT),
  };
  const sort =
    SORTS.find(([pattern]) => pattern.test(folded))?.[1] ??
    (previous?.intent === intent ? previous.sort : undefined);
  if (sort && intent === 'list') {
    plan.sort = sort;
    // "what is the largest single claim?" asks for one invoice, not a sorted list.
    if (reading.limit === undefined && !PLURAL_NOUN.test(folded)) plan.limit = 1;
  }
  if (intent === 'aggregate') plan.measure = reading.measure ?? previous?.measure ?? 'sum';
  const text = reading.text ?? previous?.text;
  if (text) plan.text = text;
  // "show it" after "why was Ticket 2 capped?" is still about Ticket 2.
  const invoiceRef =
    reading.invoice_ref ??
    (previous && Object.keys(reading.filter).length === 0 ? previous.invoice_ref : undefined);
  if (intent !== 'aggregate' && invoiceRef) plan.invoice_ref = invoiceRef;
  if (intent === 'explain' && !plan.invoice_ref && reading.subject) plan.subject = reading.subject;
  return plan;
}
