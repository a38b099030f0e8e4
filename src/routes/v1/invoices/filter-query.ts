import { type Static, Type } from 'typebox';
import { CATEGORIES, FLAGS, type InvoiceFilter, STATUSES } from '../../../domain/types.js';
import { BadRequestError } from '../../../errors.js';

/** Repeated parameters or comma-separated values, each one of `values` (checked by the pattern). */
const list = (values: readonly string[], description: string) => {
  const one = `(${values.join('|')})`;
  return Type.Optional(
    Type.Array(
      Type.String({
        pattern: `^${one}(,${one})*$`,
        description: `One or more of: ${values.join(', ')}.`,
      }),
      {
        description: `${description} Repeat the parameter or separate values with commas.`,
      },
    ),
  );
};

/** Query parameters of GET /invoices and /invoices/export.csv: one filter model for both. */
export const InvoiceFilterQuery = Type.Object(
  {
    employee: Type.Optional(
      Type.String({ maxLength: 200, description: 'Employee name; case and accents are ignored.' }),
    ),
    status: list(STATUSES, 'Statuses to include.'),
    category: list(CATEGORIES, 'Categories to include.'),
    flags: list(FLAGS, 'Only invoices carrying every one of these flags.'),
    date_from: Type.Optional(
      Type.String({ format: 'date', description: 'Invoice date on or after (YYYY-MM-DD).' }),
    ),
    date_to: Type.Optional(
      Type.String({ format: 'date', description: 'Invoice date on or before (YYYY-MM-DD).' }),
    ),
    amount_min_minor: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Total claimed at least this, in minor units.' }),
    ),
    amount_max_minor: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Total claimed at most this, in minor units.' }),
    ),
    job_id: Type.Optional(Type.String({ description: 'Only invoices of this job.' })),
    q: Type.Optional(
      Type.String({
        maxLength: 200,
        description:
          'Free text matched against file, vendor, employee, number, reason and the document text: every word must occur. With Gemini embeddings, GET /invoices ranks by meaning and words instead (see `retrieval`).',
      }),
    ),
  },
  { additionalProperties: false },
);
export type InvoiceFilterQuery = Static<typeof InvoiceFilterQuery>;

/** Splits comma-separated values so `status=declined,partially_reimbursed` works like repeats. */
const split = <T extends string>(values: string[] | undefined): T[] | undefined =>
  values
    ? (values
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter(Boolean) as T[])
    : undefined;

/** A range whose start is after its end matches nothing: a mistake to name, not an empty page. */
function assertRange(
  query: InvoiceFilterQuery,
  from: 'date_from' | 'amount_min_minor',
  to: 'date_to' | 'amount_max_minor',
): void {
  const start = query[from];
  const end = query[to];
  // Dates as YYYY-MM-DD and integers both order correctly with `>`.
  if (start === undefined || end === undefined || !(start > end)) return;
  const message = `${from} ${start} is after ${to} ${end}`;
  throw new BadRequestError('invalid_filter', `Invalid filter: ${message}.`, [
    { pointer: `/${from}`, message: `must not be after ${to}` },
    { pointer: `/${to}`, message: `must not be before ${from}` },
  ]);
}

export function toInvoiceFilter(query: InvoiceFilterQuery): InvoiceFilter {
  assertRange(query, 'date_from', 'date_to');
  assertRange(query, 'amount_min_minor', 'amount_max_minor');
  const filter: InvoiceFilter = {};
  if (query.employee) filter.employee = query.employee;
  const status = split<NonNullable<InvoiceFilter['status']>[number]>(query.status);
  if (status) filter.status = status;
  const category = split<NonNullable<InvoiceFilter['category']>[number]>(query.category);
  if (category) filter.category = category;
  const flags = split<NonNullable<InvoiceFilter['flags']>[number]>(query.flags);
  if (flags) filter.flags = flags;
  if (query.date_from) filter.date_from = query.date_from;
  if (query.date_to) filter.date_to = query.date_to;
  if (query.amount_min_minor !== undefined) filter.amount_min_minor = query.amount_min_minor;
  if (query.amount_max_minor !== undefined) filter.amount_max_minor = query.amount_max_minor;
  if (query.job_id) filter.job_id = query.job_id;
  if (query.q) filter.text = query.q;
  return filter;
}
