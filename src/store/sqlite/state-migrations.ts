import type { Migration } from './database.js';

/** Jobs, job events, chat history, idempotency keys and the audit log. */
export const stateMigrations: Migration[] = [];
