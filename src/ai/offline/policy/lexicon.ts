/**
 * The phrases of English policies and what each means (lexemes.ts). Patterns are written once:
 * `a|b` are alternatives, `{x|y}` a choice inside a phrase, `(s)` an optional plural. The longest
 * phrase wins ("not exceeding" is a limit, "exceeding" a comparison; "excluding VAT" a basis,
 * "excluding" an exception), so the table stays a list of meanings, not of sentences.
 */
import type { LineKind, TravelClass } from '../../../domain/facts.js';
import type { Lexeme } from './lexemes.js';
import { CITY_NAMES, COUNTRY_NAMES } from './places.js';

const cat = (category: string): Lexeme => ({ k: 'cat', category });
const kind = (...kinds: LineKind[]): Lexeme => ({ k: 'kind', kinds });
const per = (period: (Lexeme & { k: 'per' })['period']): Lexeme => ({ k: 'per', period });

const TAXES = '{vat|tax|taxes|gst|hst|sales tax(es)|consumption tax(es)|tva|mwst|iva|local taxes}';
const PAID =
  '{reimbursed|reimbursable|eligible|covered|claimable|paid|payable|refunded|refundable|allowable|accepted|funded|repaid|paid back|eligible for reimbursement|recoverable}';
const ATTENDEES = '{attendee(s)|guest(s)|participant(s)|diner(s)|person(s) present|invitee(s)}';

