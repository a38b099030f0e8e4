/**
 * The offline answer to a question about the policy itself: the active version's rules on the
 * topic, one sentence each, every one followed by the policy sentence it came from and its page.
 */
import type { PolicyTopic } from './language/policy-question.js';
import { escapeMarkdown } from './markdown.js';
import {
  type ActivePolicy,
  citationOf,
  NO_ACTIVE_POLICY,
  type PolicyPoint,
  PolicyReader,
} from './policy-rules.js';
import type { PolicyCitation } from './types.js';

export interface PolicyAnswer {
  markdown: string;
  citations: PolicyCitation[];
}

/** "> “Hotel stays … per night.” (page 2)": the sentence as the policy wrote it. */
export function quoteLine(point: Pick<PolicyPoint, 'source'>): string {
  const page = point.source.page === null ? '' : ` (page ${point.source.page})`;
  return `> “${escapeMarkdown(point.source.quote)}”${page}`;
}

function topicWords(topic: PolicyTopic, reader: PolicyReader): string {
  const words = [
    ...topic.categories.map((category) => reader.label(category).toLowerCase()),
    ...topic.line_kinds.map((kind) => kind.replace(/_/g, ' ')),
    ...topic.aspects.filter((aspect) => aspect !== 'eligibility' && aspect !== 'limits'),
  ];
  return words.length > 0 ? words.join(', ') : 'this';
}

/** Yes or no first, when the question asks whether something is reimbursed and a rule refuses it. */
function verdict(topic: PolicyTopic, points: readonly PolicyPoint[]): string | null {
  if (!topic.aspects.includes('eligibility')) return null;
  const refusing = points.find((point) => point.refuses);
  if (refusing)
    return refusing.kind === 'exclusion'
      ? '**No**: the policy does not reimburse these lines.'
      : '**No**: the policy declines it.';
  const eligible = points.find((point) => point.allows);
  return eligible ? '**Yes**, within the rules below.' : null;
}

export function answerPolicyQuestion(
  policy: ActivePolicy | null,
  topic: PolicyTopic,
): PolicyAnswer {
  if (!policy) return { markdown: NO_ACTIVE_POLICY, citations: [] };
  const reader = new PolicyReader(policy.rules);
  const { points, more } = reader.points(topic);
  const named = `the active policy **${escapeMarkdown(policy.name)}** (version ${policy.version})`;
  if (points.length === 0)
    return {
      markdown: `I found no rule about ${escapeMarkdown(topicWords(topic, reader))}${topic.place ? ` in ${escapeMarkdown(topic.place)}` : ''} in ${named}. Ask finance, or ask about another category.`,
      citations: [],
    };
  const lines = [`Under ${named}:`];
  const first = verdict(topic, points);
  if (first) lines.unshift(first, '');
  // Rules read from one sentence (reimbursed, and up to £140 a night) are stated together under it.
  const bySentence = new Map<string, PolicyPoint[]>();
  for (const point of points) {
    const key = `${point.source.page}\u0000${point.source.quote}`;
    bySentence.set(key, [...(bySentence.get(key) ?? []), point]);
  }
  for (const group of bySentence.values())
    lines.push('', ...group.map((point) => point.statement), quoteLine(group[0] as PolicyPoint));
  if (more > 0) lines.push('', `…and ${more} more rules: ask about one category to see its rules.`);
  return {
    markdown: lines.join('\n'),
    citations: points.map((point) => citationOf(policy, point)),
  };
}
