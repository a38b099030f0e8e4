import type { Job, JobEvent } from '../../domain/jobs.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { type JobEventListener, JobEventListeners } from '../job-event-listeners.js';
import type { JobStore, NewJobEvent } from '../ports.js';
import {
  type Clock,
  decodeJob,
  decodeJobEvent,
  type ErrorReporter,
  encodeEventData,
  encodeJob,
  type StoredJobEvent,
  systemClock,
  warnOnError,
} from '../state-codec.js';
import type { SqliteDatabase } from './database.js';

export interface SqliteJobStoreOptions {
  /** Opened with the state migrations applied; shared with the other stores, so not closed here. */
  db: SqliteDatabase;
  /** Receives errors thrown by event listeners. */
  onError?: ErrorReporter;
  clock?: Clock;
}

/**
 * Jobs and their numbered events in the embedded database. Live events are delivered in-process:
 * in embedded mode the one process that runs a job is also the one that streams it.
 */
export class SqliteJobStore implements JobStore {
  private readonly db: SqliteDatabase;
  private readonly clock: Clock;
  private readonly listeners: JobEventListeners;
  private readonly statements;
  private readonly appendInTransaction;

  constructor(options: SqliteJobStoreOptions) {
    this.db = options.db;
    this.clock = options.clock ?? systemClock;
    this.listeners = new JobEventListeners(options.onError ?? warnOnError);
    this.statements = {
      insert: this.db.prepare(
        'INSERT INTO jobs (id, owner_sub, state, created_at, updated_at, job) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      update: this.db.prepare(
        'UPDATE jobs SET owner_sub = ?, state = ?, updated_at = ?, job = ? WHERE id = ?',
      ),
      get: this.db.prepare('SELECT job FROM jobs WHERE id = ?').pluck(),
      exists: this.db.prepare('SELECT 1 FROM jobs WHERE id = ?').pluck(),
      unfinished: this.db
        .prepare(
          "SELECT job FROM jobs WHERE state IN ('queued', 'running') ORDER BY created_at, id",
        )
        .pluck(),
      lastSeq: this.db
        .prepare('SELECT COALESCE(MAX(seq), 0) FROM job_events WHERE job_id = ?')
        .pluck(),
      insertEvent: this.db.prepare(
        'INSERT INTO job_events (job_id, seq, type, data, at) VALUES (?, ?, ?, ?, ?)',
      ),
      eventsAfter: this.db.prepare(
        'SELECT seq, type, data, at FROM job_events WHERE job_id = ? AND seq > ? ORDER BY seq',
      ),
      ping: this.db.prepare('SELECT 1').pluck(),
    };
    this.appendInTransaction = this.db.transaction(
      (jobId: string, stored: StoredJobEvent): number => {
        if (this.statements.exists.get(jobId) === undefined) throw new NotFoundError('Job', jobId);
        const seq = (this.statements.lastSeq.get(jobId) as number) + 1;
        this.statements.insertEvent.run(jobId, seq, stored.type, stored.data, stored.at);
        return seq;
      },
    );
  }

  async ping(): Promise<void> {
    this.statements.ping.get();
  }

  async create(job: Job): Promise<void> {
    try {
      this.statements.insert.run(
        job.id,
        job.owner_sub,
        job.state,
        job.created_at,
        job.updated_at,
        encodeJob(job),
      );
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
        throw new ConflictError('job_exists', `Job ${job.id} already exists.`);
      throw error;
    }
  }

  async get(id: string): Promise<Job | null> {
    const text = this.statements.get.get(id) as string | undefined;
    return text === undefined ? null : decodeJob(text);
  }

  async save(job: Job): Promise<void> {
    const { changes } = this.statements.update.run(
      job.owner_sub,
      job.state,
      job.updated_at,
      encodeJob(job),
      job.id,
    );
    if (changes === 0) throw new NotFoundError('Job', job.id);
  }

  async listUnfinished(): Promise<Job[]> {
    return (this.statements.unfinished.all() as string[]).map(decodeJob);
  }

  async appendEvent(jobId: string, event: NewJobEvent): Promise<JobEvent> {
    const stored: StoredJobEvent = {
      type: event.type,
      data: encodeEventData(event.data),
      at: this.clock().toISOString(),
    };
    // IMMEDIATE takes the write lock before reading the last seq, so another connection to the same
    // file (a CLI run, a second process) cannot number an event in between.
    const seq = this.appendInTransaction.immediate(jobId, stored);
    // Decoded from what was stored, so live listeners see exactly what a replay will show.
    const appended = decodeJobEvent(jobId, seq, stored);
    this.listeners.emit(appended);
    return appended;
  }

  async events(jobId: string, afterSeq: number): Promise<JobEvent[]> {
    const rows = this.statements.eventsAfter.all(jobId, afterSeq) as Array<
      StoredJobEvent & { seq: number }
    >;
    return rows.map((row) => decodeJobEvent(jobId, row.seq, row));
  }

  subscribe(jobId: string, listener: JobEventListener): () => void {
    return this.listeners.add(jobId, listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