export const LEXICON: ReadonlyArray<readonly [string, Lexeme]> = [
  // Categories of the taxonomy, by the words policies use for them.
  [
    'meal(s)|food|foods|subsistence|dining|restaurant(s)|restaurant bill(s)|refreshment(s)|' +
      'food and {beverage(s)|drink(s)}|snack(s)|business meal(s)|meal expense(s)|catering',
    cat('meal'),
  ],
  ['breakfast(s)', cat('meal.breakfast')],
  ['lunch|lunches|luncheon(s)|midday meal(s)', cat('meal.lunch')],
  ['dinner(s)|supper(s)|evening meal(s)', cat('meal.dinner')],
  [
    'hotel(s)|hotel accommodation|accommodation(s)|lodging(s)|hotel stay(s)|hotel room(s)|' +
      'overnight stay(s)|room rate(s)|room charge(s)|guest house(s)|guesthouse(s)|' +
      'serviced apartment(s)|airbnb|hostel(s)|motel(s)|room rent|{room|bed} {and|+|&} breakfast|' +
      'half board|full board|room only',
    cat('lodging'),
  ],
  [
    'travel|travels|travel expense(s)|travel cost(s)|business travel|transport|transportation',
    cat('travel'),
  ],
  [
    'flight(s)|air travel|airfare(s)|air fare(s)|air ticket(s)|plane ticket(s)|' +
      'airline ticket(s)|air travel ticket(s)|air',
    cat('travel.airfare'),
  ],
  [
    'rail|rail travel|train(s)|train ticket(s)|rail ticket(s)|railway(s)|rail fare(s)|' +
      'train fare(s)|train travel|high speed train(s)',
    cat('travel.rail'),
  ],
  [
    'coach|coaches|coach travel|bus|buses|long distance bus(es)|intercity bus(es)',
    cat('travel.bus'),
  ],
  [
    'taxi|taxis|taxies|cab|cabs|taxicab(s)|ride hailing|ride hailing service(s)|ride sharing|' +
      'rideshare|ride share|uber|lyft|minicab(s)|private hire|office cab(s)|black cab(s)|' +
      'taxi ride(s)|taxi fare(s)|taxi journey(s)',
    cat('taxi'),
  ],
  [
    'local conveyance|public transport|local transport|metro|subway|underground|tram(s)|' +
      'city bus(es)|auto rickshaw(s)|rickshaw(s)|bike hire|scooter hire|e scooter(s)',
    cat('local_conveyance'),
  ],
  [
    'car rental(s)|car hire|hire car(s)|rental car(s)|rented car(s)|vehicle hire|van hire|' +
      'vehicle rental(s)',
    cat('car_rental'),
  ],
  ['fuel|petrol|gasoline|diesel|ev charging|vehicle charging', cat('fuel')],
  [
    'parking|car park(s)|parking fee(s)|parking charge(s)|toll(s)|road toll(s)|' +
      'expressway toll(s)|motorway toll(s)|congestion charge(s)',
    cat('parking'),
  ],
  [
    'mileage|mileage allowance|own car|private car|own vehicle|private vehicle|' +
      'kilometre allowance|kilometer allowance',
    cat('mileage'),
  ],
  [
    'telecom(s)|telecommunication(s)|phone bill(s)|telephone bill(s)|phone(s)|phone cost(s)|' +
      'communication cost(s)',
    cat('telecom'),
  ],
  [
    'mobile(s)|mobile phone(s)|mobile phone bill(s)|mobile bill(s)|cell phone(s)|cellphone(s)|' +
      'smartphone(s)|mobile plan(s)|mobile contract(s)|mobile telephone(s)',
    cat('telecom.mobile'),
  ],
  [
    'internet|broadband|home broadband|home internet|wifi|wi fi|data plan(s)|internet access|' +
      'broadband bill(s)|home broadband bill(s)|internet bill(s)',
    cat('telecom.internet'),
  ],
  [
    'office supplies|stationery|office stationery|office equipment|small office equipment|' +
      'printer ink|printer cartridge(s)|supplies|small office supplies',
    cat('office_supplies'),
  ],
  [
    'training|training course(s)|course(s)|conference(s)|seminar(s)|workshop(s)|' +
      'trade fair(s)|trade show(s)|certification(s)|exam fee(s)|professional development|' +
      'webinar(s)|conference fee(s)|course fee(s)|training fee(s)|book(s)|professional book(s)|' +
      'technical book(s)|professional subscription(s)|journal(s)',
    cat('training'),
  ],
  [
    'entertainment|client entertainment|entertaining|hospitality|client hospitality|' +
      'client meal(s)|client dinner(s)|client lunch(es)|business entertainment|' +
      'corporate hospitality|entertaining clients|entertainment of clients|guest entertainment|' +
      '{meal(s)|dinner(s)|lunch(es)|breakfast(s)} with {clients|customers|guests|business partners|visitors}',
    cat('entertainment'),
  ],
  [
    'personal expense(s)|personal item(s)|personal purchase(s)|private purchase(s)|' +
      'personal subscription(s)|personal extras|personal use items|personal care|' +
      'personal entertainment|private expense(s)',
    cat('personal'),
  ],
  ['miscellaneous|sundry|sundries|other expenses', cat('other')],

  // Kinds of invoice lines; an empty list is a line named only by its words (a term).
  [
    'alcohol|alcoholic|alcoholic drink(s)|alcoholic beverage(s)|liquor|spirits|wine(s)|beer(s)|' +
      'cider|sake|shochu|highball(s)|sours|cocktail(s)|champagne|whisky|whiskey|vodka|' +
      'bar tab(s)|bar bill(s)|alcoholic refreshment(s)',
    kind('alcohol'),
  ],
  [
    'non alcoholic drink(s)|non alcoholic beverage(s)|soft drink(s)|non alcoholic refreshment(s)',
    kind('beverage'),
  ],
  [
    'tobacco|tobacco product(s)|cigarette(s)|cigar(s)|vaping|vaping product(s)|vape(s)|' +
      'e cigarette(s)|smoking|smoking accessories|lighter(s)',
    kind('tobacco'),
  ],
  ['tip|tips|gratuity|gratuities|pourboire', kind('tip')],
  ['service charge(s)|service|service charges', kind('service_charge')],
  ['minibar|mini bar|minibar charge(s)|mini bar charge(s)', kind('minibar')],
  ['spa|spa treatment(s)|massage(s)|sauna|wellness', kind('spa')],
  ['laundry|dry cleaning|pressing|ironing', kind('laundry')],
  [
    'tourist tax(es)|city tax(es)|taxe de sejour|accommodation tax(es)|visitor tax(es)|' +
      'kurtaxe|municipal tax(es)|resort tax(es)|bed tax(es)|宿泊税',
    kind('tourist_tax'),
  ],
  ['room tax(es)|lodging tax(es)|hotel tax(es)|occupancy tax(es)', kind('room_tax')],
  [
    'booking fee(s)|reservation fee(s)|resort fee(s)|service fee(s)|pick up fee(s)|fees|fee|' +
      'surcharge(s)|supplement(s)|fuel surcharge(s)|passenger facility charge(s)|admin fee(s)',
    kind('fee'),
  ],
  [
    'fine(s)|penalty|penalties|penalty charge(s)|parking fine(s)|speeding fine(s)|' +
      'speeding ticket(s)|traffic fine(s)|traffic violation(s)|penalty notice(s)|' +
      'traffic ticket(s)|parking ticket(s)',
    kind('fine'),
  ],
  [
    'in room entertainment|pay television|pay tv|in room movie(s)|in flight|room service|' +
      'late {check out|checkout} {fee(s)|charge(s)}|late {check out|checkout}',
    kind(),
  ],

  // Classes of travel: the same words said of a train are its classes.
  ['economy|economy class|coach class|basic economy|standard economy', cls(['economy'], [])],
  ['premium economy|premium economy class', cls(['premium_economy'], [])],
  ['business class|club class|upper class', cls(['business'], [])],
  ['first class|1st class|premiere classe|1ere classe|1re classe', cls(['first'], ['rail_first'])],
  [
    'standard class|second class|2nd class|2nde classe|2e classe|seconde classe',
    cls([], ['rail_second']),
  ],
  [
    '{other|any other|all other|higher|any higher} class(es)|upgrades|class upgrades',
    { k: 'class', air: [], rail: [], others: true },
  ],

  // Periods of a limit.
  [
    '{per|a|each|every|/} {night|room night}|nightly|per night of stay|a night of stay',
    per('night'),
  ],
  [
    '{per|a|each|every|/} {day|calendar day|working day|travel day}|daily|per diem|' +
      'each calendar day|{of|for|in|on} {one|a|the same|each|any one} {day|calendar day}',
    per('day'),
  ],
  ['{per|a|each|every} {meal|meal receipt|sitting}', per('meal')],
  [
    '{per|a|each|every|/} {person|head|cover|couvert|attendee|guest|diner|participant}',
    per('person'),
  ],
  [
    '{per|a|each|every} {trip|journey|ride|ticket|leg|one way trip|transfer|taxi ride|way|' +
      'return journey|return trip|round trip|return ticket}|each way',
    per('trip'),
  ],
  ['{per|each|every} {item|unit|article}', per('item')],
  [
    '{per|each|every} {invoice|receipt|bill|purchase|transaction|expense|occasion|event|booking|visit}',
    per('invoice'),
  ],
  [
    '{per|a|each|every|/} {month|calendar month|billing month|billing period|billing cycle}|' +
      'monthly|per mensem',
    per('billing_month'),
  ],
  [
    '{per|each|every} {claim|expense claim|expense report|submission|reimbursement request}',
    per('claim'),
  ],
  [
    '{per|a|each|every|/} {year|calendar year|financial year|fiscal year}|annually|per annum|' +
      'yearly',
    per('year'),
  ],
  ['{per|a|each|every} week|weekly', per('week')],
  ['{per|each} stay|for the whole stay|per hotel stay', per('stay')],
  [
    '{per|a|each|every|/} {mile|km|kilometre|kilometer|kilometre driven|mile driven}',
    { k: 'distance' },
  ],

  // Limit words and what refers to a limit.
  [
    'up to|upto|up to a maximum of|a maximum of|maximum|maximum of|max|at most|at the most|' +
      'no more than|not more than|not exceeding|not to exceed|{may not|must not|shall not|cannot|should not|can not|will not|does not|do not|not to|never} exceed|' +
      'capped|capped at|cap|cap of|limited to|limit|limits|limit of|ceiling|allowance|allowances|' +
      'stipend|stipends|flat allowance|' +
      'budget|up to and including|maximum amount|maximum reimbursement|limit is|is limited to',
    { k: 'limit' },
  ],

  // Refusals, declines and what is paid.
  [
    `{not|never|not be|never be|cannot be|can not be|not to be|no longer} ${PAID}|` +
      'non reimbursable|non refundable|ineligible|excluded|exclusions|not permitted|' +
      'not allowed|not accepted|never permitted|not be permitted|not be allowed|prohibited|' +
      'not be accepted|not eligible for reimbursement|not reimbursed at all|' +
      '{cannot|can not|may not|must not|should not|will not|shall not} be {claimed|charged}',
    { k: 'neg' },
  ],
  [
    '{does|do|will|shall|would} not {pay|reimburse|cover|refund|accept}|' +
      "won't {pay|reimburse|cover}|no reimbursement|no reimbursement {for|of|is made for}|" +
      '{cannot|can not|may not|must not|should not|do not} {claim|charge}|' +
      'nothing is paid for|is not paid for',
    { k: 'negv' },
  ],
  ['declined|rejected|refused|disallowed|turned down|denied', { k: 'decline' }],
  ['in full|at all|entirely|fully|in their entirety|in its entirety', { k: 'full' }],
  [
    'reimbursed|reimbursable|reimburse|reimburses|paid|payable|pays|covered|eligible|claimable|' +
      'refunded|allowed|permitted|accepted|may claim|can claim|may be claimed|can be claimed|' +
      'will be paid|met by the company|eligible for reimbursement',
    { k: 'pay' },
  ],
  [
    'actual cost(s)|actual price|actual amount|at cost|full amount|full cost|as charged|' +
      'actual fare|actual expense(s)|the amount on the receipt',
    { k: 'actual' },
  ],
  [
    'on top|on top of|in addition|in addition to|additionally|over and above|separately|' +
      'outside the limit|outside the cap|not counted toward the limit|on top of the limit',
    { k: 'ontop' },
  ],
  [
    `{excluding|excl|ex|before|net of|exclusive of|without|plus|pre|not including|excluding all|before any|net of all|exclusive of all|excluding any|before all|+|exclude|excludes} ${TAXES}|` +
      'net|pre tax|pretax|net amount|ht|hors taxes|tax exclusive|vat exclusive',
    { k: 'net' },
  ],
  [
    `{including|incl|inclusive of|including all|including any|with|include|includes} ${TAXES}|` +
      `${TAXES} {included|inclusive|incl}|gross|ttc|toutes taxes comprises|all taxes included|` +
      'tax inclusive|vat inclusive|all in',
    { k: 'gross' },
  ],
  [TAXES, { k: 'vat' }],
  ['including|incl|inclusive of|plus|with any', { k: 'incl' }],

  // Evidence.
  [
    'receipt(s)|original receipt(s)|valid receipt(s)|proof of payment|proof of purchase|' +
      'till receipt(s)|supporting document(s)|supporting documentation',
    { k: 'evid', requires: 'receipt' },
  ],
  [
    '{itemised|itemized|detailed} {receipt(s)|bill(s)|invoice(s)}|vat invoice(s)|vat receipt(s)|' +
      'tax invoice(s)|full vat receipt(s)',
    { k: 'evid', requires: 'itemised_receipt' },
  ],
  [
    `{names|name} {of|and companies of|and company of|and employers of|and employer of|and organisations of} {|all|the|all the|each|every} ${ATTENDEES}|` +
      `{attendee|guest|participant} {name(s)|list}|{attendees|guests|participants} names|` +
      `list of ${ATTENDEES}|guest list|names of those present`,
    { k: 'evid', requires: 'attendee_names' },
  ],
  [
    'must|must be|required|requires|require|is required|are required|need|needs|need to|needed|' +
      'mandatory|shall|have to|has to|compulsory|only with|supported by|accompanied by|attach|' +
      'attached|should|claim with|must include|must show|must list',
    { k: 'must' },
  ],
  ['within|no later than|not later than|at the latest', { k: 'within' }],
  ['day(s)|calendar day(s)|business day(s)|working day(s)', { k: 'unit', unit: 'day' }],
  ['week(s)', { k: 'unit', unit: 'week' }],
  ['month(s)|calendar month(s)', { k: 'unit', unit: 'month' }],
  ['year(s)', { k: 'unit', unit: 'year' }],

  // Reading aids.
  [
    'example|examples|worked example|for example|e . g .|e . g|eg|for instance|illustration|' +
      'to illustrate|by way of example',
    { k: 'example' },
  ],
  [
    'except|except for|excluding|other than|apart from|with the exception of|unless|but not|' +
      'save for|with the exception',
    { k: 'except' },
  ],
  ['only|solely|exclusively', { k: 'only' }],
  [
    'together|combined|in total|in aggregate|jointly|shared|shared between|altogether|' +
      'between them|in all|total|shared by|share|share a|share one|share a single',
    { k: 'shared' },
  ],
  ['each|respectively|per category|individually|each category', { k: 'each' }],
  [
    'for work|for business|business purpose(s)|for business purposes|work related|' +
      'on company business|on business|company business|business related|' +
      '{when|while} {travelling|traveling|working away|on business}|' +
      '{travelling|traveling} for work|for personal reasons|personal reasons|' +
      'for personal use|private use|attending business meetings|business meeting(s)|' +
      'in the course of|working away from|away from {your|the|their} usual workplace|' +
      '{during|on|for} business trip(s)|{during|on} a business trip|overnight business travel|' +
      'for overnight business travel|for the company|for company purposes',
    { k: 'purpose' },
  ],
  [
    'form|request form|reimbursement request form|expense form|claim form|approval|approve|' +
      'approved|approves|approver|pre approval|prior approval|line manager|manager|' +
      "manager's|hr|hr department|human resources|department|finance team|portal|workflow|" +
      'sign off|signed off|authorisation|authorization|authorised|authorized|budget holder|' +
      'company approved|preferred supplier(s)|travel agent|booking tool|booked through|amended|' +
      'audit|audited',
    { k: 'proc' },
  ],
  [
    'flagged|flag|for review|queried|referred|{not|never} {|be|automatically} {rejected|declined|refused}|' +
      'not rejected automatically|not declined automatically',
    { k: 'flag' },
  ],
  ['duplicate(s)|more than once|claimed once|twice|possible duplicate|same receipt', { k: 'dup' }],
  [
    'rounded down|round down|rounding down|truncated|fractions are discarded',
    { k: 'round', mode: 'down' },
  ],
  ['rounded up|round up|rounding up', { k: 'round', mode: 'up' }],
  [
    'rounded to the nearest|rounded half up|rounded|round to the nearest',
    { k: 'round', mode: 'half_up' },
  ],
  [
    'foreign currency|foreign currencies|another currency|other currencies|currency other than|' +
      'other currency|currencies other than|in local currency|local currency',
    { k: 'fx' },
  ],
  ['printed|shown|stated|displayed|indicated|as printed|printed on|shown on', { k: 'printed' }],
  [
    'card slip(s)|credit card slip(s)|card receipt(s)|card statement|credit card statement|' +
      'bank statement|payment slip|charge slip|terminal receipt|card terminal slip',
    { k: 'slip' },
  ],
  ['exchange rate|rate of exchange|conversion rate|rate|fx rate|exchange rates', { k: 'xrate' }],
  [
    'person(s)|people|couvert(s)|guest(s)|attendee(s)|diner(s)|participant(s)|head(s)',
    {
      k: 'who',
    },
  ],
  [
    "own meals|own meal|alone|employee only|only the employee|by themselves|single diner|sole diner|employee's own meals|employee's own|their own meals|your own meals",
    { k: 'alone' },
  ],
  [
    'quote(s)|quotation(s)|estimate(s)|pro forma|pro forma invoice(s)|proforma|proforma invoice(s)|' +
      'order confirmation(s)|devis|booking confirmation(s)|delivery note(s)',
    { k: 'notdoc' },
  ],
  [
    '{on|in} {a|the} {hotel bill|hotel invoice|hotel folio|folio|room bill}|on hotel bills|' +
      'hotel bill(s)|folio|charged to the room|charged to your room|room bill|' +
      'charged on a hotel bill|charged to a hotel bill|on a hotel bill',
    { k: 'onbill' },
  ],
  [
    'treated as|counts as|count as|counted as|considered|considered as|regarded as|falls under|' +
      'handled as|assessed as|subject to the|is subject to|are subject to|reimbursed as',
    { k: 'treat' },
  ],
  ['equivalent', { k: 'equiv' }],
  [
    'multiplied by|times the number of|x the number of|× the number of|for each|the number of',
    { k: 'mult' },
  ],
  [
    "personal cost|personal costs|a personal cost|a personal expense|are personal expenses|is a personal expense|at the {employee's|guest's|traveller's|traveler's|staff member's} own expense|at own expense|at their own expense|" +
      "at your own expense|own expense|paid by the employee|borne by the employee|employee's responsibility|" +
      'responsibility of the employee|paid personally|the employee pays',
    { k: 'selfpay' },
  ],
  ['before|earlier than|prior to', { k: 'time', rel: 'before' }],
  ['after|later than', { k: 'time', rel: 'after' }],
  ['from', { k: 'time', rel: 'from' }],
  ['until|till|up until|through', { k: 'time', rel: 'until' }],
  ['between', { k: 'time', rel: 'between' }],
  ['or later|onwards|and later|or after', { k: 'open', side: 'later' }],
  ['or earlier|or before|and earlier', { k: 'open', side: 'earlier' }],
  [
    'above|over|more than|exceeding|in excess of|greater than|higher than|exceeds|exceed|' +
      'older than|longer than',
    { k: 'more', dir: 'above' },
  ],
  ['below|less than|lower than|under the amount of', { k: 'more', dir: 'below' }],
  ['or more|and over|and above|or above|or greater|+', { k: 'ormore' }],
  ['half|one half|half of', { k: 'half' }],
  ['pounds sterling|sterling|pound(s)|british pound(s)|gbp', { k: 'currency', code: 'GBP' }],
  ['euro(s)|eur', { k: 'currency', code: 'EUR' }],
  ['yen|japanese yen|jpy', { k: 'currency', code: 'JPY' }],
  [
    'us dollar(s)|u . s . dollar(s)|dollar(s)|usd|american dollar(s)',
    { k: 'currency', code: 'USD' },
  ],
  ['rupee(s)|indian rupee(s)|inr', { k: 'currency', code: 'INR' }],
  ['swiss franc(s)|franc(s)|chf', { k: 'currency', code: 'CHF' }],
  ['kuwaiti dinar(s)|dinar(s)|kwd', { k: 'currency', code: 'KWD' }],
  [
    '{the|a|his|her|their|your} {food|meal} bill|food bill|bill|the bill|total bill|the total|' +
      'invoice total|the charges|current charges|charges|the cost|meal cost|cost of the meal|' +
      'amount of the bill|subtotal|food subtotal|food and drink subtotal|bills|' +
      '{the|an|each|the monthly} invoice|the invoice amount',
    { k: 'bill' },
  ],
  ['late|overdue|late submission|late claims|late receipts', { k: 'late' }],
  [
    'if|when|where|provided that|as long as|depending on|subject to|in case|whenever|' +
      'dependent on|based on|according to',
    { k: 'condition' },
  ],
  ...COUNTRY_NAMES.map(
    ([names, code]) => [names, { k: 'place', place: { kind: 'country', code } }] as const,
  ),
  ...CITY_NAMES.map(
    ([names, country]) =>
      [
        names,
        {
          k: 'place',
          place: { kind: 'city', name: titleCase(names.split('|')[0] ?? ''), country },
        },
      ] as const,
  ),
  [
    'domestic|domestically|in country|within the country|national|inland|{in|within} {the home country|your home country|the country}',
    { k: 'place', place: { kind: 'home' } },
  ],
  [
    '{metro|metropolitan|major|capital|tier 1|tier one|tier i|tier 2|tier two|class a|class b|' +
      'category a|category b} {cities|city|towns|locations}|high cost {cities|locations|areas}',
    { k: 'place', place: { kind: 'group', name: 'a group of places' } },
  ],
  [
    'abroad|overseas|international|internationally|foreign|outside the country|outside {the home country|your home country}',
    { k: 'place', place: { kind: 'abroad' } },
  ],
  [
    'elsewhere|other cities|other locations|all other cities|all other locations|anywhere else|' +
      'rest of the {uk|country|world|united kingdom|us|state}|rest of {uk|country|world}|' +
      'other places|everywhere else|other areas|all other areas|all other places|' +
      'outside {london|the capital|major cities}|other destinations|all other destinations',
    { k: 'place', place: { kind: 'elsewhere' } },
  ],
];

