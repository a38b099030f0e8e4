/**
 * What a running job has extracted, one small file per document in the job's work dir, so a job
 * restarted after a crash pays no model call twice. Saving a document writes that document only:
 * the job record stays the same small size however many documents are done (keeping the fields
 * and text on the record made every save rewrite all of them, quadratic in the claim size).
 *
 * The work dir already holds the job's uploads, is shared by whichever worker runs the job, and is
 * removed when the job ends, so the checkpoints live and go with it. Each file is written to a
 * temporary name and renamed, so a crash leaves either the whole entry or none of it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExtractedDocument } from '../domain/jobs.js';

/** Folder inside the work dir; the reader expands archives into `expanded/`, uploads sit at the top. */
export const CHECKPOINT_FOLDER = 'checkpoints';

export class ExtractionCheckpoints {
  private readonly dir: string;
  private ready: Promise<unknown> | null = null;

  constructor(workDir: string) {
    this.dir = join(workDir, CHECKPOINT_FOLDER);
  }

  /** Every complete entry saved so far (none when the folder does not exist yet). */
  async load(): Promise<ExtractedDocument[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const entries: ExtractedDocument[] = [];
    for (const name of names.filter((file) => file.endsWith('.json')).sort()) {
      try {
        const entry = JSON.parse(await readFile(join(this.dir, name), 'utf8')) as ExtractedDocument;
        if (typeof entry?.name === 'string' && typeof entry.sha256 === 'string' && entry.fields)
          entries.push(entry);
      } catch {
        // Unreadable: that document is simply extracted again.
      }
    }
    return entries;
  }

  async save(entry: ExtractedDocument): Promise<void> {
    this.ready ??= mkdir(this.dir, { recursive: true });
    await this.ready;
    const file = join(
      this.dir,
      `${createHash('sha256').update(entry.name).digest('hex').slice(0, 32)}.json`,
    );
    const temporary = `${file}.${randomUUID()}.tmp`;
    try {
      await writeFile(temporary, JSON.stringify(entry));
      await rename(temporary, file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}
