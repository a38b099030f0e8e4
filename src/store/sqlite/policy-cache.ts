import type { PolicyRules } from '../../domain/types.js';
import type { PolicyCache } from '../ports.js';
import type { Migration, SqliteDatabase } from './database.js';

export const policyCacheMigrations: Migration[] = [
  {
    id: 'policies:1',
    up: (db) =>
      db.exec(`CREATE TABLE policy_cache (
        policy_hash TEXT NOT NULL,
        compiler TEXT NOT NULL,
        rules TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (policy_hash, compiler)
      )`),
  },
];

/** Compiled rules by policy content hash and compiler, so a policy costs one model call, ever. */
export class SqlitePolicyCache implements PolicyCache {
  private readonly select;
  private readonly insert;

  constructor(db: SqliteDatabase) {
    this.select = db.prepare<[string, string], { rules: string }>(
      'SELECT rules FROM policy_cache WHERE policy_hash = ? AND compiler = ?',
    );
    this.insert = db.prepare(
      'INSERT OR REPLACE INTO policy_cache (policy_hash, compiler, rules, created_at) VALUES (?, ?, ?, ?)',
    );
  }

  async get(hash: string, compiler: string): Promise<PolicyRules | null> {
    const row = this.select.get(hash, compiler);
    return row ? (JSON.parse(row.rules) as PolicyRules) : null;
  }

  async set(hash: string, compiler: string, rules: PolicyRules): Promise<void> {
    this.insert.run(hash, compiler, JSON.stringify(rules), new Date().toISOString());
  }
}
