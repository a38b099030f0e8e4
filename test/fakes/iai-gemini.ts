/**
 * A fake Gemini that answers like a good model would for the IAI dataset: the policy as its
 * rules, each invoice as the fields a careful reader gets from it (taken from labels.csv). The
 * pipeline, decision engine and store then run for real. Used by the Gemini-mode end-to-end
 * tests, the restart test and `npm run eval -- --fake-gemini`.
 */
import type { IaiLabel } from '../helpers/iai-dataset.js';
import {
  type FakeGemini,
  type RecordedRequest,
  type ScriptedReply,
  startFakeGemini,
  userText,
} from './gemini-server.js';
import { isPolicyRequest, policyAnswer } from './policy-answer.js';

export const IAI_RULES = {
  name: 'IAI Solution Employee Reimbursement Policy',
  currency: 'INR',
  categories: [
    {
      id: 'meal.cap',
      category: 'meal',
      label: 'Food and Beverages',
      eligible: true,
      cap: { amount_minor: 20000, per: 'meal', includes_tax: true },
      source: {
        quote: 'We have set food allowances for food reimbursements of ₹200 per meal.',
        page: 1,
      },
    },
    {
      id: 'travel.cap',
      category: 'travel',
      label: 'Travel Expenses',
      eligible: true,
      cap: { amount_minor: 200000, per: 'trip', includes_tax: true },
      source: {
        quote: 'We have set allowances for travel reimbursements of ₹2,000 per trip',
        page: 2,
      },
    },
    {
      id: 'cab.daily_cap',
      category: 'cab',
      label: 'Daily office cabs',
      eligible: true,
      cap: { amount_minor: 15000, per: 'day', includes_tax: true },
      source: { quote: 'The allowance for daily office cabs is ₹150.', page: 2 },
    },
    {
      id: 'accommodation.cap',
      category: 'accommodation',
      label: 'Accommodation',
      eligible: true,
      cap: { amount_minor: 5000, per: 'night', includes_tax: false },
      source: { quote: 'Up to ₹50 per night, excluding taxes and fees.', page: 2 },
    },
  ],
  exclusions: [
    {
      id: 'alcohol.excluded',
      kind: 'alcohol',
      terms: [],
      categories: ['meal'],
      source: { quote: 'Alcoholic beverages are not reimbursable.', page: 1 },
    },
  ],
  submission_window: {
    id: 'submission.window',
    days: 30,
    source: { quote: 'submitted within 30 days of the expense incurred.', page: 1 },
  },
};

const field = <T>(value: T, confidence = 0.95) => ({ value, confidence, page: 1 });

/** The answer a careful model gives for one labelled invoice. */
export function invoiceAnswer(label: IaiLabel): ScriptedReply {
  const total = `${Math.floor(label.total_minor / 100)}.${String(label.total_minor % 100).padStart(2, '0')}`;
  return {
    json: {
      is_invoice: true,
      not_invoice_reason: null,
      vendor: field(label.category === 'travel' ? 'Bus operator' : 'Restaurant'),
      invoice_number: field(label.invoice_ref),
      booking_reference: field(null, 0),
      date: field(label.invoice_date),
      currency: field('INR'),
      category: field(label.category),
      person_name: field(null, 0),
      line_items: [],
      subtotal: field(null, 0),
      tax: field(null, 0),
      total: field(total),
    },
  };
}

/** Answers policy and invoice requests about the IAI dataset; anything else is left unscripted (400). */
export function iaiResponder(labels: IaiLabel[]) {
  return (request: RecordedRequest): ScriptedReply | undefined => {
    if (isPolicyRequest(request)) return { json: policyAnswer(IAI_RULES) };
    const text = userText(request);
    const label = labels.find((candidate) => text.includes(`File: ${candidate.file} (`));
    return label ? invoiceAnswer(label) : undefined;
  };
}

export async function startIaiGemini(
  labels: IaiLabel[],
  options: { latencyMs?: number } = {},
): Promise<FakeGemini> {
  return startFakeGemini({
    respond: iaiResponder(labels),
    ...(options.latencyMs ? { latencyMs: options.latencyMs } : {}),
  });
}
