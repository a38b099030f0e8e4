/**
 * Corpus, part 1b: percentages. Shares of a bill ("60% of the monthly mobile bill", "half of the
 * bill") and limits on tips and service relative to the food, measured before or after tax; a
 * percentage with no base or category is reported, never guessed.
 */
import { type CorpusEntry, cap } from './corpus-types.js';

export const PERCENTAGES: CorpusEntry[] = [
  // Percentages: shares of a bill, and limits on tips relative to the food.
  {
    text: 'Tips are reimbursed up to 10% of the bill.',
    expect: {
      relative_limits: [
        {
          categories: ['meal'],
          line_kinds: ['tip'],
          percent_bp: 1000,
          of_line_kinds: ['food', 'beverage'],
          of_basis: 'gross',
        },
      ],
    },
  },
  {
    text: 'Gratuities of up to 15% of the pre-tax food subtotal are accepted.',
    expect: {
      relative_limits: [
        {
          categories: ['meal'],
          line_kinds: ['tip'],
          percent_bp: 1500,
          of_line_kinds: ['food', 'beverage'],
          of_basis: 'net',
        },
      ],
    },
  },
  {
    text: 'Service charges are paid up to 12% of the meal cost.',
    expect: {
      relative_limits: [
        {
          categories: ['meal'],
          line_kinds: ['service_charge'],
          percent_bp: 1200,
          of_line_kinds: ['food', 'beverage'],
          of_basis: 'gross',
        },
      ],
    },
  },
  {
    text: 'Tips above 15% of the bill are not reimbursed.',
    expect: {
      relative_limits: [
        {
          categories: ['meal'],
          line_kinds: ['tip'],
          percent_bp: 1500,
          of_line_kinds: ['food', 'beverage'],
          of_basis: 'gross',
        },
      ],
    },
  },
  {
    text: 'The company pays 60% of the monthly mobile bill, up to £25.',
    expect: {
      shares: [{ categories: ['telecom.mobile'], percent_bp: 6000, when: null }],
      caps: [cap('telecom.mobile', 2500, 'billing_month')],
    },
  },
  {
    text: 'Broadband is reimbursed at half of the bill.',
    expect: { shares: [{ categories: ['telecom.internet'], percent_bp: 5000, when: null }] },
  },
  {
    text: 'Home internet: 40 percent of the invoice, capped at ₹900 per month.',
    expect: {
      shares: [{ categories: ['telecom.internet'], percent_bp: 4000, when: null }],
      caps: [cap('telecom.internet', 90000, 'billing_month')],
    },
  },
  {
    text: 'Only 50% of a personal mobile contract is reimbursed.',
    expect: { shares: [{ categories: ['telecom.mobile'], percent_bp: 5000, when: null }] },
  },
  { text: 'Limits for senior managers are 20% higher.', expect: { reading: 'not_understood' } },
  {
    text: 'Internet at home is reimbursed at a flat 50%.',
    expect: { shares: [{ categories: ['telecom.internet'], percent_bp: 5000, when: null }] },
  },
  {
    text: 'Service charges and tips are reimbursed up to 10% of the price of the food and soft drinks, before the service charge.',
    expect: {
      relative_limits: [
        {
          categories: ['meal'],
          line_kinds: ['service_charge', 'tip'],
          percent_bp: 1000,
          of_line_kinds: ['food', 'beverage'],
          of_basis: 'gross',
        },
      ],
    },
  },
  {
    text: '50% of the monthly charges of the work mobile phone are reimbursed, rounded down, up to ¥3,500 a month.',
    expect: {
      shares: [{ categories: ['telecom.mobile'], percent_bp: 5000, when: null }],
      caps: [cap('telecom.mobile', 3500, 'billing_month')],
      rounding: 'down',
    },
  },
];
