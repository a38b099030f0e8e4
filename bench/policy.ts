/**
 * The offline policy compiler v2 alone: a generated three-page policy (numbered clauses, a limits
 * table, exclusion lists, a worked example, page footers; about 9,000 characters) compiled to
 * rules v2 with its not-understood list, as an upload of a new policy would be. Forty variants
 * (other company, amounts and places) so no cache sees the same text twice in a row; one
 * warm-up pass, then timed compilations: median and p95 wall time, and CPU time per compilation.
 * Target (Policies v2 issue): < 50 ms for a three-page policy.
 * Env: BENCH_POLICY_COMPILES (default 200).
 */
import { pathToFileURL } from 'node:url';
import { compilePolicyV2 } from '../src/ai/offline/policy/compile.js';
import { below, num, percentile, report } from './lib/report.js';

const TARGET_MS = 50;
const CITIES = ['Paris', 'Madrid', 'Vienna', 'Dublin', 'Prague'];

/** Three pages of an invented policy; `n` varies the company, amounts and the capital city. */
export function benchPolicy(n: number): string[] {
  const company = `Northbridge Systems ${n} Ltd`;
  const hotel = 140 + (n % 7) * 5;
  const capital = CITIES[n % CITIES.length];
  const page1 = `${company}
Travel and Expenses Policy
Version ${1 + (n % 4)}.${n % 10} · effective 1 January 2027

1. Purpose and scope
1.1 This policy explains which costs incurred on company business are paid back to employees.
1.2 All amounts are in euros (EUR). Unless stated otherwise, every limit includes VAT.
1.3 Where an expense exceeds a limit, the limit is paid and the rest is a personal cost.
1.4 Items that are not reimbursed are removed from the receipt they appear on.
1.5 This policy applies to all employees, contractors paid through payroll and interns, in every
office of the group, and to expenses incurred while working away from the usual workplace.
1.6 Employees are expected to spend the company's money as carefully as their own and to choose
the most economical option that meets the business need.
1.7 Expenses must be incurred for business purposes.
1.8 Finance may ask for more information about any claim before it is paid, and may refuse a
claim that is not supported by the documents this policy asks for.

2. Claims and receipts
2.1 Claims must be submitted within ${45 + (n % 3) * 15} days of the expense date.
2.2 Late claims are processed but flagged for review.
2.3 An itemised receipt is required for any expense above €${25 + (n % 5)}.
2.4 A receipt claimed twice is flagged as a possible duplicate.
2.5 Receipts in another currency are converted at the rate printed on the card slip.
2.6 Claims are approved by the line manager before payment.
2.7 Employees must submit claims through the expenses portal, one claim per trip or month.
2.8 A scanned copy of the receipt is accepted; the original may be requested by Finance.
2.9 Quotes, estimates and pro forma invoices are not valid proof of purchase.
2.10 Claims that do not follow this policy are returned to the employee with a reason.
2.11 A clear photograph of a paper receipt is accepted when the amount, the date, the supplier
and the items can all be read on it.

3. Meals
3.1 Meals while travelling are reimbursed up to the limits in section 8.
3.2 Tips are reimbursed up to 10% of the food bill.
3.3 Alcoholic drinks are not reimbursed, for example wine, beer or spirits.
3.4 Meals for two or more people need a list of attendees.
3.5 The meal limits include VAT and the reimbursable tip.
3.6 Each receipt counts as one meal, whatever the number of dishes on it.
3.7 Whether a receipt is a breakfast, a lunch or a dinner is decided by the time printed on it.
3.8 Snacks and drinks bought between meals are treated as part of the next meal.
Page 1 of 3`;
  const page2 = `4. Hotels
4.1 Hotel rooms are reimbursed up to €${hotel + 60} per night in ${capital} and €${hotel} per night elsewhere, before VAT; VAT is paid only on the allowed part.
4.2 For a stay of several nights the limit is multiplied by the number of nights.
4.3 The city tax is reimbursed on top of the limit.
4.4 Minibar, spa and laundry charges on a hotel bill are not reimbursed.
4.5 Breakfast charged to the room counts as a breakfast.
4.6 Parking charged on a hotel bill is reimbursed in full.
4.7 Employees should choose hotels close to the place of work and book through the travel agent,
which holds negotiated rates in most of the cities the company visits.
4.8 Stays with friends or family are encouraged where practical; a thank-you gift is not
reimbursed.

5. Travel
5.1 Rail journeys are reimbursed in second class only.
5.2 Flights are reimbursed in economy class only; business class is not permitted.
5.3 Taxis are reimbursed up to €${40 + (n % 4) * 5} per journey, tip included.
5.4 Car hire is reimbursed at cost, to a maximum of €${60 + (n % 3) * 10} a day.
5.5 Parking and fuel are reimbursed at actual cost.
5.6 Flights of more than six hours may be booked in premium economy.
5.7 Employees should book travel at least fourteen days in advance whenever they can, through
the travel agent named on the intranet.
5.8 Tickets must be booked in the employee's own name; tickets for partners or family members
are a personal cost.

6. Phone and internet
6.1 The company pays 50% of a personal mobile bill, at most €${25 + (n % 4)} per month.
6.2 Mobile and home internet together are reimbursed up to €${40 + (n % 5)} per calendar month.
6.3 A bill counts in the calendar month of its billing period, not of the date it was paid.
6.4 Previous balances and payments printed on a bill are not charges of the month.
6.5 Devices, cases and accessories are bought by the IT department and are never claimed as
expenses.

Worked example
A dinner of €70 with €12 of wine is reimbursed at €50: the wine is removed first, then the
dinner limit applies.
Page 2 of 3`;
  const page3 = `7. Training
7.1 Conference fees are reimbursed up to €${1500 + n * 10} per year.
7.2 Stationery is reimbursed up to €${80 + (n % 6) * 5} per expense claim.
7.3 Courses must be agreed with the manager before the employee registers, and the certificate
of attendance is kept with the claim.
7.4 Books and subscriptions needed for the job are paid in full.

8. Limits
Expense            Limit                  Notes
Breakfast          €${12 + (n % 3)} per meal            before 10:30
Lunch              €${18 + (n % 3)} per meal            10:30 to 15:00
Dinner             €${35 + (n % 4)} per meal            from 18:00
Entertainment      €${60 + (n % 5)} per guest           names of guests required
Taxi               €${40 + (n % 4) * 5} per journey         tip included

9. Not reimbursed
• personal items such as toiletries and clothing
• parking and speeding fines
• gym memberships and other personal subscriptions
• tobacco and vaping products
A fine of €${50 + n} applies to claims found to be false.

10. Changes to this policy
10.1 Finance reviews this policy every year and publishes changes on the intranet with one
month's notice; claims are judged under the version in force on the date of the expense.
10.2 Questions about this policy are answered by the finance team.
10.3 Where this policy is silent, the finance director decides, and the decision is recorded so
that similar claims are treated the same way in future.
Page 3 of 3`;
  return [page1, page2, page3];
}

function intFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

export async function run(): Promise<{ medianMs: number }> {
  const count = intFromEnv('BENCH_POLICY_COMPILES', 200);
  const policies = Array.from({ length: 40 }, (_, n) => benchPolicy(n));
  const characters = policies[0]?.join('\n').length ?? 0;
  let rules = 0;
  let notUnderstood = 0;
  for (const pages of policies) {
    const compiled = compilePolicyV2(pages, { policy_hash: 'bench-policy' });
    rules = compiled.rules.caps.length + compiled.rules.exclusions.length;
    notUnderstood = compiled.not_understood.length;
  }
  const times: number[] = [];
  const cpu = process.cpuUsage();
  for (let index = 0; index < count; index += 1) {
    const started = performance.now();
    compilePolicyV2(policies[index % policies.length] as string[], { policy_hash: 'bench-policy' });
    times.push(performance.now() - started);
  }
  const used = process.cpuUsage(cpu);
  times.sort((a, b) => a - b);
  const medianMs = percentile(times, 0.5);
  const cpuMs = (used.user + used.system) / 1000 / count;
  report(
    'policy.compile_v2',
    `median ${num(medianMs, 1)} ms, p95 ${num(percentile(times, 0.95), 1)} ms, ${num(cpuMs, 1)} ms of CPU per compilation (three pages, ${num(characters)} characters; ${rules} caps and exclusions, ${notUnderstood} sentences not understood; ${num(count)} compilations of 40 variants)`,
    below(medianMs, TARGET_MS, 'ms'),
  );
  return { medianMs };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await run();
