/**
 * The content hash of a rule set: SHA-256 of its canonical JSON (keys sorted, no whitespace), with
 * policy_hash left out since it will hold the result. Two versions with the same rules have the
 * same hash whatever order their keys came in; any change of a rule changes it.
 */
import { createHash } from 'node:crypto';
import type { PolicyRulesV2 } from '../domain/rules/types.js';

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function rulesContentHash(rules: PolicyRulesV2): string {
  const { policy_hash: _hash, ...content } = rules;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/** The rules stamped with their own content hash, so decisions made under them can name it. */
export function stampContentHash(rules: PolicyRulesV2): PolicyRulesV2 {
  return { ...rules, policy_hash: rulesContentHash(rules) };
}
