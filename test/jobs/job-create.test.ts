/**
 * JobService.create against the real SQLite job store: a claim that cannot be queued leaves
 * neither its files nor a job that a restart would requeue without them.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { Caller } from '../../src/domain/types.js';
import { JobService } from '../../src/pipeline/job-service.js';
import type { JobQueue } from '../../src/pipeline/queue.js';
import type { DocumentReader } from '../../src/pipeline/types.js';
import { SqliteJobStore } from '../../src/store/sqlite/job-store.js';
import { openStateDatabase } from '../store/state/backends.js';

const caller: Caller = { sub: 'user-a', name: 'Asha', role: 'employee' };
const pdfPolicyReader = {
  readPolicy: async () => ({ kind: 'document' }),
} as unknown as DocumentReader;

t.test(
  'when queueing fails, the upload is removed and the job is failed, not left queued',
  async (t) => {
    const jobs = new SqliteJobStore({ db: openStateDatabase(t) });
    t.teardown(() => jobs.close());
    const brokenQueue: JobQueue = {
      enqueue: async () => {
        throw new Error('queue unreachable');
      },
      process: () => {},
      close: async () => {},
      ping: async () => {},
    };
    const service = new JobService({ jobs, queue: brokenQueue, reader: pdfPolicyReader });
    const workDir = mkdtempSync(join(tmpdir(), 'job-create-'));
    writeFileSync(join(workDir, 'policy.pdf'), '%PDF-1.4');
    writeFileSync(join(workDir, 'a.zip'), 'PK');
    const input = {
      employee_name: 'Asha',
      claim_date: '2025-01-31',
      force: false,
      work_dir: workDir,
      policy_file: {
        path: join(workDir, 'policy.pdf'),
        file_name: 'policy.pdf',
        media_type: 'application/pdf',
      },
      files: [
        {
          path: join(workDir, 'a.zip'),
          file_name: 'a.zip',
          media_type: 'application/zip',
          field: 'invoices_zip' as const,
        },
      ],
    };
    await t.rejects(service.create(caller, input), /queue unreachable/);
    t.notOk(existsSync(workDir), 'the uploaded files are gone');
    t.same(await jobs.listUnfinished(), [], 'no job is left for a restart to requeue');
  },
);
