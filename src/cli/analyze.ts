import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../config.js';
import { createServices } from '../services.js';
import { assertDataDirFree } from '../store/sqlite/data-dir-lock.js';
import { analyseLocalClaim } from './local-claim.js';
import { progressLine, resultsTable } from './render.js';
import { EX_TEMPFAIL, EX_USAGE, failed, usageError } from './usage.js';

/** Where `reimburse analyze` keeps its records: the XDG data directory, apart from any server's. */
export function defaultCliDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'reimburse');
}

export const ANALYZE_USAGE = `reimburse analyze --policy FILE --employee NAME [--claim-date YYYY-MM-DD] [--data-dir DIR] [--force] [--json] FILE...
  Analyses invoice ZIPs, PDFs or photos against a policy and prints one decision per document.
  Its records (earlier claims count for duplicates and shared caps) live in its own data directory,
  never in a server's unless --data-dir names it, and never in one a running server holds.
  --policy      the reimbursement policy (PDF, DOCX, TXT/Markdown, or rules as JSON/YAML)
  --employee    the employee the claim is for
  --claim-date  submission date for the late-submission window (default: today)
  --data-dir    where its database lives (default: ${defaultCliDataDir()})
  --force       analyse again files that were analysed before
  --json        print the whole job as JSON instead of a table`;

export async function analyze(argv: string[]): Promise<number> {
  const parsed = usageError(() =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        policy: { type: 'string' },
        employee: { type: 'string' },
        'claim-date': { type: 'string' },
        'data-dir': { type: 'string' },
        force: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
    }),
  );
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (!values.policy || !values.employee || positionals.length === 0) {
    console.error(
      `--policy, --employee and at least one file are required.\n\nUsage: ${ANALYZE_USAGE}`,
    );
    return EX_USAGE;
  }
  const dataDir = resolve(values['data-dir'] ?? defaultCliDataDir());
  try {
    assertDataDirFree(dataDir);
  } catch (error) {
    return failed(error, EX_TEMPFAIL);
  }
  // DATA_DIR from the environment is the server's: the command line never follows it.
  const config = loadConfigOrExit({ ...process.env, DATA_DIR: dataDir });
  const services = await createServices(config);
  try {
    await services.startWorker();
    const showProgress = !values.json && process.stderr.isTTY === true;
    const job = await analyseLocalClaim(
      services,
      {
        policy: values.policy,
        employee: values.employee,
        files: positionals,
        force: values.force,
        ...(values['claim-date'] ? { claimDate: values['claim-date'] } : {}),
      },
      (event) => {
        const line = showProgress ? progressLine(event) : null;
        if (line) process.stderr.write(line);
      },
    );
    if (showProgress) process.stderr.write('\n');
    const { checkpoint: _internal, input: _paths, ...visible } = job;
    console.log(
      values.json
        ? JSON.stringify(
            {
              ...visible,
              employee_name: job.input.employee_name,
              claim_date: job.input.claim_date,
            },
            null,
            2,
          )
        : resultsTable(job),
    );
    return job.state === 'succeeded' ? 0 : 1;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 1;
  } finally {
    await services.close();
  }
}
