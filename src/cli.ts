/**
 * The command line: the analysis pipeline and the operator's maintenance commands, with the same
 * environment variables as the API (embedded default without any).
 *   npx reimburse analyze --policy policy.pdf --employee "Priya Nair" claim.zip [more files]
 *   node dist/src/cli.js backup        (in the production image, where there is no tsx)
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ANALYZE_USAGE, BACKUP_USAGE, REINDEX_USAGE, RESTORE_USAGE } from './cli/help.js';
import { EX_USAGE } from './cli/usage.js';

type Command = (argv: string[]) => Promise<number>;

/** Loaded when run: each command brings in the pipeline or the stores, help needs none of it. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  analyze: async () => (await import('./cli/analyze.js')).analyze,
  analyse: async () => (await import('./cli/analyze.js')).analyze,
  backup: async () => (await import('./cli/backup.js')).backup,
  restore: async () => (await import('./cli/restore.js')).restore,
  reindex: async () => (await import('./cli/reindex.js')).reindex,
};

const USAGE = `Usage:
  ${ANALYZE_USAGE}

  ${BACKUP_USAGE}

  ${RESTORE_USAGE}

  ${REINDEX_USAGE}`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const load =
    command !== undefined && Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!load) {
    const help = command === '--help' || command === '-h' || command === 'help';
    if (command !== undefined && !help) console.error(`Unknown command "${command}".\n`);
    (help ? console.log : console.error)(USAGE);
    return help ? 0 : EX_USAGE;
  }
  const run = await load();
  return run(rest);
}

// Run when this file is the program (node dist/src/cli.js), not when bin/reimburse.js imports it.
const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  process.exit(await main(process.argv.slice(2)));
}
