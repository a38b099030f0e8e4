import type { ChatHistoryStore, ChatSession, ChatTurn } from '../ports.js';
import {
  assertMaxTurns,
  type Clock,
  decodeChatTurn,
  encodeChatTurn,
  sessionTitle,
  systemClock,
} from '../state-codec.js';
import type { SqliteDatabase } from './database.js';

export interface SqliteChatHistoryStoreOptions {
  /** Opened with the state migrations applied; shared with the other stores, so not closed here. */
  db: SqliteDatabase;
  clock?: Clock;
}

/** Chat sessions and their most recent turns, visible only to the user who owns them. */
export class SqliteChatHistoryStore implements ChatHistoryStore {
  private readonly db: SqliteDatabase;
  private readonly clock: Clock;
  private readonly statements;
  private readonly appendInTransaction;

  constructor(options: SqliteChatHistoryStoreOptions) {
    this.db = options.db;
    this.clock = options.clock ?? systemClock;
    this.statements = {
      // The title is the first question ever asked, so a later append only fills a missing one.
      upsertSession: this.db.prepare(`
        INSERT INTO chat_sessions (owner_sub, session_id, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (owner_sub, session_id) DO UPDATE SET
          updated_at = excluded.updated_at,
          title = CASE WHEN chat_sessions.title = '' THEN excluded.title ELSE chat_sessions.title END`),
      lastPosition: this.db
        .prepare(
          'SELECT COALESCE(MAX(position), 0) FROM chat_turns WHERE owner_sub = ? AND session_id = ?',
        )
        .pluck(),
      insertTurn: this.db.prepare(
        'INSERT INTO chat_turns (owner_sub, session_id, position, turn) VALUES (?, ?, ?, ?)',
      ),
      trim: this.db.prepare(
        'DELETE FROM chat_turns WHERE owner_sub = ? AND session_id = ? AND position <= ?',
      ),
      sessionExists: this.db
        .prepare('SELECT 1 FROM chat_sessions WHERE owner_sub = ? AND session_id = ?')
        .pluck(),
      turns: this.db
        .prepare(
          'SELECT turn FROM chat_turns WHERE owner_sub = ? AND session_id = ? ORDER BY position',
        )
        .pluck(),
      deleteSession: this.db.prepare(
        'DELETE FROM chat_sessions WHERE owner_sub = ? AND session_id = ?',
      ),
      sessions: this.db.prepare(`
        SELECT s.session_id, s.owner_sub, s.title, s.created_at, s.updated_at,
               (SELECT COUNT(*) FROM chat_turns t WHERE t.owner_sub = s.owner_sub AND t.session_id = s.session_id) AS turns
        FROM chat_sessions s WHERE s.owner_sub = ? ORDER BY s.updated_at DESC, s.session_id DESC`),
      ping: this.db.prepare('SELECT 1').pluck(),
    };
    this.appendInTransaction = this.db.transaction(
      (sessionId: string, ownerSub: string, turns: ChatTurn[], maxTurns: number) => {
        const now = this.clock().toISOString();
        this.statements.upsertSession.run(ownerSub, sessionId, sessionTitle(turns), now, now);
        let position = this.statements.lastPosition.get(ownerSub, sessionId) as number;
        for (const turn of turns)
          this.statements.insertTurn.run(ownerSub, sessionId, ++position, encodeChatTurn(turn));
        this.statements.trim.run(ownerSub, sessionId, position - maxTurns);
      },
    );
  }

  async ping(): Promise<void> {
    this.statements.ping.get();
  }

  async append(
    sessionId: string,
    ownerSub: string,
    turns: ChatTurn[],
    maxTurns: number,
  ): Promise<void> {
    assertMaxTurns(maxTurns);
    this.appendInTransaction.immediate(sessionId, ownerSub, turns, maxTurns);
  }

  async history(sessionId: string, ownerSub: string): Promise<ChatTurn[] | null> {
    if (this.statements.sessionExists.get(ownerSub, sessionId) === undefined) return null;
    return (this.statements.turns.all(ownerSub, sessionId) as string[]).map(decodeChatTurn);
  }

  async delete(sessionId: string, ownerSub: string): Promise<boolean> {
    return this.statements.deleteSession.run(ownerSub, sessionId).changes > 0;
  }

  async sessions(ownerSub: string): Promise<ChatSession[]> {
    return this.statements.sessions.all(ownerSub) as ChatSession[];
  }

  async close(): Promise<void> {}
}
