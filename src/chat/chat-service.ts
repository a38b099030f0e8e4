/**
 * The chat: a question, asked in a session the caller owns, answered from the invoices the caller
 * may see. Offline, the deterministic planner picks filters and templates write the answer; with
 * Gemini, the model calls the store through tools. Both paths read the store through
 * CallerInvoices (the access rule), answer with cited invoices, and keep the session's history.
 */
import { randomUUID } from 'node:crypto';
import type { Caller } from '../domain/types.js';
import { AppError, NotFoundError } from '../errors.js';
import type { InvoiceSearch } from '../store/invoice-search.js';
import type { ChatHistoryStore, ChatSession, ChatTurn, InvoiceStore } from '../store/ports.js';
import type { AnswerContext, PreparedQuestion } from './answer-writing.js';
import { CallerInvoices } from './caller-invoices.js';
import { checkedQuery, isSessionId } from './chat-question.js';
import { EmployeeDirectory } from './employee-directory.js';
import type { ChatModel } from './gemini-chat.js';
import { writeWithGemini } from './gemini-writer.js';
import { OFFLINE_RETRIEVAL, writeOffline } from './offline-writer.js';
import { type ActivePolicySource, loadActivePolicy } from './policy-rules.js';
import type { ChatAnswer, ChatQuestion, ChatStreamEvent } from './types.js';

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
    const turns = isSessionId(sessionId)
      ? await this.deps.history.history(sessionId, caller.sub)
      : null;
    if (turns === null) throw new NotFoundError('Chat session', sessionId);
    return turns;
  }

  async deleteSession(caller: Caller, sessionId: string): Promise<void> {
    const deleted =
      isSessionId(sessionId) && (await this.deps.history.delete(sessionId, caller.sub));
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
    const query = checkedQuery(question, this.options.maxQueryLength);
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
    const activePolicy = () => this.activePolicy();
    const { currency, sourcesLimit, sortScanLimit, maxToolRounds } = this.options;
    const written = this.deps.gemini
      ? yield* writeWithGemini(
          this.deps.gemini,
          context,
          caller,
          { currency, maxToolRounds, activePolicy },
          signal,
        )
      : yield* writeOffline(context, { currency, sourcesLimit, sortScanLimit, activePolicy });

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
}
