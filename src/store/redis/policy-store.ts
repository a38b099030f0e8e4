/**
 * Managed policies in Redis, shared by every API instance of a server-mode deployment (a policy
 * finance publishes on one instance is the active policy on all of them).
 *
 * Keys: `policies:index` (sorted set of ids by creation), `policies:seq`, `policy:{id}` (hash:
 * the policy, its latest version number, when it changed), `policy:{id}:versions` (hash: number
 * → version JSON), `policies:active` (the active version's policy id and number).
 *
 * Every change is optimistic: read what the change depends on, prepare the writes and the audit
 * entry, then one Lua script checks that what was read is still there and applies the writes and
 * the audit entry (XADD to the stream RedisAuditLog reads) together, or nothing; on a conflict the
 * change is prepared again from a fresh read.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  type Policy,
  type PolicyActor,
  type PolicyVersion,
  type PolicyVersionRef,
  transitioned,
} from '../../domain/policy-versions.js';
import type {
  AuditEntry,
  NewAuditEntry,
  NewPolicyVersion,
  Page,
  PolicyActivation,
  PolicyRulesUpdate,
  PolicyStore,
} from '../ports.js';
import {
  assertPageLimit,
  type Clock,
  decodeCursor,
  encodeAuditEntry,
  encodeCursor,
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

export interface RedisPolicyStoreOptions extends RedisConnectionOptions {
  /** Stamps the audit entries. */
  clock?: Clock;
}

/** What a change read (null: absent) and must still find; `field` for a hash, else a string key. */
interface Check {
  key: number;
  field: string | null;
  expected: string | null;
}

type Write =
  | { op: 'hset'; key: number; field: string; value: string }
  | { op: 'set'; key: number; value: string }
  | { op: 'zadd'; key: number; score: number; member: string };

interface Change {
  keys: string[];
  checks: Check[];
  writes: Write[];
  audit: { key: number; entry: string };
}

const applyIfUnchanged = luaScript(`
  local change = cjson.decode(ARGV[1])
  for _, check in ipairs(change.checks) do
    local current
    if check.field ~= cjson.null then
      current = redis.call('HGET', KEYS[check.key], check.field)
    else
      current = redis.call('GET', KEYS[check.key])
    end
    local expected = check.expected
    if expected == cjson.null then expected = false end
    if current ~= expected then return 0 end
  end
  for _, write in ipairs(change.writes) do
    if write.op == 'hset' then
      redis.call('HSET', KEYS[write.key], write.field, write.value)
    elseif write.op == 'set' then
      redis.call('SET', KEYS[write.key], write.value)
    elseif write.op == 'zadd' then
      redis.call('ZADD', KEYS[write.key], write.score, write.member)
    end
  end
  redis.call('XADD', KEYS[change.audit.key], '*', 'entry', change.audit.entry)
  return 1`);

/** Conflicting changes retry from a fresh read; this many conflicts in a row is a fault. */
const MAX_ATTEMPTS = 50;

interface StoredPolicy {
  id: string;
  name: string;
  created_by: PolicyActor;
  created_at: string;
}

export class RedisPolicyStore implements PolicyStore {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly clock: Clock;

  constructor(options: RedisPolicyStoreOptions) {
    this.redis = openRedis(options.url, options.onError ?? warnOnError, 'commands');
    this.prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
    this.clock = options.clock ?? systemClock;
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    await closeRedis(this.redis);
  }

  async create(policy: Policy, first: PolicyVersion, audit: NewAuditEntry): Promise<void> {
    const seq = await this.redis.incr(this.key('policies:seq'));
    const stored: StoredPolicy = {
      id: policy.id,
      name: policy.name,
      created_by: policy.created_by,
      created_at: policy.created_at,
    };
    const keys = [
      this.policyKey(policy.id),
      this.versionsKey(policy.id),
      this.key('policies:index'),
    ];
    const applied = await this.apply({
      keys: [...keys, this.auditKey()],
      checks: [{ key: 1, field: 'policy', expected: null }],
      writes: [
        { op: 'hset', key: 1, field: 'policy', value: JSON.stringify(stored) },
        { op: 'hset', key: 1, field: 'seq', value: String(seq) },
        { op: 'hset', key: 1, field: 'latest', value: String(first.number) },
        { op: 'hset', key: 1, field: 'updated_at', value: policy.updated_at },
        { op: 'hset', key: 2, field: String(first.number), value: JSON.stringify(first) },
        { op: 'zadd', key: 3, score: seq, member: policy.id },
      ],
      audit: { key: 4, entry: this.auditEntry(audit) },
    });
    if (!applied) throw new Error(`A policy with id ${policy.id} already exists.`);
  }

