/**
 * Deciding a sample claim under one policy version without storing anything: finance sees what a
 * draft would decide before activating it. Documents go through the same pieces as a claim
 * (reading, extraction, the field checks, the claim decision under rules v2); sample facts sent as
 * JSON skip the reading. Nothing is written: no job, no invoice, no audit entry, no cache of
 * decisions; earlier claims are not consulted, so shared allowances start unused.
 */
import { rm } from 'node:fs/promises';
import { ExtractionError, type ModelProvider } from '../ai/provider.js';
import {
  type ClaimInvoiceUnderV2,
  type DecisionUnderV2,
  decideClaimUnderV2,
} from '../domain/decide-claim-v2.js';
import {
  emptyFacts,
  type Fact,
  type FactLine,
  factLine,
  type InvoiceFacts,
  type Route,
} from '../domain/facts.js';
import { checkFieldsAgainstText } from '../domain/field-checks.js';
import type { DocumentResult, JobSummary } from '../domain/jobs.js';
import {
  type PolicyVersion,
  type PolicyVersionRef,
  versionRef,
} from '../domain/policy-versions.js';
import { flagSharedReferences } from '../domain/shared-reference.js';
import { CATEGORIES, type InvoiceFields } from '../domain/types.js';
import { mapWithConcurrency } from '../pipeline/concurrency.js';
import {
  asCopiedInClaim,
  asInClaimCopy,
  failedCopies,
  referencedCandidate,
  splitInClaimCopies,
} from '../pipeline/in-claim-copies.js';
import { withDocumentNotes } from '../pipeline/ingest/document-notes.js';
import type { ClaimUpload } from '../pipeline/ingest/upload.js';
import { claimSummary, failedResult } from '../pipeline/results.js';
import type { DocumentReader, ReadDocument } from '../pipeline/types.js';

/** Sample facts as a person writes them: plain values, read with full confidence. */
export type SampleFacts = {
  [K in Exclude<
    keyof InvoiceFacts,
    'facts_version' | 'extracted_by' | 'lines' | 'taxes' | 'route'
  >]?: InvoiceFacts[K] extends Fact<infer T> ? T : never;
} & {
  route?: Partial<Route>;
  lines?: Array<Partial<FactLine> & Pick<FactLine, 'description' | 'kind'>>;
  taxes?: Array<Partial<InvoiceFacts['taxes'][number]> & { tax_minor: number }>;
};

export interface SampleClaim {
  employee_name?: string;
  claim_date?: string;
  invoices: Array<{ name: string; facts: SampleFacts }>;
}

export interface PreviewResult extends PolicyVersionRef {
  state: PolicyVersion['state'];
  employee_name: string | null;
  claim_date: string;
  results: DocumentResult[];
  summary: JobSummary;
}

export interface PolicyPreviewDeps {
  reader: Pick<DocumentReader, 'readDocuments'>;
  provider: ModelProvider;
  options: { documentConcurrency: number; lowConfidenceBelow: number };
  clock?: () => Date;
}

/** A preview decides as nobody in particular: the employee's earlier claims are not read. */
const PREVIEW_EMPLOYEE = 'preview';

const FACT_KEYS = Object.keys(emptyFacts('offline')).filter(
  (key) => !['facts_version', 'extracted_by', 'lines', 'taxes'].includes(key),
) as Array<keyof SampleFacts>;

export function factsFromSample(sample: SampleFacts): InvoiceFacts {
  const facts = emptyFacts('offline') as unknown as Record<string, unknown>;
  for (const key of FACT_KEYS) {
    const value = sample[key];
    if (value !== undefined && value !== null) facts[key] = { value, confidence: 1, page: null };
  }
  if (sample.route)
    facts.route = {
      value: { origin: null, destination: null, mode: null, ...sample.route },
      confidence: 1,
      page: null,
    };
  facts.lines = (sample.lines ?? []).map(({ description, kind, ...amounts }) =>
    factLine(description, kind, amounts),
  );
  facts.taxes = (sample.taxes ?? []).map((tax) => ({
    rate_bp: null,
    net_minor: null,
    gross_minor: null,
    confidence: 1,
    page: null,
    ...tax,
  }));
  return facts as unknown as InvoiceFacts;
}

export class PolicyPreview {
  private readonly clock: () => Date;

