/**
 * Policies as managed resources: finance publishes a policy once, checks how it was read, corrects
 * it and activates one version; every claim without a policy file is decided under the active one.
 *
 * A policy has numbered versions. A version is a `draft` while finance reviews it (its rules may
 * be corrected), `active` once it is the company's policy (exactly one version of all policies is
 * active at a time), and `retired` when another version took its place. Active and retired
 * versions never change: a correction is a new version, so a decision's (id, version, content
 * hash) always names the rules it was made under.
 *
 * Pure types and transitions: no I/O.
 */
import type { PolicyRulesV2 } from './rules/types.js';

export type PolicyVersionState = 'draft' | 'active' | 'retired';
export const POLICY_VERSION_STATES: readonly PolicyVersionState[] = ['draft', 'active', 'retired'];

/** A sentence of the policy that looks like a rule but was not turned into one. */
export interface NotUnderstood {
  sentence: string;
  /** 1-based page; null when the document has no pages (TXT, Markdown, DOCX). */
  page: number | null;
  /** Why it was not understood, in plain words. */
  reason: string;
}

/** Who made a change, as their token named them at the time. */
export interface PolicyActor {
  sub: string;
  name: string;
}

/** What a version was made from: a policy document, or rules written as JSON/YAML. */
export interface PolicyVersionSource {
  kind: 'document' | 'rules';
  file_name: string;
  media_type: string;
  /** SHA-256 of the uploaded file. */
  sha256: string;
}

export interface PolicyVersion {
  policy_id: string;
  /** 1, 2, 3… in order of creation within the policy. */
  number: number;
  state: PolicyVersionState;
  /** SHA-256 of the rules' canonical JSON; equal to `rules.policy_hash`. Changes with every edit. */
  content_hash: string;
  /** Counts the changes of this version (1 when created): the ETag guards edits with it. */
  revision: number;
  source: PolicyVersionSource;
  rules: PolicyRulesV2;
  /** Sentences the compiler did not turn into rules; empty for rules sent as JSON/YAML. */
  not_understood: NotUnderstood[];
  created_by: PolicyActor;
  created_at: string;
  updated_by: PolicyActor;
  updated_at: string;
  activated_at: string | null;
  retired_at: string | null;
}

export interface Policy {
  id: string;
  name: string;
  created_by: PolicyActor;
  created_at: string;
  updated_at: string;
  /** Number of the version that is the company's active policy, when it is one of this policy's. */
  active_version: number | null;
  latest_version: number;
}

/** What a stored decision records of the policy it was made under. */
export interface PolicyVersionRef {
  policy_id: string;
  version: number;
  content_hash: string;
}

export const versionRef = (version: PolicyVersion): PolicyVersionRef => ({
  policy_id: version.policy_id,
  version: version.number,
  content_hash: version.content_hash,
});

/** Why a version cannot be edited, or null when it can: only drafts change. */
export function editRefusal(version: PolicyVersion): string | null {
  if (version.state === 'draft') return null;
  return `Version ${version.number} is ${version.state}: its rules no longer change, so every decision made under it stays explained. Create a new version (POST /policies/${version.policy_id}/versions) with the corrected rules instead.`;
}

/**
 * The version a claim naming only a policy is decided under: its active version, else the one it
 * had most recently (a policy that was replaced keeps deciding as it last did). Drafts are used
 * only when named by number.
 */
export function publishedVersion(versions: readonly PolicyVersion[]): PolicyVersion | null {
  const active = versions.find((version) => version.state === 'active');
  if (active) return active;
  const retired = versions
    .filter((version) => version.state === 'retired')
    .sort(
      (a, b) => (b.activated_at ?? '').localeCompare(a.activated_at ?? '') || b.number - a.number,
    );
  return retired[0] ?? null;
}

/** The version in its new state, one revision on, stamped with who moved it and when. */
export function transitioned(
  version: PolicyVersion,
  state: PolicyVersionState,
  change: { by: PolicyActor; at: string },
): PolicyVersion {
  return {
    ...version,
    state,
    revision: version.revision + 1,
    updated_by: change.by,
    updated_at: change.at,
    ...(state === 'active' ? { activated_at: change.at, retired_at: null } : {}),
    ...(state === 'retired' ? { retired_at: change.at } : {}),
  };
}
