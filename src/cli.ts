/**
 * The command line: the analysis pipeline and the operator's maintenance commands, with the same
 * environment variables as the API (embedded default without any).
 *   npx reimburse analyze --policy policy.pdf --employee "Priya Nair" claim.zip [more files]
 *   node dist/src/cli.js backup        (in the production image, where there is no tsx)
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ANALYZE_USAGE, analyze } from './cli/analyze.js';
import { BACKUP_USAGE, backup } from './cli/backup.js';
import { REINDEX_USAGE, reindex } from './cli/reindex.js';
import { RESTORE_USAGE, restore } from './cli/restore.js';
import { EX_USAGE } from './cli/usage.js';

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  analyze,
  analyse: analyze,
  backup,
  restore,
  reindex,
};

const USAGE = `Usage:
  ${ANALYZE_USAGE}

  ${BACKUP_USAGE}

  ${RESTORE_USAGE}

  ${REINDEX_USAGE}`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const run =
    command !== undefined && Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!run) {
    const help = command === '--help' || command === '-h' || command === 'help';
    if (command !== undefined && !help) console.error(`Unknown command "${command}".\n`);
    (help ? console.log : console.error)(USAGE);
    return help ? 0 : EX_USAGE;
  }
  return run(rest);
}

// Run when this file is the program (node dist/src/cli.js), not when bin/reimburse.js imports it.
const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  process.exit(await main(process.argv.slice(2)));
}
