/**
 * The same pipeline from the command line:
 *   npx reimburse analyze --policy policy.pdf --employee "Priya Nair" claim.zip [more files]
 * Options: --claim-date YYYY-MM-DD, --force, --json (machine-readable job on stdout).
 * Uses the same environment variables as the API (embedded default without any).
 */
import { parseArgs } from 'node:util';
import { analyseLocalClaim } from './cli/local-claim.js';
import { progressLine, resultsTable } from './cli/render.js';
import { loadConfigOrExit } from './config.js';
import { createServices } from './services.js';

const USAGE = `Usage: reimburse analyze --policy FILE --employee NAME [--claim-date YYYY-MM-DD] [--force] [--json] FILE...

Analyses invoice ZIPs, PDFs or photos against a policy and prints one decision per document.
  --policy      the reimbursement policy (PDF, DOCX, TXT/Markdown, or rules as JSON/YAML)
  --employee    the employee the claim is for
  --claim-date  submission date for the late-submission window (default: today)
  --force       analyse again files that were analysed before
  --json        print the whole job as JSON instead of a table`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'analyze' && command !== 'analyse') {
    console.error(USAGE);
    return command === '--help' || command === '-h' ? 0 : 64;
  }
  let args;
  try {
    args = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        policy: { type: 'string' },
        employee: { type: 'string' },
        'claim-date': { type: 'string' },
        force: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n\n${USAGE}`);
    return 64;
  }
  const { values, positionals } = args;
  if (!values.policy || !values.employee || positionals.length === 0) {
    console.error(`--policy, --employee and at least one file are required.\n\n${USAGE}`);
    return 64;
  }
  const config = loadConfigOrExit();
  const services = await createServices(config);
  try {
    await services.startWorker();
    const showProgress = !values.json && process.stderr.isTTY === true;
    const job = await analyseLocalClaim(
      services,
      { policy: values.policy, employee: values.employee, files: positionals, force: values.force, ...(values['claim-date'] ? { claimDate: values['claim-date'] } : {}) },
      (event) => {
        const line = showProgress ? progressLine(event) : null;
        if (line) process.stderr.write(line);
      },
    );
    if (showProgress) process.stderr.write('\n');
    const { checkpoint: _internal, input: _paths, ...visible } = job;
    console.log(values.json ? JSON.stringify({ ...visible, employee_name: job.input.employee_name, claim_date: job.input.claim_date }, null, 2) : resultsTable(job));
    return job.state === 'succeeded' ? 0 : 1;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 1;
  } finally {
    await services.close();
  }
}

