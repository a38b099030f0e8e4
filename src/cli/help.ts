/**
 * What the command line says about itself. Kept apart from the commands, which load the whole
 * pipeline: `reimburse --help` and a mistyped command answer without loading it.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

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
  --force       no effect, kept so older scripts still run: every claim decides its own files
  --json        print the whole job as JSON instead of a table`;

export const BACKUP_USAGE = `reimburse backup [TARGET-FILE] [--db DATABASE-FILE] [--no-documents]
  A consistent copy of the embedded database, safe while the API runs, and of the original
  documents (from disk or S3) into TARGET-FILE.documents/ (only new ones when it exists).
  Default target: DATA_DIR/backups/reimburse-<timestamp>.db`;

export const RESTORE_USAGE = `reimburse restore BACKUP-FILE [--db DATABASE-FILE]
  Stop the API and workers first. The backup is checked, then atomically put in place of the
  database; the previous database is kept beside it as <file>.before-restore-<timestamp>.
  The original documents of BACKUP-FILE.documents/ are copied into the configured document
  store (disk or S3); documents already there are kept.`;

export const REINDEX_USAGE = `reimburse reindex --from sqlite|qdrant --to qdrant|sqlite [--batch-size 200]
  Copies every invoice from one store to the other (moving to server mode, or back). SQLite is
  DATA_DIR's database; Qdrant is QDRANT_URL, QDRANT_API_KEY, QDRANT_COLLECTION. With GEMINI_API_KEY
  every record is embedded again for the target (stores do not hand out their vectors); without it
  the target searches by words only, as the embedded default does.`;
