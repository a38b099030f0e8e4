/**
 * The two tools Gemini may call, and their execution against the store. The model only chooses
 * filters: the store does the counting and summing, amounts come back already formatted so the
 * model copies them instead of doing arithmetic, and every invoice comes with the link to cite it
 * by. Calls run through CallerInvoices, so an employee's tool calls see only their own invoices
 * whatever employee the model names.
 */
import type { FunctionCall, FunctionDeclaration } from '../ai/gemini/client.js';
import { parseAmount, scale } from '../domain/money.js';
import { isIsoDate } from '../domain/text.js';
import {
  type AggregateGroup,
  CATEGORIES,
  FLAGS,
  type InvoiceFilter,
  STATUSES,
} from '../domain/types.js';
import type { FallbackReason, Retrieval } from '../store/invoice-search.js';
import type { SearchHit } from '../store/ports.js';
import type { CallerInvoices } from './caller-invoices.js';
import { POLICY_TOOL, runPolicyTool } from './gemini-policy-tool.js';
import { sourceOf } from './invoice-source.js';
import { resolveEmployeeName } from './language/employee-names.js';
import {
  displayName,
  fileLabel,
  invoiceLink,
  money,
  orderGroupRows,
  STATUS_WORDS,
  totalsByCurrency,
} from './markdown.js';
import type { ActivePolicy } from './policy-rules.js';
import type { PolicyCitation } from './types.js';

const GROUPS: readonly AggregateGroup[] = ['employee', 'status', 'category', 'month'];
const DEFAULT_RESULTS = 10;
const REASON_LENGTH = 300;

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
          maximum: 50,
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

/** A tool call the model got wrong: reported back to it so it can correct the call. */
class ToolArgumentError extends Error {}

export interface ToolOutcome {
  /** What the model reads back (the functionResponse). */
  response: Record<string, unknown>;
  /** The filter the store ran, without the access scope; null when the call was refused. */
  filter: InvoiceFilter | null;
  /** The invoices returned, which the answer may cite. */
  hits: SearchHit[];
  /** The policy rules returned, whose sentences the answer may quote. */
  citations: PolicyCitation[];
}

export interface ChatToolOptions {
  /** Currency of amount filters (major units). */
  currency: string;
  /** Employee names the caller may see, to resolve the name the model passes ("Rani" → "rani sharma"). */
  employees: readonly string[];
  /** The company's active policy (get_policy_rules); without it the tool says none is active. */
  activePolicy?: () => Promise<ActivePolicy | null>;
  /** Ends query embeddings when the caller goes away. */
  signal?: AbortSignal;
}

const FALLBACK_NOTE =
  'Search by meaning is unavailable right now: these invoices were ranked by words only.';

function stringList<T extends string>(
  args: Record<string, unknown>,
  name: string,
  allowed: readonly T[],
): T[] | undefined {
  const raw = args[name];
  if (raw === undefined || raw === null) return undefined;
  const values = (Array.isArray(raw) ? raw : [raw]).map(String);
  const unknown = values.filter((value) => !allowed.includes(value as T));
  if (unknown.length > 0)
    throw new ToolArgumentError(
      `${name} must be among ${allowed.join(', ')}; got ${unknown.join(', ')}.`,
    );
  return values.length > 0 ? [...new Set(values as T[])] : undefined;
}

export class ChatToolExecutor {
  private fallback: FallbackReason | null = null;

  constructor(
    private readonly invoices: CallerInvoices,
    private readonly options: ChatToolOptions,
  ) {}

  /** How this answer's text searches ranked: words only as soon as one of them fell back. */
  get retrieval(): Retrieval {
    const configured = this.invoices.retrieval;
    return this.fallback
      ? { mode: 'lexical', fallback_reason: this.fallback }
      : { mode: configured.mode, fallback_reason: null };
  }

  async execute(call: FunctionCall): Promise<ToolOutcome> {
    const args = (call.args ?? {}) as Record<string, unknown>;
    try {
      if (call.name === 'search_invoices') return await this.search(args);
      if (call.name === 'aggregate_invoices') return await this.aggregate(args);
      if (call.name === POLICY_TOOL.name) {
        const policy = (await this.options.activePolicy?.()) ?? null;
        return { ...runPolicyTool(policy, args), filter: null, hits: [] };
      }
      throw new ToolArgumentError(`There is no tool called ${String(call.name)}.`);
    } catch (error) {
      if (
        error instanceof ToolArgumentError ||
        (error as { code?: unknown }).code === 'invalid_filter'
      ) {
        return {
          response: { error: (error as Error).message },
          filter: null,
          hits: [],
          citations: [],
        };
      }
      throw error;
    }
  }

