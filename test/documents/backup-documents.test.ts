import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { backup } from '../../src/cli/backup.js';
import { restore } from '../../src/cli/restore.js';
import { DiskDocumentStore, documentsDir } from '../../src/store/disk/document-store.js';
import { databaseFile } from '../../src/store/maintenance.js';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { ALL_MIGRATIONS } from '../../src/store/sqlite/migrations.js';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

t.test('backup copies the originals beside the database; restore puts them back', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'documents-backup-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  const saved = { DATA_DIR: process.env.DATA_DIR, LOG_DIR: process.env.LOG_DIR };
  process.env.DATA_DIR = dataDir;
  process.env.LOG_DIR = '';
  t.teardown(() => {
    for (const [key, value] of Object.entries(saved))
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
  });
  openDatabase({ file: databaseFile(dataDir), migrations: ALL_MIGRATIONS }).close();
  const store = new DiskDocumentStore(documentsDir(dataDir));
  const originals = [randomBytes(5000), randomBytes(7000)];
  for (const bytes of originals) await store.put(sha(bytes), { bytes }, 'application/pdf');

  const logged: string[] = [];
  const log = console.log;
  console.log = (line: string) => logged.push(line);
  t.teardown(() => {
    console.log = log;
  });
  const target = join(dataDir, 'backups', 'first.db');
  t.equal(await backup([target]), 0);
  t.match(logged.join('\n'), /Backed up 2 original documents/);
  t.equal(await backup([target]), 0, 'a second backup into the same place');
  t.match(logged.at(-1), /Backed up 0 original documents .*; 2 were there already/);

  for (const bytes of originals) await store.delete(sha(bytes));
  t.equal(await restore([target]), 0);
  t.match(logged.at(-1), /Restored 2 original documents/);
  for (const bytes of originals) {
    const back = await store.head(sha(bytes));
    t.match(back, { content_type: 'application/pdf', size_bytes: bytes.length });
  }
});
