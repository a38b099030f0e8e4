/**
 * The lexicon's grammar words: limits, refusals and payments, bases of tax, evidence, deadlines,
 * places, and the small words that tell an example, a condition or a procedure (lexicon.ts holds
 * the words for categories, kinds of lines, classes and periods). Same pattern syntax.
 */
import type { Lexeme } from './lexemes.js';
import { CITY_NAMES, COUNTRY_NAMES } from './places.js';

const TAXES = '{vat|tax|taxes|gst|hst|sales tax(es)|consumption tax(es)|tva|mwst|iva|local taxes}';
const PAID =
  '{reimbursed|reimbursable|eligible|covered|claimable|paid|payable|refunded|refundable|allowable|accepted|funded|repaid|paid back|eligible for reimbursement|recoverable}';
const ATTENDEES = '{attendee(s)|guest(s)|participant(s)|diner(s)|person(s) present|invitee(s)}';

const titleCase = (text: string) => text.replace(/\b\p{L}/gu, (letter) => letter.toUpperCase());

export const GRAMMAR: ReadonlyArray<readonly [string, Lexeme]> = [
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
