/**
 * Accepting a claim upload, shared by POST /jobs, /analyze-invoices and /analyze-invoices-stream:
 * receive the files, check who may claim for whom, honour Idempotency-Key, create the job.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyRequest } from 'fastify';
import { assertCanAnalyseAs } from '../../../access/guards.js';
import type { Job } from '../../../domain/jobs.js';
import { receiveClaimUpload } from '../../../pipeline/ingest/upload.js';
import { fingerprintOf } from '../../../plugins/idempotency.js';
import type { IdempotencyEntry } from '../../../store/ports.js';

export type AcceptedClaim =
  | { kind: 'created'; job: Job }
  | { kind: 'replay'; stored: IdempotencyEntry };

export async function acceptClaim(request: FastifyRequest): Promise<AcceptedClaim> {
  const { config, jobService, uploadLimits } = request.server.services;
  const upload = await receiveClaimUpload(request, {
    workDir: join(config.dataDir, 'uploads'),
    limits: uploadLimits,
  });
  try {
    assertCanAnalyseAs(request.caller, upload.employee_name);
    const fingerprint = fingerprintOf(
      upload.employee_name,
      upload.claim_date,
      upload.force,
      upload.policy_file.sha256,
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
    claim_date: upload.claim_date ?? new Date().toISOString().slice(0, 10),
    force: upload.force,
    work_dir: upload.work_dir,
    policy_file: upload.policy_file,
    files: upload.files,
    origin: { request_id: request.id, client_ip: request.ip },
  });
  await request.server.audit.record(
    request,
    'job.create',
    { type: 'job', id: job.id },
    { employee_name: job.input.employee_name, files: job.input.files.length },
  );
  return { kind: 'created', job };
}
