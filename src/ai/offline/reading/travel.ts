/**
 * The class of a journey and its mode. Class words are read from the rows of the document; a bare
 * word that is also ordinary language ("first", "business", "standard") counts only on a row that
 * speaks of a class, a fare or a cabin. Rail and air classes are told apart by the category.
 */
import type { Fact, TransportMode, TravelClass } from '../../../domain/facts.js';
import type { PreparedDocument } from './document.js';
import { phraseAt } from './lexicon.js';
import { fold, isCjk } from './normalize.js';

/** Class of travel, by words; rail classes are told from air classes by the journey's mode. */
const TRAVEL_CLASS_WORDS: ReadonlyArray<readonly [TravelClass, string]> = [
  ['premium_economy', 'premium economy|economy plus|premium eco|プレミアムエコノミー'],
  [
    'business',
    'business class|business|classe affaires|affaires|geschaftsklasse|clase business|ビジネスクラス|ビジネス',
  ],
  [
    'first',
    'first class|1st class|first|premiere classe|1re classe|1ere classe|1ere|premiere|erste klasse|1 klasse|primera clase|primera|ファーストクラス|グリーン車|グリーン',
  ],
  [
    'economy',
    'economy|economy class|classe economique|eco|economyklasse|clase turista|turista|エコノミー',
  ],
  [
    'rail_second',
    'standard class|standard|second class|2nd class|seconde classe|2nde classe|2e classe|seconde|2nde|zweite klasse|2 klasse|segunda clase|普通車',
  ],
];

/** A row speaks of the class of a journey. */
const CLASS_NOUNS =
  /\b(?:class|classe|klasse|clase|cabin|cabine|kabine|cabina|fare|tarif|tarifa|ticket|billet|fahrkarte|billete)\b|クラス|車|席/;

const RAIL_OF: Readonly<Record<TravelClass, TravelClass>> = {
  first: 'rail_first',
  business: 'rail_first',
  rail_first: 'rail_first',
  premium_economy: 'rail_second',
  economy: 'rail_second',
  rail_second: 'rail_second',
};
const AIR_OF: Readonly<Record<TravelClass, TravelClass>> = {
  first: 'first',
  business: 'business',
  rail_first: 'first',
  premium_economy: 'premium_economy',
  economy: 'economy',
  rail_second: 'economy',
};

function classesOnRow(text: string): TravelClass[] {
  const folded = fold(text).text;
  const aboutClass = CLASS_NOUNS.test(folded);
  const found: TravelClass[] = [];
  for (const [travelClass, words] of TRAVEL_CLASS_WORDS) {
    for (const raw of words.split('|')) {
      const word = fold(raw).text;
      const specific = word.includes(' ') || [...word].some(isCjk) || /\d/.test(word);
      if ((specific || aboutClass) && phraseAt(folded, word) >= 0) {
        found.push(travelClass);
        break;
      }
    }
  }
  // "Premium economy" also says "economy": the longer name is the class.
  return found.includes('premium_economy') ? found.filter((c) => c !== 'economy') : found;
}

export function modeOf(category: string | null): TransportMode | null {
  if (!category) return null;
  if (category === 'travel.rail') return 'rail';
  if (category === 'travel.airfare') return 'air';
  if (category === 'travel.bus') return 'bus';
  if (category === 'taxi') return 'taxi';
  if (category === 'car_rental') return 'car';
  return null;
}

export function readTravelClass(doc: PreparedDocument, category: string | null): Fact<TravelClass> {
  const mode = modeOf(category);
  if (mode !== 'rail' && mode !== 'air' && category !== 'travel')
    return { value: null, confidence: 0, page: null };
  const votes = new Map<TravelClass, { count: number; page: number }>();
  for (const row of doc.rows) {
    for (const found of classesOnRow(row.text)) {
      const travelClass = mode === 'rail' ? RAIL_OF[found] : mode === 'air' ? AIR_OF[found] : found;
      const vote = votes.get(travelClass) ?? { count: 0, page: row.page };
      vote.count += 1;
      votes.set(travelClass, vote);
    }
  }
  const ranked = [...votes.entries()].sort((a, b) => b[1].count - a[1].count);
  const [first, second] = ranked;
  if (!first) return { value: null, confidence: 0, page: null };
  // Two classes named (a fare table, an upgrade offer): the reading is unsure.
  const confidence = second ? (first[1].count > second[1].count ? 0.55 : 0.4) : 0.8;
  return {
    value: first[0],
    confidence: mode ? confidence : confidence - 0.15,
    page: first[1].page,
  };
}
