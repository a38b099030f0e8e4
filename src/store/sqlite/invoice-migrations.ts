import type { Migration } from './database.js';

/** Invoices, their full-text index and vectors. */
export const invoiceMigrations: Migration[] = [];
