/**
 * The phrases of English policies and what each means (lexemes.ts). Patterns are written once:
 * `a|b` are alternatives, `{x|y}` a choice inside a phrase, `(s)` an optional plural. The longest
 * phrase wins ("not exceeding" is a limit, "exceeding" a comparison; "excluding VAT" a basis,
 * "excluding" an exception), so the table stays a list of meanings, not of sentences.
 */
import type { LineKind, TravelClass } from '../../../domain/facts.js';
import type { Lexeme } from './lexemes.js';
import { GRAMMAR } from './lexicon-grammar.js';

const cat = (category: string): Lexeme => ({ k: 'cat', category });
const kind = (...kinds: LineKind[]): Lexeme => ({ k: 'kind', kinds });
const per = (period: (Lexeme & { k: 'per' })['period']): Lexeme => ({ k: 'per', period });

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

  ...GRAMMAR,
];

function cls(air: TravelClass[], rail: TravelClass[]): Lexeme {
  return { k: 'class', air, rail };
}
