/**
 * The model provider that needs no model: heuristic policy parser and invoice extractor. It makes
 * no model calls, so its usage is always zero, and it has no embeddings (search stays lexical).
 */
import type { InvoiceFacts } from '../../domain/facts.js';
import type { DocumentText, InvoiceFields, PolicyRules } from '../../domain/types.js';
import type { ExtractionContext, ModelProvider, PolicyText, Usage } from '../provider.js';
import { extractInvoiceFields } from './invoice-extractor.js';
import { extractInvoiceFacts } from './invoice-facts.js';
import { compilePolicyV2, type PolicyCompilationV2 } from './policy/compile.js';
import { compilePolicyText } from './policy-parser.js';

export interface OfflineProviderOptions {
  /** Currency assumed for a policy that prints amounts without one. */
  default_currency?: string;
}

export class OfflineProvider implements ModelProvider {
  readonly name = 'offline' as const;
  readonly #defaultCurrency: string;

  constructor(options: OfflineProviderOptions = {}) {
    this.#defaultCurrency = options.default_currency ?? 'INR';
  }

  async compilePolicy(policy: PolicyText, signal?: AbortSignal): Promise<PolicyRules> {
    signal?.throwIfAborted();
    return compilePolicyText(policy.pages, {
      policy_hash: policy.sha256,
      default_currency: this.#defaultCurrency,
    });
  }

  /**
   * Rules v2 and every sentence that looks like a rule but was not understood: how policies are
   * compiled for the decision engine (policy files and managed versions alike).
   */
  async compilePolicyV2(policy: PolicyText, signal?: AbortSignal): Promise<PolicyCompilationV2> {
    signal?.throwIfAborted();
    return compilePolicyV2(policy.pages, {
      policy_hash: policy.sha256,
      default_currency: this.#defaultCurrency,
    });
  }

  async extractInvoice(document: DocumentText, context: ExtractionContext): Promise<InvoiceFields> {
    context.signal?.throwIfAborted();
    // A total summed from line items, when none is printed, is only as good as the lines.
    return extractInvoiceFields(document, { currency: context.currency });
  }

  async extractInvoiceFacts(
    document: DocumentText,
    context: ExtractionContext,
  ): Promise<InvoiceFacts> {
    context.signal?.throwIfAborted();
    return extractInvoiceFacts(document, { currency: context.currency });
  }

  usage(): Usage {
    return { model_calls: 0, prompt_tokens: 0, output_tokens: 0 };
  }

  /** The offline reader makes no model calls, so there is nothing to count apart. */
  scoped(): OfflineProvider {
    return this;
  }
}