  constructor(private readonly deps: PolicyPreviewDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /** Decides sample facts (JSON) under the version. */
  fromFacts(version: PolicyVersion, claim: SampleClaim): PreviewResult {
    const invoices: ClaimInvoiceUnderV2[] = claim.invoices.map((invoice, index) => ({
      key: `sample:${index}`,
      file_name: invoice.name,
      file_sha256: `sample:${index}`,
      fields: null,
      facts: factsFromSample(invoice.facts),
      ocr: false,
    }));
    return this.decide(version, claim.employee_name ?? null, claim.claim_date, invoices, []);
  }

  /** Reads, extracts and decides uploaded documents (a claim's multipart) under the version. */
  async fromUpload(
    version: PolicyVersion,
    upload: ClaimUpload,
    signal?: AbortSignal,
  ): Promise<PreviewResult> {
    try {
      const currency = version.rules.currency;
      const { documents, problems } = await this.deps.reader.readDocuments(
        upload.files,
        upload.work_dir,
        signal,
      );
      const failed = problems.map((p) => failedResult(p.name, null, p.code, p.message));
      // The same file twice is read once; its copies are decided as it is (in-claim-copies.ts).
      const { originals: fresh, copies } = splitInClaimCopies(documents);
      const provider = this.deps.provider.scoped();
      const read: Array<{ document: ReadDocument; fields: InvoiceFields }> = [];
      await mapWithConcurrency(fresh, this.deps.options.documentConcurrency, async (document) => {
        try {
          const answer = await provider.extractInvoice(document, {
            categories: [...CATEGORIES],
            currency,
            file: { path: document.path, media_type: document.media_type },
            ...(signal ? { signal } : {}),
          });
          // As in the job: a refused embedded e-invoice is a doubt of the preview too.
          const fields = withDocumentNotes(
            checkFieldsAgainstText(answer, document.pages, currency),
            document,
          );
          if (fields.total_minor.value === null)
            throw new ExtractionError(
              'extraction_failed',
              'No total amount could be read from the document.',
            );
          read.push({ document, fields });
        } catch (error) {
          if (signal?.aborted) throw error;
          failed.push(
            failedResult(
              document.name,
              document.sha256,
              error instanceof ExtractionError ? error.code : 'extraction_failed',
              error instanceof Error ? error.message : String(error),
            ),
          );
        }
      });
      const invoices: ClaimInvoiceUnderV2[] = read.map(({ document, fields }) => ({
        key: `preview:${document.sha256}`,
        file_name: document.name,
        file_sha256: document.sha256,
        fields,
        ocr: document.ocr,
      }));
      const readNames = new Set(read.map(({ document }) => document.name));
      failed.push(...failedCopies(copies, readNames, failed));
      return this.decide(
        version,
        upload.employee_name,
        upload.claim_date ?? undefined,
        invoices,
        failed,
        copies
          .filter((copy) => readNames.has(copy.first.name))
          .map((copy) => ({ name: copy.document.name, first: copy.first.name })),
      );
    } finally {
      await rm(upload.work_dir, { recursive: true, force: true });
    }
  }

  private decide(
    version: PolicyVersion,
    employeeName: string | null,
    claimDate: string | undefined,
    invoices: ClaimInvoiceUnderV2[],
    failed: DocumentResult[],
    copies: Array<{ name: string; first: string }> = [],
  ): PreviewResult {
    const date = claimDate ?? this.clock().toISOString().slice(0, 10);
    const decided = decideClaimUnderV2({
      rules: version.rules,
      employee_id: PREVIEW_EMPLOYEE,
      employee_name: employeeName,
      claim_date: date,
      invoices,
      prior: [],
      options: { low_confidence_below: this.deps.options.lowConfidenceBelow },
    });
    const decisions = flagSharedReferences(
      decided.map((result) => result.decision),
      decided.map((result, index) => {
        const invoice = invoices[index] as ClaimInvoiceUnderV2;
        const references = invoice.fields ?? {
          invoice_number: invoice.facts?.invoice_number ?? {
            value: null,
            confidence: 0,
            page: null,
          },
        };
        return referencedCandidate(
          result.key,
          result.file_name,
          references,
          result.decision.claimed,
        );
      }),
    );
    const ref = versionRef(version);
    const resultOf = (
      name: string,
      invoice: ClaimInvoiceUnderV2,
      category: DocumentResult['category'],
      decision: DecisionUnderV2,
    ): DocumentResult => ({
      name,
      outcome: 'analysed',
      sha256: invoice.fields ? invoice.file_sha256 : null,
      invoice_id: null,
      status: decision.status,
      category,
      claimed: decision.claimed,
      reimbursable: decision.reimbursable,
      reason: decision.reason,
      flags: decision.flags,
      reused: false,
      fields: invoice.fields,
      decision,
      error: null,
      policy_version: ref,
    });
    const analysed: DocumentResult[] = decided.flatMap((result, index) => {
      const invoice = invoices[index] as ClaimInvoiceUnderV2;
      const decision = decisions[index] as DecisionUnderV2;
      const later = copies.filter((copy) => copy.first === result.file_name);
      return [
        resultOf(
          result.file_name,
          invoice,
          result.category,
          asCopiedInClaim(
            decision,
            later.map((copy) => copy.name),
          ),
        ),
        ...later.map((copy) =>
          resultOf(copy.name, invoice, result.category, asInClaimCopy(decision, copy.first)),
        ),
      ];
    });
    const results = [...analysed, ...failed].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    // Nothing is stored, so a copy has no invoice to name: it is known by its name.
    const copyNames = new Set(copies.map((copy) => copy.name));
    return {
      ...ref,
      state: version.state,
      employee_name: employeeName,
      claim_date: date,
      results,
      summary: claimSummary(results, version.rules.currency, (result) =>
        copyNames.has(result.name),
      ),
    };
  }
}
