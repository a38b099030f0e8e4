/**
 * Webhook endpoints and deliveries in Redis, shared by every API instance and worker. Keys:
 * `webhooks:endpoints` (hash id → endpoint), `webhooks:delivery:<id>` (the delivery),
 * `webhooks:deliveries:<endpoint>` (sorted set of its deliveries by creation) and `webhooks:due`
 * (sorted set of pending deliveries by next attempt time). Finished deliveries are purged after
 * WEBHOOK_DELIVERY_RETENTION_DAYS (purgeDeliveries), not by key expiry: a TTL set at creation would
 * also take deliveries still pending a retry, and would leave their ids behind in the sorted sets.
 */
import type { Redis } from 'ioredis';
import type { WebhookDelivery, WebhookEndpoint, WebhookEventType } from '../../webhooks/events.js';
import type { WebhookStore } from '../../webhooks/ports.js';
import type { Page } from '../ports.js';
import { assertPageLimit, decodeCursor, encodeCursor, warnOnError } from '../state-codec.js';
import {
  closeRedis,
  DEFAULT_KEY_PREFIX,
  execOrThrow,
  keyPart,
  luaScript,
  openRedis,
  type RedisConnectionOptions,
} from './connection.js';

/** Replaces the delivery only while its schedule_seq is the expected one, and keeps `due` in step. */
const SAVE_IF_SEQ = luaScript(`
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
if cjson.decode(current).schedule_seq ~= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
if ARGV[3] == '' then
  redis.call('ZREM', KEYS[2], ARGV[4])
else
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
end
return 1
`);

/**
 * Deletes the given deliveries of one endpoint that are finished and last changed before ARGV[1],
 * checked inside the script so a redelivery racing the purge keeps its delivery. KEYS[1] is the
 * endpoint's log, KEYS[2] `due`, then one delivery key per id in ARGV[2…]. An id whose delivery
 * is already gone is dropped from the log too. Returns {ids removed from the log, deliveries deleted}.
 */
const PURGE_FINISHED = luaScript(`
local removed, deleted = 0, 0
for i = 3, #KEYS do
  local id = ARGV[i - 1]
  local current = redis.call('GET', KEYS[i])
  local drop = not current
  if current then
    local delivery = cjson.decode(current)
    drop = delivery.state ~= 'pending' and delivery.updated_at < ARGV[1]
  end
  if drop then
    if current then
      redis.call('DEL', KEYS[i])
      deleted = deleted + 1
    end
    redis.call('ZREM', KEYS[1], id)
    redis.call('ZREM', KEYS[2], id)
    removed = removed + 1
  end
end
return {removed, deleted}
`);

/** Deliveries looked at per script call: bounds how long one call holds Redis. */
const PURGE_BATCH = 200;

const dueScore = (delivery: WebhookDelivery): string =>
  delivery.state === 'pending' && delivery.next_attempt_at
    ? String(Date.parse(delivery.next_attempt_at))
    : '';

export class RedisWebhookStore implements WebhookStore {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(options: RedisConnectionOptions) {
    this.redis = openRedis(options.url, options.onError ?? warnOnError, 'commands');
    this.prefix = `${options.keyPrefix ?? DEFAULT_KEY_PREFIX}webhooks:`;
  }

  private get endpointsKey() {
    return `${this.prefix}endpoints`;
  }
  private get dueKey() {
    return `${this.prefix}due`;
  }
  private deliveryKey(id: string) {
    return `${this.prefix}delivery:${keyPart(id)}`;
  }
  private listKey(webhookId: string) {
    return `${this.prefix}deliveries:${keyPart(webhookId)}`;
  }

  async createEndpoint(endpoint: WebhookEndpoint): Promise<void> {
    await this.redis.hset(this.endpointsKey, endpoint.id, JSON.stringify(endpoint));
  }

  async listEndpoints(): Promise<WebhookEndpoint[]> {
    const all = Object.values(await this.redis.hgetall(this.endpointsKey)).map(
      (text) => JSON.parse(text) as WebhookEndpoint,
    );
    return all.sort((a, b) =>
      a.created_at === b.created_at ? (a.id < b.id ? -1 : 1) : a.created_at < b.created_at ? -1 : 1,
    );
  }

  async getEndpoint(id: string): Promise<WebhookEndpoint | null> {
    const text = await this.redis.hget(this.endpointsKey, id);
    return text ? (JSON.parse(text) as WebhookEndpoint) : null;
  }

