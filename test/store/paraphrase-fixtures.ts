/**
 * Invoices and questions for hybrid search tests: each question says in other words what one
 * invoice says, so words alone miss it and the fake embedding model (test/fakes/fake-embeddings.ts)
 * finds it. No invoice holds a word of any question ("the", "with" included), so the words
 * alone return nothing. Not a test file; tap runs it as one and finds it passes with nothing to do.
 */
import type { InvoiceRecord } from '../../src/domain/types.js';
import { embeddingText } from '../../src/store/embedding-text.js';
import { fakeEmbedding } from '../fakes/fake-embeddings.js';
import { makeRecord } from './invoice-fixtures.js';

/** Enough dimensions that the fake model's hashed words rarely collide. */
export const PARAPHRASE_DIMENSIONS = 256;

export function paraphraseInvoices(owner = 'user-1', employee = 'Rani Sharma') {
  const mine = (shape: Parameters<typeof makeRecord>[0]) =>
    makeRecord({ owner_sub: owner, employee_name: employee, ...shape });
  return {
    merlot: mine({
      file: 'bistro-table-6.pdf',
      category: 'meal',
      vendor: 'Copper Pot Bistro',
      status: 'partially_reimbursed',
      total_minor: 240_000,
      reimbursable_minor: 150_000,
      flags: ['alcohol'],
      reason: 'Alcohol lines removed; food within cap.',
      text: 'Copper Pot Bistro. Table 6. Grilled fish 850.00. Two glasses of Merlot 900.00. Service 90.00.',
    }),
    thali: mine({
      file: 'canteen-slip.pdf',
      category: 'meal',
      vendor: 'Green Leaf Canteen',
      reason: 'Within meal cap.',
      text: 'Green Leaf Canteen. Veg thali 180.00. Buttermilk 40.00.',
    }),
    cab: mine({
      file: 'cityline-receipt.pdf',
      category: 'cab',
      vendor: 'CityLine Cabs',
      reason: 'Within cab cap.',
      text: 'CityLine Cabs. Cab ride, pickup at terminal 2, drop at office. Night charge 60.00.',
    }),
    hotel: mine({
      file: 'harbour-view-folio.pdf',
      category: 'accommodation',
      vendor: 'Harbour View Inn',
      reason: 'Within lodging cap.',
      text: 'Harbour View Inn. Deluxe room, two nights. Laundry 120.00.',
    }),
    flight: mine({
      file: 'skyway-eticket.pdf',
      category: 'travel',
      vendor: 'Skyway Air',
      reason: 'Within travel cap.',
      text: 'Skyway Air e-ticket. Economy seat 14C. Boarding gate 22.',
    }),
    paper: mine({
      file: 'paper-trail-bill.pdf',
      category: 'other',
      vendor: 'Paper Trail Stores',
      reason: 'Office supplies, reimbursed in full.',
      text: 'Paper Trail Stores. Printer paper 2 reams, gel pens.',
    }),
  };
}

/** Question → the invoice it means, in words the invoice does not use. */
export const PARAPHRASES = [
  { question: 'dinner with wine', expected: 'merlot' },
  { question: 'taxi to the airport', expected: 'cab' },
] as const;

/** What the pipeline stores beside each record: the fake model's vector of its embedding text. */
export function documentVectors(records: InvoiceRecord[], dimensions = PARAPHRASE_DIMENSIONS) {
  return records.map((record) => fakeEmbedding(embeddingText(record), dimensions));
}

/** The fake model as InvoiceSearch calls it. */
export function fakeQueryEmbedder(dimensions = PARAPHRASE_DIMENSIONS) {
  return async (text: string) => fakeEmbedding(text, dimensions);
}
