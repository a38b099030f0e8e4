/**
 * Ports: the small interfaces services depend on. Adapters (sqlite/, qdrant/, redis/) implement
 * them; services receive them as arguments, never import an adapter.
 */
import type { Job, JobEvent, JobEventType } from '../domain/jobs.js';
import type {
  Policy,
  PolicyActor,
  PolicyVersion,
  PolicyVersionRef,
} from '../domain/policy-versions.js';
import type { PolicyRulesV2 } from '../domain/rules/types.js';
import type {
  AggregateGroup,
  AggregateRow,
  InvoiceFilter,
  InvoiceRecord,
  PolicyRules,
} from '../domain/types.js';

export interface HealthProbe {
  /** Throws when the dependency does not answer. */
  ping(): Promise<void>;
}

export interface Page<T> {
  items: T[];
  /** Opaque cursor for the next page; null on the last page. */
  next_cursor: string | null;
}

export interface SearchHit {
  record: InvoiceRecord;
  /** Higher is better; comparable only within one search. */
  score: number;
}

export interface SearchQuery {
  text?: string;
  /** Dense query vector when embeddings are configured. */
  vector?: number[];
  filter: InvoiceFilter;
  limit: number;
}

export interface InvoiceStore extends HealthProbe {
  readonly kind: 'sqlite' | 'qdrant';
  /** Insert or replace by id: writing the same record twice leaves one record. */
  upsert(records: InvoiceRecord[], vectors?: number[][]): Promise<void>;
  get(id: string): Promise<InvoiceRecord | null>;
  /** Newest first (created_at desc, id desc). */
  list(
    filter: InvoiceFilter,
    page: { limit: number; cursor?: string | null },
  ): Promise<Page<InvoiceRecord>>;
  delete(id: string): Promise<boolean>;
  search(query: SearchQuery): Promise<SearchHit[]>;
  aggregate(filter: InvoiceFilter, groupBy: AggregateGroup[]): Promise<AggregateRow[]>;
  close(): Promise<void>;
}

export interface NewJobEvent {
  type: JobEventType;
  data: Record<string, unknown>;
}

export interface JobStore extends HealthProbe {
  create(job: Job): Promise<void>;
  get(id: string): Promise<Job | null>;
  /** Replaces the stored job with this one (the worker owns a running job). */
  save(job: Job): Promise<void>;
  /** Jobs queued or running: resumed after a restart. */
  listUnfinished(): Promise<Job[]>;
  /** Appends an event with the next sequence number for the job and notifies subscribers. */
  appendEvent(jobId: string, event: NewJobEvent): Promise<JobEvent>;
  /** Events with seq greater than afterSeq, in order. */
  events(jobId: string, afterSeq: number): Promise<JobEvent[]>;
  /** Live events of a job; returns the unsubscribe function. */
  subscribe(jobId: string, listener: (event: JobEvent) => void): () => void;
  close(): Promise<void>;
}

export interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
  at: string;
  /** For assistant turns: the filters applied and the ids cited. */
  meta?: Record<string, unknown>;
}

export interface ChatSession {
  session_id: string;
  owner_sub: string;
  title: string;
  created_at: string;
  updated_at: string;
  turns: number;
}

export interface ChatHistoryStore extends HealthProbe {
  append(sessionId: string, ownerSub: string, turns: ChatTurn[], maxTurns: number): Promise<void>;
  /** Null when the session does not exist or belongs to someone else. */
  history(sessionId: string, ownerSub: string): Promise<ChatTurn[] | null>;
  delete(sessionId: string, ownerSub: string): Promise<boolean>;
  sessions(ownerSub: string): Promise<ChatSession[]>;
  close(): Promise<void>;
}

export interface IdempotencyEntry {
  key: string;
  owner_sub: string;
  fingerprint: string;
  state: 'running' | 'done';
  status_code: number | null;
  body: string | null;
  headers: Record<string, string> | null;
  created_at: string;
}

