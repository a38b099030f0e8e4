/**
 * Entity tags of policy versions. A version's tag changes with every change of the version (its
 * revision) and names its content, so If-Match detects both a correction and a state change made
 * by someone else since the client read it.
 */
import type { PolicyVersion } from '../domain/policy-versions.js';

export function etagOf(
  version: Pick<PolicyVersion, 'number' | 'revision' | 'content_hash'>,
): string {
  return `"v${version.number}.r${version.revision}.${version.content_hash.slice(0, 16)}"`;
}

/**
 * RFC 9110 If-Match: `*` or a list of entity tags, compared strongly (a weak tag never matches).
 */
export function ifMatchHolds(header: string, etag: string): boolean {
  const value = header.trim();
  if (value === '*') return true;
  return value
    .split(',')
    .map((tag) => tag.trim())
    .some((tag) => tag === etag);
}
