/**
 * The access rules of src/domain/access.ts as HTTP errors, for routes. Domain code stays free of
 * HTTP; routes call these so every resource refuses in the same words and with the same status.
 * Role-only rules (override, audit) need no guard: routes name the roles in their config
 * (`config: { roles: OVERRIDE_ROLES }`) and the auth plugin's one hook enforces them.
 */
import { analyseAsDecision, canReadRecord, type Owned } from '../domain/access.js';
import type { Caller } from '../domain/types.js';
import { ForbiddenError, NotFoundError } from '../errors.js';

/**
 * Returns the record when the caller may read it; otherwise throws exactly the 404 a missing id
 * gets. Answering 403 for someone else's id would confirm that the id exists (and so that a
 * colleague filed that invoice or job), so "not yours" and "not there" must be indistinguishable:
 * same status, code and message. Use it for every read or change addressed by id.
 *
 *   const invoice = notFoundUnlessReadable(request.caller, await store.get(id), 'Invoice', id);
 */
export function notFoundUnlessReadable<T extends Owned>(
  caller: Caller,
  record: T | null | undefined,
  what: string,
  id: string,
): T {
  if (!record || !canReadRecord(caller, record)) throw new NotFoundError(what, id);
  return record;
}

/** Throws 403 `employee_mismatch` when an employee submits under a name or id that is not theirs. */
export function assertCanAnalyseAs(
  caller: Caller,
  employeeName: string,
  employeeId: string | null = null,
): void {
  const decision = analyseAsDecision(caller, employeeName, employeeId);
  if (!decision.allowed) throw new ForbiddenError(decision.code, decision.reason);
}
