/**
 * The open expense taxonomy shared by invoice facts v2 and rules v2. Category ids are dotted
 * paths ("meal.dinner" is a kind of "meal"), so a rule on a parent covers its children without a
 * lookup table, and a policy may add its own ids ("travel.visa") beside the defaults.
 */

/** A category id: lower-case words joined by "_", levels joined by ".". */
export type ExpenseCategory = DefaultCategory | (string & {});

export type DefaultCategory = (typeof DEFAULT_TAXONOMY)[number]['id'];

export interface CategoryDefinition {
  id: string;
  /** English name used when a policy gives none (the policy's own label wins in citations). */
  label: string;
  /** What belongs here, for readers and the policy compiler. */
  description: string;
}

export const DEFAULT_TAXONOMY = [
  { id: 'meal', label: 'Meals', description: 'Restaurant, café or canteen bills for food.' },
  { id: 'meal.breakfast', label: 'Breakfast', description: 'A meal eaten in the morning.' },
  { id: 'meal.lunch', label: 'Lunch', description: 'A meal eaten around midday.' },
  { id: 'meal.dinner', label: 'Dinner', description: 'A meal eaten in the evening.' },
  { id: 'lodging', label: 'Lodging', description: 'Hotel folios, serviced apartments, B&Bs.' },
  { id: 'travel', label: 'Travel', description: 'Tickets for journeys between cities.' },
  { id: 'travel.airfare', label: 'Airfare', description: 'Flight tickets and airline fees.' },
  { id: 'travel.rail', label: 'Rail', description: 'Train tickets between cities.' },
  { id: 'travel.bus', label: 'Coach', description: 'Long-distance bus or coach tickets.' },
  { id: 'taxi', label: 'Taxi and ride-hailing', description: 'Taxis, cabs, ride-hailing apps.' },
  {
    id: 'local_conveyance',
    label: 'Local conveyance',
    description: 'Metro, tram, city bus, auto-rickshaw, bike or scooter hire within a city.',
  },
  { id: 'car_rental', label: 'Car rental', description: 'Hired cars and vans.' },
  { id: 'fuel', label: 'Fuel', description: 'Petrol, diesel, charging of a vehicle.' },
  { id: 'parking', label: 'Parking', description: 'Car parks, parking meters, tolls.' },
  { id: 'mileage', label: 'Mileage', description: 'Own-vehicle distance allowances.' },
  { id: 'telecom', label: 'Telecom', description: 'Phone and internet bills.' },
  { id: 'telecom.mobile', label: 'Mobile phone', description: 'Mobile phone plans and bills.' },
  { id: 'telecom.internet', label: 'Internet', description: 'Home broadband and data plans.' },
  { id: 'office_supplies', label: 'Office supplies', description: 'Stationery, small equipment.' },
  {
    id: 'training',
    label: 'Training and conferences',
    description: 'Courses, conference fees, books for work.',
  },
  {
    id: 'entertainment',
    label: 'Entertainment',
    description: 'Hosting clients or guests: meals, events.',
  },
  { id: 'personal', label: 'Personal', description: 'Personal purchases, never business costs.' },
  { id: 'other', label: 'Other', description: 'Anything the categories above do not name.' },
] as const satisfies readonly CategoryDefinition[];

export const DEFAULT_CATEGORY_IDS: readonly string[] = DEFAULT_TAXONOMY.map((entry) => entry.id);

const CATEGORY_ID = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

export function isCategoryId(text: string): boolean {
  return CATEGORY_ID.test(text);
}

/** "meal.dinner" → ["meal.dinner", "meal"]: the category itself first, then each parent. */
export function categoryLineage(id: string): string[] {
  const parts = id.split('.');
  return parts.map((_, index) => parts.slice(0, parts.length - index).join('.'));
}

/** True when `category` is `ruleCategory` or one of its descendants. */
export function categoryWithin(category: string, ruleCategory: string): boolean {
  return category === ruleCategory || category.startsWith(`${ruleCategory}.`);
}

/**
 * True when rules naming `ruleCategories` reach every kind of `category` the default taxonomy
 * knows: "bus, train or air" covers an invoice read only as travel, since a journey between
 * cities is one of those. A category without default subcategories is never covered this way.
 */
export function coveredByParts(category: string, ruleCategories: readonly string[]): boolean {
  const parts = DEFAULT_CATEGORY_IDS.filter((id) => id.startsWith(`${category}.`));
  return (
    parts.length > 0 &&
    parts.every((part) => ruleCategories.some((ruleCategory) => categoryWithin(part, ruleCategory)))
  );
}

/** The default English label of a category, or of its nearest default parent, else the id. */
export function defaultCategoryLabel(id: string): string {
  for (const candidate of categoryLineage(id)) {
    const entry = DEFAULT_TAXONOMY.find((definition) => definition.id === candidate);
    if (entry) return entry.label;
  }
  return id;
}