  async deleteEndpoint(id: string): Promise<boolean> {
    const removed = await this.redis.hdel(this.endpointsKey, id);
    if (removed === 0) return false;
    const ids = await this.redis.zrange(this.listKey(id), '0', '-1');
    const batch = this.redis.multi();
    for (const deliveryId of ids) {
      batch.del(this.deliveryKey(deliveryId));
      batch.zrem(this.dueKey, deliveryId);
    }
    batch.del(this.listKey(id));
    await execOrThrow(batch);
    return true;
  }

  async subscribers(type: WebhookEventType): Promise<WebhookEndpoint[]> {
    return (await this.listEndpoints()).filter((endpoint) => endpoint.events.includes(type));
  }

  async addDeliveries(deliveries: WebhookDelivery[]): Promise<void> {
    for (const delivery of deliveries) {
      if (!(await this.redis.hexists(this.endpointsKey, delivery.webhook_id))) continue;
      const batch = this.redis.multi();
      batch.set(this.deliveryKey(delivery.id), JSON.stringify(delivery));
      batch.zadd(this.listKey(delivery.webhook_id), Date.parse(delivery.created_at), delivery.id);
      const score = dueScore(delivery);
      if (score !== '') batch.zadd(this.dueKey, score, delivery.id);
      await execOrThrow(batch);
    }
  }

  async getDelivery(id: string): Promise<WebhookDelivery | null> {
    const text = await this.redis.get(this.deliveryKey(id));
    return text ? (JSON.parse(text) as WebhookDelivery) : null;
  }

  async listDeliveries(
    webhookId: string,
    page: { limit: number; cursor?: string | null },
  ): Promise<Page<WebhookDelivery>> {
    assertPageLimit(page.limit);
    // The cursor is the rank from the newest; deliveries are only added at the new end, and a
    // page boundary that shifts by new arrivals repeats an item rather than skipping one.
    const offset = page.cursor ? decodeCursor<number>(page.cursor, 'number') : 0;
    const ids = await this.redis.zrevrange(
      this.listKey(webhookId),
      String(offset),
      String(offset + page.limit),
    );
    const found = await Promise.all(ids.slice(0, page.limit).map((id) => this.getDelivery(id)));
    return {
      items: found.filter((delivery): delivery is WebhookDelivery => delivery !== null),
      next_cursor: ids.length > page.limit ? encodeCursor(offset + page.limit) : null,
    };
  }

  async saveDelivery(delivery: WebhookDelivery, expectedSeq: number): Promise<boolean> {
    const saved = await SAVE_IF_SEQ(
      this.redis,
      [this.deliveryKey(delivery.id), this.dueKey],
      [expectedSeq, JSON.stringify(delivery), dueScore(delivery), delivery.id],
    );
    return saved === 1;
  }

  async due(now: Date, limit: number): Promise<WebhookDelivery[]> {
    const ids = await this.redis.zrangebyscore(
      this.dueKey,
      '0',
      String(now.getTime()),
      'LIMIT',
      '0',
      String(limit),
    );
    const found = await Promise.all(ids.map((id) => this.getDelivery(id)));
    return found.filter((delivery): delivery is WebhookDelivery => delivery?.state === 'pending');
  }

  async nextDueAt(): Promise<Date | null> {
    const [, score] = await this.redis.zrange(this.dueKey, '0', '0', 'WITHSCORES');
    return score === undefined ? null : new Date(Number(score));
  }

  async purgeDeliveries(before: Date): Promise<number> {
    const cutoff = before.toISOString();
    let deleted = 0;
    for (const webhookId of await this.redis.hkeys(this.endpointsKey)) {
      const log = this.listKey(webhookId);
      // Kept entries (pending, or changed since the cutoff) stay at the front: skip past them.
      let kept = 0;
      for (;;) {
        // The log is scored by creation, which never follows the last change: a delivery last
        // changed before the cutoff was created before it, so only that range is read.
        const ids = await this.redis.zrangebyscore(
          log,
          '-inf',
          `(${before.getTime()}`,
          'LIMIT',
          String(kept),
          String(PURGE_BATCH),
        );
        if (ids.length === 0) break;
        const [removed, gone] = (await PURGE_FINISHED(
          this.redis,
          [log, this.dueKey, ...ids.map((id) => this.deliveryKey(id))],
          [cutoff, ...ids],
        )) as [number, number];
        deleted += gone;
        kept += ids.length - removed;
        if (ids.length < PURGE_BATCH) break;
      }
    }
    return deleted;
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    await closeRedis(this.redis);
  }
}
