/**
 * The tools Gemini may call, as the model is told of them: search_invoices, aggregate_invoices
 * and get_policy_rules. The model only chooses filters: the store does the counting and summing
 * (gemini-tool-executor.ts), so every filter a tool takes is one the store can run as given.
 */
import type { FunctionDeclaration } from '../ai/gemini/client.js';
import { type AggregateGroup, CATEGORIES, FLAGS, STATUSES } from '../domain/types.js';
import { POLICY_TOOL } from './gemini-policy-tool.js';

export const GROUPS: readonly AggregateGroup[] = ['employee', 'status', 'category', 'month'];
export const DEFAULT_RESULTS = 10;
/** The most invoices search_invoices returns, whatever limit the model asks for. */
export const MAX_RESULTS = 50;

const FILTER_PROPERTIES = {
  employee: {
    type: 'string',
    description: 'Employee name, as the user wrote it (first name is enough).',
  },
  status: {
    type: 'array',
    items: { type: 'string', enum: [...STATUSES] },
    description: 'Decision statuses; any of them.',
  },
  category: {
    type: 'array',
    items: { type: 'string', enum: [...CATEGORIES] },
    description: 'Expense categories; any of them.',
  },
  date_from: { type: 'string', description: 'First invoice date, inclusive, YYYY-MM-DD.' },
  date_to: { type: 'string', description: 'Last invoice date, inclusive, YYYY-MM-DD.' },
  amount_min: {
    type: 'number',
    description: 'Smallest claimed total, inclusive, in major units (500 means ₹500).',
  },
  amount_max: { type: 'number', description: 'Largest claimed total, inclusive, in major units.' },
  flags: {
    type: 'array',
    items: { type: 'string', enum: [...FLAGS] },
    description: 'Review flags the invoices must all carry.',
  },
} as const;

export const CHAT_TOOLS: FunctionDeclaration[] = [
  {
    name: 'search_invoices',
    description:
      'Finds stored invoices by words (vendor, items, file name, invoice or ticket number) and filters. Returns how many match, their exact totals, and the best matches with decision, reason, rules applied and the link to cite each one by. When ranked_by is "meaning_and_words", the best matches also include invoices related in meaning that lack the words (matching_invoices and totals count only invoices holding every word): judge each one by its fields.',
    parametersJsonSchema: {
      type: 'object',
      properties: {
        text: { type: 'string', description: 'Words to look for; leave out to filter only.' },
        ...FILTER_PROPERTIES,
        limit: {
          type: 'integer',
          minimum: 1,
          maximum: MAX_RESULTS,
          description: `How many invoices to return (default ${DEFAULT_RESULTS}).`,
        },
      },
    },
  },
  {
    name: 'aggregate_invoices',
    description:
      'Counts invoices and sums claimed and reimbursable amounts exactly, overall or grouped. Use it for every total, count or average.',
    parametersJsonSchema: {
      type: 'object',
      properties: {
        group_by: {
          type: 'array',
          items: { type: 'string', enum: [...GROUPS] },
          description: 'Grouping keys; empty for one overall total.',
        },
        ...FILTER_PROPERTIES,
      },
    },
  },
  POLICY_TOOL,
];
