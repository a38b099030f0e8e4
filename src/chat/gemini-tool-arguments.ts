/**
 * The arguments of a tool call checked and turned into the store's filter. The model gets things
 * wrong (a status not in the enum, a date as "last March", a negative amount): each mistake is a
 * ToolArgumentError whose message goes back to the model as the tool's answer, so it can correct
 * the call instead of the chat failing.
 */
import { parseAmount } from '../domain/money.js';
import { isIsoDate } from '../domain/text.js';
import { CATEGORIES, FLAGS, type InvoiceFilter, STATUSES } from '../domain/types.js';
import { resolveEmployeeName } from './language/employee-names.js';

/** A tool call the model got wrong: reported back to it so it can correct the call. */
export class ToolArgumentError extends Error {}

export type ToolArguments = Record<string, unknown>;

export interface FilterContext {
  /** Currency of amount filters (major units). */
  currency: string;
  /** Employee names the caller may see, to resolve the name the model passes ("Rani" → "rani sharma"). */
  employees: readonly string[];
}

/** An argument given as one value or a list, each among `allowed`; undefined when left out. */
export function stringList<T extends string>(
  args: ToolArguments,
  name: string,
  allowed: readonly T[],
): T[] | undefined {
  const raw = args[name];
  if (raw === undefined || raw === null) return undefined;
  const values = (Array.isArray(raw) ? raw : [raw]).map(String);
  const unknown = values.filter((value) => !allowed.includes(value as T));
  if (unknown.length > 0)
    throw new ToolArgumentError(
      `${name} must be among ${allowed.join(', ')}; got ${unknown.join(', ')}.`,
    );
  return values.length > 0 ? [...new Set(values as T[])] : undefined;
}

/** The filter both invoice tools share (employee, status, category, flags, dates, amounts). */
export function filterOf(args: ToolArguments, context: FilterContext): InvoiceFilter {
  const filter: InvoiceFilter = {};
  if (typeof args.employee === 'string' && args.employee.trim() !== '')
    filter.employee = resolveEmployeeName(args.employee, context.employees);
  const status = stringList(args, 'status', STATUSES);
  if (status) filter.status = status;
  const category = stringList(args, 'category', CATEGORIES);
  if (category) filter.category = category;
  const flags = stringList(args, 'flags', FLAGS);
  if (flags) filter.flags = flags;
  for (const bound of ['date_from', 'date_to'] as const) {
    const value = args[bound];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string' || !isIsoDate(value))
      throw new ToolArgumentError(`${bound} must be a date as YYYY-MM-DD.`);
    filter[bound] = value;
  }
  for (const [name, key] of [
    ['amount_min', 'amount_min_minor'],
    ['amount_max', 'amount_max_minor'],
  ] as const) {
    const value = args[name];
    if (value === undefined || value === null) continue;
    const parsed =
      typeof value === 'number' || typeof value === 'string'
        ? parseAmount(String(value), context.currency)
        : null;
    if (!parsed || parsed.amount_minor < 0)
      throw new ToolArgumentError(`${name} must be a non-negative number of ${context.currency}.`);
    filter[key] = parsed.amount_minor;
  }
  return filter;
}
