/**
 * Who holds a DATA_DIR. A running API server keeps its SQLite database, uploads and in-process
 * worker there; anything else writing into the same folder changes the server's later decisions
 * (its duplicate checks and shared caps read every stored invoice). The server records itself in
 * `server.pid` while it runs; the command line reads it and refuses to write beside it.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export const HOLDER_FILE_NAME = 'server.pid';

export interface DataDirHolder {
  pid: number;
  hostname: string;
  started_at: string;
  /** Where the server listens, e.g. "http://127.0.0.1:8000". */
  address: string | null;
}

export class DataDirHeldError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: DataDirHolder,
  ) {
    super(
      `${dataDir} is held by a running API server (pid ${holder.pid} on ${holder.hostname}, ` +
        `${holder.address ? `listening on ${holder.address}, ` : ''}since ${holder.started_at}). ` +
        `Stop it, or choose another folder with --data-dir. If no server runs there, ` +
        `remove ${join(dataDir, HOLDER_FILE_NAME)}.`,
    );
    this.name = 'DataDirHeldError';
  }
}

function readHolder(dataDir: string): DataDirHolder | null {
  let text: string;
  try {
    text = readFileSync(join(dataDir, HOLDER_FILE_NAME), 'utf8');
  } catch {
    return null;
  }
  try {
    const holder = JSON.parse(text) as DataDirHolder;
    return Number.isInteger(holder.pid) && typeof holder.hostname === 'string' ? holder : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The server holding `dataDir`, or null when none does. A record left by a crashed server on this
 * host (its pid is gone, or is this very process) does not count. A record from another host
 * cannot be checked, so it counts: two machines sharing one SQLite folder is the very mistake.
 */
export function dataDirHolder(dataDir: string): DataDirHolder | null {
  const holder = readHolder(dataDir);
  if (!holder) return null;
  if (holder.hostname !== hostname()) return holder;
  return holder.pid !== process.pid && isAlive(holder.pid) ? holder : null;
}

/** Throws DataDirHeldError when a running server holds `dataDir`. */
export function assertDataDirFree(dataDir: string): void {
  const holder = dataDirHolder(dataDir);
  if (holder) throw new DataDirHeldError(dataDir, holder);
}

/**
 * Records this process as the holder of `dataDir` and returns the release. A live holder on this
 * host is an error: two servers on one database would both run its queued jobs.
 */
export function holdDataDir(dataDir: string, address: string | null): () => void {
  const holder = dataDirHolder(dataDir);
  if (holder && holder.hostname === hostname()) throw new DataDirHeldError(dataDir, holder);
  const file = join(dataDir, HOLDER_FILE_NAME);
  const record: DataDirHolder = {
    pid: process.pid,
    hostname: hostname(),
    started_at: new Date().toISOString(),
    address,
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(record)}\n`);
  return () => {
    if (readHolder(dataDir)?.pid === process.pid) rmSync(file, { force: true });
  };
}
