/**
 * Serialisation shared by the SQLite and Redis adapters of the state ports (jobs, events, chat,
 * idempotency, audit), so both stores write and read the same shapes and only storage differs.
 */
import type { Job, JobEvent, JobEventType, JobState } from '../domain/jobs.js';
import { BadRequestError } from '../errors.js';
import type { AuditEntry, AuditLog, ChatTurn, IdempotencyEntry } from './ports.js';

/** Injected by tests to move time (idempotency expiry, timestamps) without waiting. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/** Where adapters report failures that have no caller to throw to (listeners, background loops). */
export type ErrorReporter = (error: unknown) => void;
export const warnOnError: ErrorReporter = (error) => {
  process.emitWarning(error instanceof Error ? error : new Error(String(error)));
};

export const UNFINISHED_STATES: readonly JobState[] = ['queued', 'running'];
export const isUnfinished = (state: JobState): boolean => UNFINISHED_STATES.includes(state);

export const encodeJob = (job: Job): string => JSON.stringify(job);
export const decodeJob = (text: string): Job => JSON.parse(text) as Job;

/** The stored columns/fields of one event; data is JSON text. */
export interface StoredJobEvent {
  type: string;
  data: string;
  at: string;
}

export const encodeEventData = (data: Record<string, unknown>): string => JSON.stringify(data);

export function decodeJobEvent(jobId: string, seq: number, stored: StoredJobEvent): JobEvent {
  return {
    job_id: jobId,
    seq,
    type: stored.type as JobEventType,
    data: JSON.parse(stored.data) as Record<string, unknown>,
    at: stored.at,
  };
}

/** Oldest first, so jobs resume in the order they were accepted. */
export const byCreation = (a: Job, b: Job): number =>
  a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id);

export const encodeChatTurn = (turn: ChatTurn): string => JSON.stringify(turn);
export const decodeChatTurn = (text: string): ChatTurn => JSON.parse(text) as ChatTurn;

const TITLE_LENGTH = 80;

/** A session is titled by its first question, on one line and cut to a list-friendly length. */
export function sessionTitle(turns: ChatTurn[]): string {
  const question = turns.find((turn) => turn.role === 'user')?.content ?? '';
  const oneLine = question.replace(/\s+/g, ' ').trim();
  return oneLine.length <= TITLE_LENGTH
    ? oneLine
    : `${oneLine.slice(0, TITLE_LENGTH - 1).trimEnd()}…`;
}

export function assertMaxTurns(maxTurns: number): void {
  if (!Number.isInteger(maxTurns) || maxTurns < 1)
    throw new RangeError(`maxTurns must be a positive integer, got ${maxTurns}`);
}

/** An idempotency entry as stored: SQLite columns and Redis hash fields have these names. */
export interface StoredIdempotencyEntry {
  fingerprint: string;
  state: string;
  status_code: string | number | null;
  body: string | null;
  headers: string | null;
  created_at: string;
}

export function decodeIdempotencyEntry(
  key: string,
  ownerSub: string,
  stored: StoredIdempotencyEntry,
): IdempotencyEntry {
  return {
    key,
    owner_sub: ownerSub,
    fingerprint: stored.fingerprint,
    state: stored.state === 'done' ? 'done' : 'running',
    status_code:
      stored.status_code === null || stored.status_code === '' ? null : Number(stored.status_code),
    body: stored.body ?? null,
    headers: stored.headers ? (JSON.parse(stored.headers) as Record<string, string>) : null,
    created_at: stored.created_at,
  };
}

export const encodeHeaders = (headers: Record<string, string>): string => JSON.stringify(headers);

export type AuditFilter = Parameters<AuditLog['list']>[0];
export type NewAuditEntry = Parameters<AuditLog['record']>[0];

export const encodeAuditEntry = (entry: AuditEntry): string => JSON.stringify(entry);
export const decodeAuditEntry = (text: string): AuditEntry => JSON.parse(text) as AuditEntry;

/** `from` is inclusive and `to` exclusive, so consecutive ranges never overlap. */
export function auditEntryMatches(entry: AuditEntry, filter: AuditFilter): boolean {
  return (
    (filter.actor_sub === undefined || entry.actor_sub === filter.actor_sub) &&
    (filter.action === undefined || entry.action === filter.action) &&
    (filter.target_id === undefined || entry.target_id === filter.target_id) &&
    (filter.from === undefined || entry.at >= filter.from) &&
    (filter.to === undefined || entry.at < filter.to)
  );
}

export function assertPageLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`page limit must be a positive integer, got ${limit}`);
}

/** Opaque to clients: base64url JSON of the position after which the next page starts. */
export function encodeCursor(position: string | number): string {
  return Buffer.from(JSON.stringify({ after: position })).toString('base64url');
}

export function decodeCursor<T extends string | number>(
  cursor: string,
  kind: 'string' | 'number',
): T {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      after?: unknown;
    };
    if (typeof parsed.after === kind) return parsed.after as T;
  } catch {
    // falls through to the client error: a cursor is only ever one we issued
  }
  throw invalidCursor();
}

export const invalidCursor = (): BadRequestError =>
  new BadRequestError('invalid_cursor', 'The cursor is not one this API issued.');
