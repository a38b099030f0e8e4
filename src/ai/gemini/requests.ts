/** What callers hand GeminiClient and get back (re-exported by client.ts). */
import type { Content, FunctionCall, FunctionDeclaration, Part } from '@google/genai';
import type { Usage } from '../provider.js';

export type { Content, FunctionCall, FunctionDeclaration, Part };

export interface CallOptions {
  signal?: AbortSignal;
  /** Also adds this call's usage here (e.g. one accumulator per job), besides the client's total. */
  usage?: Usage;
}

export interface JsonRequest extends CallOptions {
  system: string;
  parts: Part[];
  /** JSON schema sent as responseJsonSchema (no additionalProperties: Gemini rejects it). */
  schema: Record<string, unknown>;
  maxOutputTokens?: number;
}

export interface ToolRequest extends CallOptions {
  system: string;
  /** The conversation so far; append `ToolResult.content` and your functionResponse parts to continue. */
  contents: Content[];
  tools: FunctionDeclaration[];
  /** AUTO (default): the model chooses; ANY: it must call a tool; NONE: it must answer in text. */
  toolMode?: 'AUTO' | 'ANY' | 'NONE';
  temperature?: number;
}

export interface ToolResult {
  text: string;
  functionCalls: FunctionCall[];
  /** The model's turn, to append to `contents` before sending function responses back. */
  content: Content;
}

export type StreamRequest = Omit<ToolRequest, 'tools'> & { tools?: FunctionDeclaration[] };
export type StreamEvent =
  | { type: 'text'; text: string }
  /** `part` is the model's part as sent, thoughtSignature included: echo it back in the model turn (Gemini 3 requires it). */
  | { type: 'function_call'; call: FunctionCall; part: Part };

export type EmbeddingTaskType =
  | 'RETRIEVAL_DOCUMENT'
  | 'RETRIEVAL_QUERY'
  | 'SEMANTIC_SIMILARITY'
  | 'CLASSIFICATION'
  | 'CLUSTERING';
export interface EmbedOptions extends CallOptions {
  taskType: EmbeddingTaskType;
  /** Default 768 (the model's full size is 3072). */
  outputDimensionality?: number;
}
