/**
 * get_policy_rules: the active policy's rules on a topic, for Gemini to answer questions about the
 * policy itself. The rules come back as the offline answer states them (amounts already
 * formatted) with the sentence and page to quote, so the model cites the policy instead of
 * paraphrasing it from memory.
 */
import type { FunctionDeclaration } from '../ai/gemini/client.js';
import { TRAVEL_CLASSES, type TravelClass } from '../domain/facts.js';
import { DEFAULT_CATEGORY_IDS, isCategoryId } from '../domain/taxonomy.js';
import { type PolicyTopic, takePolicyTopic } from './language/policy-question.js';
import { QuestionScanner } from './language/scanner.js';
import { type ActivePolicy, citationOf, NO_ACTIVE_POLICY, PolicyReader } from './policy-rules.js';
import type { PolicyCitation } from './types.js';

export const POLICY_TOOL: FunctionDeclaration = {
  name: 'get_policy_rules',
  description:
    "Returns the rules of the company's active reimbursement policy on a topic (limits, what is reimbursed or declined, excluded items, receipts needed, the submission deadline), each with the policy's own sentence (quote) and page. Call it for any question about what the policy allows; leave every argument out to get the whole policy.",
  parametersJsonSchema: {
    type: 'object',
    properties: {
      category: {
        type: 'string',
        description: `Expense category id, for example ${DEFAULT_CATEGORY_IDS.slice(0, 12).join(', ')}.`,
      },
      topic: {
        type: 'string',
        description:
          'Other words of the question that say what is asked: "first class train", "alcohol", "tips", "deadline", "receipts required", "limit".',
      },
      city: {
        type: 'string',
        description: 'City the question names, for limits that differ by city.',
      },
      travel_class: {
        type: 'string',
        enum: [...TRAVEL_CLASSES],
        description: 'Travel class the question names.',
      },
    },
  },
};

export interface PolicyToolOutcome {
  response: Record<string, unknown>;
  citations: PolicyCitation[];
}

function topicOf(args: Record<string, unknown>): PolicyTopic {
  const words = [args.category, args.topic].filter((value) => typeof value === 'string').join(' ');
  const topic = takePolicyTopic(new QuestionScanner(words.replace(/[._]/g, ' ')));
  const category = typeof args.category === 'string' ? args.category.trim() : '';
  // The id as given wins over the words read from it; a policy's own id ("travel.visa") too.
  if (isCategoryId(category)) topic.categories = [category];
  if (typeof args.city === 'string' && args.city.trim() !== '') topic.place = args.city.trim();
  if (
    typeof args.travel_class === 'string' &&
    TRAVEL_CLASSES.includes(args.travel_class as TravelClass)
  )
    topic.travel_class = [args.travel_class as TravelClass];
  return topic;
}

export function runPolicyTool(
  policy: ActivePolicy | null,
  args: Record<string, unknown>,
): PolicyToolOutcome {
  if (!policy)
    return { response: { active_policy: null, message: NO_ACTIVE_POLICY }, citations: [] };
  const { points, more } = new PolicyReader(policy.rules).points(topicOf(args));
  return {
    response: {
      active_policy: {
        name: policy.name,
        version: policy.version,
        currency: policy.rules.currency,
      },
      rules: points.map((point) => ({
        rule_id: point.rule_id,
        kind: point.kind,
        rule: point.statement,
        quote: point.source.quote,
        page: point.source.page,
        refuses_what_was_asked: point.refuses,
      })),
      ...(more > 0
        ? { more_rules: more, note: 'Ask again with a category to see the others.' }
        : {}),
      ...(points.length === 0 ? { note: 'No rule of the active policy is about this.' } : {}),
    },
    citations: points.map((point) => citationOf(policy, point)),
  };
}