  async addVersion(
    policyId: string,
    version: NewPolicyVersion,
    audit: (created: PolicyVersion) => NewAuditEntry,
  ): Promise<PolicyVersion | null> {
    return this.retry(async () => {
      const latest = await this.redis.hget(this.policyKey(policyId), 'latest');
      if (latest === null) return { done: true, value: null };
      const created: PolicyVersion = {
        ...version,
        policy_id: policyId,
        number: Number(latest) + 1,
      };
      const applied = await this.apply({
        keys: [this.policyKey(policyId), this.versionsKey(policyId), this.auditKey()],
        checks: [{ key: 1, field: 'latest', expected: latest }],
        writes: [
          { op: 'hset', key: 2, field: String(created.number), value: JSON.stringify(created) },
          { op: 'hset', key: 1, field: 'latest', value: String(created.number) },
          { op: 'hset', key: 1, field: 'updated_at', value: created.created_at },
        ],
        audit: { key: 3, entry: this.auditEntry(audit(created)) },
      });
      return { done: applied, value: created };
    });
  }

  async get(id: string): Promise<Policy | null> {
    const [stored, active] = await Promise.all([
      this.redis.hgetall(this.policyKey(id)),
      this.activeRef(),
    ]);
    if (!stored.policy) return null;
    return this.policyOf(stored, active);
  }

  async versions(policyId: string): Promise<PolicyVersion[]> {
    const all = await this.redis.hvals(this.versionsKey(policyId));
    return all.map((json) => JSON.parse(json) as PolicyVersion).sort((a, b) => a.number - b.number);
  }

  async version(policyId: string, number: number): Promise<PolicyVersion | null> {
    const json = await this.redis.hget(this.versionsKey(policyId), String(number));
    return json === null ? null : (JSON.parse(json) as PolicyVersion);
  }

  async list(page: { limit: number; cursor?: string | null }): Promise<Page<Policy>> {
    assertPageLimit(page.limit);
    const after = page.cursor ? decodeCursor<number>(page.cursor, 'number') : null;
    const found = await this.redis.zrevrangebyscore(
      this.key('policies:index'),
      after === null ? '+inf' : `(${after}`,
      '-inf',
      'WITHSCORES',
      'LIMIT',
      0,
      page.limit + 1,
    );
    const ids: Array<{ id: string; seq: number }> = [];
    for (let i = 0; i + 1 < found.length; i += 2)
      ids.push({ id: found[i] as string, seq: Number(found[i + 1]) });
    const shown = ids.slice(0, page.limit);
    const active = await this.activeRef();
    const items: Policy[] = [];
    for (const { id } of shown) {
      const stored = await this.redis.hgetall(this.policyKey(id));
      if (stored.policy) items.push(this.policyOf(stored, active));
    }
    const last = shown.at(-1);
    return {
      items,
      next_cursor: ids.length > page.limit && last ? encodeCursor(last.seq) : null,
    };
  }

  async active(): Promise<PolicyVersion | null> {
    const ref = await this.activeRef();
    return ref ? this.version(ref.policy_id, ref.number) : null;
  }

  async updateRules(
    policyId: string,
    number: number,
    change: Parameters<PolicyStore['updateRules']>[2],
    audit: NewAuditEntry,
  ): Promise<PolicyRulesUpdate> {
    return this.retry<PolicyRulesUpdate>(async () => {
      const json = await this.redis.hget(this.versionsKey(policyId), String(number));
      if (json === null) return { done: true, value: { kind: 'not_found' } as const };
      const current = JSON.parse(json) as PolicyVersion;
      if (current.state !== 'draft')
        return { done: true, value: { kind: 'not_draft', version: current } as const };
      if (current.revision !== change.expected_revision)
        return { done: true, value: { kind: 'stale', version: current } as const };
      const updated: PolicyVersion = {
        ...current,
        rules: change.rules,
        content_hash: change.content_hash,
        revision: current.revision + 1,
        updated_by: change.by,
        updated_at: change.at,
      };
      const applied = await this.apply({
        keys: [this.policyKey(policyId), this.versionsKey(policyId), this.auditKey()],
        checks: [{ key: 2, field: String(number), expected: json }],
        writes: [
          { op: 'hset', key: 2, field: String(number), value: JSON.stringify(updated) },
          { op: 'hset', key: 1, field: 'updated_at', value: change.at },
        ],
        audit: { key: 3, entry: this.auditEntry(audit) },
      });
      return { done: applied, value: { kind: 'updated', version: updated } as const };
    });
  }

