/**
 * Caps v2 applied to one part of an invoice (its net and tax): every matching cap applies, the
 * per-invoice ones first, then the allowances shared by the employee's invoices of a period
 * (day, billing month, claim, year), consumed in the order the engine visits invoices after what
 * earlier claims used. Each cap measures the part on its own basis and says so in its step.
 */

import { applyRatio, basisPoints, formatPercent, proportion } from '../decimal.js';
import { formatMoney } from '../money.js';
import type { CapPeriod, CapRuleV2, RoundingMode } from '../rules/types.js';
import { SHARED_CAP_PERIODS } from '../rules/types.js';
import { listNames } from '../text.js';
import type { AppliedRule } from '../types.js';
import { grossOf, type Part } from './bill.js';
import { type ConditionSubject, conditionsHold, covers, locationAmount } from './conditions.js';

export interface CapUsage {
  cap_id: string;
  /** "2026-03-10" (day), "2026-03" (billing month), "2026" (year), "claim". */
  period_key: string;
  /** In the cap's basis: including tax for gross caps, before tax otherwise. */
  used_minor: number;
}

interface Bucket {
  used_minor: number;
  used_by: string[];
}

export class CapLedger {
  readonly #buckets = new Map<string, Bucket>();

  static key(capId: string, periodKey: string): string {
    return `${capId}\u0000${periodKey}`;
  }

  used(capId: string, periodKey: string): Bucket {
    return this.#buckets.get(CapLedger.key(capId, periodKey)) ?? { used_minor: 0, used_by: [] };
  }

  consume(capId: string, periodKey: string, amountMinor: number, by: string): void {
    if (amountMinor <= 0) return;
    const bucket = this.used(capId, periodKey);
    this.#buckets.set(CapLedger.key(capId, periodKey), {
      used_minor: bucket.used_minor + amountMinor,
      used_by: [...bucket.used_by, by],
    });
  }
}

export const isShared = (period: CapPeriod): boolean => SHARED_CAP_PERIODS.includes(period);

export interface PeriodDates {
  date: string | null;
  /** "YYYY-MM" of the billing period's start, when printed. */
  billing_month: string | null;
}

/** The period a shared cap counts in; null when the invoice is undated (it is then alone). */
export function periodKey(period: CapPeriod, dates: PeriodDates): string | null {
  if (period === 'claim') return 'claim';
  if (period === 'billing_month') return dates.billing_month ?? dates.date?.slice(0, 7) ?? null;
  if (period === 'year') return dates.date?.slice(0, 4) ?? null;
  return dates.date;
}

export interface CapTarget {
  /** Names the invoice in the ledger ("used by …"). */
  label: string;
  category: string;
  subject: ConditionSubject;
  dates: PeriodDates;
  units: { item: number; night: number; person: number; meal: number };
  currency: string;
  rounding: RoundingMode;
  rate_bp: number | null;
}

export interface CapOutcome {
  part: Part;
  steps: AppliedRule[];
  /** Short phrases of the caps that lowered the amount, for the reason. */
  lowered: string[];
  usage: CapUsage[];
  used_facts: string[];
}

const PER: Readonly<Record<CapPeriod, [string, string | null]>> = {
  item: ['per item', 'items'],
  meal: ['a meal', 'meals'],
  person: ['a person', 'persons'],
  trip: ['a trip', null],
  night: ['a night', 'nights'],
  invoice: ['per invoice', null],
  day: ['a day', null],
  billing_month: ['a billing month', null],
  claim: ['per claim', null],
  year: ['a year', null],
};

export function matchingCaps(caps: readonly CapRuleV2[], target: CapTarget): CapRuleV2[] {
  const matching = caps.filter(
    (cap) =>
      covers(cap.categories, target.category) && conditionsHold(cap.when, target.subject).holds,
  );
  return [
    ...matching.filter((cap) => !isShared(cap.period)),
    ...matching.filter((cap) => isShared(cap.period)),
  ];
}

