/**
 * The chat: a question, asked in a session the caller owns, answered from the invoices the caller
 * may see. Offline, the deterministic planner picks filters and templates write the answer; with
 * Gemini, the model calls the store through tools. Both paths read the store through
 * CallerInvoices (the access rule), answer with cited invoices, and keep the session's history.
 */
import { randomUUID } from 'node:crypto';
import { GeminiError, ModelBlockedError } from '../ai/gemini/errors.js';
import type { Caller, InvoiceFilter } from '../domain/types.js';
import {
  AppError,
  BadRequestError,
  NotFoundError,
  ServiceUnavailableError,
  UnprocessableError,
} from '../errors.js';
import type { InvoiceSearch, Retrieval } from '../store/invoice-search.js';
import type { ChatHistoryStore, ChatSession, ChatTurn, InvoiceStore } from '../store/ports.js';
import { CallerInvoices } from './caller-invoices.js';
import { EmployeeDirectory } from './employee-directory.js';
import { answerWithGemini, type ChatModel } from './gemini-chat.js';
import { ChatToolExecutor } from './gemini-tools.js';
import { type ChatPlan, planQuestion } from './language/plan.js';
import { OfflineAnswerer, sourceOf } from './offline-answer.js';
import { type ActivePolicySource, loadActivePolicy } from './policy-rules.js';
import type {
  ChatAnswer,
  ChatQuestion,
  ChatSource,
  ChatStreamEvent,
  PolicyCitation,
} from './types.js';

export interface ChatServiceOptions {
  /** Turns kept per session (a question and its answer are two). */
  maxTurns: number;
  /** Longest question accepted, in characters. */
  maxQueryLength: number;
  /** Most invoices returned as sources of one answer. */
  sourcesLimit: number;
  /** Currency of amounts typed without one ("over 500"); default INR. */
  currency?: string;
  /** Tool rounds the model may take before it must answer (default 4). */
  maxToolRounds?: number;
  /** Most matches read to sort by amount offline ("the 5 biggest"; default 5000). */
  sortScanLimit?: number;
}

export interface ChatServiceDeps {
  invoices: InvoiceStore;
  /** Text search over `invoices`, hybrid when it embeds queries; words only without it. */
  search?: InvoiceSearch;
  history: ChatHistoryStore;
  /** The company's active policy, for questions about the policy itself (any caller may ask). */
  policies?: ActivePolicySource;
  /** The Gemini client; without it every answer is offline. */
  gemini?: ChatModel;
  options: ChatServiceOptions;
  /** Today's date for relative dates ("last month"); the system clock by default. */
  clock?: () => Date;
  /** Failures that are not the caller's fault, reported before they become an `error` event. */
  onUnexpectedError?: (error: unknown) => void;
}

type FiltersApplied = ChatAnswer['filters_applied'];

/** A Markdown link to an invoice, as the tools' cite_as gives it: [name](invoice:<id>). */
const INVOICE_LINK = /\]\(invoice:([^)\s]+)\)/g;

/** What one answer wrote: its text, the filters the store ran, the invoices it is about. */
interface Written {
  text: string;
  filters: FiltersApplied;
  sources: ChatSource[];
  citations: PolicyCitation[];
  /** Offline only: kept in the history for follow-ups. */
  plan?: ChatPlan;
  retrieval: Retrieval;
}

interface AnswerContext {
  invoices: CallerInvoices;
  prepared: PreparedQuestion;
  employees: string[];
  today: string;
}

interface PreparedQuestion {
  query: string;
  sessionId: string;
  history: ChatTurn[];
  includeSources: boolean;
}

const SESSION_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** The offline planner reads words as an exact filter: it never ranks by meaning. */
const OFFLINE_RETRIEVAL: Retrieval = { mode: 'lexical', fallback_reason: null };
const DELTA_SIZE = 160;

/** Only what a question may state: the access scope and internal keys never appear as "applied". */
function filtersApplied(filter: InvoiceFilter): FiltersApplied {
  const { owner_sub: _owner, job_id: _job, file_sha256: _file, ...stated } = filter;
  return stated;
}

/** The previous offline plan of the session, for follow-ups ("and for Hardik?"). */
function previousPlan(history: readonly ChatTurn[]): ChatPlan | undefined {
  for (let index = history.length - 1; index >= 0; index -= 1) {
    const plan = history[index]?.meta?.plan as ChatPlan | undefined;
    if (history[index]?.role === 'assistant')
      return plan && typeof plan.intent === 'string' && typeof plan.filter === 'object'
        ? plan
        : undefined;
  }
  return undefined;
}

/** Whole lines, about DELTA_SIZE characters at a time: a template answer streamed like a model's. */
function chunks(markdown: string): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const line of markdown.split(/(?<=\n)/)) {
    if (current.length > 0 && current.length + line.length > DELTA_SIZE) {
      pieces.push(current);
      current = '';
    }
    current += line;
  }
  if (current.length > 0) pieces.push(current);
  return pieces;
}

