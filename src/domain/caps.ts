/**
 * Category caps. Caps per item, meal, trip, night or claim bound one invoice (one receipt is one
 * meal, one trip, one claim); caps per day or month are allowances shared by every invoice of the
 * employee in that period, consumed in the order the engine visits invoices (date, then file
 * name) after what stored invoices already used.
 */
import type { Eligibility } from './eligibility.js';
import { formatMoney, scale } from './money.js';
import { listNames } from './text.js';
import type { AppliedRule, CapPer, CategoryRule, LineItem } from './types.js';

const SHARED_PERIODS: ReadonlySet<CapPer> = new Set(['day', 'month']);

export function isSharedCap(per: CapPer): boolean {
  return SHARED_PERIODS.has(per);
}

interface Bucket {
  used_minor: number;
  used_by: string[];
}

/** What shared allowances have been used so far, per rule and period. */
export class AllowanceLedger {
  readonly #buckets = new Map<string, Bucket>();

  static key(rule: CategoryRule, invoiceDate: string | null, invoiceKey: string): string {
    // No date, no period to share: the invoice is capped as if alone in its period (and flagged).
    const period =
      invoiceDate === null
        ? `undated:${invoiceKey}`
        : rule.cap?.per === 'month'
          ? invoiceDate.slice(0, 7)
          : invoiceDate;
    return `${rule.id}\u0000${period}`;
  }

  used(key: string): Bucket {
    return this.#buckets.get(key) ?? { used_minor: 0, used_by: [] };
  }

  consume(key: string, amountMinor: number, by: string): void {
    if (amountMinor <= 0) return;
    const bucket = this.used(key);
    this.#buckets.set(key, {
      used_minor: bucket.used_minor + amountMinor,
      used_by: [...bucket.used_by, by],
    });
  }
}

export interface CapSubject {
  key: string;
  file_name: string;
  date: string | null;
  currency: string;
  lines: readonly LineItem[];
  eligibility: Eligibility;
}

export interface CapResult {
  allowed_minor: number;
  applied: AppliedRule[];
  /** The cap that lowered the amount last, in plain words for the reason; null when nothing was capped. */
  binding: { rule: CategoryRule; summary: string } | null;
}

const ROOM_WORDS = /\b(night|nights|room|rooms|stay|lodging|accommodation)\b/i;

/** How many units a per-invoice cap multiplies by. One receipt is one meal, one ticket one trip. */
function capUnits(per: CapPer, lines: readonly LineItem[]): number {
  const quantityOf = (subset: readonly LineItem[]) =>
    subset.reduce((sum, line) => sum + Math.max(1, Math.round(line.quantity ?? 1)), 0);
  if (per === 'item') return Math.max(1, quantityOf(lines.filter((line) => line.amount_minor > 0)));
  if (per === 'night')
    return Math.max(1, quantityOf(lines.filter((line) => ROOM_WORDS.test(line.description))));
  return 1;
}

/** Converts between the amount with tax and the amount before tax of this invoice's eligible part. */
function taxView(eligibility: Eligibility) {
  const eligible = eligibility.eligible_minor;
  const base = eligibility.eligible_base_minor;
  const tax = eligible - base;
  return {
    baseOf: (gross: number) => (eligible === 0 ? 0 : gross - scale(gross, tax, eligible)),
    grossOf: (beforeTax: number) =>
      base === 0 ? beforeTax : beforeTax + scale(beforeTax, tax, base),
  };
}

export function applyCaps(
  subject: CapSubject,
  rules: readonly CategoryRule[],
  ledger: AllowanceLedger,
): CapResult {
  const money = (amountMinor: number) =>
    formatMoney({ amount_minor: amountMinor, currency: subject.currency });
  const view = taxView(subject.eligibility);
  let allowed = subject.eligibility.eligible_minor;
  const applied: AppliedRule[] = [];
  let binding: CapResult['binding'] = null;
  const shared: Array<{ key: string; includesTax: boolean }> = [];

  for (const rule of rules) {
    const cap = rule.cap;
    if (!cap) continue;
    const taxWords = cap.includes_tax ? 'including tax' : 'excluding taxes';
    const measured = cap.includes_tax ? allowed : view.baseOf(allowed);
    const units = isSharedCap(cap.per) ? 1 : capUnits(cap.per, subject.lines);
    const unitText = units > 1 ? ` × ${units}` : '';
    let limit = cap.amount_minor * units;
    let context = '';
    if (isSharedCap(cap.per)) {
      const key = AllowanceLedger.key(rule, subject.date, subject.key);
      const bucket = ledger.used(key);
      shared.push({ key, includesTax: cap.includes_tax });
      limit = Math.max(0, cap.amount_minor - bucket.used_minor);
      context =
        subject.date === null
          ? ' (invoice date unreadable, so capped as if alone in its period)'
          : bucket.used_minor > 0
            ? ` (${money(bucket.used_minor)} already used by ${listNames(bucket.used_by)}, ${money(limit)} left)`
            : '';
    }
    const limitText = `${money(cap.amount_minor)} per ${cap.per}${unitText}`;
    const measuredText = cap.includes_tax ? money(measured) : `${money(measured)} before tax`;
    if (measured > limit) {
      allowed = Math.min(allowed, cap.includes_tax ? limit : view.grossOf(limit));
      const whole = allowed === cap.amount_minor * units && limit === allowed;
      const qualifiers = [
        limit < cap.amount_minor * units ? 'the part still unused' : '',
        cap.includes_tax ? '' : 'before tax, plus its tax',
      ]
        .filter(Boolean)
        .join(', ');
      binding = {
        rule,
        summary: whole
          ? `Capped at ${limitText} (${rule.label})`
          : `Capped at ${money(allowed)}: ${limitText}${qualifiers ? `, ${qualifiers}` : ''} (${rule.label})`,
      };
      const taxNote = cap.includes_tax
        ? ''
        : `; tax follows the allowed part, ${money(allowed)} in all`;
      applied.push(
        effect(rule, `Capped ${measuredText} at ${limitText} (${taxWords})${context}${taxNote}.`),
      );
    } else {
      applied.push(
        effect(rule, `${measuredText} is within the ${limitText} cap (${taxWords})${context}.`),
      );
    }
  }
  for (const { key, includesTax } of shared) {
    ledger.consume(key, includesTax ? allowed : view.baseOf(allowed), subject.file_name);
  }
  return { allowed_minor: allowed, applied, binding };
}

export function effect(
  rule: { id: string; source: { quote: string; page: number | null } },
  text: string,
): AppliedRule {
  return { rule_id: rule.id, quote: rule.source.quote, page: rule.source.page, effect: text };
}
