/**
 * The rules a claim sent with a `policy_file` is decided by: rules v2, so every claim goes through
 * the one engine (decide-claim-v2.ts) whether its policy is managed or uploaded with it.
 *
 * - A rules file (JSON/YAML) states `schema_version: 2` for rules v2; anything else is read as the
 *   rules v1 contract clients have always sent, validated as v1 and migrated (migrate-v1.ts).
 * - A policy document is compiled like a managed policy's (policies/compile.ts): the offline
 *   compiler v2 straight to rules v2, Gemini's rules v1 through the cache, migrated.
 */
import type { ModelProvider } from '../ai/provider.js';
import { parsePolicyRules } from '../domain/policy-rules.js';
import { rulesV2FromV1 } from '../domain/rules/migrate-v1.js';
import type { PolicyRulesV2 } from '../domain/rules/types.js';
import type { PolicyInput } from '../pipeline/types.js';
import { parseRulesV2 } from '../schemas/rules-v2-parse.js';
import type { PolicyCache } from '../store/ports.js';
import { currentCompiler } from './compile.js';

/** A client's rules file as rules v2; throws PolicyRulesError naming every problem. */
export function rulesFileAsV2(raw: unknown, policyHash: string): PolicyRulesV2 {
  const version =
    raw !== null && typeof raw === 'object' && 'schema_version' in raw
      ? (raw as { schema_version: unknown }).schema_version
      : 1;
  const opts = { policy_hash: policyHash, compiled_by: 'client' as const };
  if (version === 2) return parseRulesV2(raw, opts);
  return rulesV2FromV1(parsePolicyRules(raw, opts));
}

export async function policyFileRules(
  input: PolicyInput,
  deps: { provider: ModelProvider; cache: PolicyCache },
  signal?: AbortSignal,
): Promise<PolicyRulesV2> {
  if (input.kind === 'rules') return rulesFileAsV2(input.raw, input.sha256);
  const { rules } = await currentCompiler(deps.provider, deps.cache).compile(input.policy, signal);
  return rules;
}
