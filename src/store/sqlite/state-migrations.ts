import type { Migration } from './database.js';

/** Jobs, job events, chat history, idempotency keys and the audit log. */
export const stateMigrations: Migration[] = [
  {
    id: 'jobs:1',
    up: (db) =>
      db.exec(`
        CREATE TABLE jobs (
          id TEXT PRIMARY KEY,
          owner_sub TEXT NOT NULL,
          state TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          job TEXT NOT NULL
        );
        CREATE INDEX jobs_unfinished ON jobs (created_at, id) WHERE state IN ('queued', 'running');
        CREATE INDEX jobs_by_owner ON jobs (owner_sub, created_at);
        CREATE TABLE job_events (
          job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
          seq INTEGER NOT NULL,
          type TEXT NOT NULL,
          data TEXT NOT NULL,
          at TEXT NOT NULL,
          PRIMARY KEY (job_id, seq)
        ) WITHOUT ROWID;
      `),
  },
  {
    id: 'chat:1',
    // Sessions are keyed by owner and id together: another user's id simply does not exist for you.
    up: (db) =>
      db.exec(`
        CREATE TABLE chat_sessions (
          owner_sub TEXT NOT NULL,
          session_id TEXT NOT NULL,
          title TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          PRIMARY KEY (owner_sub, session_id)
        ) WITHOUT ROWID;
        CREATE INDEX chat_sessions_recent ON chat_sessions (owner_sub, updated_at);
        CREATE TABLE chat_turns (
          owner_sub TEXT NOT NULL,
          session_id TEXT NOT NULL,
          position INTEGER NOT NULL,
          turn TEXT NOT NULL,
          PRIMARY KEY (owner_sub, session_id, position),
          FOREIGN KEY (owner_sub, session_id) REFERENCES chat_sessions (owner_sub, session_id) ON DELETE CASCADE
        ) WITHOUT ROWID;
      `),
  },
  {
    id: 'idempotency:1',
    up: (db) =>
      db.exec(`
        CREATE TABLE idempotency_keys (
          owner_sub TEXT NOT NULL,
          key TEXT NOT NULL,
          fingerprint TEXT NOT NULL,
          state TEXT NOT NULL,
          status_code INTEGER,
          body TEXT,
          headers TEXT,
          created_at TEXT NOT NULL,
          created_ms INTEGER NOT NULL,
          PRIMARY KEY (owner_sub, key)
        ) WITHOUT ROWID;
        CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_ms);
      `),
  },
  {
    id: 'audit:1',
    // AUTOINCREMENT keeps seq strictly increasing (never reused), which the cursor relies on;
    // the triggers make the log append-only for every writer, not just this adapter.
    up: (db) =>
      db.exec(`
        CREATE TABLE audit_log (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          id TEXT NOT NULL UNIQUE,
          at TEXT NOT NULL,
          actor_sub TEXT NOT NULL,
          actor_name TEXT NOT NULL,
          actor_role TEXT NOT NULL,
          action TEXT NOT NULL,
          target_type TEXT NOT NULL,
          target_id TEXT,
          request_id TEXT NOT NULL,
          client_ip TEXT NOT NULL,
          details TEXT NOT NULL
        );
        CREATE INDEX audit_log_by_actor ON audit_log (actor_sub, seq);
        CREATE INDEX audit_log_by_action ON audit_log (action, seq);
        CREATE INDEX audit_log_by_target ON audit_log (target_id, seq);
        CREATE INDEX audit_log_by_time ON audit_log (at);
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
          BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
          BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      `),
  },
  {
    id: 'overrides:1',
    // The journal of decision overrides for invoices kept outside this database (Qdrant): the
    // version each invoice was last overridden at, and the record until the invoice store has it.
    up: (db) =>
      db.exec(`
        CREATE TABLE override_journal (
          invoice_id TEXT PRIMARY KEY,
          version TEXT NOT NULL,
          pending TEXT
        ) WITHOUT ROWID;
      `),
  },
];
