/**
 * Answers a planned question from the store alone: every number comes from the store's aggregate
 * (exact integer sums), every invoice shown is cited by id, and a question about nothing stored
 * says so instead of guessing.
 */

import type { InvoiceFilter, InvoiceRecord } from '../domain/types.js';
import {
  aggregateHeadline,
  explainRecord,
  GREETING,
  groupTable,
  invoiceTable,
  OUT_OF_SCOPE,
  sentenceTotals,
  superlative,
} from './answer-templates.js';
import type { CallerInvoices } from './caller-invoices.js';
import { findReferencedInvoices } from './invoice-reference.js';
import { sourceOf } from './invoice-source.js';
import type { ChatPlan } from './language/plan.js';
import { cutNotice, describeFilter, escapeMarkdown, plural, totalsByCurrency } from './markdown.js';
import { answerPolicyQuestion } from './policy-answer.js';
import type { ActivePolicy } from './policy-rules.js';
import type { ChatSource, PolicyCitation } from './types.js';

export interface OfflineAnswer {
  markdown: string;
  /** The invoices the answer is about (cited), best first. */
  sources: ChatSource[];
  /** The filter the store ran, as the caller asked it (the access scope is added below it). */
  filter: InvoiceFilter;
  /** Policy questions: the policy sentences the answer quotes. */
  citations?: PolicyCitation[];
}

export interface OfflineAnswerOptions {
  /** Currency of amounts in the question ("over 500"), for describing the filter. */
  currency: string;
  /** Most invoices cited as sources. */
  sourcesLimit: number;
  /** Most matches read to sort by amount ("the 5 biggest"). */
  sortScanLimit: number;
  /** The company's active policy, for questions about the policy itself; none without it. */
  activePolicy?: () => Promise<ActivePolicy | null>;
}

/** A plan's policy topic is optional in its type (plans come back from the history): none asks nothing in particular. */
const EMPTY_TOPIC = {
  categories: [],
  travel_class: [],
  meal_type: [],
  line_kinds: [],
  aspects: [],
};

export class OfflineAnswerer {
  constructor(
    private readonly invoices: CallerInvoices,
    private readonly options: OfflineAnswerOptions,
  ) {}

  async answer(plan: ChatPlan): Promise<OfflineAnswer> {
    const filter: InvoiceFilter = plan.text
      ? { ...plan.filter, text: plan.text }
      : { ...plan.filter };
    switch (plan.intent) {
      case 'greeting':
        return { markdown: GREETING, sources: [], filter: {} };
      case 'out_of_scope':
        return { markdown: OUT_OF_SCOPE, sources: [], filter: {} };
      case 'policy': {
        const policy = (await this.options.activePolicy?.()) ?? null;
        const answer = answerPolicyQuestion(policy, plan.policy ?? EMPTY_TOPIC);
        return { markdown: answer.markdown, sources: [], filter: {}, citations: answer.citations };
      }
      case 'explain':
        return this.explain(plan, filter);
      case 'aggregate':
        return this.aggregate(plan, filter);
      case 'list':
        return this.list(plan, filter);
    }
  }

  private noMatch(filter: InvoiceFilter): OfflineAnswer {
    const markdown =
      Object.keys(filter).length === 0
        ? 'No invoices are stored that you can see yet.'
        : `No invoices match: ${describeFilter(filter, this.options.currency)}.`;
    return { markdown, sources: [], filter };
  }

  /** "**3 invoices** match meal invoices of Rani Sharma", or "**5 invoices** in total" without a filter. */
  private counted(count: number, filter: InvoiceFilter): string {
    const invoices = `**${plural(count, 'invoice')}**`;
    return Object.keys(filter).length === 0
      ? `${invoices} in total`
      : `${invoices} ${count === 1 ? 'matches' : 'match'} ${describeFilter(filter, this.options.currency)}`;
  }

  /** " (meal invoices of Rani Sharma)", or nothing without a filter. */
  private scope(filter: InvoiceFilter): string {
    return Object.keys(filter).length === 0
      ? ''
      : ` (${describeFilter(filter, this.options.currency)})`;
  }

  private async list(plan: ChatPlan, filter: InvoiceFilter): Promise<OfflineAnswer> {
    if (plan.invoice_ref) return this.named(plan, filter, (records) => invoiceTable(records));
    const totals = totalsByCurrency(await this.invoices.aggregate(filter, []));
    const count = totals.reduce((sum, total) => sum + total.count, 0);
    if (count === 0) return this.noMatch(filter);
    const { records, scores } = await this.matches(plan, filter);
    const order =
      plan.sort === 'amount_desc'
        ? 'largest'
        : plan.sort === 'amount_asc'
          ? 'smallest'
          : plan.text
            ? 'best matching'
            : 'newest';
    const [only] = records;
    if (plan.sort && plan.limit === 1 && only) {
      const lines = [superlative(only, order, this.scope(filter), count)];
      if (count > this.options.sortScanLimit)
        lines.push(
          `Only the ${this.options.sortScanLimit} newest matches were compared by amount.`,
        );
      return { markdown: lines.join('\n\n'), sources: this.sources(records, scores), filter };
    }
    const lines = [
      `${this.counted(count, filter)}: ${sentenceTotals(totals)}.`,
      '',
      invoiceTable(records),
    ];
    if (records.length < count) lines.push('', cutNotice(records.length, count, order, filter));
    if (plan.sort && count > this.options.sortScanLimit)
      lines.push(`Only the ${this.options.sortScanLimit} newest matches were compared by amount.`);
    return { markdown: lines.join('\n'), sources: this.sources(records, scores), filter };
  }

