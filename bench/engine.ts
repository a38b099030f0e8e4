/**
 * The decision engine v2 alone: generated invoice facts (meals with alcohol and tips, hotel
 * folios with breakfasts and tourist tax, taxis, rail tickets by class, phone bills by billing
 * period, foreign-currency folios with a printed rate) decided under a rule set using every rule
 * kind, in claims of 100 invoices with 50 earlier invoices sharing allowances. No reading, no I/O:
 * invoices per second of decideV2, wall and CPU.
 * Target (Policies v2 issue): >= 10,000 invoices per second.
 * Env: BENCH_ENGINE_INVOICES (default 20000).
 */
import { pathToFileURL } from 'node:url';
import { type ClaimInvoiceV2, decideV2, type PriorSpendV2 } from '../src/domain/decide-v2.js';
import { emptyFacts, type FactLine, factLine, type InvoiceFacts } from '../src/domain/facts.js';
import type { PolicyRulesV2 } from '../src/domain/rules/types.js';
import { parseRulesV2 } from '../src/schemas/rules-v2-parse.js';
import { atLeast, num, report } from './lib/report.js';

const TARGET_PER_SECOND = 10_000;
const CLAIM_SIZE = 100;

const src = (quote: string) => ({ quote, page: 1 });

export const BENCH_RULES: PolicyRulesV2 = parseRulesV2({
  policy_hash: 'bench-engine',
  name: 'Bench policy',
  currency: 'EUR',
  home_country: 'FR',
  rounding: 'half_up',
  categories: ['meal', 'lodging', 'taxi', 'travel', 'telecom'].map((category) => ({
    id: `${category}.ok`,
    category,
    label: category,
    eligible: true,
    source: src(`${category} is reimbursed.`),
  })),
  caps: [
    {
      id: 'meal.each',
      categories: ['meal'],
      amount_minor: 2500,
      locations: [],
      basis: 'gross',
      period: 'person',
      when: null,
      source: src('25 per person.'),
    },
    {
      id: 'meal.day',
      categories: ['meal'],
      amount_minor: 4000,
      locations: [],
      basis: 'gross',
      period: 'day',
      when: { persons_max: 1 },
      source: src('40 a day.'),
    },
    {
      id: 'hotel',
      categories: ['lodging'],
      amount_minor: 11000,
      locations: [{ city: 'Paris', country: null, amount_minor: 15000 }],
      basis: 'net_plus_eligible_tax',
      period: 'night',
      when: null,
      source: src('150 a night in Paris, 110 elsewhere.'),
    },
    {
      id: 'breakfast',
      categories: ['meal.breakfast'],
      amount_minor: 1200,
      locations: [],
      basis: 'gross',
      period: 'meal',
      when: null,
      source: src('12 a breakfast.'),
    },
    {
      id: 'taxi',
      categories: ['taxi'],
      amount_minor: 4500,
      locations: [],
      basis: 'gross',
      period: 'trip',
      when: null,
      source: src('45 a journey.'),
    },
    {
      id: 'phone',
      categories: ['telecom.mobile', 'telecom.internet'],
      amount_minor: 4000,
      locations: [],
      basis: 'gross',
      period: 'billing_month',
      when: null,
      source: src('40 a month.'),
    },
  ],
  exclusions: [
    {
      id: 'alcohol',
      categories: null,
      line_kinds: ['alcohol', 'minibar'],
      terms: ['tobacco'],
      source: src('No alcohol.'),
    },
  ],
  line_categories: [
    {
      id: 'folio.breakfast',
      categories: ['lodging'],
      line_kinds: ['breakfast'],
      treat_as: 'meal.breakfast',
      source: src('Breakfasts are breakfasts.'),
    },
  ],
  on_top: [
    {
      id: 'tourist',
      categories: ['lodging'],
      line_kinds: ['tourist_tax'],
      source: src('Tourist tax on top.'),
    },
  ],
  shares: [
    {
      id: 'phone.half',
      categories: ['telecom.mobile'],
      percent_bp: 5000,
      when: null,
      source: src('Half of phone bills.'),
    },
  ],
  relative_limits: [
    {
      id: 'tip',
      categories: ['meal'],
      line_kinds: ['tip'],
      percent_bp: 1250,
      of_line_kinds: ['food', 'beverage'],
      of_basis: 'gross',
      source: src('Tips up to 12.5%.'),
    },
  ],
  declines: [
    {
      id: 'rail.first',
      categories: ['travel.rail'],
      when: { travel_class: ['rail_first'] },
      source: src('No first class.'),
    },
  ],
  evidence: [
    {
      id: 'guests',
      categories: ['meal'],
      requires: 'attendee_names',
      above_minor: null,
      when: { persons_min: 2 },
      action: 'flag',
      source: src('Name guests.'),
    },
  ],
  meal_hours: null,
  foreign_currency: { id: 'fx', accept: 'printed_rate', source: src('Printed rate.') },
  submission_window: { id: 'window', days: 90, source: src('Within 90 days.') },
  compiled_by: 'client',
});

