/**
 * Which Gemini model does which task, and how hard it thinks about it. Chosen from Google's
 * model and deprecation pages of December 2026 (README "Models" and docs/deploy.md say why):
 * every 2.x model is shut down or being shut down, and Gemini 3 models take a thinking level
 * instead of a temperature.
 */
// Type only: config.ts reads the defaults here without loading the SDK.
import type { ThinkingLevel } from '@google/genai';

/** What a model call is for: each task has its own model setting and thinking level. */
export type GeminiTask = 'policy' | 'invoice' | 'chat';

export type GeminiModels = Readonly<Record<GeminiTask, string>>;

/** Newest GA Flash (released 2026-09-02, no shutdown date announced): every task by default. */
export const DEFAULT_GEMINI_MODEL = 'gemini-3.8-flash';
/** The lighter GA model for high volume (no shutdown date announced); documented, not a default. */
export const LIGHT_GEMINI_MODEL = 'gemini-3.5-flash-lite';
export const DEFAULT_EMBEDDING_MODEL = 'gemini-embedding-001';

/**
 * Thinking per task. Reading printed fields needs little reasoning and runs once per document, so
 * it thinks least; a policy is compiled once and every decision rests on it, so it thinks most;
 * chat keeps the model's own default. LOW, MEDIUM and HIGH are accepted by every current Gemini 3
 * model (gemini-3.8-flash rejects MINIMAL, so it is never sent). Only thinkingLevel is sent: with
 * thinkingBudget beside it the API answers 400.
 */
export const TASK_THINKING: Readonly<Record<GeminiTask, ThinkingLevel>> = {
  invoice: 'LOW' as ThinkingLevel.LOW,
  policy: 'HIGH' as ThinkingLevel.HIGH,
  chat: 'MEDIUM' as ThinkingLevel.MEDIUM,
};

export function allModels(model: string = DEFAULT_GEMINI_MODEL): GeminiModels {
  return { policy: model, invoice: model, chat: model };
}
