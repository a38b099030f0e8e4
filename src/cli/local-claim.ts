/**
 * The analysis pipeline for files on this machine: the command line, the demo and the evaluation
 * submit local files as a job, exactly as an upload would be, and follow its events.
 */
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Job, JobEvent } from '../domain/jobs.js';
import type { Caller } from '../domain/types.js';
import { sniffMediaType } from '../pipeline/ingest/sniff.js';
import type { Services } from '../services.js';

/** The command line acts as a local administrator, like AUTH_MODE=none. */
export const CLI_CALLER: Caller = Object.freeze({
  sub: 'cli',
  name: 'Command line',
  role: 'admin',
});

export interface LocalClaim {
  policy: string;
  employee: string;
  files: string[];
  claimDate?: string;
  force?: boolean;
}

/** Copies the files into a job's work folder (the job removes it when it ends) and runs the job. */
export async function analyseLocalClaim(
  services: Services,
  claim: LocalClaim,
  onEvent: (event: JobEvent) => void = () => undefined,
): Promise<Job> {
  const workDir = join(services.config.dataDir, 'uploads', `cli-${randomUUID()}`);
  await mkdir(workDir, { recursive: true });
  const place = async (source: string, index: number) => {
    const target = join(workDir, `${index}-${basename(source).replace(/[^\w.-]/g, '_')}`);
    await copyFile(source, target);
    return {
      path: target,
      file_name: basename(source),
      media_type: await sniffMediaType(target, basename(source)),
    };
  };
  const policy = await place(claim.policy, 0);
  const files = await Promise.all(
    claim.files.map(async (file, i) => {
      const placed = await place(file, i + 1);
      return {
        ...placed,
        field:
          placed.media_type === 'application/zip'
            ? ('invoices_zip' as const)
            : ('invoice_files' as const),
      };
    }),
  );
  const job = await services.jobService.create(CLI_CALLER, {
    employee_name: claim.employee,
    claim_date: claim.claimDate ?? new Date().toISOString().slice(0, 10),
    force: claim.force ?? false,
    work_dir: workDir,
    policy_file: policy,
    files,
  });
  const controller = new AbortController();
  for await (const event of services.jobService.follow(CLI_CALLER, job.id, 0, controller.signal))
    onEvent(event);
  return services.jobService.get(CLI_CALLER, job.id);
}
