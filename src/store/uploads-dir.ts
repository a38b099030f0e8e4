/** The directory uploads are written to while they are read, and the readiness check of it. */
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const uploadsDir = (dataDir: string): string => join(dataDir, 'uploads');

/**
 * Throws unless a file can be created in the directory: a directory that cannot take files fails
 * every upload with 500, so readiness must fail first and take the instance out of rotation.
 * Writing a probe (rather than asking access(2)) also catches a full disk and a read-only mount.
 */
export async function checkWritable(dir: string): Promise<void> {
  const probe = join(dir, `.ready-${process.pid}-${randomUUID()}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, 'ok');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new Error(`uploads cannot be written under DATA_DIR (${code})`);
  } finally {
    await rm(probe, { force: true }).catch(() => undefined);
  }
}
