import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import {
  assertDataDirFree,
  DataDirHeldError,
  dataDirHolder,
  holdDataDir,
} from '../../src/store/sqlite/data-dir-lock.js';

function tempDir(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'data-dir-lock-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const record = (pid: number, host = hostname()) =>
  JSON.stringify({ pid, hostname: host, started_at: '2026-12-05T10:00:00.000Z', address: null });

t.test('a folder with no record, or an unreadable one, is free', async (t) => {
  const dir = tempDir(t);
  t.equal(dataDirHolder(dir), null);
  writeFileSync(join(dir, 'server.pid'), 'not json');
  t.equal(dataDirHolder(dir), null);
  t.doesNotThrow(() => assertDataDirFree(join(dir, 'missing')));
});

t.test('a live process on this host holds the folder; a gone one does not', async (t) => {
  const dir = tempDir(t);
  // The parent of this test process is alive and is not this process.
  writeFileSync(join(dir, 'server.pid'), record(process.ppid));
  t.equal(dataDirHolder(dir)?.pid, process.ppid);
  t.throws(() => assertDataDirFree(dir), DataDirHeldError);
  t.throws(() => holdDataDir(dir, null), DataDirHeldError, 'a second holder is refused');

  writeFileSync(join(dir, 'server.pid'), record(2 ** 22 + 7));
  t.equal(dataDirHolder(dir), null, 'a crashed server leaves no hold');
  writeFileSync(join(dir, 'server.pid'), record(process.pid));
  t.equal(dataDirHolder(dir), null, 'a record of this very process is its own');
});

t.test('a record from another host cannot be checked, so it holds the folder', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'server.pid'), record(1, `not-${hostname()}`));
  t.match(dataDirHolder(dir), { hostname: `not-${hostname()}` });
});

t.test('holding writes the record, and releasing removes only our own', async (t) => {
  const dir = tempDir(t);
  const release = holdDataDir(join(dir, 'new'), 'http://127.0.0.1:8000');
  const held = JSON.parse(readFileSync(join(dir, 'new', 'server.pid'), 'utf8'));
  t.match(held, { pid: process.pid, hostname: hostname(), address: 'http://127.0.0.1:8000' });
  writeFileSync(join(dir, 'new', 'server.pid'), record(process.ppid));
  release();
  t.equal(dataDirHolder(join(dir, 'new'))?.pid, process.ppid, 'another holder is left alone');
});
