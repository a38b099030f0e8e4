/**
 * What the facts of one invoice say to the conditions of rules v2: the meal it was (by its
 * wording, else its printed time in the policy's hours), whether it was abroad, how many persons,
 * nights or items a per-unit cap multiplies by, and which location row of a limits table applies.
 * A condition on a fact that was not read does not hold; the facts a condition used are reported
 * so an unsure one can flag the invoice.
 */
import type { FactLine, InvoiceFacts, MealType } from '../facts.js';
import type { Conditions, LocationLimit, MealHours, MealWindow } from '../rules/types.js';
import { categoryWithin, coveredByParts } from '../taxonomy.js';
import { daysBetween, normalizeEmployeeKey } from '../text.js';

/** Used when the policy gives no hours: the usual day of a traveller. */
export const DEFAULT_MEAL_WINDOWS: readonly MealWindow[] = [
  { meal: 'breakfast', from: '05:00', to: '11:00' },
  { meal: 'lunch', from: '11:00', to: '16:00' },
  { meal: 'dinner', from: '16:00', to: '05:00' },
];

export interface MealReading {
  meal: MealType | null;
  /** How it was known, for the decision step ("printed time 11:06, lunch from 11:00 to 16:00"). */
  how: string;
}

const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

function inWindow(time: number, window: MealWindow): boolean {
  const from = minutes(window.from);
  const to = minutes(window.to);
  return from <= to ? time >= from && time < to : time >= from || time < to;
}

export function readMealType(facts: InvoiceFacts, hours: MealHours | null): MealReading {
  const printed = facts.printed_time.value;
  const windows = hours?.windows.length ? hours.windows : DEFAULT_MEAL_WINDOWS;
  const whose = hours?.windows.length ? "the policy's hours" : 'the usual hours';
  if (hours?.windows.length && printed && /^\d\d:\d\d$/.test(printed)) {
    // The policy's own hours decide over the wording: that is what the policy says it goes by.
    const window = windows.find((candidate) => inWindow(minutes(printed), candidate));
    if (window)
      return {
        meal: window.meal,
        how: `printed time ${printed}: ${window.meal} from ${window.from} to ${window.to} (${whose})`,
      };
  }
  if (facts.meal_type.value) return { meal: facts.meal_type.value, how: 'named on the document' };
  if (printed && /^\d\d:\d\d$/.test(printed)) {
    const window = windows.find((candidate) => inWindow(minutes(printed), candidate));
    if (window)
      return {
        meal: window.meal,
        how: `printed time ${printed}: ${window.meal} from ${window.from} to ${window.to} (${whose})`,
      };
  }
  return { meal: null, how: 'no meal named and no time printed' };
}

/** What the conditions of a rule are evaluated on. */
export interface ConditionSubject {
  facts: InvoiceFacts;
  meal_type: MealType | null;
  /** Invoice total in the policy currency; null when it is not known in that currency. */
  total_minor: number | null;
  /** The currency printed on the document (before any conversion). */
  document_currency: string;
  policy_currency: string;
  home_country: string | null;
}

const same = (a: string, b: string) => normalizeEmployeeKey(a) === normalizeEmployeeKey(b);

/** Abroad by the printed country, else by a foreign currency; null when neither tells. */
export function isAbroad(subject: ConditionSubject): boolean | null {
  const country = subject.facts.country.value;
  if (country && subject.home_country) return country.toUpperCase() !== subject.home_country;
  return subject.document_currency !== subject.policy_currency ? true : country ? null : false;
}

export function personsOf(facts: InvoiceFacts): number {
  const persons = facts.persons.value;
  return persons !== null && persons >= 1 ? Math.round(persons) : 1;
}

export interface ConditionResult {
  holds: boolean;
  /** Facts the conditions relied on, by name, so an unsure one can flag the invoice. */
  used: Array<keyof InvoiceFacts>;
}

