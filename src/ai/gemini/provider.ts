/**
 * ModelProvider backed by Gemini: one structured call per policy and per invoice, embeddings for
 * hybrid search. Everything goes through GeminiClient (retries, cap, timeouts, accounting).
 */
import { readFile, stat } from 'node:fs/promises';
import {
  PolicyRulesError,
  parsePolicyRules,
  policyRulesJsonSchema,
} from '../../domain/policy-rules.js';
import type { DocumentText, InvoiceFields, PolicyRules } from '../../domain/types.js';
import {
  type ExtractionContext,
  ExtractionError,
  type ModelProvider,
  type PolicyText,
  type Usage,
} from '../provider.js';
import type { GeminiClient, Part } from './client.js';
import { GeminiError, ModelRequestError, ModelUnavailableError } from './errors.js';
import { toInvoiceFields } from './invoice-fields.js';
import {
  INVOICE_SYSTEM_INSTRUCTION,
  invoicePrompt,
  POLICY_SYSTEM_INSTRUCTION,
  policyPrompt,
  policyRepairPrompt,
} from './prompts.js';
import { invoiceAnswerSchema } from './response-schemas.js';

export interface GeminiProviderOptions {
  /** Shared with chat and everything else that calls Gemini, so one concurrency cap holds. */
  client: GeminiClient;
  /** Default 768. */
  embeddingDimensions?: number;
  /**
   * Largest file sent inline (default 14 MiB): the whole request must stay under 20 MB and base64
   * adds a third. Larger files fall back to their text layer.
   */
  maxInlineBytes?: number;
}

/** Types Gemini reads natively. */
const INLINE_MEDIA_TYPES = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/heic',
  'image/heif',
]);
const DEFAULT_MAX_INLINE_BYTES = 14 * 1024 * 1024;

export class GeminiProvider implements ModelProvider {
  readonly name = 'gemini' as const;
  private readonly client: GeminiClient;
  private readonly embeddingDimensions: number;
  private readonly maxInlineBytes: number;
  private readonly counter: Usage = { model_calls: 0, prompt_tokens: 0, output_tokens: 0 };

  constructor(private readonly options: GeminiProviderOptions) {
    this.client = options.client;
    this.embeddingDimensions = options.embeddingDimensions ?? 768;
    this.maxInlineBytes = options.maxInlineBytes ?? DEFAULT_MAX_INLINE_BYTES;
  }

  /** The same provider with its own usage counter: one per job makes per-job accounting exact under concurrency. */
  scoped(): GeminiProvider {
    return new GeminiProvider(this.options);
  }

  usage(): Usage {
    return { ...this.counter };
  }

  /** One structured call; if the rules fail validation, one repair call that shows the model its problems. */
  async compilePolicy(policy: PolicyText, signal?: AbortSignal): Promise<PolicyRules> {
    const parts: Part[] = [{ text: policyPrompt(policy) }];
    const ask = () =>
      this.client.generateJson({
        system: POLICY_SYSTEM_INSTRUCTION,
        parts,
        schema: policyRulesJsonSchema,
        usage: this.counter,
        ...(signal ? { signal } : {}),
      });
    const parse = (raw: unknown) =>
      parsePolicyRules(raw, { policy_hash: policy.sha256, compiled_by: 'gemini' });
    const first = await ask();
    try {
      return parse(first);
    } catch (error) {
      if (!(error instanceof PolicyRulesError)) throw error;
      parts.push({
        text: policyRepairPrompt(
          first,
          error.problems.map((problem) => `${problem.pointer || '/'} ${problem.message}`),
        ),
      });
      return parse(await ask());
    }
  }

  /**
   * One structured call per invoice: the text layer when there is one, else (OCR'd or textless)
   * the original file inline so Gemini reads it natively.
   */
  async extractInvoice(document: DocumentText, context: ExtractionContext): Promise<InvoiceFields> {
    const file = await this.inlineFile(document, context);
    const prompt = invoicePrompt({
      document,
      categories: context.categories,
      currency: context.currency,
      fileAttached: file !== null,
    });
    const parts: Part[] = file ? [{ text: prompt }, { inlineData: file }] : [{ text: prompt }];
    try {
      const answer = await this.client.generateJson({
        system: INVOICE_SYSTEM_INSTRUCTION,
        parts,
        schema: invoiceAnswerSchema(context.categories),
        usage: this.counter,
        ...(context.signal ? { signal: context.signal } : {}),
      });
      if (isNotInvoice(answer))
        throw new ExtractionError(
          'not_an_invoice',
          answer.not_invoice_reason || 'The document is not an invoice, bill, receipt or ticket.',
        );
      return toInvoiceFields(answer, {
        categories: context.categories,
        currency: context.currency,
        page_count: document.page_count,
      });
    } catch (error) {
      if (context.signal?.aborted || error instanceof ExtractionError) throw error;
      throw toExtractionError(error);
    }
  }

  async embed(
    texts: string[],
    kind: 'document' | 'query',
    signal?: AbortSignal,
  ): Promise<number[][]> {
    return this.client.embed(texts, {
      taskType: kind === 'document' ? 'RETRIEVAL_DOCUMENT' : 'RETRIEVAL_QUERY',
      outputDimensionality: this.embeddingDimensions,
      usage: this.counter,
      ...(signal ? { signal } : {}),
    });
  }

  private async inlineFile(
    document: DocumentText,
    context: ExtractionContext,
  ): Promise<{ mimeType: string; data: string } | null> {
    const hasText = document.pages.some((page) => page.trim() !== '');
    const wantsNativeRead = document.ocr || !hasText;
    const file = context.file;
    const readable = file !== undefined && INLINE_MEDIA_TYPES.has(file.media_type);
    if (wantsNativeRead && readable) {
      try {
        if ((await stat(file.path)).size <= this.maxInlineBytes) {
          return {
            mimeType: file.media_type,
            data: (await readFile(file.path)).toString('base64'),
          };
        }
      } catch (error) {
        throw new ExtractionError(
          'extraction_failed',
          `The original file could not be read: ${(error as Error).message}`,
        );
      }
    }
    if (!hasText) {
      throw new ExtractionError(
        'extraction_failed',
        readable
          ? `The file is over ${this.maxInlineBytes} bytes and has no text layer.`
          : 'The document has no text and no file Gemini can read.',
      );
    }
    return null;
  }
}

function isNotInvoice(
  answer: unknown,
): answer is { is_invoice: false; not_invoice_reason: string | null } {
  return (
    typeof answer === 'object' &&
    answer !== null &&
    (answer as { is_invoice?: unknown }).is_invoice === false
  );
}

/** Statuses that mean "the model cannot be used at all", not "this document cannot be read". */
const UNUSABLE_STATUSES = new Set([401, 403, 404]);

function toExtractionError(error: unknown): unknown {
  if (error instanceof ModelUnavailableError)
    return new ExtractionError('llm_unavailable', error.message);
  if (
    error instanceof ModelRequestError &&
    (UNUSABLE_STATUSES.has(error.status) || error.reason === 'API_KEY_INVALID')
  ) {
    return new ExtractionError('llm_unavailable', error.message);
  }
  if (error instanceof GeminiError)
    return new ExtractionError('extraction_failed', `${error.code}: ${error.message}`);
  return error;
}
