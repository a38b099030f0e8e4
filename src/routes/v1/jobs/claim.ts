/**
 * Accepting a claim upload, shared by POST /jobs, /analyze-invoices and /analyze-invoices-stream:
 * receive the files, check who may claim for whom, honour Idempotency-Key, create the job.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyRequest } from 'fastify';
import { assertCanAnalyseAs } from '../../../access/guards.js';
import { claimEmployeeId } from '../../../domain/access.js';
import type { Job } from '../../../domain/jobs.js';
import type { PolicyVersion } from '../../../domain/policy-versions.js';
import { receiveClaimUpload } from '../../../pipeline/ingest/upload.js';
import { fingerprintOf } from '../../../plugins/idempotency.js';
import type { IdempotencyEntry } from '../../../store/ports.js';

export type AcceptedClaim =
  | { kind: 'created'; job: Job }
  | { kind: 'replay'; stored: IdempotencyEntry };

export async function acceptClaim(request: FastifyRequest): Promise<AcceptedClaim> {
  const { config, jobService, uploadLimits, policies } = request.server.services;
  const upload = await receiveClaimUpload(request, {
    workDir: join(config.dataDir, 'uploads'),
    limits: uploadLimits,
  });
  // Without a policy file: the managed version named, or the active one.
  let managed: PolicyVersion | null = null;
  try {
    assertCanAnalyseAs(request.caller, upload.employee_name, upload.employee_id);
    managed = upload.policy_file ? null : await policies.forClaim(upload.policy);
    const fingerprint = fingerprintOf(
      upload.employee_name,
      // Only when sent: keys stored before employee_id existed keep their fingerprints.
      ...(upload.employee_id !== null ? [{ employee_id: upload.employee_id }] : []),
      upload.claim_date,
      upload.force,
      upload.policy_file?.sha256 ?? [managed?.policy_id, managed?.number, managed?.content_hash],
      upload.files.map((f) => [f.field, f.file_name, f.sha256]),
    );
    const stored = await request.claimIdempotency(fingerprint);
    if (stored) {
      await rm(upload.work_dir, { recursive: true, force: true });
      return { kind: 'replay', stored };
    }
  } catch (error) {
    await rm(upload.work_dir, { recursive: true, force: true });
    throw error;
  }
  const job = await jobService.create(request.caller, {
    employee_name: upload.employee_name,
    employee_id: claimEmployeeId(request.caller, upload.employee_name, upload.employee_id),
    claim_date: upload.claim_date ?? new Date().toISOString().slice(0, 10),
    force: upload.force,
    work_dir: upload.work_dir,
    policy_file: upload.policy_file,
    ...(managed
      ? {
          policy: {
            policy_id: managed.policy_id,
            version: managed.number,
            content_hash: managed.content_hash,
            rules: managed.rules,
          },
        }
      : {}),
    files: upload.files,
    origin: { request_id: request.id, client_ip: request.ip },
  });
  await request.server.audit.record(
    request,
    'job.create',
    { type: 'job', id: job.id },
    {
      employee_name: job.input.employee_name,
      employee_id: job.input.employee_id,
      files: job.input.files.length,
      ...(managed ? { policy_id: managed.policy_id, policy_version: managed.number } : {}),
    },
  );
  return { kind: 'created', job };
}
