import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../config.js';
import { assertDataDirFree } from '../store/sqlite/data-dir-lock.js';
import { ANALYZE_USAGE, defaultCliDataDir } from './help.js';
import { progressLine, resultsTable } from './render.js';
import { EX_TEMPFAIL, EX_USAGE, failed, usageError } from './usage.js';

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
  // The pipeline is loaded once the arguments, the data directory and the settings are usable.
  const [{ createServices }, { analyseLocalClaim }] = await Promise.all([
    import('../services.js'),
    import('./local-claim.js'),
  ]);
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
