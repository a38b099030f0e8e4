/**
 * Generated invoices and paraphrased questions for the retrieval benchmark. Each invoice prints
 * specific item words (Merlot, Lager, Diesel, Broadband…); each question names its vendor (and
 * sometimes city) as a person would, but says what was bought in everyday words (wine, beer, petrol,
 * internet), as people ask. The relevant invoices of a question are known from the generator: that
 * vendor's invoices (in that city) holding such an item.
 *
 * Everything is deterministic (seeded), and no word of it comes from the shared datasets.
 */
import type { Category, Flag, InvoiceRecord } from '../../src/domain/types.js';
import { makeRecord } from '../../test/store/invoice-fixtures.js';

/** A small LCG: the same seed gives the same corpus on every run. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function pick<T>(values: readonly T[], next: () => number): T {
  return values[Math.floor(next() * values.length)] as T;
}

/** A kind of item a question can ask about, printed one way and asked about another. */
interface Theme {
  name: string;
  category: Category;
  /** What invoices print (never a word of `asked`). */
  printed: readonly string[];
  /** How people ask for it. */
  asked: readonly string[];
  flag?: Flag;
}

const THEMES: readonly Theme[] = [
  {
    name: 'alcohol',
    category: 'meal',
    printed: ['Merlot glass', 'Chardonnay carafe', 'Lager pint', 'Whisky peg', 'Gin tonic'],
    asked: ['wine', 'beer', 'alcohol', 'bar'],
    flag: 'alcohol',
  },
  {
    name: 'fuel',
    category: 'other',
    printed: ['Diesel 20 L', 'Petrol 15 L', 'Gasoline refill'],
    asked: ['fuel', 'petrol', 'diesel', 'gasoline'],
  },
  {
    name: 'telecom',
    category: 'other',
    printed: ['Broadband plan', 'Mobile postpaid', 'Wifi router rent'],
    asked: ['internet', 'phone', 'wifi', 'broadband'],
  },
];
/** What invoices of each category print besides any theme item. */
const PLAIN_ITEMS: Record<Category, readonly string[]> = {
  meal: ['Paneer tikka', 'Veg thali', 'Masala dosa', 'Grilled fish', 'Lemon soda', 'Gulab jamun'],
  cab: ['Cab fare', 'Toll charge', 'Waiting charge', 'Night surcharge', 'Pickup fee'],
  travel: ['Economy seat', 'Baggage fee', 'Seat selection', 'Sleeper berth', 'Convenience fee'],
  accommodation: ['Deluxe room', 'Laundry', 'Room service', 'Late checkout', 'Minibar water'],
  other: ['Printer paper', 'Courier charge', 'Parking slot', 'Software licence', 'Gel pens'],
};
/** How people ask for a category without an item in mind. */
const CATEGORY_ASKED: Record<Category, readonly string[]> = {
  meal: ['dinner', 'supper', 'lunch', 'meal'],
  cab: ['taxi', 'ride', 'cab'],
  travel: ['flight', 'plane', 'airfare'],
  accommodation: ['hotel', 'stay', 'lodging'],
  other: ['expense', 'purchase'],
};
const VENDOR_FIRST =
  'Amber Birch Cedar Coral Crimson Dune Ember Fable Granite Harbor Indigo Juniper Kestrel Lotus Maple Nimbus Opal Pebble Quartz Raven Saffron Tamarind Umber Velvet Willow'.split(
    ' ',
  );
const VENDOR_SECOND: Record<Category, readonly string[]> = {
  meal: ['Kitchen', 'Table', 'Bistro', 'Tavern', 'Diner', 'Grill'],
  cab: ['Cabs', 'Rides', 'Wheels', 'Motors'],
  travel: ['Airways', 'Rail', 'Travels', 'Jet'],
  accommodation: ['Residency', 'Suites', 'Inn', 'Lodge'],
  other: ['Stores', 'Mart', 'Supplies', 'Traders'],
};
const CITIES = 'Mumbai Delhi Bengaluru Pune Chennai Hyderabad Kolkata Jaipur Kochi Indore'.split(
  ' ',
);
const EMPLOYEES = Array.from(
  { length: 60 },
  (_, index) =>
    `${['Ira', 'Dev', 'Tara', 'Nikhil', 'Leela', 'Omar'][index % 6]} ${['Bhat', 'Chawla', 'Dutta', 'Ghosh', 'Jain', 'Kohli', 'Lal', 'Mehta', 'Pillai', 'Sen'][Math.floor(index / 6)]}`,
);
const CATEGORY_LIST: readonly Category[] = ['meal', 'cab', 'travel', 'accommodation', 'other'];

