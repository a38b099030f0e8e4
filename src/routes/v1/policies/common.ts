/** What the policy routes share: path parameters, the public shape of a version, who changes. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { PolicyVersion } from '../../../domain/policy-versions.js';
import { etagOf } from '../../../policies/etag.js';
import type { ChangeContext, PolicyDetail } from '../../../policies/policy-service.js';

export const PolicyParams = Type.Object({
  id: Type.String({ maxLength: 100, description: 'Policy id.' }),
});

export const VersionParams = Type.Object({
  id: Type.String({ maxLength: 100, description: 'Policy id.' }),
  n: Type.Integer({ minimum: 1, maximum: 999_999_999, description: 'Version number.' }),
});

/** A version as the API shows it: with the ETag that guards corrections. */
export const versionView = (version: PolicyVersion) => ({ ...version, etag: etagOf(version) });

export const detailView = (detail: PolicyDetail) => ({
  ...detail,
  versions: detail.versions.map(versionView),
});

/** Sends the version with its ETag header, as GET, PUT and POST of a version answer. */
export function sendVersion(reply: FastifyReply, version: PolicyVersion) {
  reply.header('etag', etagOf(version));
  return versionView(version);
}

export const changeContext = (request: FastifyRequest): ChangeContext => ({
  caller: request.caller,
  request_id: request.id,
  client_ip: request.ip,
});

export const versionPath = (version: Pick<PolicyVersion, 'policy_id' | 'number'>) =>
  `/api/v1/policies/${version.policy_id}/versions/${version.number}`;