  private filterOf(args: Record<string, unknown>): InvoiceFilter {
    const filter: InvoiceFilter = {};
    if (typeof args.employee === 'string' && args.employee.trim() !== '')
      filter.employee = resolveEmployeeName(args.employee, this.options.employees);
    const status = stringList(args, 'status', STATUSES);
    if (status) filter.status = status;
    const category = stringList(args, 'category', CATEGORIES);
    if (category) filter.category = category;
    const flags = stringList(args, 'flags', FLAGS);
    if (flags) filter.flags = flags;
    for (const bound of ['date_from', 'date_to'] as const) {
      const value = args[bound];
      if (value === undefined || value === null || value === '') continue;
      if (typeof value !== 'string' || !isIsoDate(value))
        throw new ToolArgumentError(`${bound} must be a date as YYYY-MM-DD.`);
      filter[bound] = value;
    }
    for (const [name, key] of [
      ['amount_min', 'amount_min_minor'],
      ['amount_max', 'amount_max_minor'],
    ] as const) {
      const value = args[name];
      if (value === undefined || value === null) continue;
      const parsed =
        typeof value === 'number' || typeof value === 'string'
          ? parseAmount(String(value), this.options.currency)
          : null;
      if (!parsed || parsed.amount_minor < 0)
        throw new ToolArgumentError(
          `${name} must be a non-negative number of ${this.options.currency}.`,
        );
      filter[key] = parsed.amount_minor;
    }
    return filter;
  }

  private async search(args: Record<string, unknown>): Promise<ToolOutcome> {
    const filter = this.filterOf(args);
    const text =
      typeof args.text === 'string' && args.text.trim() !== '' ? args.text.trim() : undefined;
    const limit = Math.min(
      Math.max(Math.trunc(Number(args.limit ?? DEFAULT_RESULTS)) || DEFAULT_RESULTS, 1),
      50,
    );
    const applied: InvoiceFilter = text ? { ...filter, text } : filter;
    const [found, rows] = await Promise.all([
      text
        ? this.invoices.searchText({ text, filter, limit }, this.options.signal)
        : this.invoices.search({ filter, limit }).then((hits) => ({ hits, retrieval: null })),
      this.invoices.aggregate(applied, []),
    ]);
    const { hits, retrieval } = found;
    if (retrieval?.fallback_reason) this.fallback ??= retrieval.fallback_reason;
    const totals = totalsByCurrency(rows);
    const response = {
      ...(retrieval
        ? {
            ranked_by: retrieval.mode === 'hybrid' ? 'meaning_and_words' : 'words',
            ...(retrieval.fallback_reason ? { note: FALLBACK_NOTE } : {}),
          }
        : {}),
      matching_invoices: totals.reduce((sum, total) => sum + total.count, 0),
      totals: totals.map((total) => ({
        currency: total.currency,
        claimed: money(total.total_minor, total.currency),
        reimbursable: money(total.reimbursable_minor, total.currency),
      })),
      returned: hits.length,
      invoices: hits.map(({ record }) => {
        const source = sourceOf(record, 0);
        return {
          invoice_id: record.id,
          cite_as: invoiceLink(record),
          file: fileLabel(record),
          employee: record.employee_name,
          date: record.invoice_date,
          category: record.category,
          vendor: record.vendor,
          invoice_number: record.invoice_number,
          status: STATUS_WORDS[source.status],
          claimed: money(record.total_minor, record.currency),
          reimbursable: money(source.reimbursable.amount_minor, source.reimbursable.currency),
          reason: (record.override?.reason ?? record.reason).slice(0, REASON_LENGTH),
          rules_applied: record.decision.rules_applied.map((rule) => ({
            rule_id: rule.rule_id,
            quote: rule.quote,
            effect: rule.effect,
          })),
          flags: record.flags,
        };
      }),
    };
    // Filter-only matches have no relevance score of their own: each fits the filter exactly.
    return {
      response,
      filter: applied,
      hits: text ? hits : hits.map((hit) => ({ ...hit, score: 1 })),
      citations: [],
    };
  }

  private async aggregate(args: Record<string, unknown>): Promise<ToolOutcome> {
    const filter = this.filterOf(args);
    const groupBy = stringList(args, 'group_by', GROUPS) ?? [];
    const rows = orderGroupRows(await this.invoices.aggregate(filter, groupBy), groupBy, false);
    const amounts = (count: number, total: number, reimbursable: number, currency: string) => ({
      invoices: count,
      claimed: money(total, currency),
      reimbursable: money(reimbursable, currency),
      average_claimed: money(scale(total, 1, count), currency),
      average_reimbursable: money(scale(reimbursable, 1, count), currency),
    });
    const overall = totalsByCurrency(rows);
    const response = {
      matching_invoices: overall.reduce((sum, total) => sum + total.count, 0),
      groups:
        groupBy.length === 0
          ? []
          : rows.map((row) => ({
              ...Object.fromEntries(
                groupBy.map((group) => [
                  group,
                  group === 'employee' ? displayName(row.group[group] ?? '') : row.group[group],
                ]),
              ),
              ...amounts(row.count, row.total_minor, row.reimbursable_minor, row.currency),
            })),
      overall: overall.map((total) => ({
        currency: total.currency,
        ...amounts(total.count, total.total_minor, total.reimbursable_minor, total.currency),
      })),
    };
    return { response, filter, hits: [], citations: [] };
  }
}
