/**
 * Corpus, part 3: requirements and policy-wide settings. Evidence (receipts, itemised receipts,
 * attendees, thresholds; flagged or declined as the policy says), the submission window, foreign
 * currency, meal hours, rounding, the policy's currency, and what limits say about tax.
 */
import { type CorpusEntry, cap, evidence } from './corpus-types.js';

const NET = { basis: 'net_plus_eligible_tax' } as const;

export const REQUIREMENTS: CorpusEntry[] = [
  {
    text: 'Receipts are required for all expenses over £25.',
    expect: { evidence: [evidence('receipt', { above_minor: 2500 })] },
  },
  {
    text: 'An itemised receipt must be provided for every meal.',
    expect: { evidence: [evidence('itemised_receipt', { categories: ['meal'] })] },
  },
  {
    text: 'Claims without a receipt will not be reimbursed.',
    expect: { evidence: [evidence('receipt', { action: 'decline' })] },
  },
  {
    text: 'Credit card slips alone are not accepted as receipts.',
    expect: { evidence: [evidence('receipt', { action: 'decline' })] },
  },
  {
    text: 'For client entertainment, the names of all guests must be recorded on the receipt.',
    expect: { evidence: [evidence('attendee_names', { categories: ['entertainment'] })] },
  },
  {
    text: 'Hospitality claims are declined unless the attendees are listed.',
    expect: {
      evidence: [evidence('attendee_names', { categories: ['entertainment'], action: 'decline' })],
    },
  },
  {
    text: 'Meals for more than one person need a list of attendees.',
    expect: {
      evidence: [evidence('attendee_names', { categories: ['meal'], when: { persons_min: 2 } })],
    },
  },
  {
    text: 'A receipt is needed for any taxi fare above $20; otherwise the claim is flagged.',
    expect: { evidence: [evidence('receipt', { categories: ['taxi'], above_minor: 2000 })] },
  },
  {
    text: 'VAT invoices are mandatory for purchases of €150 or more.',
    expect: { evidence: [evidence('itemised_receipt', { above_minor: 14999 })] },
  },
  {
    text: 'Each expense needs a receipt or invoice that shows what was bought.',
    expect: { evidence: [evidence('itemised_receipt')] },
  },
  {
    text: 'Attendee names must be listed on every entertainment receipt.',
    expect: { evidence: [evidence('attendee_names', { categories: ['entertainment'] })] },
  },
  {
    text: 'Every claim must be supported by an original receipt.',
    expect: { evidence: [evidence('receipt')] },
  },
  {
    text: 'Business entertainment must list the names and employers of all participants.',
    expect: { evidence: [evidence('attendee_names', { categories: ['entertainment'] })] },
  },
  {
    text: 'An entertainment bill that does not name the guests is rejected.',
    expect: {
      evidence: [evidence('attendee_names', { categories: ['entertainment'], action: 'decline' })],
    },
  },
  {
    text: 'Dinners with clients require the names of all guests; without them the claim is declined.',
    expect: {
      evidence: [evidence('attendee_names', { categories: ['entertainment'], action: 'decline' })],
    },
  },
  // The submission window.
  {
    text: 'Receipts dated more than 60 days before the claim date are paid but flagged.',
    expect: { submission_window: 60 },
  },
  {
    text: 'Expense claims must be submitted within 60 days of the purchase date.',
    expect: { submission_window: 60 },
  },
  {
    text: 'Receipts older than three months will be flagged as late.',
    expect: { submission_window: 90, reading: 'partly' },
  },
  {
    text: 'Please file your claim no later than 45 days after the expense.',
    expect: { submission_window: 45 },
  },
  {
    text: 'Claims submitted more than 30 days after the invoice date will be rejected.',
    expect: { submission_window: 30, reading: 'partly' },
  },
  {
    text: 'HR will approve or reject claims within 10 working days.',
    expect: { reading: 'note' },
  },
  {
    text: 'All receipts have to be handed in within two weeks of travel.',
    expect: { submission_window: 14 },
  },
  {
    text: 'Expenses are claimed within thirty (30) calendar days.',
    expect: { submission_window: 30 },
  },
  // Foreign currency.
  {
    text: 'Receipts in foreign currencies are converted at the exchange rate shown on the credit card slip.',
    expect: { foreign_currency: 'printed_rate' },
  },
  {
    text: 'Expenses incurred abroad in local currency are reimbursed at the rate printed on the card statement.',
    expect: { foreign_currency: 'printed_rate' },
  },
  {
    text: 'Foreign-currency amounts are converted by Finance at the official rate of the day.',
    expect: { foreign_currency: 'review', reading: 'partly' },
  },
  {
    text: 'Claims in another currency are reviewed by the finance team.',
    expect: { foreign_currency: 'review' },
  },
  {
    text: 'Bills paid in a foreign currency are reimbursed at the conversion rate printed on the receipt.',
    expect: { foreign_currency: 'printed_rate' },
  },
  {
    text: 'Expenses paid in US dollars or other foreign currencies are converted using the exchange rate on the card slip; the converted amount is what is reimbursed.',
    expect: { foreign_currency: 'printed_rate' },
  },
  // Meal hours.
  {
    text: 'A receipt printed before 10:30 is a breakfast, one printed between 10:30 and 15:00 a lunch, and one printed after 15:00 a dinner.',
    expect: {
      meal_hours: [
        { meal: 'breakfast', from: '04:00', to: '10:30' },
        { meal: 'lunch', from: '10:30', to: '15:00' },
        { meal: 'dinner', from: '15:00', to: '04:00' },
      ],
    },
  },
  {
    text: 'Breakfast is reimbursed only when the receipt is timed before 9:30.',
    expect: {
      meal_hours: [{ meal: 'breakfast', from: '04:00', to: '09:30' }],
      categories: [['meal.breakfast', true]],
    },
  },
  {
    text: 'Lunch is a meal between 11:30 and 14:30; dinner is a meal after 18:00.',
    expect: {
      meal_hours: [
        { meal: 'lunch', from: '11:30', to: '14:30' },
        { meal: 'dinner', from: '18:00', to: '11:30' },
      ],
    },
  },
  {
    text: 'Meal times: breakfast 6am–10am, lunch 11am–3pm, dinner 6pm–11pm.',
    expect: {
      meal_hours: [
        { meal: 'breakfast', from: '06:00', to: '10:00' },
        { meal: 'lunch', from: '11:00', to: '15:00' },
        { meal: 'dinner', from: '18:00', to: '23:00' },
      ],
    },
  },
  {
    text: 'A dinner receipt must show a time of 17:30 or later.',
    expect: { meal_hours: [{ meal: 'dinner', from: '17:30', to: '04:00' }] },
  },
  {
    text: 'Flights departing before 07:00 may include a breakfast allowance.',
    expect: { reading: 'not_understood' },
  },
  // Rounding, currency and what limits say about tax.
  {
    text: 'Derived amounts are rounded down to the nearest cent.',
    expect: { rounding: 'down' },
  },
  {
    text: 'Shares of a bill are rounded up to the next whole unit.',
    expect: { rounding: 'up' },
  },
  {
    text: 'All amounts are expressed in Swiss francs (CHF).',
    after: ['Dinner is reimbursed up to CHF 55 per person.'],
    expect: { currency: 'CHF', caps: [cap('meal.dinner', 5500, 'person')] },
  },
  {
    text: 'Amounts in this policy are in Kuwaiti dinars (KWD).',
    after: ['Taxis are reimbursed up to KWD 7.500 per ride.'],
    expect: { currency: 'KWD', caps: [cap('taxi', 7500, 'trip')] },
  },
  {
    text: 'Unless stated otherwise, limits are net of VAT.',
    after: ['Hotels are reimbursed up to £110 per night.'],
    expect: { caps: [cap('lodging', 11000, 'night', NET)] },
  },
  {
    text: 'All limits in this policy include sales tax.',
    after: ['Taxis are reimbursed up to $40 per ride excluding tax.'],
    expect: { caps: [cap('taxi', 4000, 'trip', NET)] },
  },
  {
    text: 'The nightly limit is measured before VAT, and VAT is paid only on the eligible part.',
    heading: 'Hotels',
    after: ['Hotels are reimbursed up to €100 per night.'],
    expect: { caps: [cap('lodging', 10000, 'night', NET)] },
  },
  {
    text: 'Room-rate limits exclude tax; every tax on the room is reimbursed in full on top.',
    heading: 'Accommodation',
    after: ['Hotels are reimbursed up to ¥15,000 per night.'],
    expect: { caps: [cap('lodging', 15000, 'night', { basis: 'net_plus_all_tax' })] },
  },
  {
    text: 'Meal limits are gross amounts including VAT and service.',
    heading: 'Meals',
    after: ['Dinner is capped at £30 per person excluding VAT.'],
    expect: { caps: [cap('meal.dinner', 3000, 'person', NET)] },
  },
];
