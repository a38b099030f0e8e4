/**
 * Classes of travel: which mode a category's classes belong to (a first-class train ticket is
 * rail_first, a first-class flight first), the classes a policy leaves out when it allows some
 * ("economy only" declines premium economy, business and first), and the bare words a list
 * shares with its last item ("premium economy, business and first class").
 */
import type { TravelClass } from '../../../domain/facts.js';
import type { Finding } from './findings.js';
import { isLex, type Tok } from './lexer.js';
import { classesIn, hasLex, hasWord, isPunct, isWord } from './tokens.js';

const AIR_CLASSES: TravelClass[] = ['economy', 'premium_economy', 'business', 'first'];
const RAIL_CLASSES: TravelClass[] = ['rail_first', 'rail_second'];
export const CLASS_WORDS: Readonly<Record<string, { air: TravelClass[]; rail: TravelClass[] }>> = {
  economy: { air: ['economy'], rail: [] },
  premium: { air: ['premium_economy'], rail: [] },
  business: { air: ['business'], rail: [] },
  first: { air: ['first'], rail: ['rail_first'] },
  standard: { air: [], rail: ['rail_second'] },
  second: { air: [], rail: ['rail_second'] },
};
export function travelMode(category: string | undefined): 'air' | 'rail' | null {
  if (!category) return null;
  if (category.startsWith('travel.rail')) return 'rail';
  if (category.startsWith('travel.airfare')) return 'air';
  return null;
}

/** Classes other than the allowed ones, in the allowed ones' mode. */
export function otherClasses(
  allowed: readonly TravelClass[],
  mode: 'air' | 'rail' | null,
): TravelClass[] {
  const pool =
    mode === 'rail' || allowed.some((c) => RAIL_CLASSES.includes(c)) ? RAIL_CLASSES : AIR_CLASSES;
  return pool.filter((value) => !allowed.includes(value));
}

/** "economy class only", "in second class only": the other classes are declined. */
export function readClassOnly(
  clause: readonly Tok[],
  category: string | undefined,
  labelled = false,
): Finding | null {
  // "Trains: second class only." needs no verb under its label.
  // "Trains: second class only." and "Airfare: coach class." need no verb under their label.
  const verbless = !hasWord(clause, 'is', 'are', 'be', 'was', 'were', 'may', 'can', 'will');
  const only =
    (hasLex(clause, 'only') && (hasLex(clause, 'pay') || labelled || verbless)) ||
    (labelled &&
      clause.every(
        (token) =>
          isLex(token, 'class') || isWord(token, 'class', 'the') || isPunct(token, '.', ','),
      ));
  const must =
    hasLex(clause, 'must') && hasWord(clause, 'booked', 'book', 'travel', 'fly', 'flown', 'taken');
  if (!(only || must) || hasLex(clause, 'neg', 'negv', 'decline')) return null;
  const mode = travelMode(category);
  const { classes } = classesIn(clause, mode);
  if (classes.length === 0) return null;
  const others = otherClasses(classes, mode);
  if (others.length === 0) return null;
  return {
    f: 'decline',
    categories: [category?.startsWith('travel') ? category : 'travel'],
    when: { travel_class: others },
  };
}
