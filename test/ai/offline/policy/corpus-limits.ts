/**
 * Corpus, part 1: limits. Caps in many phrasings, currencies and number formats, with periods,
 * bases, places, persons and shared allowances; shares of a bill and limits relative to it. An
 * amount no limit word governs is never a cap (it is reported as not understood). Percentages
 * are in corpus-percentages.ts.
 */
import { type CorpusEntry, cap, city, country } from './corpus-types.js';

const NET = { basis: 'net_plus_eligible_tax' } as const;

export const LIMITS: CorpusEntry[] = [
  {
    text: 'Hotel stays are reimbursed up to £145 per night.',
    expect: { caps: [cap('lodging', 14500, 'night')], categories: [['lodging', true]] },
  },
  {
    text: 'The maximum for an overnight stay is €120 a night, excluding VAT.',
    expect: { caps: [cap('lodging', 12000, 'night', NET)], currency: 'EUR' },
  },
  {
    text: 'Taxi fares are capped at $35 per ride.',
    expect: { caps: [cap('taxi', 3500, 'trip')], currency: 'USD' },
  },
  {
    text: 'Lunch is limited to ₹450 per person.',
    expect: { caps: [cap('meal.lunch', 45000, 'person')], currency: 'INR' },
  },
  {
    text: 'Dinner expenses must not exceed CHF 60 per person.',
    expect: { caps: [cap('meal.dinner', 6000, 'person')], currency: 'CHF' },
  },
  { text: 'Breakfast: up to 12 GBP.', expect: { caps: [cap('meal.breakfast', 1200, 'meal')] } },
  {
    text: 'Mobile phone costs are reimbursed up to ¥5,500 per month.',
    expect: { caps: [cap('telecom.mobile', 5500, 'billing_month')], currency: 'JPY' },
  },
  {
    text: 'Home internet is covered up to INR 1,200 a month.',
    expect: { caps: [cap('telecom.internet', 120000, 'billing_month')] },
  },
  {
    text: 'Office supplies may be claimed up to KWD 15.500 per claim.',
    expect: { caps: [cap('office_supplies', 15500, 'claim')], currency: 'KWD' },
  },
  {
    text: 'Conference fees are reimbursed up to EUR 1.200 per year.',
    expect: { caps: [cap('training', 120000, 'year')] },
  },
  {
    text: 'Training courses are limited to £2,500 annually.',
    expect: { caps: [cap('training', 250000, 'year')] },
  },
  {
    text: 'Parking is reimbursed to a maximum of £18 per day.',
    expect: { caps: [cap('parking', 1800, 'day')] },
  },
  { text: 'Fuel purchases are capped at €90 per week.', expect: { reading: 'not_understood' } },
  {
    text: 'Car hire is reimbursed at cost, to a maximum of £70 a day.',
    expect: { caps: [cap('car_rental', 7000, 'day')], categories: [['car_rental', true]] },
  },
  {
    text: 'Subsistence allowance: a maximum of £28 per day.',
    expect: { caps: [cap('meal', 2800, 'day')] },
  },
  {
    text: 'This daily cap applies only to meals the employee eats alone.',
    before: ['All meals of one calendar day together may not exceed €48.'],
    expect: { caps: [cap('meal', 4800, 'day', { when: { persons_max: 1 } })] },
  },
  {
    text: 'Hotel nights | €150',
    table: 'Expense | Limit per night',
    expect: { caps: [cap('lodging', 15000, 'night')] },
  },
  {
    text: 'Rotterdam €120',
    heading: 'Hotel limits by city',
    after: ['Other places €95'],
    expect: {
      caps: [cap('lodging', 9500, 'night', { locations: [city('Rotterdam', null, 12000)] })],
    },
  },
  {
    text: 'Meals for the employee alone are reimbursed up to €32 per day.',
    expect: { caps: [cap('meal', 3200, 'day', { when: { persons_max: 1 } })] },
  },
  {
    text: 'Client dinners may not exceed $95 per guest.',
    expect: { caps: [cap('entertainment', 9500, 'person')] },
  },
  {
    text: 'Rail tickets are reimbursed up to CHF 250 per journey.',
    expect: { caps: [cap('travel.rail', 25000, 'trip')] },
  },
  {
    text: 'Economy-class flights are reimbursed up to €400 per ticket.',
    expect: {
      caps: [cap('travel.airfare', 40000, 'trip', { when: { travel_class: ['economy'] } })],
    },
  },
  {
    text: 'Hotel accommodation is capped at £190 per night in London and £125 per night elsewhere.',
    expect: {
      caps: [cap('lodging', 12500, 'night', { locations: [city('London', 'GB', 19000)] })],
    },
  },
  {
    text: 'Accommodation: up to €150 a night in Paris, €110 in other cities.',
    expect: { caps: [cap('lodging', 11000, 'night', { locations: [city('Paris', 'FR', 15000)] })] },
  },
  {
    text: 'Nightly hotel limits are CHF 220 in Zurich and Geneva and CHF 160 elsewhere.',
    expect: {
      caps: [
        cap('lodging', 16000, 'night', {
          locations: [city('Zurich', 'CH', 22000), city('Geneva', 'CH', 22000)],
        }),
      ],
    },
  },
  {
    text: 'Hotels: a maximum of ¥18,000 per night in Japan and ¥32,000 per night abroad.',
    expect: { caps: [cap('lodging', 32000, 'night', { locations: [country('JP', 18000)] })] },
  },
  {
    text: 'Domestic hotel stays are limited to INR 6,500 per night; international stays to INR 14,000 per night.',
    expect: { caps: [cap('lodging', 1400000, 'night', { locations: [country('IN', 650000)] })] },
  },
  {
    text: 'Meals are reimbursed up to £15 for lunch and £30 for dinner.',
    expect: { caps: [cap('meal.lunch', 1500, 'meal'), cap('meal.dinner', 3000, 'meal')] },
  },
  {
    text: 'Breakfast £9, lunch £16, dinner £28 (per meal).',
    expect: { reading: 'not_understood' },
  },
  {
    text: 'breakfast £9, lunch £16 and dinner £28',
    lead_in: 'The following maximum amounts apply to meals:',
    expect: {
      caps: [
        cap('meal.breakfast', 900, 'meal'),
        cap('meal.lunch', 1600, 'meal'),
        cap('meal.dinner', 2800, 'meal'),
      ],
    },
  },
  {
    text: 'Hotel: ₹7,500 per night.',
    expect: { reading: 'not_understood' },
  },
  {
    text: 'Hotel: ₹7,500 per night',
    lead_in: 'The following limits apply:',
    expect: { caps: [cap('lodging', 750000, 'night')] },
  },
  {
    text: 'Taxi | £28 per journey | tip included',
    table: 'Expense | Maximum | Notes',
    expect: { caps: [cap('taxi', 2800, 'trip')], categories: [['taxi', true]] },
  },
  {
    text: 'London | £210 per night',
    table: 'City | Hotel limit',
    after: ['| Other cities | £140 per night |'],
    expect: {
      caps: [cap('lodging', 14000, 'night', { locations: [city('London', 'GB', 21000)] })],
    },
  },
  {
    text: 'Mobile phone | 50% of the bill, max £30 a month',
    table: 'Expense | Limit',
    expect: {
      caps: [cap('telecom.mobile', 3000, 'billing_month')],
      shares: [{ categories: ['telecom.mobile'], percent_bp: 5000, when: null }],
    },
  },
  {
    text: 'The daily meal allowance is €38.',
    expect: { caps: [cap('meal', 3800, 'day')] },
  },
  {
    text: 'A per diem of $60 covers all meals on travel days.',
    expect: { caps: [cap('meal', 6000, 'day')] },
  },
  {
    text: 'Employees may claim up to £200 a year for professional training.',
    expect: { caps: [cap('training', 20000, 'year')] },
  },
  {
    text: 'Reimbursement for car parks is limited to £12 per visit.',
    expect: { caps: [cap('parking', 1200, 'invoice')] },
  },
  {
    text: 'Airport parking: not exceeding €25 per day.',
    expect: { caps: [cap('parking', 2500, 'day')] },
  },
  {
    text: 'Laundry on trips of five nights or more is paid up to £20 per stay.',
    expect: { reading: 'not_understood' },
  },
  {
    text: 'Visa fees are reimbursed up to $150 per application.',
    expect: { reading: 'not_understood' },
  },
  {
    text: 'Hotel rooms are reimbursed up to £130 per night before VAT, with VAT paid only on the allowed amount.',
    expect: { caps: [cap('lodging', 13000, 'night', NET)] },
  },
  {
    text: 'Hotel rates are capped at ¥16,000 per night excluding taxes; all taxes are reimbursed in full on top.',
    expect: { caps: [cap('lodging', 16000, 'night', { basis: 'net_plus_all_tax' })] },
  },
  {
    text: 'Lodging is reimbursed up to 95 EUR per night, VAT included.',
    expect: { caps: [cap('lodging', 9500, 'night')] },
  },
  {
    text: 'Hotel costs of up to €140 per night net of VAT are reimbursed.',
    expect: { caps: [cap('lodging', 14000, 'night', NET)] },
  },
  {
    text: 'Client entertainment is limited to £60 per head, drinks included.',
    expect: { caps: [cap('entertainment', 6000, 'person')] },
  },
  {
    text: 'Business meals for four or more people are capped at €45 per person.',
    expect: { caps: [cap('meal', 4500, 'person', { when: { persons_min: 4 } })] },
  },
  {
    text: 'Amounts above £75 per night for a hotel are not reimbursed.',
    expect: { caps: [cap('lodging', 7500, 'night')] },
  },
  {
    text: 'Anything over $25 spent on a single taxi ride is a personal expense.',
    expect: { caps: [cap('taxi', 2500, 'trip')] },
  },
  {
    text: 'Dinner: max. ₹1,200 per head.',
    expect: { caps: [cap('meal.dinner', 120000, 'person')] },
  },
  {
    text: 'Hotel nights cost no more than 1 450 CHF.',
    expect: { caps: [cap('lodging', 145000, 'night')] },
  },
  {
    text: 'The ceiling for taxis is USD 30 per trip.',
    expect: { caps: [cap('taxi', 3000, 'trip')] },
  },
  {
    text: 'Meal receipts are reimbursed up to 2,500円 per meal.',
    expect: { caps: [cap('meal', 2500, 'meal')], currency: 'JPY' },
  },
  {
    text: 'Lunch allowance: up to KWD 4.250 per day.',
    expect: { caps: [cap('meal.lunch', 4250, 'day')] },
  },
  {
    text: 'Taxi rides up to INR 1,500 are reimbursed in full; anything above that is borne by the employee.',
    expect: { caps: [cap('taxi', 150000, 'trip')] },
  },
  {
    text: 'Train travel is covered up to a maximum of 180 euros per return journey.',
    expect: { caps: [cap('travel.rail', 18000, 'trip')], currency: 'EUR' },
  },
  {
    text: 'The company reimburses up to $1,500.00 per year for home office equipment.',
    expect: { caps: [cap('office_supplies', 150000, 'year')] },
  },
  {
    text: 'In London, hotels are reimbursed up to £220 per night.',
    expect: { caps: [cap('lodging', null, 'night', { locations: [city('London', 'GB', 22000)] })] },
  },
  {
    text: 'Hotels in New York are capped at $320 per night; elsewhere in the US, $220.',
    expect: {
      caps: [cap('lodging', 22000, 'night', { locations: [city('New York', 'US', 32000)] })],
    },
  },
  {
    text: 'Mobile and home broadband together are reimbursed up to €45 per calendar month.',
    expect: { caps: [cap(['telecom.internet', 'telecom.mobile'], 4500, 'billing_month')] },
  },
  {
    text: 'A combined allowance of £50 per month covers mobile phone and internet bills.',
    expect: { caps: [cap(['telecom.internet', 'telecom.mobile'], 5000, 'billing_month')] },
  },
  {
    text: 'Mobile and internet bills share a single limit of ¥6,000 per billing month.',
    expect: { caps: [cap(['telecom.internet', 'telecom.mobile'], 6000, 'billing_month')] },
  },
  {
    text: 'Stationery purchases are limited to 8,000 yen per expense report.',
    expect: { caps: [cap('office_supplies', 8000, 'claim')], currency: 'JPY' },
  },
  {
    text: 'Each taxi journey is reimbursed up to Rs. 600.',
    expect: { caps: [cap('taxi', 60000, 'trip')], currency: 'INR' },
  },
  {
    text: 'Uber and other ride-hailing trips are covered to a ceiling of A$45 per trip.',
    expect: { caps: [cap('taxi', 4500, 'trip')], currency: 'AUD' },
  },
  {
    text: 'Breakfast is reimbursed up to £9, lunch up to £14 and dinner up to £30 per meal.',
    expect: {
      caps: [
        cap('meal.breakfast', 900, 'meal'),
        cap('meal.lunch', 1400, 'meal'),
        cap('meal.dinner', 3000, 'meal'),
      ],
    },
  },
  {
    text: 'The nightly limit for hotels is £150 in London and £100 in the rest of the UK, measured on the room rate before VAT.',
    expect: {
      caps: [cap('lodging', 10000, 'night', { ...NET, locations: [city('London', 'GB', 15000)] })],
    },
  },
  {
    text: 'Taxi journeys are capped at £35 each, including tips.',
    expect: { caps: [cap('taxi', 3500, 'trip')] },
  },
  {
    text: 'Mobile phone and home broadband bills are reimbursed up to a combined £35 per month, by billing period.',
    expect: { caps: [cap(['telecom.internet', 'telecom.mobile'], 3500, 'billing_month')] },
  },
  {
    text: 'Client entertainment is paid up to ¥7,000 per participant, provided the names and organisations of all participants are written on the receipt; otherwise it is refused.',
    expect: {
      caps: [cap('entertainment', 7000, 'person')],
      evidence: [
        {
          categories: ['entertainment'],
          requires: 'attendee_names',
          above_minor: null,
          when: null,
          action: 'decline',
        },
      ],
    },
  },
  {
    text: 'Meals for 2+ persons are entertainment and follow Article 6.',
    after: ['Entertainment is reimbursed up to £50 per guest.'],
    expect: {
      caps: [
        cap('entertainment', 5000, 'person'),
        cap('meal', 5000, 'person', { when: { persons_min: 2 } }),
      ],
    },
  },
  {
    text: 'Each meal is capped at €20; a receipt for several guests is capped at €20 per guest.',
    expect: { caps: [cap('meal', 2000, 'person')] },
  },
  {
    text: 'Hotel: max. €110 per night net; VAT on the allowed amount is reimbursed.',
    expect: { caps: [cap('lodging', 11000, 'night', NET)] },
  },
  {
    text: 'Car rental is limited to compact category vehicles.',
    expect: { reading: 'not_understood' },
  },
  {
    text: 'Group dinners are capped at €40 per cover.',
    expect: { caps: [cap('meal.dinner', 4000, 'person')] },
  },
  {
    text: 'A £45 monthly allowance is shared between mobile and internet bills.',
    expect: { caps: [cap(['telecom.internet', 'telecom.mobile'], 4500, 'billing_month')] },
  },
  {
    text: 'Employees receive a cell phone stipend of $50/month.',
    expect: { caps: [cap('telecom.mobile', 5000, 'billing_month')] },
  },
  {
    text: 'Hotel rates shall not exceed $250/night in high-cost cities (New York, Boston) and $175/night elsewhere.',
    expect: {
      caps: [
        cap('lodging', 17500, 'night', {
          locations: [city('New York', 'US', 25000), city('Boston', 'US', 25000)],
        }),
      ],
    },
  },
];
