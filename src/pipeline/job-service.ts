/**
 * Jobs as the routes and the command line see them: create (and queue), read, wait, resume.
 * Every method takes the caller, so access is checked here once for every entry point.
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { notFoundUnlessReadable } from '../access/guards.js';
import { type Job, type JobEvent, type JobInput, queuedJob } from '../domain/jobs.js';
import { PolicyRulesError } from '../domain/policy-rules.js';
import type { Caller } from '../domain/types.js';
import { UnprocessableError } from '../errors.js';
import { rulesFileAsV2 } from '../policies/policy-file.js';
import type { JobStore } from '../store/ports.js';
import type { JobQueue } from './queue.js';
import type { DocumentReader } from './types.js';

export interface JobServiceDeps {
  jobs: JobStore;
  queue: JobQueue;
  reader: DocumentReader;
}

/** How long a stream of a finished job waits for its `done` event (runAnalysisJob sends it right after cleaning up). */
const DONE_AFTER_FINISH_MS = 5000;

const isFinished = (job: Job | null) => job?.state === 'succeeded' || job?.state === 'failed';

export class JobService {
  constructor(private readonly deps: JobServiceDeps) {}

  /** Accepts an upload as a queued job. Rules sent as JSON/YAML are validated now, so the client hears at once. */
  async create(caller: Caller, input: JobInput): Promise<Job> {
    let created: Job | null = null;
    try {
      await this.validatePolicy(input);
      const job = queuedJob(randomUUID(), caller, input, new Date().toISOString());
      await this.deps.jobs.create(job);
      created = job;
      await this.deps.jobs.appendEvent(job.id, {
        type: 'job',
        data: {
          job_id: job.id,
          state: job.state,
          employee_name: input.employee_name,
          files: input.files.map((f) => f.file_name),
        },
      });
      await this.deps.queue.enqueue(job.id);
      return job;
    } catch (error) {
      // A claim that never became a queued job: no worker will ever remove its files, and a job
      // left 'queued' would be requeued at the next start without them.
      await rm(input.work_dir, { recursive: true, force: true });
      if (created) {
        const message = error instanceof Error ? error.message : String(error);
        await this.deps.jobs
          .save({
            ...created,
            state: 'failed',
            error: { code: 'not_queued', message },
            updated_at: new Date().toISOString(),
          })
          .catch(() => undefined);
      }
      throw error;
    }
  }

  /** The job, when the caller may see it; another employee's job looks like it does not exist. */
  async get(caller: Caller, id: string): Promise<Job> {
    return notFoundUnlessReadable(caller, await this.deps.jobs.get(id), 'Job', id);
  }

  async events(caller: Caller, id: string, afterSeq: number): Promise<JobEvent[]> {
    await this.get(caller, id);
    return this.deps.jobs.events(id, afterSeq);
  }

  /**
   * Follows a job's events from afterSeq: replays what is stored, then live events, with no gap
   * and no repeat (live events that overlap the replay are dropped by sequence number).
   */
  async *follow(
    caller: Caller,
    id: string,
    afterSeq: number,
    signal: AbortSignal,
  ): AsyncGenerator<JobEvent> {
    await this.get(caller, id);
    const pending: JobEvent[] = [];
    let wake: (() => void) | null = null;
    const unsubscribe = this.deps.jobs.subscribe(id, (event) => {
      pending.push(event);
      wake?.();
    });
    const onAbort = () => wake?.();
    signal.addEventListener('abort', onAbort);
    try {
      let last = afterSeq;
      for (const event of await this.deps.jobs.events(id, afterSeq)) {
        last = event.seq;
        yield event;
        if (event.type === 'done') return;
      }
      const finished = isFinished(await this.deps.jobs.get(id));
      // Resumed at or past the end of a finished job: the client has everything.
      if (finished && last === afterSeq && (await this.resumedAtEnd(id, afterSeq))) return;
      // A job's final state is saved a moment before its `done` event, which may already be on its
      // way: wait for it, briefly. A job that crashed in between never sends it and must not hold
      // streams open.
      const deadline = finished ? Date.now() + DONE_AFTER_FINISH_MS : Infinity;
      while (!signal.aborted) {
        const event = pending.shift();
        if (!event) {
          const remaining = deadline - Date.now();
          if (remaining <= 0) return;
          let timer: NodeJS.Timeout | undefined;
          await new Promise<void>((resolve) => {
            wake = resolve;
            if (Number.isFinite(remaining)) timer = setTimeout(resolve, remaining);
          });
          clearTimeout(timer);
          wake = null;
          continue;
        }
        if (event.seq <= last) continue;
        last = event.seq;
        yield event;
        if (event.type === 'done') return;
      }
    } finally {
      unsubscribe();
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** Whether the event at `seq` is the job's `done`, or `seq` lies past its last event. */
  private async resumedAtEnd(id: string, seq: number): Promise<boolean> {
    if (seq === 0) return false;
    const [atSeq] = await this.deps.jobs.events(id, seq - 1);
    return atSeq === undefined || (atSeq.seq === seq && atSeq.type === 'done');
  }

  /** Waits until the job ends or the time is up; returns the job as it is then. */
  async waitForEnd(caller: Caller, id: string, timeoutMs: number): Promise<Job> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      for await (const event of this.follow(caller, id, 0, controller.signal)) {
        if (event.type === 'done') break;
      }
    } finally {
      clearTimeout(timer);
    }
    return this.get(caller, id);
  }

  /** Queues again every job a stopped or crashed process left unfinished. */
  async resumeUnfinished(): Promise<number> {
    const unfinished = await this.deps.jobs.listUnfinished();
    for (const job of unfinished) await this.deps.queue.enqueue(job.id);
    return unfinished.length;
  }

  private async validatePolicy(input: JobInput): Promise<void> {
    if (!input.policy_file) return;
    const policy = await this.deps.reader.readPolicy(input.policy_file);
    if (policy.kind !== 'rules') return;
    try {
      rulesFileAsV2(policy.raw, policy.sha256);
    } catch (error) {
      if (error instanceof PolicyRulesError) {
        throw new UnprocessableError(
          'invalid_policy_rules',
          error.message,
          error.problems.map((p) => ({
            pointer: `policy_file:${p.pointer || '/'}`,
            message: p.message,
          })),
        );
      }
      throw error;
    }
  }
}
