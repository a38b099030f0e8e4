/**
 * A fake Gemini that answers like a good model would for the repository's sample claim
 * (samples/): the policy as the rules the offline compiler reads from samples/policy.pdf (checked
 * against the limits samples/expected.json lists), each invoice as the fields expected.json gives
 * it. The pipeline, decision engine and store then run for real. For tests that need model calls
 * to count or to slow down (mid-job stops, many jobs in flight) without the shared datasets.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { OfflineProvider } from '../../src/ai/offline/provider.js';
import type { PolicyRules } from '../../src/domain/types.js';
import { type ExpectedInvoice, SAMPLES_DIR, sampleExpected } from '../helpers/claims.js';
import { pdfPages, sha256 } from '../helpers/documents.js';
import {
  type FakeGemini,
  type RecordedRequest,
  type ScriptedReply,
  startFakeGemini,
  userText,
} from './gemini-server.js';
import { invoiceAnswer } from './invoice-answer.js';
import { isPolicyRequest, policyAnswer } from './policy-answer.js';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let rulesRead: Promise<PolicyRules> | null = null;

/**
 * The sample policy's rules, with the sources a model cites. Refuses to answer with limits other
 * than expected.json's: a fake that drifted from the samples would test nothing.
 */
export function samplePolicyRules(): Promise<PolicyRules> {
  rulesRead ??= (async () => {
    const data = await readFile(resolve(SAMPLES_DIR, 'policy.pdf'));
    const rules = await new OfflineProvider().compilePolicy({
      file_name: 'policy.pdf',
      sha256: sha256(data),
      pages: await pdfPages(data),
    });
    const limit = (
      category: string,
      cap: { amount_minor: number; per: string; includes_tax: boolean } | null,
    ) =>
      cap ? [category, cap.amount_minor, cap.per, cap.includes_tax].join(' ') : `${category} none`;
    const caps = rules.categories.map(({ category, cap }) => limit(category, cap));
    const expected = sampleExpected().policy.caps.map(({ category, ...cap }) =>
      limit(category, cap),
    );
    if (JSON.stringify(caps) !== JSON.stringify(expected))
      throw new Error(
        `samples/policy.pdf compiles to ${JSON.stringify(caps)}, not expected.json's ${JSON.stringify(expected)}`,
      );
    return rules;
  })();
  return rulesRead;
}

/** The answer a careful model gives for one sample invoice: no doubt to report on a clean one. */
export function sampleInvoiceAnswer(invoice: ExpectedInvoice): ScriptedReply {
  const total = `${Math.floor(invoice.claimed_minor / 100)}.${String(invoice.claimed_minor % 100).padStart(2, '0')}`;
  return invoiceAnswer({
    vendor: invoice.vendor,
    invoice_number: invoice.invoice_number,
    date: invoice.invoice_date,
    currency: sampleExpected().currency,
    category: invoice.category,
    total,
  });
}

/** Answers policy and invoice requests about the sample claim; anything else is left unscripted (400). */
export function sampleResponder(rules: PolicyRules) {
  const invoices = sampleExpected().invoices;
  return (request: RecordedRequest): ScriptedReply | undefined => {
    if (isPolicyRequest(request)) return { json: policyAnswer(rules) };
    const text = userText(request);
    // A copy in a folder of its own ("again/meals/…") is answered as the invoice it copies.
    const invoice = invoices.find((candidate) =>
      new RegExp(`File: (?:.*/)?${escapeRegExp(candidate.file)} \\(`).test(text),
    );
    return invoice ? sampleInvoiceAnswer(invoice) : undefined;
  };
}

export async function startSampleGemini(options: { latencyMs?: number } = {}): Promise<FakeGemini> {
  return startFakeGemini({
    respond: sampleResponder(await samplePolicyRules()),
    ...(options.latencyMs ? { latencyMs: options.latencyMs } : {}),
  });
}