export interface IdempotencyStore {
  /** Claims the key; returns the existing entry when it was claimed before. */
  begin(
    entry: Omit<IdempotencyEntry, 'state' | 'status_code' | 'body' | 'headers' | 'created_at'>,
  ): Promise<IdempotencyEntry | null>;
  finish(
    key: string,
    ownerSub: string,
    response: { status_code: number; body: string; headers: Record<string, string> },
  ): Promise<void>;
  /** Forgets a key whose request failed before answering, so a retry can run. */
  abandon(key: string, ownerSub: string): Promise<void>;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor_sub: string;
  actor_name: string;
  actor_role: string;
  action: string;
  target_type: string;
  target_id: string | null;
  request_id: string;
  client_ip: string;
  details: Record<string, unknown>;
}

export interface AuditLog {
  record(entry: Omit<AuditEntry, 'id' | 'at'>): Promise<void>;
  list(
    filter: { actor_sub?: string; action?: string; target_id?: string; from?: string; to?: string },
    page: { limit: number; cursor?: string | null },
  ): Promise<Page<AuditEntry>>;
}

/** Compiled policies by content hash: the same policy is compiled (one model call) once. */
export interface PolicyCache {
  get(hash: string, compiler: string): Promise<PolicyRules | null>;
  set(hash: string, compiler: string, rules: PolicyRules): Promise<void>;
}

/** An audit entry as a change hands it to a store that records both in one transaction. */
export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'>;

/** `stale`: the invoice changed since `expected_updated_at`; nothing was written. */
export type OverrideOutcome = 'saved' | 'stale' | 'not_found';

/**
 * A reviewer's change to one invoice and the audit entry that describes it, written together or
 * not at all, and only over the version the reviewer saw: two reviewers deciding at once never
 * lose an update, and the log never misses a change (or shows one that did not happen).
 */
export interface DecisionOverrideStore {
  override(
    record: InvoiceRecord,
    expectedUpdatedAt: string,
    audit: NewAuditEntry,
  ): Promise<OverrideOutcome>;
  /** Finishes changes a crash interrupted (journalled stores); returns how many. */
  recover(): Promise<number>;
}

/** A version before the store numbers it. */
export type NewPolicyVersion = Omit<PolicyVersion, 'policy_id' | 'number'>;

export type PolicyRulesUpdate =
  | { kind: 'updated'; version: PolicyVersion }
  | { kind: 'not_found' }
  /** Active or retired: only drafts change. */
  | { kind: 'not_draft'; version: PolicyVersion }
  /** Someone changed the version since `expected_revision`. */
  | { kind: 'stale'; version: PolicyVersion };

export type PolicyActivation =
  | {
      kind: 'activated';
      version: PolicyVersion;
      /** The version that was active until now; null when none was (or it is this one). */
      retired: PolicyVersionRef | null;
      /** False when the version was already the active one (nothing changed, nothing audited). */
      changed: boolean;
    }
  | { kind: 'not_found' };

/**
 * Managed policies and their versions. Every change is written together with the audit entry
 * that describes it, in one transaction: a change the log does not show never happened. At most
 * one version of all policies is active.
 */
export interface PolicyStore {
  create(policy: Policy, first: PolicyVersion, audit: NewAuditEntry): Promise<void>;
  /** Appends the version after the latest; null when there is no such policy. */
  addVersion(
    policyId: string,
    version: NewPolicyVersion,
    audit: (created: PolicyVersion) => NewAuditEntry,
  ): Promise<PolicyVersion | null>;
  get(id: string): Promise<Policy | null>;
  /** Oldest first. */
  versions(policyId: string): Promise<PolicyVersion[]>;
  version(policyId: string, number: number): Promise<PolicyVersion | null>;
  /** Newest first. */
  list(page: { limit: number; cursor?: string | null }): Promise<Page<Policy>>;
  /** The company's active version, or null when none was activated yet. */
  active(): Promise<PolicyVersion | null>;
  /** Replaces a draft's rules when it is still at `expected_revision`. */
  updateRules(
    policyId: string,
    number: number,
    change: {
      expected_revision: number;
      rules: PolicyRulesV2;
      content_hash: string;
      by: PolicyActor;
      at: string;
    },
    audit: NewAuditEntry,
  ): Promise<PolicyRulesUpdate>;
  /** Makes the version the active one; the version active until now becomes retired. */
  activate(
    policyId: string,
    number: number,
    change: { by: PolicyActor; at: string },
    audit: (retired: PolicyVersionRef | null) => NewAuditEntry,
  ): Promise<PolicyActivation>;
}
