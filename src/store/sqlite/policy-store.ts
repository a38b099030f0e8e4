/**
 * Managed policies in the embedded database. A version is stored whole as JSON beside the columns
 * its queries and invariants need: a partial unique index keeps at most one active version, and
 * each change is written in the same transaction as its row of the audit log (audit:1), so the
 * log cannot miss a change nor name one that was rolled back.
 */
import { randomUUID } from 'node:crypto';
import {
  type Policy,
  type PolicyVersion,
  type PolicyVersionRef,
  transitioned,
} from '../../domain/policy-versions.js';
import type {
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
  encodeCursor,
  systemClock,
} from '../state-codec.js';
import type { Migration, SqliteDatabase } from './database.js';

export const policyStoreMigrations: Migration[] = [
  {
    // AUTOINCREMENT: seq orders the list and is never reused, so a cursor stays valid.
    id: 'policies:2',
    up: (db) =>
      db.exec(`
        CREATE TABLE policies (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          id TEXT NOT NULL UNIQUE,
          name TEXT NOT NULL,
          created_by TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          latest_version INTEGER NOT NULL
        );
        CREATE TABLE policy_versions (
          policy_id TEXT NOT NULL REFERENCES policies (id),
          number INTEGER NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('draft', 'active', 'retired')),
          revision INTEGER NOT NULL,
          version TEXT NOT NULL,
          PRIMARY KEY (policy_id, number)
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX policy_versions_one_active ON policy_versions (state)
          WHERE state = 'active';
      `),
  },
];

interface PolicyRow {
  seq: number;
  id: string;
  name: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  latest_version: number;
  active_version: number | null;
}

const POLICY_COLUMNS = `p.seq, p.id, p.name, p.created_by, p.created_at, p.updated_at, p.latest_version,
  (SELECT number FROM policy_versions v WHERE v.policy_id = p.id AND v.state = 'active') AS active_version`;

function policyOf(row: PolicyRow): Policy {
  return {
    id: row.id,
    name: row.name,
    created_by: JSON.parse(row.created_by) as Policy['created_by'],
    created_at: row.created_at,
    updated_at: row.updated_at,
    active_version: row.active_version,
    latest_version: row.latest_version,
  };
}

const versionOf = (json: string): PolicyVersion => JSON.parse(json) as PolicyVersion;

export interface SqlitePolicyStoreOptions {
  /** Opened with the state migrations (audit_log) and policyStoreMigrations applied. */
  db: SqliteDatabase;
  /** Stamps the audit entries. */
  clock?: Clock;
}

export class SqlitePolicyStore implements PolicyStore {
  private readonly db: SqliteDatabase;
  private readonly clock: Clock;
  private readonly statements;

  constructor(options: SqlitePolicyStoreOptions) {
    this.db = options.db;
    this.clock = options.clock ?? systemClock;
    const db = this.db;
    this.statements = {
      insertPolicy: db.prepare(
        `INSERT INTO policies (id, name, created_by, created_at, updated_at, latest_version)
         VALUES (@id, @name, @created_by, @created_at, @updated_at, @latest_version)`,
      ),
      touchPolicy: db.prepare(
        'UPDATE policies SET updated_at = ?, latest_version = MAX(latest_version, ?) WHERE id = ?',
      ),
      insertVersion: db.prepare(
        `INSERT INTO policy_versions (policy_id, number, state, revision, version)
         VALUES (@policy_id, @number, @state, @revision, @version)`,
      ),
      saveVersion: db.prepare(
        `UPDATE policy_versions SET state = @state, revision = @revision, version = @version
         WHERE policy_id = @policy_id AND number = @number`,
      ),
      policy: db.prepare<[string], PolicyRow>(
        `SELECT ${POLICY_COLUMNS} FROM policies p WHERE p.id = ?`,
      ),
      versions: db
        .prepare<[string], string>(
          'SELECT version FROM policy_versions WHERE policy_id = ? ORDER BY number',
        )
        .pluck(),
      version: db
        .prepare<[string, number], string>(
          'SELECT version FROM policy_versions WHERE policy_id = ? AND number = ?',
        )
        .pluck(),
      active: db
        .prepare<[], string>("SELECT version FROM policy_versions WHERE state = 'active'")
        .pluck(),
      latest: db
        .prepare<[string], number>('SELECT latest_version FROM policies WHERE id = ?')
        .pluck(),
      insertAudit: db.prepare(`
        INSERT INTO audit_log (id, at, actor_sub, actor_name, actor_role, action, target_type, target_id, request_id, client_ip, details)
        VALUES (@id, @at, @actor_sub, @actor_name, @actor_role, @action, @target_type, @target_id, @request_id, @client_ip, @details)`),
    };
  }

  async create(policy: Policy, first: PolicyVersion, audit: NewAuditEntry): Promise<void> {
    this.db.transaction(() => {
      this.statements.insertPolicy.run({
        id: policy.id,
        name: policy.name,
        created_by: JSON.stringify(policy.created_by),
        created_at: policy.created_at,
        updated_at: policy.updated_at,
        latest_version: first.number,
      });
      this.insertVersion(first);
      this.recordAudit(audit);
    })();
  }