export function applyCapsV2(
  start: Part,
  caps: readonly CapRuleV2[],
  target: CapTarget,
  ledger: CapLedger,
): CapOutcome {
  const money = (amount: number) =>
    formatMoney({ amount_minor: amount, currency: target.currency });
  const taxWords = target.rate_bp !== null ? `tax ${formatPercent(target.rate_bp)}` : 'tax';
  let part = { ...start };
  const steps: AppliedRule[] = [];
  const lowered: string[] = [];
  const usage: CapUsage[] = [];
  const used = new Set<string>();
  const pending: Array<{ cap: CapRuleV2; key: string }> = [];
  for (const cap of matchingCaps(caps, target)) {
    for (const fact of conditionsHold(cap.when, target.subject).used) used.add(fact);
    const place = locationAmount(cap.amount_minor, cap.locations, target.subject);
    if (place.amount_minor === null) continue;
    const [per, unitName] = PER[cap.period];
    const units =
      cap.period === 'item' ||
      cap.period === 'night' ||
      cap.period === 'person' ||
      cap.period === 'meal'
        ? target.units[cap.period]
        : 1;
    const where = place.where ? ` (${place.where})` : '';
    let limitText = `cap ${money(place.amount_minor)} ${per}${where}`;
    // One meal is every receipt; only several meals on one bill are worth counting aloud.
    if (unitName && (cap.period !== 'meal' || units > 1))
      limitText += ` × ${units} ${units === 1 ? unitName.replace(/s$/, '') : unitName}`;
    let limit = place.amount_minor * units;
    if (units > 1) limitText += ` = ${money(limit)}`;
    if (isShared(cap.period)) {
      const key = periodKey(cap.period, target.dates) ?? `alone:${target.label}`;
      const bucket = ledger.used(cap.id, key);
      pending.push({ cap, key });
      limit = Math.max(0, limit - bucket.used_minor);
      if (key.startsWith('alone:')) limitText += ' (undated, so counted alone in its period)';
      else if (bucket.used_minor > 0)
        limitText += ` (${money(bucket.used_minor)} already used by ${listNames(bucket.used_by)}, ${money(limit)} left)`;
    }
    const [text, next] = capOne(part, cap, limit, limitText, taxWords, money, target);
    if (grossOf(next) < grossOf(part))
      lowered.push(`capped at ${money(place.amount_minor)} ${per}`);
    part = next;
    steps.push({ rule_id: cap.id, quote: cap.source.quote, page: cap.source.page, effect: text });
  }
  for (const { cap, key } of pending) {
    const amount = cap.basis === 'gross' ? grossOf(part) : part.net;
    ledger.consume(cap.id, key, amount, target.label);
    if (amount > 0) usage.push({ cap_id: cap.id, period_key: key, used_minor: amount });
  }
  return { part, steps, lowered, usage, used_facts: [...used] };
}

/**
 * The tax on the eligible net. At the bill's one printed rate, when the tax charged agrees with
 * it, that rate of the eligible net: a share of a tax apportioned over the lines would carry the
 * apportioning's pennies into the amount paid. Otherwise the eligible share of the tax charged.
 */
function eligibleTax(part: Part, eligible: number, rateBp: number | null, rounding: RoundingMode) {
  const shared = proportion(part.tax, eligible, part.net, rounding);
  if (rateBp === null) return shared;
  const atRate = (amount: number) => applyRatio(amount, basisPoints(rateBp), rounding);
  const agrees = Math.abs(atRate(part.net) - part.tax) <= Math.max(2, part.tax / 100);
  return agrees ? atRate(eligible) : shared;
}

function capOne(
  part: Part,
  cap: CapRuleV2,
  limit: number,
  limitText: string,
  taxWords: string,
  money: (amount: number) => string,
  { rounding, rate_bp }: CapTarget,
): [string, Part] {
  const gross = grossOf(part);
  if (cap.basis === 'gross') {
    if (gross <= limit) return [`${money(gross)} including tax is within the ${limitText}.`, part];
    const tax = proportion(part.tax, limit, gross, rounding);
    return [
      `${money(gross)} including tax, ${limitText}: ${money(limit)} allowed.`,
      { net: limit - tax, tax },
    ];
  }
  if (part.net <= limit) {
    const total = part.tax > 0 ? `; ${taxWords} ${money(part.tax)} paid: ${money(gross)}` : '';
    return [`${money(part.net)} net is within the ${limitText}${total}.`, part];
  }
  if (cap.basis === 'net_plus_eligible_tax') {
    const tax = eligibleTax(part, limit, rate_bp, rounding);
    return [
      `${money(part.net)} net, ${limitText}; ${taxWords} paid on the eligible ${money(limit)}: ${money(tax)} → ${money(limit + tax)}.`,
      { net: limit, tax },
    ];
  }
  return [
    `${money(part.net)} net, ${limitText}; taxes paid in full on top: ${money(part.tax)} → ${money(limit + part.tax)}.`,
    { net: limit, tax: part.tax },
  ];
}
