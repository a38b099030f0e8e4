/**
 * The one interface behind which the language model hides: Gemini or the offline reader.
 * The model reads (policies, invoices, questions); code decides (src/domain/).
 */
import type { InvoiceFacts } from '../domain/facts.js';
import type { Category, DocumentText, InvoiceFields, PolicyRules } from '../domain/types.js';

/** A policy document as text, pages kept so rules can cite them. */
export interface PolicyText {
  file_name: string;
  sha256: string;
  /** Text per page (one entry for formats without pages). */
  pages: string[];
}

export interface ExtractionContext {
  /** Categories the policy knows, so the reader picks one of them. */
  categories: Category[];
  currency: string;
  /** The original bytes, for readers that see documents natively (Gemini reads PDFs and images). */
  file?: { path: string; media_type: string };
  signal?: AbortSignal;
}

export interface Usage {
  model_calls: number;
  prompt_tokens: number;
  output_tokens: number;
}

export interface ModelProvider {
  readonly name: 'offline' | 'gemini';
  compilePolicy(policy: PolicyText, signal?: AbortSignal): Promise<PolicyRules>;
  extractInvoice(document: DocumentText, context: ExtractionContext): Promise<InvoiceFields>;
  /**
   * Invoice facts v2 of the same document, for readers that read them (the engine v2 decides on
   * them); without it the engine takes the facts migrated from the v1 fields.
   */
  extractInvoiceFacts?: (
    document: DocumentText,
    context: ExtractionContext,
  ) => Promise<InvoiceFacts>;
  /** Dense vectors for search; undefined when the provider has no embeddings (BM25 only). */
  embed?: (
    texts: string[],
    kind: 'document' | 'query',
    signal?: AbortSignal,
  ) => Promise<number[][]>;
  /** Model calls and tokens counted by this provider (see scoped). */
  usage(): Usage;
  /** The same provider with a usage counter of its own (one per job), sharing clients and limits. */
  scoped(): ModelProvider;
}

/** A document the reader could not turn into an invoice: becomes outcome `failed`. */
export class ExtractionError extends Error {
  constructor(
    readonly code: 'not_an_invoice' | 'extraction_failed' | 'llm_unavailable' | 'timeout',
    message: string,
  ) {
    super(message);
    this.name = 'ExtractionError';
  }
}