/** Model failures as the typed errors routes answer with. */
function modelError(error: GeminiError): AppError {
  if (error instanceof ModelBlockedError)
    return new UnprocessableError(
      'answer_blocked',
      'The language model refused to answer this question.',
    );
  return new ServiceUnavailableError(
    error.code,
    `The language model could not answer: ${error.message}`,
  );
}

export class ChatService {
  private readonly options: Required<ChatServiceOptions>;
  private readonly clock: () => Date;
  private readonly employees = new EmployeeDirectory();

  constructor(private readonly deps: ChatServiceDeps) {
    this.options = { currency: 'INR', maxToolRounds: 4, sortScanLimit: 5000, ...deps.options };
    this.clock = deps.clock ?? (() => new Date());
  }

  get mode(): ChatAnswer['mode'] {
    return this.deps.gemini ? 'gemini' : 'offline';
  }

  async ask(caller: Caller, question: ChatQuestion, signal?: AbortSignal): Promise<ChatAnswer> {
    const prepared = await this.prepare(caller, question);
    const answer: ChatAnswer = {
      session_id: prepared.sessionId,
      answer: '',
      sources: [],
      policy_citations: [],
      filters_applied: {},
      mode: this.mode,
      retrieval: OFFLINE_RETRIEVAL,
    };
    for await (const event of this.answer(caller, prepared, signal)) {
      if (event.event === 'delta') answer.answer += event.data.text;
      else if (event.event === 'sources') {
        answer.sources = event.data.sources;
        answer.policy_citations = event.data.policy_citations;
      } else if (event.event === 'done') {
        answer.filters_applied = event.data.filters_applied;
        answer.retrieval = event.data.retrieval;
      }
    }
    return answer;
  }

  /**
   * The answer as events: meta, delta…, sources, done; or an `error` event once meta was sent.
   * A question refused before any event (empty, too long, unknown session) rejects the first
   * `next()` with the AppError instead, so a route can still answer it with a plain 4xx.
   */
  async *askStream(
    caller: Caller,
    question: ChatQuestion,
    signal?: AbortSignal,
  ): AsyncGenerator<ChatStreamEvent> {
    const prepared = await this.prepare(caller, question);
    try {
      yield* this.answer(caller, prepared, signal);
    } catch (error) {
      if (!(error instanceof AppError)) this.deps.onUnexpectedError?.(error);
      const known =
        error instanceof AppError
          ? error
          : new AppError(500, 'internal_error', 'The answer failed; please try again.');
      yield {
        event: 'error',
        data: { status: known.statusCode, code: known.code, message: known.message },
      };
    }
  }

  async history(caller: Caller, sessionId: string): Promise<ChatTurn[]> {
    const turns = SESSION_ID.test(sessionId)
      ? await this.deps.history.history(sessionId, caller.sub)
      : null;
    if (turns === null) throw new NotFoundError('Chat session', sessionId);
    return turns;
  }

  async deleteSession(caller: Caller, sessionId: string): Promise<void> {
    const deleted =
      SESSION_ID.test(sessionId) && (await this.deps.history.delete(sessionId, caller.sub));
    if (!deleted) throw new NotFoundError('Chat session', sessionId);
  }

  /** Read per question: finance may activate another version between two questions. */
  private activePolicy() {
    return loadActivePolicy(this.deps.policies);
  }

  sessions(caller: Caller): Promise<ChatSession[]> {
    return this.deps.history.sessions(caller.sub);
  }

  private async prepare(caller: Caller, question: ChatQuestion): Promise<PreparedQuestion> {
    const query = typeof question.query === 'string' ? question.query.trim() : '';
    if (query === '')
      throw new BadRequestError(
        'empty_query',
        'The query is empty: ask a question about the invoices.',
        [{ pointer: '/query', message: 'must not be empty' }],
      );
    const length = [...query].length;
    if (length > this.options.maxQueryLength) {
      const message = `The query has ${length} characters; at most ${this.options.maxQueryLength} are allowed.`;
      throw new BadRequestError('query_too_long', message, [{ pointer: '/query', message }]);
    }
    const includeSources = question.include_sources ?? true;
    if (question.session_id === undefined)
      return { query, sessionId: randomUUID(), history: [], includeSources };
    // Someone else's session and no session are the same answer: it does not exist for this caller.
    const history = await this.history(caller, question.session_id);
    return { query, sessionId: question.session_id, history, includeSources };
  }

