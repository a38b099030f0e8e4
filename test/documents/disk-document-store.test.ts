import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { DiskDocumentStore } from '../../src/store/disk/document-store.js';
import { documentStoreContract } from './document-store-contract.js';

async function makeStore(t: { teardown(fn: () => Promise<void>): void }) {
  const scratch = await mkdtemp(join(tmpdir(), 'documents-disk-'));
  t.teardown(() => rm(scratch, { recursive: true, force: true }));
  return { store: new DiskDocumentStore(join(scratch, 'documents')), scratch };
}

documentStoreContract(t, makeStore);

t.test(
  'documents are sharded by the first bytes of their hash, with no temp files left',
  async (t) => {
    const { store, scratch } = await makeStore(t);
    const hash = 'ab'.repeat(32);
    await t.rejects(store.put(hash, { bytes: Buffer.from('not those bytes') }, 'text/plain'));
    const bytes = Buffer.from('receipt');
    const { createHash } = await import('node:crypto');
    const real = createHash('sha256').update(bytes).digest('hex');
    await store.put(real, { bytes }, 'text/plain');
    const shard = join(scratch, 'documents', real.slice(0, 2), real.slice(2, 4));
    t.same((await readdir(shard)).sort(), [real, `${real}.json`]);
    t.same(await readdir(join(scratch, 'documents', '.tmp')), [], 'a refused put leaves nothing');
  },
);
