/**
 * ModelProvider backed by Gemini: one structured call per policy and per invoice, embeddings for
 * hybrid search. Everything goes through GeminiClient (retries, cap, timeouts, accounting).
 */
import { readFile, stat } from 'node:fs/promises';
import { PolicyRulesError, parsePolicyRules, type RuleProblem } from '../../domain/policy-rules.js';
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
import { numberSentences, policyAnswerSchema, quoteCitedSentences } from './policy-answer.js';
import {
  INVOICE_SYSTEM_INSTRUCTION,
  invoicePrompt,
  POLICY_SYSTEM_INSTRUCTION,
  policyPrompt,
  policyRepairPrompt,
} from './prompts.js';
import { invoiceAnswerSchema } from './response-schemas.js';
import { forGemini } from './schema-subset.js';

export interface GeminiProviderOptions {
  /** Shared with chat and everything else that calls Gemini, so one concurrency cap holds. */
  client: GeminiClient;
  /** Default 768. */
  embeddingDimensions?: number;
  /**
   * Largest file sent inline (default 50 MB): Gemini takes inline PDFs up to 50 MB and requests
   * up to 100 MB, which 50 MB still fits in after base64 adds a third. Larger files fall back to
   * their text layer.
   */
  maxInlineBytes?: number;
}

/** Types Gemini reads natively; anything else is answered 400 "Unsupported MIME type". */
const INLINE_MEDIA_TYPES = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/heic',
  'image/heif',
]);
/** Names the API refuses for types it reads ("image/jpg" is a 400). */
const MEDIA_TYPE_ALIASES: Readonly<Record<string, string>> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/x-png': 'image/png',
};
const DEFAULT_MAX_INLINE_BYTES = 50_000_000;

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

  /**
   * One structured call over the policy's numbered sentences; the rules cite sentence numbers and
   * get their quotes and pages from our list. If the rules fail validation (a number that is not a
   * sentence included), one repair call shows the model its problems.
   */
  async compilePolicy(policy: PolicyText, signal?: AbortSignal): Promise<PolicyRules> {
    const sentences = numberSentences(policy.pages);
    const parts: Part[] = [{ text: policyPrompt(policy, sentences) }];
    const ask = () =>
      this.client.generateJson({
        task: 'policy',
        system: POLICY_SYSTEM_INSTRUCTION,
        parts,
        schema: policyAnswerSchema(sentences.length),
        usage: this.counter,
        ...(signal ? { signal } : {}),
      });
    const parse = (raw: unknown) => {
      const { rules, problems } = quoteCitedSentences(raw, sentences);
      let parsed: PolicyRules | null = null;
      const all: RuleProblem[] = [...problems];
      try {
        parsed = parsePolicyRules(rules, { policy_hash: policy.sha256, compiled_by: 'gemini' });
      } catch (error) {
        if (!(error instanceof PolicyRulesError)) throw error;
        // A rule whose citation failed has no source yet: that is already said once.
        all.push(
          ...error.problems.filter(
            (problem) => !problems.some((cited) => isAbout(problem.pointer, cited.pointer)),
          ),
        );
      }
      if (all.length > 0 || parsed === null) throw new PolicyRulesError(all);
      return parsed;
    };
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
        task: 'invoice',
        system: INVOICE_SYSTEM_INSTRUCTION,
        parts,
        schema: forGemini(invoiceAnswerSchema(context.categories)),
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
    const mediaType = file ? inlineMediaType(file.media_type) : '';
    const readable = file !== undefined && INLINE_MEDIA_TYPES.has(mediaType);
    if (wantsNativeRead && readable) {
      try {
        if ((await stat(file.path)).size <= this.maxInlineBytes) {
          return {
            mimeType: mediaType,
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

/** A problem at the rule of a failed citation, e.g. its missing /categories/0/source. */
function isAbout(pointer: string, citation: string): boolean {
  const rule = citation.replace(/\/sentences$/, '');
  return pointer === rule || pointer.startsWith(`${rule}/source`);
}

function inlineMediaType(mediaType: string): string {
  const plain = mediaType.split(';')[0]?.trim().toLowerCase() ?? '';
  return MEDIA_TYPE_ALIASES[plain] ?? plain;
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