export interface CorpusInvoice {
  record: InvoiceRecord;
  vendor: string;
  city: string;
  themes: string[];
}

export interface Question {
  text: string;
  /** Ids of every invoice the question means. */
  relevant: Set<string>;
  /** Whether the question asks for a theme (item words) or only a vendor, city and kind. */
  kind: 'theme' | 'place';
}

function vendorsOf(category: Category): string[] {
  return VENDOR_FIRST.flatMap((first) =>
    VENDOR_SECOND[category].map((second) => `${first} ${second}`),
  );
}

const VENDORS: Record<Category, string[]> = Object.fromEntries(
  CATEGORY_LIST.map((category) => [category, vendorsOf(category)]),
) as Record<Category, string[]>;

/** The invoice number `index` of a corpus of generated invoices (seeded per index). */
export function corpusInvoice(index: number, seed = 7): CorpusInvoice {
  const next = seeded(seed * 1_000_003 + index);
  const category = pick(CATEGORY_LIST, next);
  const vendor = pick(VENDORS[category], next);
  const city = pick(CITIES, next);
  const items = Array.from({ length: 2 + Math.floor(next() * 3) }, () =>
    pick(PLAIN_ITEMS[category], next),
  );
  const themes: string[] = [];
  for (const theme of THEMES) {
    if (theme.category !== category || next() > 0.3) continue;
    themes.push(theme.name);
    items.splice(Math.floor(next() * items.length), 0, pick(theme.printed, next));
  }
  const flags = THEMES.filter((theme) => themes.includes(theme.name) && theme.flag).map(
    (theme) => theme.flag as Flag,
  );
  const total = 20_000 + Math.floor(next() * 500_000);
  const record = makeRecord({
    file: `bench/search/${index}.pdf`,
    owner_sub: `user-${index % 60}`,
    employee_name: EMPLOYEES[index % 60] as string,
    job_id: `job-${Math.floor(index / 50)}`,
    category,
    vendor,
    invoice_number: `B-${index}`,
    invoice_date: new Date(Date.UTC(2025, 0, 1 + Math.floor(next() * 365)))
      .toISOString()
      .slice(0, 10),
    total_minor: total,
    reimbursable_minor: total,
    flags,
    reason: flags.length > 0 ? 'Alcohol lines removed.' : 'Within policy.',
    text: `${vendor}, ${city}. ${items.map((item, at) => `${at + 1}. ${item} ${(100 + at * 37).toFixed(2)}`).join('; ')}. GST included.`,
    created_at: new Date(Date.UTC(2025, 6, 1) + Math.floor(index / 50) * 60_000).toISOString(),
  });
  return { record, vendor, city, themes };
}

/**
 * `count` questions about the corpus: about a third name a vendor, a city and a kind of expense
 * (words BM25 sees), the rest name a vendor and ask for a theme in other words than the invoices
 * print (what only meaning finds). Every question has at least one relevant invoice.
 */
export function corpusQuestions(corpus: readonly CorpusInvoice[], count: number): Question[] {
  const next = seeded(99);
  const themed = corpus.filter((invoice) => invoice.themes.length > 0);
  const questions: Question[] = [];
  while (questions.length < count) {
    const askPlace = next() < 0.35 || themed.length === 0;
    const target = pick(askPlace ? corpus : themed, next);
    const category = target.record.category;
    if (askPlace) {
      const relevant = corpus.filter(
        (invoice) => invoice.vendor === target.vendor && invoice.city === target.city,
      );
      questions.push({
        kind: 'place',
        text: `${pick(CATEGORY_ASKED[category], next)} at ${target.vendor} in ${target.city}`,
        relevant: new Set(relevant.map((invoice) => invoice.record.id)),
      });
      continue;
    }
    const theme = THEMES.find((candidate) => candidate.name === target.themes[0]) as Theme;
    const relevant = corpus.filter(
      (invoice) => invoice.vendor === target.vendor && invoice.themes.includes(theme.name),
    );
    const asked = pick(theme.asked, next);
    const text =
      category === 'meal'
        ? `${pick(CATEGORY_ASKED.meal, next)} with ${asked} at ${target.vendor}`
        : `${asked} bought at ${target.vendor}`;
    questions.push({
      kind: 'theme',
      text,
      relevant: new Set(relevant.map((invoice) => invoice.record.id)),
    });
  }
  return questions;
}

/** |relevant ∩ top k| / min(|relevant|, k): 1 when the top k hold all they could. */
export function recallAt(k: number, ranked: readonly string[], relevant: Set<string>): number {
  const top = ranked.slice(0, k).filter((id) => relevant.has(id)).length;
  return top / Math.min(relevant.size, k);
}
