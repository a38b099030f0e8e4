/**
 * Is each configured model there, and can it do what we use it for? Asked with models.get (no
 * tokens, no generation quota) at start-up and by GET /health, so a retired or misspelled model
 * id is reported before the first claim instead of failing every document of it.
 */
import { ApiError, type GoogleGenAI } from '@google/genai';
import { parseErrorBody } from './errors.js';

/** One model id and the uses it is configured for (a model shared by tasks is asked once). */
export interface ModelUse {
  model: string;
  /** e.g. ["policy", "invoice", "chat"] or ["embeddings"]. */
  uses: string[];
  /** The method it must support: generateContent, or embedContent for embeddings. */
  action: 'generateContent' | 'embedContent';
}

export interface ModelStatus extends ModelUse {
  ok: boolean;
  /** Why it cannot be used; absent when ok. */
  problem?: string;
  /** The model's own name for itself (displayName), when it answered. */
  displayName?: string;
}

export async function checkModel(
  ai: GoogleGenAI,
  use: ModelUse,
  signal: AbortSignal,
): Promise<ModelStatus> {
  try {
    const model = await ai.models.get({ model: use.model, config: { abortSignal: signal } });
    const actions = model.supportedActions;
    // embedContent is served through batchEmbedContents; either name means it embeds.
    const supported =
      actions === undefined ||
      actions.includes(use.action) ||
      (use.action === 'embedContent' && actions.includes('batchEmbedContents'));
    return {
      ...use,
      ok: supported,
      ...(model.displayName ? { displayName: model.displayName } : {}),
      ...(supported
        ? {}
        : { problem: `does not support ${use.action} (it supports ${actions?.join(', ')})` }),
    };
  } catch (error) {
    return { ...use, ok: false, problem: describeFailure(error) };
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof ApiError) {
    const detail = parseErrorBody(error.message)?.message ?? error.message;
    if (error.status === 404) return `not found: the id is retired or misspelled (${detail})`;
    return `Gemini answered ${error.status}: ${detail}`;
  }
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'))
    return 'no answer in time';
  return error instanceof Error ? error.message : String(error);
}

/** The distinct models behind the tasks and the embeddings, each with what uses it. */
export function modelUses(tasks: Readonly<Record<string, string>>, embedding: string): ModelUse[] {
  const generation = new Map<string, string[]>();
  for (const [task, model] of Object.entries(tasks))
    generation.set(model, [...(generation.get(model) ?? []), task]);
  return [
    ...[...generation].map(([model, uses]) => ({
      model,
      uses,
      action: 'generateContent' as const,
    })),
    { model: embedding, uses: ['embeddings'], action: 'embedContent' },
  ];
}

/** One line for logs and /health: "gemini-2.5-flash (policy, invoice, chat): not found: …". */
export function describeModelStatus(status: ModelStatus): string {
  const head = `${status.model} (${status.uses.join(', ')})`;
  return status.ok ? head : `${head}: ${status.problem}`;
}