export function conditionsHold(
  when: Conditions | null,
  subject: ConditionSubject,
): ConditionResult {
  const used: Array<keyof InvoiceFacts> = [];
  if (!when) return { holds: true, used };
  const { facts } = subject;
  const checks: boolean[] = [];
  if (when.travel_class) {
    used.push('travel_class');
    const value = facts.travel_class.value;
    checks.push(value !== null && when.travel_class.includes(value));
  }
  if (when.meal_type) {
    used.push(facts.meal_type.value ? 'meal_type' : 'printed_time');
    checks.push(subject.meal_type !== null && when.meal_type.includes(subject.meal_type));
  }
  if (when.city) {
    used.push('city');
    const city = facts.city.value;
    checks.push(city !== null && when.city.some((name) => same(name, city)));
  }
  if (when.country) {
    used.push('country');
    const country = facts.country.value?.toUpperCase() ?? null;
    checks.push(country !== null && when.country.includes(country));
  }
  if (when.abroad !== undefined) {
    used.push('country');
    checks.push(isAbroad(subject) === when.abroad);
  }
  if (when.persons_min !== undefined || when.persons_max !== undefined) {
    used.push('persons');
    const persons = personsOf(facts);
    checks.push(persons >= (when.persons_min ?? 1) && persons <= (when.persons_max ?? Infinity));
  }
  if (when.attendees_listed !== undefined) {
    used.push('attendees');
    checks.push(attendeesListed(facts) === when.attendees_listed);
  }
  if (when.currency) {
    used.push('currency');
    checks.push(when.currency.includes(subject.document_currency));
  }
  if (when.total_above_minor !== undefined) {
    used.push('total_minor');
    checks.push(subject.total_minor !== null && subject.total_minor > when.total_above_minor);
  }
  return { holds: checks.every(Boolean), used };
}

export function attendeesListed(facts: InvoiceFacts): boolean {
  return (facts.attendees.value ?? []).some((name) => name.trim() !== '');
}

/** A rule's category list covers the invoice category (null: every category). */
export function covers(categories: readonly string[] | null, category: string): boolean {
  return (
    categories === null ||
    categories.some((ruleCategory) => categoryWithin(category, ruleCategory)) ||
    coveredByParts(category, categories)
  );
}

/** The limit of a cap for this invoice: the first matching location row, else "elsewhere". */
export function locationAmount(
  amountMinor: number | null,
  locations: readonly LocationLimit[],
  subject: ConditionSubject,
): { amount_minor: number | null; where: string | null } {
  const city = subject.facts.city.value;
  const country = subject.facts.country.value?.toUpperCase() ?? null;
  for (const row of locations) {
    const cityMatch = row.city !== null && city !== null && same(row.city, city);
    const countryMatch =
      row.city === null &&
      row.country !== null &&
      (country !== null
        ? row.country === country
        : row.country === subject.home_country && isAbroad(subject) === false);
    if (cityMatch || countryMatch)
      return { amount_minor: row.amount_minor, where: row.city ?? row.country };
  }
  if (locations.length === 0) return { amount_minor: amountMinor, where: null };
  return {
    amount_minor: amountMinor,
    where: city === null && country === null ? 'place not read' : 'elsewhere',
  };
}

const unitsOf = (lines: readonly FactLine[]) =>
  lines.reduce((sum, line) => sum + Math.max(1, Math.round(line.quantity ?? 1)), 0);

const lineAmount = (line: FactLine) => line.gross_minor ?? line.net_minor ?? 0;

/** Items of an invoice: the quantities of its charged lines (at least one). */
export function itemsOf(lines: readonly FactLine[]): number {
  return Math.max(1, unitsOf(lines.filter((line) => lineAmount(line) > 0)));
}

/** Nights as printed, else the room lines' quantities, else the stay's dates, else one. */
export function nightsOf(facts: InvoiceFacts): { nights: number; how: string } {
  if (facts.nights.value !== null && facts.nights.value >= 1)
    return { nights: Math.round(facts.nights.value), how: 'printed' };
  const rooms = facts.lines.filter((line) => line.kind === 'room' && lineAmount(line) > 0);
  if (rooms.length > 0) return { nights: Math.max(1, unitsOf(rooms)), how: 'room lines' };
  const { check_in: checkIn, check_out: checkOut } = facts;
  if (checkIn.value && checkOut.value) {
    const days = daysBetween(checkIn.value, checkOut.value);
    if (days >= 1) return { nights: days, how: `stay ${checkIn.value} to ${checkOut.value}` };
  }
  return { nights: 1, how: 'not printed, counted as one' };
}

/** Units of lines split off to another category (2 × breakfast is two meals). */
export function lineUnits(lines: readonly FactLine[]): number {
  return Math.max(1, unitsOf(lines));
}