  private async *answer(
    caller: Caller,
    prepared: PreparedQuestion,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<ChatStreamEvent> {
    const invoices = new CallerInvoices(this.deps.invoices, caller, this.deps.search);
    const context: AnswerContext = {
      invoices,
      prepared,
      employees: await this.employees.names(invoices),
      today: this.clock().toISOString().slice(0, 10),
    };
    const written = this.deps.gemini
      ? yield* this.writeWithGemini(this.deps.gemini, context, caller, signal)
      : yield* this.writeOffline(context);

    const cited = written.sources.slice(0, this.options.sourcesLimit);
    yield {
      event: 'sources',
      data: prepared.includeSources
        ? { sources: cited, policy_citations: written.citations }
        : { sources: [], policy_citations: [] },
    };
    const now = this.clock().toISOString();
    const meta = {
      mode: this.mode,
      filters_applied: written.filters,
      cited: cited.map((source) => source.invoice_id),
      ...(written.citations.length > 0
        ? { policy_rules: written.citations.map((citation) => citation.rule_id) }
        : {}),
      retrieval: written.retrieval,
      ...(written.plan ? { plan: written.plan } : {}),
    };
    const turns: ChatTurn[] = [
      { role: 'user', content: prepared.query, at: now },
      { role: 'assistant', content: written.text, at: now, meta },
    ];
    await this.deps.history.append(prepared.sessionId, caller.sub, turns, this.options.maxTurns);
    yield {
      event: 'done',
      data: {
        session_id: prepared.sessionId,
        filters_applied: written.filters,
        retrieval: written.retrieval,
      },
    };
  }

  private meta(prepared: PreparedQuestion, filters: FiltersApplied): ChatStreamEvent {
    return {
      event: 'meta',
      data: { session_id: prepared.sessionId, mode: this.mode, filters_applied: filters },
    };
  }

  private async *writeOffline({
    invoices,
    prepared,
    employees,
    today,
  }: AnswerContext): AsyncGenerator<ChatStreamEvent, Written> {
    const previous = previousPlan(prepared.history);
    const plan = planQuestion(prepared.query, {
      employees,
      today,
      currency: this.options.currency,
      ...(previous ? { previous } : {}),
    });
    const answerer = new OfflineAnswerer(invoices, {
      currency: this.options.currency,
      sourcesLimit: this.options.sourcesLimit,
      sortScanLimit: this.options.sortScanLimit,
      activePolicy: () => this.activePolicy(),
    });
    const offline = await answerer.answer(plan);
    const filters = filtersApplied(offline.filter);
    yield this.meta(prepared, filters);
    for (const piece of chunks(offline.markdown)) yield { event: 'delta', data: { text: piece } };
    return {
      text: offline.markdown,
      filters,
      sources: offline.sources,
      citations: offline.citations ?? [],
      plan,
      retrieval: OFFLINE_RETRIEVAL,
    };
  }

  private async *writeWithGemini(
    model: ChatModel,
    context: AnswerContext,
    caller: Caller,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<ChatStreamEvent, Written> {
    const { invoices, prepared, employees, today } = context;
    const executor = new ChatToolExecutor(invoices, {
      currency: this.options.currency,
      employees,
      activePolicy: () => this.activePolicy(),
      ...(signal ? { signal } : {}),
    });
    const turn = answerWithGemini(model, {
      question: prepared.query,
      history: prepared.history,
      caller,
      today,
      currency: this.options.currency,
      executor,
      maxToolRounds: this.options.maxToolRounds,
      ...(signal ? { signal } : {}),
    });
    const found = new Map<string, ChatSource>();
    const quoted = new Map<string, PolicyCitation>();
    let filters: FiltersApplied = {};
    let text = '';
    try {
      for await (const event of turn) {
        if (event.type === 'tool') {
          if (event.filter) filters = filtersApplied(event.filter);
          for (const citation of event.citations)
            if (!quoted.has(citation.rule_id)) quoted.set(citation.rule_id, citation);
          for (const hit of event.hits)
            if (!found.has(hit.record.id))
              found.set(hit.record.id, sourceOf(hit.record, hit.score));
          continue;
        }
        // Tools run before the answer is written, so meta can carry the filters they applied.
        if (text === '') yield this.meta(prepared, filters);
        text += event.text;
        yield { event: 'delta', data: { text: event.text } };
      }
    } catch (error) {
      throw error instanceof GeminiError ? modelError(error) : error;
    }
    // The prompt asks the model to cite only what the tools returned; a link to anything else
    // (a remembered or invented id) is marked in the answer, since it was already streamed.
    const unverified = [
      ...new Set(Array.from(text.matchAll(INVOICE_LINK), (match) => match[1] ?? '')),
    ].filter((id) => !found.has(id));
    if (unverified.length > 0) {
      const note = `\n\n> Unverified: this answer links to ${unverified.length === 1 ? 'an invoice' : `${unverified.length} invoices`} the search did not return (${unverified.map((id) => `\`${id}\``).join(', ')}); do not rely on ${unverified.length === 1 ? 'it' : 'them'}.`;
      text += note;
      yield { event: 'delta', data: { text: note } };
    }
    // Sources are the invoices the tools returned, those the answer cites first.
    const all = [...found.values()];
    const sources = [
      ...all.filter((source) => text.includes(source.invoice_id)),
      ...all.filter((source) => !text.includes(source.invoice_id)),
    ];
    // The rules the tool returned, those whose sentence the answer quotes first.
    const rules = [...quoted.values()];
    const quotes = (citation: PolicyCitation) => text.includes(citation.quote);
    const citations = [...rules.filter(quotes), ...rules.filter((rule) => !quotes(rule))];
    return { text, filters, sources, citations, retrieval: executor.retrieval };
  }
}