  async activate(
    policyId: string,
    number: number,
    change: { by: PolicyActor; at: string },
    audit: (retired: PolicyVersionRef | null) => NewAuditEntry,
  ): Promise<PolicyActivation> {
    return this.retry<PolicyActivation>(async () => {
      const json = await this.redis.hget(this.versionsKey(policyId), String(number));
      if (json === null) return { done: true, value: { kind: 'not_found' } as const };
      const target = JSON.parse(json) as PolicyVersion;
      if (target.state === 'active')
        return {
          done: true,
          value: { kind: 'activated', version: target, retired: null, changed: false } as const,
        };
      const pointer = await this.redis.get(this.key('policies:active'));
      const keys = [
        this.key('policies:active'),
        this.versionsKey(policyId),
        this.policyKey(policyId),
      ];
      const checks: Check[] = [
        { key: 1, field: null, expected: pointer },
        { key: 2, field: String(number), expected: json },
      ];
      const writes: Write[] = [];
      let retired: PolicyVersionRef | null = null;
      const previousRef = pointer
        ? (JSON.parse(pointer) as { policy_id: string; number: number })
        : null;
      if (previousRef) {
        const previousJson = await this.redis.hget(
          this.versionsKey(previousRef.policy_id),
          String(previousRef.number),
        );
        if (previousJson !== null) {
          const previous = JSON.parse(previousJson) as PolicyVersion;
          keys.push(this.versionsKey(previous.policy_id), this.policyKey(previous.policy_id));
          checks.push({
            key: keys.length - 1,
            field: String(previous.number),
            expected: previousJson,
          });
          writes.push(
            {
              op: 'hset',
              key: keys.length - 1,
              field: String(previous.number),
              value: JSON.stringify(transitioned(previous, 'retired', change)),
            },
            { op: 'hset', key: keys.length, field: 'updated_at', value: change.at },
          );
          retired = {
            policy_id: previous.policy_id,
            version: previous.number,
            content_hash: previous.content_hash,
          };
        }
      }
      const activated = transitioned(target, 'active', change);
      writes.push(
        { op: 'hset', key: 2, field: String(number), value: JSON.stringify(activated) },
        { op: 'hset', key: 3, field: 'updated_at', value: change.at },
        { op: 'set', key: 1, value: JSON.stringify({ policy_id: policyId, number }) },
      );
      keys.push(this.auditKey());
      const applied = await this.apply({
        keys,
        checks,
        writes,
        audit: { key: keys.length, entry: this.auditEntry(audit(retired)) },
      });
      return {
        done: applied,
        value: { kind: 'activated', version: activated, retired, changed: true } as const,
      };
    });
  }

  private async retry<T>(attempt: () => Promise<{ done: boolean; value: T }>): Promise<T> {
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      const { done, value } = await attempt();
      if (done) return value;
    }
    throw new Error(`A policy change conflicted ${MAX_ATTEMPTS} times in a row; try again.`);
  }

  /** Runs the change; false when something it read changed meanwhile (nothing was written). */
  private async apply(change: Change): Promise<boolean> {
    const { keys, ...rest } = change;
    // Lua keys are 1-based; the change names them by position.
    const result = await applyIfUnchanged(this.redis, keys, [JSON.stringify(rest)]);
    return result === 1;
  }

  private auditEntry(entry: NewAuditEntry): string {
    const stored: AuditEntry = { ...entry, id: randomUUID(), at: this.clock().toISOString() };
    return encodeAuditEntry(stored);
  }

  private async activeRef(): Promise<{ policy_id: string; number: number } | null> {
    const pointer = await this.redis.get(this.key('policies:active'));
    return pointer ? (JSON.parse(pointer) as { policy_id: string; number: number }) : null;
  }

  private policyOf(
    stored: Record<string, string>,
    active: { policy_id: string; number: number } | null,
  ): Policy {
    const policy = JSON.parse(stored.policy as string) as StoredPolicy;
    return {
      ...policy,
      updated_at: stored.updated_at as string,
      active_version: active?.policy_id === policy.id ? active.number : null,
      latest_version: Number(stored.latest),
    };
  }

  private key(name: string): string {
    return `${this.prefix}${name}`;
  }

  private policyKey(id: string): string {
    return this.key(`policy:${keyPart(id)}`);
  }

  private versionsKey(id: string): string {
    return this.key(`policy:${keyPart(id)}:versions`);
  }

  /** The stream RedisAuditLog appends to and reads: entries land where GET /audit finds them. */
  private auditKey(): string {
    return this.key('audit');
  }
}
