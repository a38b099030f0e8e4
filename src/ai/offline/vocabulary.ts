/**
 * Words the offline reader recognises, shared by the policy parser and the invoice extractor so
 * both name categories the same way.
 */
import type { Category } from '../../domain/types.js';

/** How a policy names a category. Order matters: "office cabs" under Travel are cabs, not travel. */
export const POLICY_CATEGORY_WORDS: ReadonlyArray<readonly [Category, RegExp]> = [
  ['cab', /\b(cabs?|taxis?|taxicabs?|uber|ola|rickshaws?|ride[- ]?hailing|local conveyance)\b/i],
  ['accommodation', /\b(accommodations?|hotels?|lodging|lodgings|hotel stays?|room rent)\b/i],
  [
    'meal',
    /\b(food|foods|meals?|beverages?|dining|lunch(?:es)?|dinners?|breakfasts?|restaurants?|refreshments?)\b/i,
  ],
  [
    'travel',
    /\b(travel|travels|travelling|traveling|trips?|journeys?|flights?|air ?fares?|airfares?|trains?|bus(?:es)?|rail|transport(?:ation)?|tickets?|mileage)\b/i,
  ],
];

/** Evidence on an invoice, each with a weight; the category with the most evidence wins. */
export const INVOICE_CATEGORY_SIGNALS: ReadonlyArray<readonly [Category, RegExp, number]> = [
  [
    'travel',
    /\b(e-?ticket|ticket no|pnr|boarding point|dropping point|passengers?|seat (?:no|number)|total fare|departure|arrival|coach|berth)\b/gi,
    2,
  ],
  ['travel', /\b(travels?|bus|train|flight|airlines?|railways?|sleeper|journey)\b/gi, 1],
  ['cab', /\b(cab|taxi|uber|ola|rapido|trip fare|driver|pickup|drop location|ride|km|kms)\b/gi, 2],
  [
    'accommodation',
    /\b(hotel|room|check[- ]?in|check[- ]?out|guest|nights?|stay|lodge|resort|suite|folio)\b/gi,
    1,
  ],
  [
    'meal',
    /\b(restaurant|cafe|caf[eé]|food|table|biriyani|biryani|meals?|dosa|idli|idali|vada|chapati|coffee|tea|thali|naan|paneer|chicken|dine|dining|kitchen|bar|bistro|dhaba|bakery|snacks?|lunch|dinner|breakfast|beverages?)\b/gi,
    1,
  ],
  ['meal', /\b(cgst|sgst|table no|table:|qty)\b/gi, 1],
];
