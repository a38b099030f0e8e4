/**
 * Who may see and change what: every access rule of the product in one place, so invoices, jobs,
 * chat and export cannot drift apart. Pure: these functions answer questions; the route layer
 * (src/access/guards.ts) turns a "no" into the HTTP error, so this module needs nothing outside
 * domain/.
 *
 *  - employee: their own uploads only; may only upload under their own name.
 *  - finance:  every record; may override decisions.
 *  - admin:    everything finance may, plus the audit log.
 */
import { normalizeEmployeeKey } from './text.js';
import type { Caller, InvoiceFilter, Role } from './types.js';

export const ROLES: readonly Role[] = ['employee', 'finance', 'admin'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Finance and admin work across employees; an employee sees only what they uploaded. */
export function seesEveryone(caller: Caller): boolean {
  return caller.role === 'finance' || caller.role === 'admin';
}

/**
 * The filter a caller is allowed to run. An employee's filter is pinned to their own subject
 * whatever they asked (including an owner_sub naming someone else), so list, search, export,
 * aggregates and chat retrieval all inherit the scope from this one call. Never mutates `filter`.
 */
export function scopeFilter<F extends InvoiceFilter>(caller: Caller, filter: F): F {
  if (seesEveryone(caller)) return { ...filter };
  return { ...filter, owner_sub: caller.sub };
}

/** Records, jobs and anything else carrying the subject of its uploader. */
export interface Owned {
  owner_sub: string;
}

export function canReadRecord(caller: Caller, record: Owned): boolean {
  return seesEveryone(caller) || record.owner_sub === caller.sub;
}

/** Overriding a decision (PATCH /invoices/{id}/decision) is finance review. */
export const OVERRIDE_ROLES: readonly Role[] = ['finance', 'admin'];
export function canOverride(caller: Caller): boolean {
  return OVERRIDE_ROLES.includes(caller.role);
}

/** The audit log names every user and what they did: administrators only. */
export const AUDIT_READER_ROLES: readonly Role[] = ['admin'];
export function canReadAudit(caller: Caller): boolean {
  return AUDIT_READER_ROLES.includes(caller.role);
}

export type AccessDecision =
  | { allowed: true }
  | { allowed: false; code: 'employee_mismatch'; reason: string };

/** Names compared the way the store keys employees: case, accents, punctuation and spacing ignored. */
export function sameEmployeeName(a: string, b: string): boolean {
  const left = normalizeEmployeeKey(a);
  return left !== '' && left === normalizeEmployeeKey(b);
}

/**
 * Whether the caller may submit invoices under `employeeName`. An employee may only claim for
 * themselves (otherwise anyone could file claims in a colleague's name); finance and admin file on
 * behalf of others. The comparison is exact after normalisation, not fuzzy: "Ravi" must not pass
 * for "Ravi Kumar" when it is someone else's claim at stake.
 */
export function analyseAsDecision(caller: Caller, employeeName: string): AccessDecision {
  if (seesEveryone(caller) || sameEmployeeName(caller.name, employeeName)) return { allowed: true };
  return {
    allowed: false,
    code: 'employee_mismatch',
    reason: `An employee may only submit invoices under their own name ("${caller.name}"), not "${employeeName}".`,
  };
}

/** Publishing, correcting, previewing and activating policies is finance work; reading is open. */
export const POLICY_MANAGER_ROLES: readonly Role[] = ['finance', 'admin'];
