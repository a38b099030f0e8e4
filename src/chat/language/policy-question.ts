/**
 * The policy side of a question: "what is the hotel limit in London?", "is a first-class train
 * reimbursed?", "what is the deadline for receipts?". Recognised by structure (a question about
 * limits or eligibility) and read into a topic named in the taxonomy's terms (categories, travel
 * classes, meal types, line kinds), so the answer is picked from the active policy's rules, not
 * from its wording. Pure; the planner decides whether the rest of the question is about invoices.
 */
import type { LineKind, MealType, TravelClass } from '../../domain/facts.js';
import type { QuestionScanner } from './scanner.js';

/** What a policy question asks about; empty lists mean "any". */
export interface PolicyTopic {
  /** Taxonomy ids ("lodging", "travel.rail", "meal.dinner"). */
  categories: string[];
  travel_class: TravelClass[];
  meal_type: MealType[];
  line_kinds: LineKind[];
  /** Kinds of rule asked about beyond categories. */
  aspects: PolicyAspect[];
  /** A place as typed ("London"), matched against the policy's cities when answering. */
  place?: string;
}

export type PolicyAspect = 'limits' | 'eligibility' | 'deadline' | 'evidence' | 'currency';

/** Limits and eligibility words that make a question one about the policy by themselves. */
const STRONG_CUE =
  /\b(?:limits?|caps?|ceilings?|allowances?|allowed|permitted|eligible|eligibility|reimbursable|deadline|time limit|per diem)\b|\bpolic(?:y|ies)\b[^?]*\b(?:say|says|allow|allows|cover|covers|on|about)\b|\bhow (?:many days|long)\b[^?]*\b(?:submit\w*|claim\w*|file)\b|\bwithin how many days\b|\b(?:need|required?|requires?)\b[^?]*\breceipts?\b/;
/** Words that ask about the policy only when no invoice is named: "can I", "is … reimbursed?". */
const WEAK_CUE =
  /\b(?:can|may|could)\s+(?:i|we|employees?|staff|one)\b|^\W*(?:is|are|does|do|will)\b[^?]*\b(?:reimbursed|covered|paid|refunded|claimable)\b|\bmax(?:imum)?\b(?!\s+(?:amount|reimbursed|reimbursement|claimed|claim|spent|spend|paid|total))/;
/** An invoice the question is about: it is then a question about invoices. */
const INVOICE_NOUN =
  /\b(?:invoices?|bills?|claims|documents?|uploads?|records?|submissions?)\b|\b(?:my|our|his|her|their|this|that|the)\s+(?:\w+\s+)?claim\b/;
/** "which invoices exceeded the cap?", "how many claims are over the limit?": invoices again. */
const SELECTING =
  /\b(?:which|show|list|display|how many (?!days?\b|nights?\b))\b|\b(?:over|above|exceed\w*|beyond|breach\w*|under|below|within|hit|reach\w*)\s+(?:the\s+|their\s+|its\s+)?(?:\w+\s+)?(?:limits?|caps?)\b/;

const CATEGORY_WORDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bbreakfasts?\b/, 'meal.breakfast'],
  [/\blunch(?:es)?\b/, 'meal.lunch'],
  [/\b(?:dinners?|suppers?)\b/, 'meal.dinner'],
  [/\b(?:meals?|food|restaurants?|dining|eating)\b/, 'meal'],
  [/\b(?:hotels?|accommodations?|lodging|stays?|rooms?)\b/, 'lodging'],
  [/\b(?:flights?|airfares?|air travel|planes?|airlines?)\b/, 'travel.airfare'],
  [/\b(?:trains?|rail(?:way)?s?)\b/, 'travel.rail'],
  [/\b(?:coach(?:es)?|long[- ]distance bus(?:es)?)\b/, 'travel.bus'],
  [/\b(?:travel|journeys?|trips?)\b/, 'travel'],
  [/\b(?:taxis?|cabs?|ride[- ]?hailing|rides?)\b/, 'taxi'],
  [
    /\b(?:metro|subway|trams?|buses|bus|auto[- ]?rickshaws?|public transport|local conveyance)\b/,
    'local_conveyance',
  ],
  [/\b(?:car rentals?|rental cars?|hire cars?|car hire)\b/, 'car_rental'],
  [/\b(?:fuel|petrol|diesel)\b/, 'fuel'],
  [/\b(?:parking|tolls?)\b/, 'parking'],
  [/\b(?:mileage|kilomet(?:re|er)s?|miles)\b/, 'mileage'],
  [/\b(?:mobile|phones?)\b/, 'telecom.mobile'],
  [/\b(?:internet|broadband)\b/, 'telecom.internet'],
  [/\btelecom\w*\b/, 'telecom'],
  [/\b(?:stationery|office supplies)\b/, 'office_supplies'],
  [/\b(?:training|courses?|conferences?|books?)\b/, 'training'],
  [/\b(?:entertainment|entertaining|hosting|clients?|guests?)\b/, 'entertainment'],
  [/\bpersonal\b/, 'personal'],
];

