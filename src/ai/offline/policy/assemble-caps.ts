/**
 * Cap findings → caps v2. Each cap gets its period (the category's natural one when the policy
 * states none: a meal, a night, a journey, a billing month), its basis (the amount's own words,
 * else what the policy says of that category's limits, else of all limits, else gross), and its
 * places as one limits table. Restatements (a clause and its table row) merge; rows of one table
 * by place merge into one cap; an allowance the policy says is shared becomes one cap over its
 * categories; "not included in the daily limit" and "for two or more persons it is
 * entertainment" become persons conditions.
 */
import type {
  CapBasis,
  CapPeriod,
  CapRuleV2,
  Conditions,
  LocationLimit,
  RuleSource,
} from '../../../domain/rules/types.js';
import { SHARED_CAP_PERIODS } from '../../../domain/rules/types.js';
import { categoryWithin } from '../../../domain/taxonomy.js';
import type { Amount, BasisStatement, CapFinding, Finding, Sourced } from './findings.js';

export interface CapSettings {
  currency: string;
  home_country: string | null;
  /** What the policy says of all limits ("every limit includes VAT"). */
  global_basis: BasisStatement | null;
  /** What it says of one category's limits ("the hotel limit is compared before VAT"). */
  category_basis: ReadonlyArray<{ categories: string[]; basis: BasisStatement }>;
}

type Extra<K extends Finding['f']> = Sourced<Extract<Finding, { f: K }>>;

export interface CapInputs {
  caps: Sourced<CapFinding>[];
  shared: Extra<'shared'>[];
  alone: Extra<'alone'>[];
  alias: Extra<'alias'>[];
}

interface Draft {
  categories: string[];
  amount_minor: number | null;
  locations: LocationLimit[];
  period: CapPeriod;
  basis: CapBasis;
  when: Conditions;
  shared: boolean;
  placed: boolean;
  source: RuleSource;
  order: number;
}

export function naturalPeriod(category: string): CapPeriod {
  if (category.startsWith('meal') || category === 'entertainment') return 'meal';
  if (category === 'lodging') return 'night';
  if (category.startsWith('telecom')) return 'billing_month';
  if (
    ['taxi', 'travel', 'local_conveyance', 'car_rental'].some((id) => categoryWithin(category, id))
  )
    return 'trip';
  return 'invoice';
}

export function minorIn(
  amount: Amount,
  currency: string,
  sameDigits: (code: string) => boolean,
): number | null {
  if (amount.currency === currency) return amount.minor;
  const family =
    amount.currency === 'USD' ? /D$/ : amount.currency === 'JPY' ? /^(?:JPY|CNY)$/ : null;
  if (amount.ambiguous && family?.test(currency) && sameDigits(currency)) return amount.minor;
  return null;
}

function basisFor(
  found: CapFinding,
  categories: readonly string[],
  settings: CapSettings,
): CapBasis {
  const stated = settings.category_basis
    .filter((entry) =>
      categories.some((category) =>
        entry.categories.some((other) => categoryWithin(category, other)),
      ),
    )
    .map((entry) => entry.basis);
  const said = found.basis_statement ? [found.basis_statement, ...stated] : stated;
  const netSaid = (basis: BasisStatement | null) => basis !== null && basis !== 'gross';
  const side =
    found.basis ??
    (found.basis_statement
      ? netSaid(found.basis_statement)
        ? 'net'
        : 'gross'
      : stated.some(netSaid)
        ? 'net'
        : stated.includes('gross')
          ? 'gross'
          : netSaid(settings.global_basis)
            ? 'net'
            : 'gross');
  if (side === 'gross') return 'gross';
  return said.includes('all_tax') || settings.global_basis === 'all_tax'
    ? 'net_plus_all_tax'
    : 'net_plus_eligible_tax';
}

const keyOf = (draft: Draft) =>
  [draft.categories.join('+'), draft.period, draft.basis, JSON.stringify(draft.when)].join('|');

const sameLocation = (a: LocationLimit, b: LocationLimit) =>
  a.city === b.city && a.country === b.country;

