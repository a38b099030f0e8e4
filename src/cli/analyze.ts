import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../config.js';
import { createServices } from '../services.js';
import { analyseLocalClaim } from './local-claim.js';
import { progressLine, resultsTable } from './render.js';
import { EX_USAGE, usageError } from './usage.js';

export const ANALYZE_USAGE = `reimburse analyze --policy FILE --employee NAME [--claim-date YYYY-MM-DD] [--force] [--json] FILE...
  Analyses invoice ZIPs, PDFs or photos against a policy and prints one decision per document.
  --policy      the reimbursement policy (PDF, DOCX, TXT/Markdown, or rules as JSON/YAML)
  --employee    the employee the claim is for
  --claim-date  submission date for the late-submission window (default: today)
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
  const config = loadConfigOrExit();
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
