/**
 * Corpus, part 4: how sentences are read when they state no limit. What is paid, worked examples
 * (read as examples, never as rules), sentences that describe what the engine already does or how
 * claims move (notes), and sentences that look like rules but cannot be understood — an amount no
 * limit word governs is one of them, never a cap.
 */
import type { CorpusEntry } from './corpus-types.js';

export const READING: CorpusEntry[] = [
  // What is paid.
  {
    text: 'Parking and tolls are reimbursed at actual cost.',
    expect: { categories: [['parking', true]] },
  },
  {
    text: 'Public transport fares are fully reimbursed.',
    expect: { categories: [['local_conveyance', true]] },
  },
  {
    text: 'car rental',
    lead_in: 'The following expenses are eligible:',
    expect: { categories: [['car_rental', true]] },
  },
  {
    text: 'Conference registration fees are paid in full.',
    expect: { categories: [['training', true]] },
  },
  {
    text: 'Mileage for private cars is reimbursed at £0.45 per mile.',
    expect: { reading: 'partly', categories: [['mileage', true]] },
  },
  {
    text: 'Books and subscriptions needed for the job are paid in full.',
    expect: { categories: [['training', true]] },
  },
  {
    text: 'Employees may claim metro and tram tickets.',
    expect: { categories: [['local_conveyance', true]] },
  },
  {
    text: 'Business class is allowed on flights longer than six hours.',
    expect: { reading: 'partly', categories: [['travel.airfare', true]] },
  },
  // Worked examples.
  {
    text: 'Example: a £200 dinner for four guests is reimbursed at £160.',
    expect: { reading: 'example' },
  },
  {
    text: 'For example, a two-night stay at €180 per night is paid at €150 per night.',
    expect: { reading: 'example' },
  },
  { text: 'E.g. a taxi fare of $52 is reimbursed at $40.', expect: { reading: 'example' } },
  {
    text: 'An employee spends £48 on dinner and is reimbursed £35.',
    heading: 'Worked example',
    expect: { reading: 'example' },
  },
  {
    text: 'If an employee spends ¥9,000 on a hotel in Nagoya, ¥8,000 is paid.',
    expect: { reading: 'example' },
  },
  {
    text: 'Illustration: two lunches at €14 each cost €28, within the daily cap.',
    expect: { reading: 'example' },
  },
  {
    text: 'A three-night stay at CHF 240 a night is reduced to the limit for each night.',
    heading: 'Examples',
    expect: { reading: 'example' },
  },
  // Notes: what the engine already does, and how claims move.
  { text: 'Duplicate receipts are flagged for review.', expect: { reading: 'note' } },
  { text: 'If a receipt exceeds a limit, only the limit is paid.', expect: { reading: 'note' } },
  {
    text: 'Employees must submit claims through the expenses portal.',
    expect: { reading: 'note' },
  },
  { text: 'Expenses must be incurred for business purposes.', expect: { reading: 'note' } },
  {
    text: 'The nightly limit is multiplied by the number of nights stayed.',
    expect: { reading: 'note' },
  },
  {
    text: 'Non-reimbursable items are removed from the receipt before limits are applied.',
    expect: { reading: 'note' },
  },
  { text: 'A scanned copy of the receipt is accepted.', expect: { reading: 'note' } },
  {
    text: 'Delivery notes, quotations and order confirmations are not receipts and are not processed.',
    expect: { reading: 'note' },
  },
  {
    text: 'Quotes and pro forma invoices are not valid proof of purchase.',
    expect: { reading: 'note' },
  },
  { text: 'Hotel breakfast is included in the nightly cap.', expect: { reading: 'note' } },
  {
    text: 'The excess over any limit is borne by the employee.',
    expect: { reading: 'note' },
  },
  {
    text: 'Claims are approved by the line manager before payment.',
    expect: { reading: 'note' },
  },
  // Looks like a rule, not understood: reported, never guessed.
  { text: 'A fine of ₹100 applies to late claims.', expect: { reading: 'not_understood' } },
  {
    text: 'Tickets for partners or family members are a personal cost.',
    expect: { reading: 'not_understood' },
  },
  {
    text: 'Employees should spend money as carefully as their own, choosing what meets the business need.',
    expect: { reading: 'text' },
  },
  {
    text: 'Lunch typically costs around £12 in the city centre.',
    expect: { reading: 'not_understood' },
  },
  {
    text: 'Expenses above €500 require prior approval from a director.',
    expect: { reading: 'not_understood' },
  },
  {
    text: "Hotel limits depend on the employee's grade.",
    expect: { reading: 'not_understood' },
  },
  {
    text: 'Gifts to clients up to £30 per recipient are allowed twice a year.',
    expect: { reading: 'not_understood' },
  },
  { text: 'Claims of less than €5 are not processed.', expect: { reading: 'not_understood' } },
  {
    text: 'The laundry allowance is £15 for trips longer than four nights.',
    expect: { reading: 'not_understood' },
  },
  {
    text: 'A service fee of $3 is charged on every card transaction.',
    expect: { reading: 'not_understood' },
  },
  {
    text: 'A penalty of €25 is deducted for each lost receipt.',
    expect: { reading: 'not_understood' },
  },
];
