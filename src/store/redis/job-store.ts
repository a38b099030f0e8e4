import type { Redis } from 'ioredis';
import type { Job, JobEvent } from '../../domain/jobs.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import type { JobEventListener } from '../job-event-listeners.js';
import type { JobStore, NewJobEvent } from '../ports.js';
import {
  byCreation,
  type Clock,
  decodeJob,
  decodeJobEvent,
  encodeEventData,
  encodeJob,
  isUnfinished,
  type StoredJobEvent,
  systemClock,
  warnOnError,
} from '../state-codec.js';
import {
  closeRedis,
  DEFAULT_KEY_PREFIX,
  keyPart,
  luaScript,
  openRedis,
  type RedisConnectionOptions,
} from './connection.js';
import { decodeStreamEntry, JobEventFollower, streamId } from './job-event-follower.js';

export interface RedisJobStoreOptions extends RedisConnectionOptions {
  clock?: Clock;
  /** Longest single XREAD BLOCK of the live follower; new subscriptions interrupt it, so this only bounds idle round trips. */
  blockMs?: number;
}

// Each script keeps the job, its unfinished-index membership and its event numbering consistent
// no matter how many API instances and workers write at once.
const createJob = luaScript(`
  if not redis.call('SET', KEYS[1], ARGV[1], 'NX') then return 0 end
  if ARGV[3] == '1' then redis.call('SADD', KEYS[2], ARGV[2]) end
  return 1`);

const saveJob = luaScript(`
  if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
  redis.call('SET', KEYS[1], ARGV[1])
  if ARGV[3] == '1' then redis.call('SADD', KEYS[2], ARGV[2]) else redis.call('SREM', KEYS[2], ARGV[2]) end
  return 1`);

// The counter and the XADD move together, so numbers are gap-free and the stream id is the number.
const appendJobEvent = luaScript(`
  if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
  local seq = redis.call('INCR', KEYS[3])
  redis.call('XADD', KEYS[2], seq .. '-0', 'type', ARGV[1], 'data', ARGV[2], 'at', ARGV[3])
  return seq`);

/**
 * Jobs as JSON strings, an index set of unfinished jobs, and each job's events in a Redis stream
 * (`<prefix>jobs:<id>:events`) so any instance can replay or follow a job any other one runs.
 */
export class RedisJobStore implements JobStore {
  private readonly redis: Redis;
  private readonly follower: JobEventFollower;
  private readonly prefix: string;
  private readonly clock: Clock;
  private blocking: Redis | null = null;

  constructor(options: RedisJobStoreOptions) {
    const onError = options.onError ?? warnOnError;
    this.prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
    this.clock = options.clock ?? systemClock;
    this.redis = openRedis(options.url, onError, 'commands');
    this.follower = new JobEventFollower({
      commands: this.redis,
      openBlocking: () => (this.blocking = openRedis(options.url, onError, 'blocking')),
      eventsKey: (jobId) => this.eventsKey(jobId),
      seqKey: (jobId) => this.seqKey(jobId),
      onError,
      ...(options.blockMs === undefined ? {} : { blockMs: options.blockMs }),
    });
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async create(job: Job): Promise<void> {
    const created = await createJob(
      this.redis,
      [this.jobKey(job.id), this.unfinishedKey()],
      [encodeJob(job), job.id, isUnfinished(job.state) ? '1' : '0'],
    );
    if (created === 0) throw new ConflictError('job_exists', `Job ${job.id} already exists.`);
  }

  async get(id: string): Promise<Job | null> {
    const text = await this.redis.get(this.jobKey(id));
    return text === null ? null : decodeJob(text);
  }

  async save(job: Job): Promise<void> {
    const saved = await saveJob(
      this.redis,
      [this.jobKey(job.id), this.unfinishedKey()],
      [encodeJob(job), job.id, isUnfinished(job.state) ? '1' : '0'],
    );
    if (saved === 0) throw new NotFoundError('Job', job.id);
  }

  async listUnfinished(): Promise<Job[]> {
    const ids = await this.redis.smembers(this.unfinishedKey());
    if (ids.length === 0) return [];
    const texts = await this.redis.mget(ids.map((id) => this.jobKey(id)));
    return texts
      .filter((text): text is string => text !== null)
      .map(decodeJob)
      .filter((job) => isUnfinished(job.state))
      .sort(byCreation);
  }

  async appendEvent(jobId: string, event: NewJobEvent): Promise<JobEvent> {
    const stored: StoredJobEvent = {
      type: event.type,
      data: encodeEventData(event.data),
      at: this.clock().toISOString(),
    };
    const seq = await appendJobEvent(
      this.redis,
      [this.jobKey(jobId), this.eventsKey(jobId), this.seqKey(jobId)],
      [stored.type, stored.data, stored.at],
    );
    if (seq === 0) throw new NotFoundError('Job', jobId);
    return decodeJobEvent(jobId, Number(seq), stored);
  }

  async events(jobId: string, afterSeq: number): Promise<JobEvent[]> {
    const entries = await this.redis.xrange(this.eventsKey(jobId), streamId(afterSeq + 1), '+');
    return entries.map(([id, fields]) => decodeStreamEntry(jobId, id, fields));
  }

  /** Delivers events appended by any instance; see JobEventFollower for the replay hand-over. */
  subscribe(jobId: string, listener: JobEventListener): () => void {
    return this.follower.follow(jobId, listener);
  }

  async close(): Promise<void> {
    await this.follower.close();
    await Promise.all([
      closeRedis(this.redis),
      this.blocking ? closeRedis(this.blocking) : undefined,
    ]);
  }

  private jobKey(id: string): string {
    return `${this.prefix}jobs:${keyPart(id)}`;
  }

  private eventsKey(id: string): string {
    return `${this.prefix}jobs:${keyPart(id)}:events`;
  }

  private seqKey(id: string): string {
    return `${this.prefix}jobs:${keyPart(id)}:seq`;
  }

  private unfinishedKey(): string {
    return `${this.prefix}unfinished-jobs`;
  }
}
