/**
 * Turning an uploaded policy into a version's content: rules v2 and the sentences not understood.
 *
 * The compiler is a seam (`compile(text) → {rules, not_understood}`): the offline compiler v2
 * reads policies straight into rules v2 and reports the sentences it did not understand; a
 * provider without one (Gemini today) compiles rules v1, cached by the document's hash, migrated
 * to v2 with nothing reported.
 */
import type { ModelProvider, PolicyText } from '../ai/provider.js';
import { PolicyRulesError } from '../domain/policy-rules.js';
import type { NotUnderstood, PolicyVersionSource } from '../domain/policy-versions.js';
import { rulesV2FromV1 } from '../domain/rules/migrate-v1.js';
import type { PolicyRulesV2 } from '../domain/rules/types.js';
import { UnprocessableError } from '../errors.js';
import type { PolicyInput } from '../pipeline/types.js';
import { loadPolicyRules } from '../schemas/rules-v2-parse.js';
import type { PolicyCache } from '../store/ports.js';
import { stampContentHash } from './content-hash.js';

export interface CompiledPolicy {
  rules: PolicyRulesV2;
  not_understood: NotUnderstood[];
}

export interface PolicyCompilerV2 {
  compile(policy: PolicyText, signal?: AbortSignal): Promise<CompiledPolicy>;
}

/** A provider that compiles straight to rules v2, reporting the sentences it did not understand. */
type V2Compiling = ModelProvider & {
  compilePolicyV2?: (policy: PolicyText, signal?: AbortSignal) => Promise<CompiledPolicy>;
};

/**
 * The configured provider's compiler: its rules v2 compiler where it has one (offline: milliseconds
 * a policy, so nothing is cached), else its rules v1 compiler through the cache jobs use too
 * (a model call per document, once), migrated to v2.
 */
export function currentCompiler(provider: ModelProvider, cache: PolicyCache): PolicyCompilerV2 {
  const v2 = (provider as V2Compiling).compilePolicyV2?.bind(provider);
  if (v2)
    return {
      async compile(policy, signal) {
        const { rules, not_understood } = await v2(policy, signal);
        return { rules, not_understood };
      },
    };
  return {
    async compile(policy, signal) {
      let rules = await cache.get(policy.sha256, provider.name);
      if (!rules) {
        rules = await provider.compilePolicy(policy, signal);
        await cache.set(policy.sha256, provider.name, rules);
      }
      return { rules: rulesV2FromV1(rules), not_understood: [] };
    },
  };
}

/** A version's content from a read policy file, its rules stamped with their content hash. */
export async function compileUpload(
  input: PolicyInput,
  file: { file_name: string; media_type: string; sha256: string },
  compiler: PolicyCompilerV2,
  signal?: AbortSignal,
): Promise<CompiledPolicy & { source: PolicyVersionSource }> {
  const source = (kind: PolicyVersionSource['kind']): PolicyVersionSource => ({
    kind,
    file_name: file.file_name,
    media_type: file.media_type,
    sha256: file.sha256,
  });
  if (input.kind === 'rules') {
    const rules = rulesOrProblems(() =>
      loadPolicyRules(input.raw, { policy_hash: input.sha256, compiled_by: 'client' }),
    );
    return { rules: stampContentHash(rules), not_understood: [], source: source('rules') };
  }
  const compiled = await compiler.compile(input.policy, signal);
  return { ...compiled, rules: stampContentHash(compiled.rules), source: source('document') };
}

/** Rules a person wrote, or 422 `invalid_policy_rules` naming every problem by JSON pointer. */
export function rulesOrProblems(
  parse: () => PolicyRulesV2,
  pointerPrefix = 'policy_file:',
): PolicyRulesV2 {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof PolicyRulesError)) throw error;
    throw new UnprocessableError(
      'invalid_policy_rules',
      error.message,
      error.problems.map((p) => ({
        pointer: `${pointerPrefix}${p.pointer || '/'}`,
        message: p.message,
      })),
    );
  }
}