  /** The invoices to show: by relevance for text, by amount when asked, otherwise newest first. */
  private async matches(
    plan: ChatPlan,
    filter: InvoiceFilter,
  ): Promise<{ records: InvoiceRecord[]; scores: number[] }> {
    if (plan.text && !plan.sort) {
      const hits = await this.invoices.search({ text: plan.text, filter, limit: plan.limit });
      return { records: hits.map((hit) => hit.record), scores: hits.map((hit) => hit.score) };
    }
    if (plan.sort) {
      const direction = plan.sort === 'amount_desc' ? -1 : 1;
      const all = await this.invoices.collect(filter, this.options.sortScanLimit);
      const records = all
        .sort((a, b) => direction * (a.total_minor - b.total_minor))
        .slice(0, plan.limit);
      return { records, scores: records.map(() => 1) };
    }
    const records = (await this.invoices.list(filter, { limit: plan.limit })).items;
    return { records, scores: records.map(() => 1) };
  }

  private sources(records: readonly InvoiceRecord[], scores: readonly number[]): ChatSource[] {
    return records
      .slice(0, this.options.sourcesLimit)
      .map((record, index) => sourceOf(record, scores[index] ?? 1));
  }

  private async aggregate(plan: ChatPlan, filter: InvoiceFilter): Promise<OfflineAnswer> {
    const rows = await this.invoices.aggregate(filter, plan.group_by);
    const totals = totalsByCurrency(rows);
    if (totals.length === 0) return this.noMatch(filter);
    const scope = this.scope(filter);
    const count = totals.reduce((sum, total) => sum + total.count, 0);
    const headline = aggregateHeadline(
      plan.measure,
      totals,
      count,
      scope,
      this.counted(count, filter),
    );
    const lines = [headline];
    const matches = (
      await this.invoices.list(filter, { limit: Math.max(plan.limit, this.options.sourcesLimit) })
    ).items;
    if (plan.group_by.length > 0) lines.push('', groupTable(rows, plan));
    else {
      // The invoices behind the numbers, so the reader can check them.
      const shown = matches.slice(0, plan.limit);
      lines.push('', invoiceTable(shown));
      if (shown.length < count) lines.push('', cutNotice(shown.length, count, 'newest', filter));
    }
    return { markdown: lines.join('\n'), sources: this.sources(matches, []), filter };
  }

  private async explain(plan: ChatPlan, filter: InvoiceFilter): Promise<OfflineAnswer> {
    if (plan.invoice_ref)
      return this.named(plan, filter, (records) => records.map(explainRecord).join('\n\n'));
    if (plan.subject) {
      // "why was the coastal kitchen dinner declined?": the words describe one invoice, and the status
      // is the asker's guess; when no invoice has the words, the filters alone answer.
      const { status: _guess, ...rest } = filter;
      const described: InvoiceFilter = { ...rest, text: plan.subject };
      const records = (await this.invoices.list(described, { limit: plan.limit })).items;
      if (records.length > 0) {
        const intro = `Reasons for the ${plural(records.length, 'invoice')} mentioning “${escapeMarkdown(plan.subject)}”${this.scope(rest)}:`;
        return {
          markdown: [intro, ...records.map(explainRecord)].join('\n\n'),
          sources: this.sources(records, []),
          filter: described,
        };
      }
    }
    const records = (await this.invoices.list(filter, { limit: plan.limit })).items;
    if (records.length === 0) return this.noMatch(filter);
    const intro = `Reasons for the ${plural(records.length, 'newest invoice')}${this.scope(filter)}:`;
    return {
      markdown: [intro, ...records.map(explainRecord)].join('\n\n'),
      sources: this.sources(records, []),
      filter,
    };
  }

  /** Answers about the invoice(s) a question names ("Ticket 2"); says so when none has that name. */
  private async named(
    plan: ChatPlan,
    filter: InvoiceFilter,
    render: (records: InvoiceRecord[]) => string,
  ): Promise<OfflineAnswer> {
    const reference = plan.invoice_ref ?? '';
    const records = (await findReferencedInvoices(this.invoices, reference, filter)).slice(
      0,
      plan.limit,
    );
    if (records.length === 0)
      return {
        markdown: `I found no invoice called “${escapeMarkdown(reference)}” among the invoices you can see.`,
        sources: [],
        filter,
      };
    return { markdown: render(records), sources: this.sources(records, []), filter };
  }
}
