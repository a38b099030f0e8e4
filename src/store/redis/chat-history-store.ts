import type { Redis } from 'ioredis';
import type { ChatHistoryStore, ChatSession, ChatTurn } from '../ports.js';
import {
  assertMaxTurns,
  type Clock,
  decodeChatTurn,
  encodeChatTurn,
  sessionTitle,
  systemClock,
  warnOnError,
} from '../state-codec.js';
import {
  closeRedis,
  DEFAULT_KEY_PREFIX,
  execOrThrow,
  keyPart,
  openRedis,
  type RedisConnectionOptions,
} from './connection.js';

export interface RedisChatHistoryStoreOptions extends RedisConnectionOptions {
  clock?: Clock;
}

/**
 * Per user: a sorted set of session ids by last update; per session: a hash (title, times) and a
 * list of JSON turns. Keys contain the owner, so another user's session id is simply absent.
 */
export class RedisChatHistoryStore implements ChatHistoryStore {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly clock: Clock;

  constructor(options: RedisChatHistoryStoreOptions) {
    this.redis = openRedis(options.url, options.onError ?? warnOnError, 'commands');
    this.prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
    this.clock = options.clock ?? systemClock;
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async append(
    sessionId: string,
    ownerSub: string,
    turns: ChatTurn[],
    maxTurns: number,
  ): Promise<void> {
    assertMaxTurns(maxTurns);
    const now = this.clock();
    const { meta, turnsKey } = this.sessionKeys(sessionId, ownerSub);
    const title = sessionTitle(turns);
    const transaction = this.redis.multi();
    if (turns.length > 0)
      transaction.rpush(turnsKey, ...turns.map(encodeChatTurn)).ltrim(turnsKey, -maxTurns, -1);
    transaction
      .hsetnx(meta, 'created_at', now.toISOString())
      .hset(meta, 'updated_at', now.toISOString());
    // The title is the first question ever asked, so only a missing one is filled.
    if (title) transaction.hsetnx(meta, 'title', title);
    transaction.zadd(this.sessionsKey(ownerSub), now.getTime(), sessionId);
    await execOrThrow(transaction);
  }

  async history(sessionId: string, ownerSub: string): Promise<ChatTurn[] | null> {
    const { meta, turnsKey } = this.sessionKeys(sessionId, ownerSub);
    const [exists, turns] = (await execOrThrow(
      this.redis.multi().exists(meta).lrange(turnsKey, 0, -1),
    )) as [number, string[]];
    return exists ? turns.map(decodeChatTurn) : null;
  }

  async delete(sessionId: string, ownerSub: string): Promise<boolean> {
    const { meta, turnsKey } = this.sessionKeys(sessionId, ownerSub);
    const [deleted] = await execOrThrow(
      this.redis.multi().del(meta, turnsKey).zrem(this.sessionsKey(ownerSub), sessionId),
    );
    return Number(deleted) > 0;
  }

  /** Most recently updated first. */
  async sessions(ownerSub: string): Promise<ChatSession[]> {
    const ids = await this.redis.zrevrange(this.sessionsKey(ownerSub), 0, -1);
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) {
      const { meta, turnsKey } = this.sessionKeys(id, ownerSub);
      pipeline.hmget(meta, 'title', 'created_at', 'updated_at').llen(turnsKey);
    }
    const replies = await execOrThrow(pipeline);
    const sessions: ChatSession[] = [];
    ids.forEach((sessionId, index) => {
      const [title, createdAt, updatedAt] = (replies[index * 2] ?? []) as Array<string | null>;
      const turns = Number(replies[index * 2 + 1] ?? 0);
      // A session deleted between the two reads has no hash any more: leave it out.
      if (!createdAt || !updatedAt) return;
      sessions.push({
        session_id: sessionId,
        owner_sub: ownerSub,
        title: title ?? '',
        created_at: createdAt,
        updated_at: updatedAt,
        turns,
      });
    });
    return sessions;
  }

  async close(): Promise<void> {
    await closeRedis(this.redis);
  }

  private sessionsKey(ownerSub: string): string {
    return `${this.prefix}chat:${keyPart(ownerSub)}:sessions`;
  }

  private sessionKeys(sessionId: string, ownerSub: string): { meta: string; turnsKey: string } {
    const base = `${this.prefix}chat:${keyPart(ownerSub)}:session:${keyPart(sessionId)}`;
    return { meta: base, turnsKey: `${base}:turns` };
  }
}
