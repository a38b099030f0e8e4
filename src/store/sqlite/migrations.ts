import type { Migration } from './database.js';
import { invoiceMigrations } from './invoice-migrations.js';
import { policyCacheMigrations } from './policy-cache.js';
import { policyStoreMigrations } from './policy-store.js';
import { stateMigrations } from './state-migrations.js';
import { webhookMigrations } from './webhook-store.js';

/** Every migration of the embedded database, area by area. */
export const ALL_MIGRATIONS: Migration[] = [
  ...invoiceMigrations,
  ...stateMigrations,
  ...policyCacheMigrations,
  ...policyStoreMigrations,
  ...webhookMigrations,
];