export function assembleCaps(
  inputs: CapInputs,
  settings: CapSettings,
  sameDigits: (code: string) => boolean,
  reject: (source: Draft['source'], reason: string) => void,
): Array<Omit<CapRuleV2, 'id'> & { order: number }> {
  const drafts: Draft[] = [];
  for (const found of inputs.caps) {
    const categories = [...new Set(found.categories)].sort();
    const period = found.period === 'stay' ? 'invoice' : found.period;
    if (period === 'week' || period === 'mile') continue;
    const resolved = period ?? naturalPeriod(categories[0] ?? 'other');
    const when: Conditions = { ...found.when };
    const locations: LocationLimit[] = [];
    let amount = found.amount ? minorIn(found.amount, settings.currency, sameDigits) : null;
    if (found.amount && amount === null) {
      reject(
        found.source,
        `${found.amount.currency} amount in a policy whose currency is ${settings.currency}`,
      );
      continue;
    }
    for (const { place, amount: placeAmount } of found.locations) {
      const minor = minorIn(placeAmount, settings.currency, sameDigits);
      if (minor === null) {
        reject(
          found.source,
          `${placeAmount.currency} amount in a policy whose currency is ${settings.currency}`,
        );
        continue;
      }
      if (place.kind === 'elsewhere') amount = minor;
      else if (place.kind === 'city')
        locations.push({ city: place.name, country: place.country, amount_minor: minor });
      else if (place.kind === 'country')
        locations.push({ city: null, country: place.code, amount_minor: minor });
      else if (place.kind === 'home' && settings.home_country)
        locations.push({ city: null, country: settings.home_country, amount_minor: minor });
      else if (place.kind === 'home') {
        amount = minor;
        when.abroad = false;
      } else if (place.kind === 'abroad') {
        amount = minor;
        if (!found.locations.some((entry) => entry.place.kind === 'home') && !settings.home_country)
          when.abroad = true;
      }
    }
    drafts.push({
      categories,
      amount_minor: amount,
      locations,
      period: resolved,
      basis: basisFor(found, categories, settings),
      when,
      shared: found.shared,
      placed: found.locations.length > 0,
      source: found.source,
      order: found.order,
    });
  }
  const merged: Draft[] = [];
  for (const draft of drafts) {
    const key = keyOf(draft);
    const same = merged.find((other) => keyOf(other) === key && (other.placed || draft.placed));
    if (same) {
      for (const row of draft.locations)
        if (!same.locations.some((existing) => sameLocation(existing, row)))
          same.locations.push(row);
      if (same.amount_minor === null) same.amount_minor = draft.amount_minor;
      same.placed = true;
      continue;
    }
    const twin = merged.find(
      (other) =>
        keyOf(other) === key &&
        other.amount_minor === draft.amount_minor &&
        other.locations.length === 0 &&
        draft.locations.length === 0,
    );
    if (twin) continue;
    merged.push({ ...draft, locations: [...draft.locations] });
  }
  // "€20 a meal; for several guests €20 per guest": the per-person cap already is the per-meal
  // cap of a receipt for one, and keeping both would cap a receipt for four at €20.
  for (let index = merged.length - 1; index >= 0; index -= 1) {
    const draft = merged[index] as Draft;
    if (draft.period !== 'meal' && draft.period !== 'invoice') continue;
    const perPerson = merged.some(
      (other) =>
        other.period === 'person' &&
        other.amount_minor === draft.amount_minor &&
        other.basis === draft.basis &&
        other.locations.length === 0 &&
        draft.locations.length === 0 &&
        other.categories.join() === draft.categories.join(),
    );
    if (perPerson) merged.splice(index, 1);
  }
  // One allowance over several categories when the policy says they share it.
  const sharedSets = inputs.shared.map((entry) => entry.categories);
  const result: Draft[] = [];
  for (const draft of merged) {
    const covered =
      draft.shared ||
      sharedSets.some((set) => draft.categories.every((category) => set.includes(category)));
    if (draft.categories.length > 1 && !covered && SHARED_CAP_PERIODS.includes(draft.period)) {
      for (const category of draft.categories) result.push({ ...draft, categories: [category] });
      continue;
    }
    const twin = result.find(
      (other) =>
        other.amount_minor === draft.amount_minor &&
        other.period === draft.period &&
        other.basis === draft.basis &&
        JSON.stringify(other.when) === JSON.stringify(draft.when) &&
        covered &&
        sharedSets.some((set) =>
          [...other.categories, ...draft.categories].every((category) => set.includes(category)),
        ),
    );
    if (twin) {
      twin.categories = [...new Set([...twin.categories, ...draft.categories])].sort();
      continue;
    }
    result.push(draft);
  }
  for (const entry of inputs.alone) {
    for (const draft of result) {
      const onIt = draft.categories.some((category) =>
        entry.categories.some((other) => categoryWithin(category, other)),
      );
      const period = entry.period === null || entry.period === draft.period;
      if (
        onIt &&
        period &&
        SHARED_CAP_PERIODS.includes(draft.period) &&
        draft.when.persons_min === undefined
      )
        draft.when = { ...draft.when, persons_max: 1 };
    }
  }
  for (const alias of inputs.alias) {
    for (const draft of [...result]) {
      if (draft.categories.some((category) => categoryWithin(category, alias.to)))
        result.push({
          ...draft,
          categories: [alias.from],
          when: { ...draft.when, persons_min: alias.persons_min },
          order: alias.order,
        });
      else if (
        draft.categories.some((category) => categoryWithin(category, alias.from)) &&
        SHARED_CAP_PERIODS.includes(draft.period)
      )
        draft.when = { ...draft.when, persons_max: alias.persons_min - 1 };
    }
  }
  return result
    .filter((draft) => draft.amount_minor !== null || draft.locations.length > 0)
    .map((draft) => ({
      categories: draft.categories,
      amount_minor: draft.amount_minor,
      locations: draft.locations,
      basis: draft.basis,
      period: draft.period,
      when: Object.keys(draft.when).length > 0 ? draft.when : null,
      source: draft.source,
      order: draft.order,
    }));
}