function cls(air: TravelClass[], rail: TravelClass[]): Lexeme {
  return { k: 'class', air, rail };
}

function titleCase(text: string): string {
  return text.replace(/\b\p{L}/gu, (letter) => letter.toUpperCase());
}

/** "hotel stay(s)|lodging" → ["hotel stay", "hotel stays", "lodging"]. */
export function expandPattern(pattern: string): string[] {
  const phrases = new Set<string>();
  for (const alternative of splitTop(pattern)) {
    for (const phrase of expandSequence(alternative)) {
      const clean = phrase.replace(/\s+/g, ' ').trim();
      if (clean) phrases.add(clean);
    }
  }
  return [...phrases];
}

function expandSequence(text: string): string[] {
  let partial = [''];
  let rest = text;
  while (rest.length > 0) {
    if (rest.startsWith('{')) {
      const close = closingBrace(rest);
      const options = splitTop(rest.slice(1, close)).flatMap((option) =>
        option === '' ? [''] : expandSequence(option),
      );
      partial = partial.flatMap((prefix) => options.map((option) => prefix + option));
      rest = rest.slice(close + 1);
    } else if (rest.startsWith('(')) {
      const close = rest.indexOf(')');
      const suffix = rest.slice(1, close);
      partial = partial.flatMap((prefix) => [prefix, prefix + suffix]);
      rest = rest.slice(close + 1);
    } else {
      const next = rest.search(/[{(]/);
      const literal = next === -1 ? rest : rest.slice(0, next);
      partial = partial.map((prefix) => prefix + literal);
      rest = rest.slice(literal.length);
    }
  }
  return partial;
}

function closingBrace(text: string): number {
  let depth = 0;
  for (let index = 0; index < text.length; index += 1) {
    if (text[index] === '{') depth += 1;
    if (text[index] === '}') depth -= 1;
    if (depth === 0) return index;
  }
  throw new Error(`lexicon: unbalanced braces in "${text}"`);
}

function splitTop(pattern: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of pattern) {
    if (char === '{') depth += 1;
    if (char === '}') depth -= 1;
    if (char === '|' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}
