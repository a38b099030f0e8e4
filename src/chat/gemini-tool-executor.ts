/**
 * The invoice tools run against the store. Amounts come back already formatted so the model
 * copies them instead of doing arithmetic, and every invoice comes with the link to cite it by.
 * Calls run through CallerInvoices, so an employee's tool calls see only their own invoices
 * whatever employee the model names.
 */
import type { FunctionCall } from '../ai/gemini/client.js';
import { scale } from '../domain/money.js';
import type { InvoiceFilter } from '../domain/types.js';
import type { FallbackReason, Retrieval } from '../store/invoice-search.js';
import type { SearchHit } from '../store/ports.js';
import type { CallerInvoices } from './caller-invoices.js';
import { POLICY_TOOL, runPolicyTool } from './gemini-policy-tool.js';
import {
  type FilterContext,
  filterOf,
  stringList,
  ToolArgumentError,
  type ToolArguments,
} from './gemini-tool-arguments.js';
import { DEFAULT_RESULTS, GROUPS, MAX_RESULTS } from './gemini-tools.js';
import { sourceOf } from './invoice-source.js';
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

/** Long enough for the decision's reasoning, short enough not to crowd the model's context. */
const REASON_LENGTH = 300;

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

export interface ChatToolOptions extends FilterContext {
  /** The company's active policy (get_policy_rules); without it the tool says none is active. */
  activePolicy?: () => Promise<ActivePolicy | null>;
  /** Ends query embeddings when the caller goes away. */
  signal?: AbortSignal;
}

const FALLBACK_NOTE =
  'Search by meaning is unavailable right now: these invoices were ranked by words only.';

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
    const args = (call.args ?? {}) as ToolArguments;
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

  private async search(args: ToolArguments): Promise<ToolOutcome> {
    const filter = filterOf(args, this.options);
    const text =
      typeof args.text === 'string' && args.text.trim() !== '' ? args.text.trim() : undefined;
    const limit = Math.min(
      Math.max(Math.trunc(Number(args.limit ?? DEFAULT_RESULTS)) || DEFAULT_RESULTS, 1),
      MAX_RESULTS,
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

  private async aggregate(args: ToolArguments): Promise<ToolOutcome> {
    const filter = filterOf(args, this.options);
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