const read = <T>(value: T) => ({ value, confidence: 0.9, page: 1 });
const at = (net: number, rate = 1000): Partial<FactLine> => ({
  net_minor: net,
  tax_minor: Math.round((net * rate) / 10_000),
  tax_rate_bp: rate,
});

function facts(index: number): InvoiceFacts {
  const day = `2026-03-${String(1 + (index % 28)).padStart(2, '0')}`;
  const base = { ...emptyFacts('offline'), date: read(day), currency: read('EUR') };
  const lines = (list: FactLine[]): Pick<InvoiceFacts, 'lines' | 'total_minor'> => ({
    lines: list,
    total_minor: read(list.reduce((sum, l) => sum + (l.net_minor ?? 0) + (l.tax_minor ?? 0), 0)),
  });
  switch (index % 6) {
    case 0:
      return {
        ...base,
        category: read('meal'),
        printed_time: read(index % 2 ? '12:30' : '20:15'),
        persons: read(1 + (index % 3)),
        ...lines([
          factLine('Plat', 'food', at(1800 + (index % 900))),
          factLine('Vin', 'alcohol', at(600)),
          factLine('Pourboire', 'tip', { gross_minor: 400 }),
        ]),
      };
    case 1:
      return {
        ...base,
        category: read('lodging'),
        city: read(index % 2 ? 'Paris' : 'Lille'),
        nights: read(2),
        ...lines([
          factLine('Chambre', 'room', { ...at(26000), quantity: 2 }),
          factLine('Petit déjeuner', 'breakfast', { ...at(2800), quantity: 2 }),
          factLine('Taxe de séjour', 'tourist_tax', { net_minor: 780, tax_minor: 0 }),
          factLine('Minibar', 'minibar', at(700)),
        ]),
      };
    case 2:
      return { ...base, category: read('taxi'), total_minor: read(2000 + (index % 5000)) };
    case 3:
      return {
        ...base,
        category: read('travel.rail'),
        travel_class: read(index % 4 === 3 ? 'rail_first' : 'rail_second'),
        total_minor: read(15200),
      };
    case 4:
      return {
        ...base,
        category: read(index % 2 ? 'telecom.mobile' : 'telecom.internet'),
        billing_period: read({ start: `${day.slice(0, 7)}-01`, end: `${day.slice(0, 7)}-28` }),
        total_minor: read(2799 + (index % 3000)),
      };
    default:
      return {
        ...base,
        category: read('lodging'),
        currency: read('USD'),
        exchange_rate: read({ from: 'USD', to: 'EUR', rate: '0.9214' }),
        ...lines([factLine('Room', 'room', { ...at(17900, 1200), quantity: 3 })]),
      };
  }
}

function intFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

export async function run(): Promise<{ perSecond: number }> {
  const count = intFromEnv('BENCH_ENGINE_INVOICES', 20_000);
  const invoices: ClaimInvoiceV2[] = Array.from({ length: count }, (_, index) => ({
    key: `inv-${index}`,
    file_name: `invoice ${index}.pdf`,
    facts: facts(index),
    ocr: false,
  }));
  const prior: PriorSpendV2[] = Array.from({ length: 50 }, (_, index) => ({
    id: `prior-${index}`,
    employee_id: 'emp-1',
    category: index % 2 ? 'meal.lunch' : 'telecom.mobile',
    date: `2026-03-${String(1 + (index % 28)).padStart(2, '0')}`,
    billing_month: null,
    reimbursable_minor: 1500,
    reimbursable_net_minor: null,
    currency: 'EUR',
    label: `earlier invoice ${index}`,
    policy_hash: null,
    cap_usage: null,
  }));
  const decideAll = () => {
    let decided = 0;
    for (let start = 0; start < invoices.length; start += CLAIM_SIZE) {
      decided += decideV2({
        rules: BENCH_RULES,
        employee_id: 'emp-1',
        employee_name: 'Bench Employee',
        claim_date: '2026-04-15',
        invoices: invoices.slice(start, start + CLAIM_SIZE),
        prior,
        options: { low_confidence_below: 0.6 },
      }).length;
    }
    return decided;
  };
  decideAll(); // warm-up for the JIT
  const cpu = process.cpuUsage();
  const started = performance.now();
  const decided = decideAll() + decideAll();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const perSecond = (decided / ms) * 1000;
  const perCpuSecond = (decided / ((used.user + used.system) / 1000)) * 1000;
  report(
    'engine.decide_v2',
    `${num(perSecond)} invoices/s (${num(perCpuSecond)} per CPU-second; 2 passes over ${num(count)} generated invoices in claims of ${CLAIM_SIZE}, 50 earlier invoices each)`,
    atLeast(perSecond, TARGET_PER_SECOND, 'invoices/s'),
  );
  return { perSecond };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await run();
