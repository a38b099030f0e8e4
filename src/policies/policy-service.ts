/**
 * Policies as versioned resources: create from an upload (a draft version 1), add versions,
 * correct a draft's rules, activate a version; and find the version a claim is decided under.
 * Access by role is checked by the routes (config.roles); every change is audited by the store
 * in the same transaction as the change.
 */
import { randomUUID } from 'node:crypto';
import {
  editRefusal,
  type Policy,
  type PolicyActor,
  type PolicyVersion,
  type PolicyVersionRef,
  publishedVersion,
} from '../domain/policy-versions.js';
import type { Caller } from '../domain/types.js';
import { AppError, ConflictError, NotFoundError, UnprocessableError } from '../errors.js';
import type { DocumentReader } from '../pipeline/types.js';
import { parseRulesV2 } from '../schemas/rules-v2-parse.js';
import type { NewAuditEntry, Page, PolicyStore } from '../store/ports.js';
import { compileUpload, type PolicyCompilerV2, rulesOrProblems } from './compile.js';
import { rulesContentHash } from './content-hash.js';
import { etagOf, ifMatchHolds } from './etag.js';

/** Who changes something, from which request: what the audit entry of the change names. */
export interface ChangeContext {
  caller: Caller;
  request_id: string;
  client_ip: string;
}

/** An uploaded policy file as received, its bytes on disk. */
export interface PolicyFileUpload {
  path: string;
  file_name: string;
  media_type: string;
  sha256: string;
}

export interface PolicyDetail extends Policy {
  versions: PolicyVersion[];
}

export interface PolicyServiceDeps {
  store: PolicyStore;
  reader: Pick<DocumentReader, 'readPolicy'>;
  compiler: PolicyCompilerV2;
  clock?: () => Date;
}

export const POLICY_AUDIT_ACTIONS = {
  create: 'policy.create',
  version: 'policy.version_create',
  rules: 'policy.rules_update',
  activate: 'policy.activate',
} as const;

const actorOf = (caller: Caller): PolicyActor => ({ sub: caller.sub, name: caller.name });

function auditEntry(
  context: ChangeContext,
  action: string,
  policyId: string,
  details: Record<string, unknown>,
): NewAuditEntry {
  return {
    actor_sub: context.caller.sub,
    actor_name: context.caller.name,
    actor_role: context.caller.role,
    action,
    target_type: 'policy',
    target_id: policyId,
    request_id: context.request_id,
    client_ip: context.client_ip,
    details,
  };
}

const versionNotFound = (policyId: string, number: number) =>
  new NotFoundError(`Version ${number} of policy`, policyId);

export class PolicyService {
  private readonly clock: () => Date;

