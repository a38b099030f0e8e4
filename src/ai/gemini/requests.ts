/** What callers hand GeminiClient and get back (re-exported by client.ts). */
import type { Content, FunctionCall, FunctionDeclaration, Part } from '@google/genai';
import type { Usage } from '../provider.js';
import type { GeminiTask } from './models.js';

export type { Content, FunctionCall, FunctionDeclaration, Part };

export interface CallOptions {
  signal?: AbortSignal;
  /** Also adds this call's usage here (e.g. one accumulator per job), besides the client's total. */
  usage?: Usage;
}

export interface JsonRequest extends CallOptions {
  /** Picks the model and the thinking level. */
  task: Exclude<GeminiTask, 'chat'>;
  system: string;
  parts: Part[];
  /**
   * JSON schema sent as responseJsonSchema: only the keywords of Gemini's documented subset
   * (schema-subset.ts makes any schema so).
   */
  schema: Record<string, unknown>;
  maxOutputTokens?: number;
}

export interface ToolRequest extends CallOptions {
  /** Picks the model and the thinking level (default "chat"). */
  task?: GeminiTask;
  system: string;
  /** The conversation so far; append `ToolResult.content` and your functionResponse parts to continue. */
  contents: Content[];
  tools: FunctionDeclaration[];
  /** AUTO (default): the model chooses; ANY: it must call a tool; NONE: it must answer in text. */
  toolMode?: 'AUTO' | 'ANY' | 'NONE';
}

export interface ToolResult {
  text: string;
  functionCalls: FunctionCall[];
  /**
   * The model's turn as returned, every part and thought signature kept: append it to `contents`
   * unchanged before the function responses (Gemini 3 answers 400 when a signature is missing).
   */
  content: Content;
}

export type StreamRequest = Omit<ToolRequest, 'tools'> & { tools?: FunctionDeclaration[] };
/**
 * One part of the model's answer as it streams. `part` is the part as sent, thoughtSignature
 * included: the model's turn is these parts in order, echoed back unchanged when the conversation
 * goes on (Gemini 3 requires every signature of the current turn back, in the part it came in).
 */
export type StreamEvent =
  | { type: 'text'; text: string; part: Part }
  | { type: 'function_call'; call: FunctionCall; part: Part }
  /** A part that shows nothing (a thought, an empty text carrying a signature): kept for the echo. */
  | { type: 'other'; part: Part };

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
