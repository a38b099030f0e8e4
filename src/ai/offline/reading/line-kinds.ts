/**
 * The kind of a bill line from its description (the general lexicon) and its sign; a line the
 * lexicon does not name takes the kind the document's category implies (a line of a restaurant
 * bill is food, of a fuel receipt fuel), with less confidence than a line named by its words.
 */
import { looksAlcoholic, looksTobacco } from '../../../domain/exclusions.js';
import type { ExpenseCategory, LineKind } from '../../../domain/facts.js';
import { conceptHits } from './lexicon.js';

export interface LineKindContext {
  category: ExpenseCategory | null;
}

export interface LineKindReading {
  kind: LineKind;
  confidence: number;
}

/** When a line names several kinds, the more specific charge wins ("room service tip" is a tip). */
const PRIORITY: readonly LineKind[] = [
  'tourist_tax',
  'room_tax',
  'service_charge',
  'tip',
  'minibar',
  'breakfast',
  'alcohol',
  'tobacco',
  'discount',
  'deposit',
  'fee',
  'fine',
  'spa',
  'laundry',
  'parking',
  'fuel',
  'room',
  'fare',
  'telecom',
  'beverage',
];

const BY_CATEGORY: ReadonlyArray<readonly [string, LineKind]> = [
  ['meal', 'food'],
  ['entertainment', 'food'],
  ['fuel', 'fuel'],
  ['parking', 'parking'],
  ['telecom', 'telecom'],
  ['travel', 'fare'],
  ['taxi', 'fare'],
  ['local_conveyance', 'fare'],
  ['office_supplies', 'goods'],
  ['personal', 'goods'],
];

export function lineKindOf(
  description: string,
  amountMinor: number,
  context: LineKindContext,
): LineKindReading {
  if (amountMinor < 0) return { kind: 'discount', confidence: 0.8 };
  const named = new Set(
    conceptHits(description, (concept) => concept.line !== undefined).map(
      (hit) => hit.concept.line as LineKind,
    ),
  );
  if (looksAlcoholic(description)) named.add('alcohol');
  if (looksTobacco(description)) named.add('tobacco');
  // "Breakfast" on a restaurant bill is the meal itself, not a breakfast charged to a room.
  if (named.has('breakfast') && context.category?.startsWith('meal')) named.delete('breakfast');
  const kind = PRIORITY.find((candidate) => named.has(candidate));
  if (kind) return { kind, confidence: 0.9 };
  const category = context.category ?? '';
  const implied = BY_CATEGORY.find(
    ([prefix]) => category === prefix || category.startsWith(`${prefix}.`),
  );
  return implied ? { kind: implied[1], confidence: 0.7 } : { kind: 'other', confidence: 0.6 };
}