const LINE_WORDS: ReadonlyArray<readonly [RegExp, LineKind]> = [
  [/\b(?:alcohol(?:ic)?|liquor|wines?|beers?|spirits)\b/, 'alcohol'],
  [/\b(?:tobacco|cigarettes?|cigars?)\b/, 'tobacco'],
  [/\b(?:tips?|gratuit(?:y|ies))\b/, 'tip'],
  [/\bservice charges?\b/, 'service_charge'],
  [/\bminibar\b/, 'minibar'],
  [/\b(?:spa|massages?)\b/, 'spa'],
  [/\blaundry\b/, 'laundry'],
  [/\b(?:fines?|penalt(?:y|ies))\b/, 'fine'],
];

const ASPECT_WORDS: ReadonlyArray<readonly [RegExp, PolicyAspect]> = [
  [
    /\b(?:deadline|time limit|submit\w*|submission|how many days|how long|within how many days)\b/,
    'deadline',
  ],
  [
    /\b(?:itemi[sz]ed|proof|attendees?)\b|\b(?:need|required?|requires?)\b[^?]*\breceipts?\b|\breceipts?\b[^?]*\b(?:needed|required)\b/,
    'evidence',
  ],
  [/\b(?:foreign currenc(?:y|ies)|exchange rates?|currenc(?:y|ies))\b/, 'currency'],
  [
    /\b(?:limits?|caps?|ceilings?|maximum|max|allowances?|how much|up to|per diem|spend)\b/,
    'limits',
  ],
  [
    /\b(?:allowed|permitted|eligible|eligibility|reimbursable|reimbursed|covered|claimable|can i|may i)\b/,
    'eligibility',
  ],
];

/** "first class" means a rail class on a train and a cabin on a plane. */
const CLASS_WORDS: ReadonlyArray<readonly [RegExp, { rail: TravelClass[]; air: TravelClass[] }]> = [
  [
    /\bfirst[- ]class\b|\bfirst\b(?=\s+(?:train|rail|flight|ticket|seat))/,
    { rail: ['rail_first'], air: ['first'] },
  ],
  [
    /\bbusiness[- ]class\b|\bbusiness\b(?=\s+(?:flight|ticket|seat))/,
    { rail: [], air: ['business'] },
  ],
  [/\bpremium economy\b/, { rail: [], air: ['premium_economy'] }],
  [/\b(?:second|standard)[- ]class\b/, { rail: ['rail_second'], air: [] }],
  [/\beconomy\b/, { rail: ['rail_second'], air: ['economy'] }],
];

/** Prepositions after which a capitalised word names a place: "in London", "for Paris". */
const PLACE =
  /\b(?:in|for|at|to|within|inside)\s+((?:[A-Z][\p{L}'-]+)(?:\s+[A-Z][\p{L}'-]+){0,2})/u;

/** Whether the question is shaped like one about the policy (before knowing what else it names). */
export function asksAboutPolicy(folded: string): boolean {
  if (SELECTING.test(folded)) return false;
  if (STRONG_CUE.test(folded)) return true;
  return WEAK_CUE.test(folded) && !INVOICE_NOUN.test(folded);
}

function takeAll<T>(scanner: QuestionScanner, table: ReadonlyArray<readonly [RegExp, T]>): T[] {
  const found = new Set<T>();
  for (const [pattern, value] of table) if (scanner.take(pattern).length > 0) found.add(value);
  return [...found];
}

/** Takes the policy words of the question from the scanner; what is left is for the invoice reader. */
export function takePolicyTopic(
  scanner: QuestionScanner,
  isEmployee: (name: string) => boolean = () => false,
): PolicyTopic {
  const classes = CLASS_WORDS.filter(([pattern]) => scanner.take(pattern).length > 0).map(
    ([, value]) => value,
  );
  const line_kinds = takeAll(scanner, LINE_WORDS);
  const categories = takeAll(scanner, CATEGORY_WORDS);
  const aspects = takeAll(scanner, ASPECT_WORDS);
  const rail = categories.includes('travel.rail');
  const air = categories.includes('travel.airfare');
  const travel_class = [
    ...new Set(
      classes.flatMap((value) =>
        rail && !air ? value.rail : air && !rail ? value.air : [...value.rail, ...value.air],
      ),
    ),
  ];
  const meal_type = categories.flatMap((category) =>
    category.startsWith('meal.') ? [category.slice(5) as MealType] : [],
  );
  const topic: PolicyTopic = { categories, travel_class, meal_type, line_kinds, aspects };
  const place = new RegExp(PLACE.source, 'du').exec(scanner.original);
  const span = place?.indices?.[1];
  if (place?.[1] && span && !isEmployee(place[1])) {
    topic.place = place[1];
    scanner.consume(span[0], span[1]);
  }
  return topic;
}
