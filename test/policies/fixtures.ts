/**
 * Policies and receipts made by the tests themselves: a short expense policy in pounds (as text,
 * PDF or rules v2 JSON) and meal receipts as PDFs the offline reader can read.
 */
import type { FastifyInstance } from 'fastify';
import { claimForm } from '../helpers/claims.js';
import { bearer, tokenFor, USERS } from '../helpers/tokens.js';
import { makePdf } from '../ingest/ingest-fixtures.js';

export { USERS };

/** A policy of a made-up company: meals capped per meal, alcohol excluded, a 30-day window. */
export function policyText(mealCapPounds = 30): string {
  return [
    'Harbour Lane Studios - Expense Policy',
    'All amounts are in GBP.',
    `Meals are reimbursed up to £${mealCapPounds} per meal, including taxes.`,
    'Taxi fares are reimbursed up to £50 per trip.',
    'Alcoholic beverages are not reimbursable.',
    'Claims must be submitted within 30 days of the expense.',
  ].join('\n');
}

export const policyPdf = (mealCapPounds = 30): Promise<Buffer> =>
  makePdf([policyText(mealCapPounds).split('\n')]);

/** Rules v2 written by hand, as finance might send them. */
export function rulesV2Json(mealCapMinor = 3000): Record<string, unknown> {
  return {
    schema_version: 2,
    name: 'Hand-written rules',
    currency: 'GBP',
    home_country: 'GB',
    rounding: 'half_up',
    categories: [
      {
        id: 'meal.eligible',
        category: 'meal',
        label: 'Meals',
        eligible: true,
        source: { quote: 'Meals are reimbursed.', page: null },
      },
    ],
    caps: [
      {
        id: 'meal.cap',
        categories: ['meal'],
        amount_minor: mealCapMinor,
        locations: [],
        basis: 'gross',
        period: 'meal',
        when: null,
        source: { quote: `Meals up to ${mealCapMinor / 100} pounds per meal.`, page: null },
      },
    ],
    exclusions: [],
    line_categories: [],
    on_top: [],
    shares: [],
    relative_limits: [],
    declines: [],
    evidence: [],
    meal_hours: null,
    foreign_currency: null,
    submission_window: null,
    compiled_by: 'client',
    migrated_from: null,
  };
}

/** A restaurant bill the offline reader reads as a meal of `total` pounds. */
export function mealReceipt(options: {
  vendor?: string;
  number: string;
  date: string;
  total: string;
}): Promise<Buffer> {
  const vendor = options.vendor ?? 'Quayside Canteen';
  return makePdf([
    [
      vendor,
      'Restaurant',
      `Bill No: ${options.number}`,
      `Date: ${options.date}`,
      `Lunch set 1 ${options.total} ${options.total}`,
      `Total: GBP ${options.total}`,
    ],
  ]);
}

export type User = (typeof USERS)[keyof typeof USERS];

export async function auth(user: User): Promise<{ authorization: string }> {
  return bearer(await tokenFor(user));
}

/** The multipart of POST /policies (or …/versions). */
export function policyUpload(
  file: { bytes: Buffer; name: string; type: string },
  name?: string,
): FormData {
  return claimForm(name === undefined ? {} : { name }, [
    { field: 'policy_file', bytes: file.bytes, name: file.name, type: file.type },
  ]);
}

export const textFile = (text: string, name = 'policy.txt') => ({
  bytes: Buffer.from(text),
  name,
  type: 'text/plain',
});

export const jsonFile = (value: unknown, name = 'rules.json') => ({
  bytes: Buffer.from(JSON.stringify(value)),
  name,
  type: 'application/json',
});

/** Creates a policy as `user` and returns the response body; fails the test on any other status. */
export async function createPolicy(
  app: FastifyInstance,
  user: User,
  file: { bytes: Buffer; name: string; type: string },
  name?: string,
) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/policies',
    headers: await auth(user),
    payload: policyUpload(file, name),
  });
  if (res.statusCode !== 201) throw new Error(`create policy: ${res.statusCode} ${res.body}`);
  return res.json();
}

export async function activate(app: FastifyInstance, user: User, id: string, n: number) {
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/policies/${id}/versions/${n}/activate`,
    headers: await auth(user),
  });
  if (res.statusCode !== 200) throw new Error(`activate: ${res.statusCode} ${res.body}`);
  return res.json();
}
