/**
 * Who may see and change what: every access rule of the product in one place, so invoices, jobs,
 * chat and export cannot drift apart. Pure: these functions answer questions; the route layer
 * (src/access/guards.ts) turns a "no" into the HTTP error, so this module needs nothing outside
 * domain/.
 *
 *  - employee: their own uploads and the claims finance filed for them (employee_id = their
 *              subject), read-only; may only upload under their own name and id.
 *  - finance:  every record; may override decisions.
 *  - admin:    everything finance may, plus the audit log.
 */
import { normalizeEmployeeKey } from './text.js';
import type { Caller, InvoiceFilter, Role } from './types.js';

export const ROLES: readonly Role[] = ['employee', 'finance', 'admin'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Finance and admin work across employees; an employee sees only their own (see canReadRecord). */
export function seesEveryone(caller: Caller): boolean {
  return caller.role === 'finance' || caller.role === 'admin';
}

/**
 * The filter a caller is allowed to run. An employee's filter is pinned to their own subject
 * whatever they asked (including an owner_sub naming someone else): `owner_sub` in a filter means
 * "uploaded by or filed for" (stores match owner_sub or employee_id), so list, search, export,
 * aggregates and chat retrieval all inherit the scope from this one call. Never mutates `filter`.
 */
export function scopeFilter<F extends InvoiceFilter>(caller: Caller, filter: F): F {
  if (seesEveryone(caller)) return { ...filter };
  return { ...filter, owner_sub: caller.sub };
}

/** Records, jobs and anything else carrying the subject of its uploader (and of its employee). */
export interface Owned {
  owner_sub: string;
  /** The employee it was filed for; they may read it whoever uploaded it. */
  employee_id?: string | undefined;
}

/**
 * Reading only: what employees may change is decided by role (overrides and deletes are finance
 * work), so a claim filed for an employee is theirs to see, not to change.
 */
export function canReadRecord(caller: Caller, record: Owned): boolean {
  return (
    seesEveryone(caller) || record.owner_sub === caller.sub || record.employee_id === caller.sub
  );
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
 * Whether the caller may submit invoices under `employeeName` (and `employeeId`, when sent). An
 * employee may only claim for themselves (otherwise anyone could file claims in a colleague's
 * name); finance and admin file on behalf of others. The comparison is exact after normalisation,
 * not fuzzy: "Ravi" must not pass for "Ravi Kumar" when it is someone else's claim at stake.
 */
export function analyseAsDecision(
  caller: Caller,
  employeeName: string,
  employeeId: string | null = null,
): AccessDecision {
  if (seesEveryone(caller)) return { allowed: true };
  if (!sameEmployeeName(caller.name, employeeName))
    return {
      allowed: false,
      code: 'employee_mismatch',
      reason: `An employee may only submit invoices under their own name ("${caller.name}"), not "${employeeName}".`,
    };
  if (employeeId !== null && employeeId !== caller.sub)
    return {
      allowed: false,
      code: 'employee_mismatch',
      reason: `An employee may only submit invoices under their own id ("${caller.sub}"), not "${employeeId}".`,
    };
  return { allowed: true };
}

/** Prefix of employee ids derived from a name, so none can equal a token's subject by chance. */
export const NAME_ID_PREFIX = 'name:';

/** The id of an employee known only by name: their normalised name (what stores keyed before ids). */
export function nameDerivedEmployeeId(employeeName: string): string {
  return `${NAME_ID_PREFIX}${normalizeEmployeeKey(employeeName)}`;
}

/**
 * The stable id a claim is filed under (call after analyseAsDecision allowed it). An employee
 * files for themselves: their subject, whatever the name's spelling. Finance and admin name the
 * employee with the upload's employee_id; without one, the id is derived from the name (as every
 * record was keyed before ids, and what AUTH_MODE=none, with its one local user, always uses):
 * then the same spelling is the same person, so finance should send employee_id when it knows it.
 */
export function claimEmployeeId(
  caller: Caller,
  employeeName: string,
  employeeId: string | null,
): string {
  if (!seesEveryone(caller)) return caller.sub;
  return employeeId ?? nameDerivedEmployeeId(employeeName);
}

/** Publishing, correcting, previewing and activating policies is finance work; reading is open. */
export const POLICY_MANAGER_ROLES: readonly Role[] = ['finance', 'admin'];