  async addVersion(
    policyId: string,
    version: NewPolicyVersion,
    audit: (created: PolicyVersion) => NewAuditEntry,
  ): Promise<PolicyVersion | null> {
    return this.db.transaction((): PolicyVersion | null => {
      const latest = this.statements.latest.get(policyId);
      if (latest === undefined) return null;
      const created: PolicyVersion = { ...version, policy_id: policyId, number: latest + 1 };
      this.insertVersion(created);
      this.statements.touchPolicy.run(created.created_at, created.number, policyId);
      this.recordAudit(audit(created));
      return created;
    })();
  }

  async get(id: string): Promise<Policy | null> {
    const row = this.statements.policy.get(id);
    return row ? policyOf(row) : null;
  }

  async versions(policyId: string): Promise<PolicyVersion[]> {
    return this.statements.versions.all(policyId).map(versionOf);
  }

  async version(policyId: string, number: number): Promise<PolicyVersion | null> {
    const json = this.statements.version.get(policyId, number);
    return json === undefined ? null : versionOf(json);
  }

  async list(page: { limit: number; cursor?: string | null }): Promise<Page<Policy>> {
    assertPageLimit(page.limit);
    const after = page.cursor ? decodeCursor<number>(page.cursor, 'number') : null;
    const rows = this.db
      .prepare<unknown[], PolicyRow>(
        `SELECT ${POLICY_COLUMNS} FROM policies p ${after === null ? '' : 'WHERE p.seq < ?'}
         ORDER BY p.seq DESC LIMIT ?`,
      )
      .all(...(after === null ? [] : [after]), page.limit + 1);
    const items = rows.slice(0, page.limit);
    const last = items.at(-1);
    return {
      items: items.map(policyOf),
      next_cursor: rows.length > page.limit && last ? encodeCursor(last.seq) : null,
    };
  }

  async active(): Promise<PolicyVersion | null> {
    const json = this.statements.active.get();
    return json === undefined ? null : versionOf(json);
  }

  async updateRules(
    policyId: string,
    number: number,
    change: Parameters<PolicyStore['updateRules']>[2],
    audit: NewAuditEntry,
  ): Promise<PolicyRulesUpdate> {
    return this.db.transaction((): PolicyRulesUpdate => {
      const json = this.statements.version.get(policyId, number);
      if (json === undefined) return { kind: 'not_found' };
      const current = versionOf(json);
      if (current.state !== 'draft') return { kind: 'not_draft', version: current };
      if (current.revision !== change.expected_revision) return { kind: 'stale', version: current };
      const updated: PolicyVersion = {
        ...current,
        rules: change.rules,
        content_hash: change.content_hash,
        revision: current.revision + 1,
        updated_by: change.by,
        updated_at: change.at,
      };
      this.saveVersion(updated);
      this.statements.touchPolicy.run(change.at, number, policyId);
      this.recordAudit(audit);
      return { kind: 'updated', version: updated };
    })();
  }

  async activate(
    policyId: string,
    number: number,
    change: { by: PolicyVersion['updated_by']; at: string },
    audit: (retired: PolicyVersionRef | null) => NewAuditEntry,
  ): Promise<PolicyActivation> {
    return this.db.transaction((): PolicyActivation => {
      const json = this.statements.version.get(policyId, number);
      if (json === undefined) return { kind: 'not_found' };
      const target = versionOf(json);
      if (target.state === 'active')
        return { kind: 'activated', version: target, retired: null, changed: false };
      const activeJson = this.statements.active.get();
      let retired: PolicyVersionRef | null = null;
      if (activeJson !== undefined) {
        const previous = versionOf(activeJson);
        // Retired first: the index allows one active row at any moment of the transaction.
        this.saveVersion(transitioned(previous, 'retired', change));
        this.statements.touchPolicy.run(change.at, previous.number, previous.policy_id);
        retired = {
          policy_id: previous.policy_id,
          version: previous.number,
          content_hash: previous.content_hash,
        };
      }
      const activated = transitioned(target, 'active', change);
      this.saveVersion(activated);
      this.statements.touchPolicy.run(change.at, number, policyId);
      this.recordAudit(audit(retired));
      return { kind: 'activated', version: activated, retired, changed: true };
    })();
  }

  private insertVersion(version: PolicyVersion): void {
    this.statements.insertVersion.run(this.versionRow(version));
  }

  private saveVersion(version: PolicyVersion): void {
    this.statements.saveVersion.run(this.versionRow(version));
  }

  private versionRow(version: PolicyVersion) {
    return {
      policy_id: version.policy_id,
      number: version.number,
      state: version.state,
      revision: version.revision,
      version: JSON.stringify(version),
    };
  }

  private recordAudit(entry: NewAuditEntry): void {
    this.statements.insertAudit.run({
      ...entry,
      id: randomUUID(),
      at: this.clock().toISOString(),
      details: JSON.stringify(entry.details),
    });
  }
}