  constructor(private readonly deps: PolicyServiceDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  async create(
    context: ChangeContext,
    upload: { file: PolicyFileUpload; name: string | null },
    signal?: AbortSignal,
  ): Promise<PolicyDetail> {
    const content = await this.compile(upload.file, signal);
    const now = this.clock().toISOString();
    const id = randomUUID();
    const actor = actorOf(context.caller);
    const policy: Policy = {
      id,
      name: upload.name ?? (content.rules.name.trim() || upload.file.file_name),
      created_by: actor,
      created_at: now,
      updated_at: now,
      active_version: null,
      latest_version: 1,
    };
    const first: PolicyVersion = { ...this.draft(content, actor, now), policy_id: id, number: 1 };
    await this.deps.store.create(
      policy,
      first,
      auditEntry(context, POLICY_AUDIT_ACTIONS.create, id, {
        name: policy.name,
        version: 1,
        ...summary(first),
      }),
    );
    return { ...policy, versions: [first] };
  }

  async addVersion(
    context: ChangeContext,
    policyId: string,
    file: PolicyFileUpload,
    signal?: AbortSignal,
  ): Promise<PolicyVersion> {
    await this.policy(policyId);
    const content = await this.compile(file, signal);
    const now = this.clock().toISOString();
    const created = await this.deps.store.addVersion(
      policyId,
      this.draft(content, actorOf(context.caller), now),
      (version) =>
        auditEntry(context, POLICY_AUDIT_ACTIONS.version, policyId, {
          version: version.number,
          ...summary(version),
        }),
    );
    if (!created) throw new NotFoundError('Policy', policyId);
    return created;
  }

  list(page: { limit: number; cursor: string | null }): Promise<Page<Policy>> {
    return this.deps.store.list(page);
  }

  async detail(policyId: string): Promise<PolicyDetail> {
    const policy = await this.policy(policyId);
    return { ...policy, versions: await this.deps.store.versions(policyId) };
  }

  async version(policyId: string, number: number): Promise<PolicyVersion> {
    const version = await this.deps.store.version(policyId, number);
    if (!version) throw versionNotFound(policyId, number);
    return version;
  }

  /** The company's active policy and version; 404 `no_active_policy` when none was activated. */
  async active(): Promise<{ policy: Policy; version: PolicyVersion }> {
    const version = await this.deps.store.active();
    const policy = version ? await this.deps.store.get(version.policy_id) : null;
    if (!version || !policy)
      throw new AppError(
        404,
        'no_active_policy',
        'No policy is active yet: finance creates one (POST /policies) and activates a version.',
      );
    return { policy, version };
  }

  /**
   * Replaces a draft's rules. `ifMatch` must name the version as last read (its ETag): 428 without
   * it, 412 when the version changed since; 409 when the version is no longer a draft.
   */
  async updateRules(
    context: ChangeContext,
    policyId: string,
    number: number,
    raw: unknown,
    ifMatch: string | undefined,
  ): Promise<PolicyVersion> {
    const current = await this.version(policyId, number);
    const refusal = editRefusal(current);
    if (refusal) throw new ConflictError('version_not_draft', refusal);
    if (ifMatch === undefined)
      throw new AppError(
        428,
        'precondition_required',
        `Send If-Match with the ETag of version ${number} as you last read it, so a correction never overwrites someone else's.`,
      );
    if (!ifMatchHolds(ifMatch, etagOf(current))) throw stale(current);
    const parsed = rulesOrProblems(
      () => parseRulesV2(raw, { policy_hash: current.content_hash, compiled_by: 'client' }),
      '',
    );
    const contentHash = rulesContentHash(parsed);
    const rules = { ...parsed, policy_hash: contentHash };
    const outcome = await this.deps.store.updateRules(
      policyId,
      number,
      {
        expected_revision: current.revision,
        rules,
        content_hash: contentHash,
        by: actorOf(context.caller),
        at: this.clock().toISOString(),
      },
      auditEntry(context, POLICY_AUDIT_ACTIONS.rules, policyId, {
        version: number,
        from_content_hash: current.content_hash,
        to_content_hash: contentHash,
      }),
    );
    switch (outcome.kind) {
      case 'updated':
        return outcome.version;
      case 'not_found':
        throw versionNotFound(policyId, number);
      case 'not_draft':
        throw new ConflictError('version_not_draft', editRefusal(outcome.version) ?? '');
      case 'stale':
        throw stale(outcome.version);
    }
  }

  async activate(
    context: ChangeContext,
    policyId: string,
    number: number,
  ): Promise<{ version: PolicyVersion; retired: PolicyVersionRef | null }> {
    const outcome = await this.deps.store.activate(
      policyId,
      number,
      { by: actorOf(context.caller), at: this.clock().toISOString() },
      (retired) =>
        auditEntry(context, POLICY_AUDIT_ACTIONS.activate, policyId, {
          version: number,
          retired,
        }),
    );
    if (outcome.kind === 'not_found') throw versionNotFound(policyId, number);
    return { version: outcome.version, retired: outcome.retired };
  }

  /**
   * The version a claim without a policy file is decided under: the named version, the named
   * policy's published version, or the active one. Problems are about the claim's form fields,
   * so they are 422 naming the field, never a 404 for the upload route.
   */
  async forClaim(choice: {
    policy_id: string | null;
    version: number | null;
  }): Promise<PolicyVersion> {
    if (choice.policy_id === null) {
      const active = await this.deps.store.active();
      if (active) return active;
      throw new UnprocessableError(
        'no_active_policy',
        'No policy is active: send a policy_file with the claim, name a policy_id, or ask finance to activate a policy.',
        [{ pointer: 'policy_file', message: 'required while no policy is active' }],
      );
    }
    const unknown = (message: string, pointer: string) =>
      new UnprocessableError('unknown_policy', message, [{ pointer, message }]);
    if (choice.version !== null) {
      const version = await this.deps.store.version(choice.policy_id, choice.version);
      if (version) return version;
      throw unknown(
        `Policy ${choice.policy_id} has no version ${choice.version}.`,
        (await this.deps.store.get(choice.policy_id)) ? 'policy_version' : 'policy_id',
      );
    }
    const versions = await this.deps.store.versions(choice.policy_id);
    if (versions.length === 0)
      throw unknown(`There is no policy ${choice.policy_id}.`, 'policy_id');
    const published = publishedVersion(versions);
    if (published) return published;
    throw new UnprocessableError(
      'policy_not_active',
      `Policy ${choice.policy_id} has only drafts: activate a version, or name the draft with policy_version.`,
      [{ pointer: 'policy_id', message: 'has no active or retired version' }],
    );
  }

  private async policy(policyId: string): Promise<Policy> {
    const policy = await this.deps.store.get(policyId);
    if (!policy) throw new NotFoundError('Policy', policyId);
    return policy;
  }

  private async compile(file: PolicyFileUpload, signal?: AbortSignal) {
    const input = await this.deps.reader.readPolicy(file, signal);
    return compileUpload(input, file, this.deps.compiler, signal);
  }

  private draft(
    content: Awaited<ReturnType<typeof compileUpload>>,
    actor: PolicyActor,
    now: string,
  ): Omit<PolicyVersion, 'policy_id' | 'number'> {
    return {
      state: 'draft',
      content_hash: content.rules.policy_hash,
      revision: 1,
      source: content.source,
      rules: content.rules,
      not_understood: content.not_understood,
      created_by: actor,
      created_at: now,
      updated_by: actor,
      updated_at: now,
      activated_at: null,
      retired_at: null,
    };
  }
}

function stale(current: PolicyVersion): AppError {
  return new AppError(
    412,
    'precondition_failed',
    `Version ${current.number} changed since you read it (now ${etagOf(current)}): read it again and re-apply your correction.`,
    { headers: { etag: etagOf(current) } },
  );
}

/** What the audit log keeps of a new version: where it came from, not its contents. */
function summary(version: Pick<PolicyVersion, 'source' | 'content_hash' | 'not_understood'>) {
  return {
    source: { kind: version.source.kind, file_name: version.source.file_name },
    content_hash: version.content_hash,
    not_understood: version.not_understood.length,
  };
}
