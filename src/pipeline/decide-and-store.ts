/**
 * The end of an analysis job: the claim's read documents decided together under rules v2, with
 * what earlier claims say (exact copies, shared allowances, duplicates) and what the claim says of
 * itself (the same file twice, one purchase in two files), stored by stable ids and announced.
 */
import type { ModelProvider } from '../ai/provider.js';
import type { CandidateInvoice, DecidedInvoice } from '../domain/decide.js';
import { type DecisionUnderV2, decideClaimUnderV2 } from '../domain/decide-claim-v2.js';
import type { InvoiceFacts } from '../domain/facts.js';
import type { DocumentResult, ExtractedDocument, Job } from '../domain/jobs.js';
import type { PolicyRulesV2 } from '../domain/rules/types.js';
import { flagSharedReferences } from '../domain/shared-reference.js';
import { embeddingText } from '../store/embedding-text.js';
import { invoiceId } from '../store/invoice-key.js';
import type { InvoiceStore, JobStore } from '../store/ports.js';
import { asCopy, earlierCopies, priorInvoices } from './earlier-claims.js';
import {
  asCopiedInClaim,
  asInClaimCopy,
  type InClaimCopy,
  occurrenceId,
  referencedCandidate,
  referencedRecord,
} from './in-claim-copies.js';
import { buildRecord, jobEmployeeId, keepOverride, resultFromRecord } from './results.js';
import type { ReadDocument } from './types.js';

export interface StoreDeps {
  jobs: Pick<JobStore, 'appendEvent'>;
  invoices: InvoiceStore;
  provider: Pick<ModelProvider, 'embed'>;
  options: { lowConfidenceBelow: number };
}

export async function decideAndStore(
  job: Job,
  policy: { rules: PolicyRulesV2 },
  extracted: ExtractedDocument[],
  inClaim: Array<InClaimCopy<ReadDocument>>,
  deps: StoreDeps,
): Promise<DocumentResult[]> {
  const { rules } = policy;
  if (extracted.length === 0) return [];
  const candidates: Array<CandidateInvoice & { facts?: InvoiceFacts }> = extracted.map((e) => ({
    key: invoiceId(job.id, e.sha256),
    file_name: e.name,
    file_sha256: e.sha256,
    fields: e.fields,
    ...(e.facts ? { facts: e.facts } : {}),
    ocr: e.ocr,
  }));
  const copies = await earlierCopies(job, candidates, deps.invoices);
  const copied = new Set([...copies.values()].map((original) => original.id));
  const prior = await priorInvoices(job, candidates, deps.invoices, copied);
  const options = { low_confidence_below: deps.options.lowConfidenceBelow };
  const decided = decideClaimUnderV2({
    rules: policy.rules,
    employee_id: jobEmployeeId(job),
    employee_name: job.input.employee_name,
    claim_date: job.input.claim_date,
    invoices: candidates,
    prior,
    options,
  });
  // One purchase filed as two different files (the ticket and the invoice of one booking).
  const decisions = flagSharedReferences(
    decided.map((d) => d.decision),
    decided.map((d, i) =>
      referencedCandidate(
        d.key,
        d.file_name,
        (extracted[i] as ExtractedDocument).fields,
        d.decision.claimed,
      ),
    ),
    prior.map(referencedRecord),
  );
  const now = new Date().toISOString();
  const build = async (
    d: Pick<DecidedInvoice, 'key' | 'category' | 'decision'>,
    entry: ExtractedDocument,
    duplicateOf: string | null,
  ) => {
    const record = buildRecord({ job, rules, decided: d, extracted: entry, duplicateOf, now });
    // Stored already only when this job ran before (a crash, a restart): a reviewer's override
    // made since stays.
    return keepOverride(record, await deps.invoices.get(record.id));
  };
  const originals = await Promise.all(
    decided.map(async (d, i) => {
      const copyOf = copies.get(d.key) ?? null;
      const decision = decisions[i] as DecisionUnderV2;
      const own = copyOf ? asCopy(decision, copyOf) : decision;
      const entry = extracted[i] as ExtractedDocument;
      const later = inClaim.filter((copy) => copy.first.name === entry.name);
      return {
        own,
        record: await build(
          {
            ...d,
            decision: asCopiedInClaim(
              own,
              later.map((copy) => copy.document.name),
            ),
          },
          entry,
          copyOf?.id ?? null,
        ),
      };
    }),
  );
  const laterCopies = await Promise.all(
    inClaim.flatMap((copy) => {
      const i = extracted.findIndex((entry) => entry.name === copy.first.name);
      const first = originals[i];
      if (!first) return []; // its first could not be read: it fails as that one did
      const d = decided[i] as (typeof decided)[number];
      const entry = { ...(extracted[i] as ExtractedDocument), name: copy.document.name };
      const key = occurrenceId(job.id, copy.document.sha256, copy.occurrence);
      const decision = asInClaimCopy(first.own, copy.first.name);
      return [
        build({ ...d, key, decision }, entry, first.record.id).then((record) => ({ record, i })),
      ];
    }),
  );
  const records = [...originals.map((o) => o.record), ...laterCopies.map((c) => c.record)];
  // A copy's text is its first's: it is searched by the same vector.
  const embedded = deps.provider.embed
    ? await deps.provider.embed(
        originals.map((o) => embeddingText(o.record)),
        'document',
      )
    : undefined;
  const vectors = embedded && [...embedded, ...laterCopies.map((c) => embedded[c.i] as number[])];
  await deps.invoices.upsert(records, vectors);
  const results = records.map((record) => resultFromRecord(record, record.file_name, false));
  for (const result of results)
    await deps.jobs.appendEvent(job.id, { type: 'document', data: { ...result } });
  return results;
}
