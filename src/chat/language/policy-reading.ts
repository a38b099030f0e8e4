/**
 * Tells a question about the policy itself ("what is the hotel limit in London?") from one about
 * invoices, and reads what it asks of the policy, merging a follow-up with the previous topic.
 */

import { matchKnownEmployee } from './employee-names.js';
import { EXPLAIN, FOLLOW_UP_START, SORTS } from './intent.js';
import type { PlanContext } from './plan-types.js';
import { asksAboutPolicy, type PolicyTopic, takePolicyTopic } from './policy-question.js';
import { readQuestion } from './question-reading.js';
import { QuestionScanner } from './scanner.js';

/**
 * A question about the policy itself: shaped like one ("limit", "is … reimbursed?", or a follow-up
 * of one) and naming no invoice once its policy words are read (no person, status, date, amount,
 * flag, invoice name or order).
 */
export function readPolicyQuestion(
  question: string,
  folded: string,
  context: PlanContext,
): PolicyTopic | undefined {
  const previous = context.previous?.intent === 'policy' ? context.previous.policy : undefined;
  const followUp = previous !== undefined && FOLLOW_UP_START.test(folded);
  if (EXPLAIN.test(folded) || !(followUp || asksAboutPolicy(folded))) return undefined;
  const scanner = new QuestionScanner(question);
  const isEmployee = (name: string) =>
    matchKnownEmployee(new QuestionScanner(name).words(), context.employees) !== null;
  const topic = takePolicyTopic(scanner, isEmployee);
  const rest = readQuestion(scanner, context, false);
  const { category: _leftover, ...named } = rest.filter;
  if (
    Object.keys(named).length > 0 ||
    rest.text ||
    rest.invoice_ref ||
    rest.limit !== undefined ||
    rest.group_by.length > 0 ||
    SORTS.some(([pattern]) => pattern.test(folded))
  )
    return undefined;
  if (!followUp || !previous) return topic;
  // "and in Paris?" keeps the subject of the previous question and changes what it names.
  const pick = <K extends keyof PolicyTopic>(key: K) =>
    (Array.isArray(topic[key]) ? (topic[key] as unknown[]).length > 0 : topic[key] !== undefined)
      ? topic[key]
      : previous[key];
  const merged: PolicyTopic = {
    categories: pick('categories') ?? [],
    travel_class: pick('travel_class') ?? [],
    meal_type: pick('meal_type') ?? [],
    line_kinds: pick('line_kinds') ?? [],
    aspects: pick('aspects') ?? [],
  };
  const place = pick('place');
  if (place) merged.place = place;
  return merged;
}
