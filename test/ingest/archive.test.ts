import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import t, { type Test } from 'tap';
import {
  type ArchiveLimits,
  DEFAULT_ARCHIVE_LIMITS,
  expandArchive,
} from '../../src/pipeline/ingest/archive.js';
import { SAMPLE_ZIP, SAMPLES_DIR, sampleZipInvoices } from '../helpers/claims.js';
import {
  declareUncompressedSize,
  makeZip,
  markEncrypted,
  renameEntry,
  tempDir,
  writeFixture,
} from './ingest-fixtures.js';

const limits: ArchiveLimits = { ...DEFAULT_ARCHIVE_LIMITS };

/** How entries are read: whole (the default up to 4 MiB) or streamed (what larger entries take). */
interface How {
  wholeEntryBytes?: number;
}

async function expand(
  t: Test,
  zip: Buffer,
  overrides: Partial<ArchiveLimits> = {},
  archiveName = 'upload.zip',
  how: How = {},
) {
  const dir = await tempDir(t);
  const zipPath = await writeFixture(dir, 'upload.zip', zip);
  const outDir = join(dir, 'out');
  const result = await expandArchive(zipPath, {
    archiveName,
    outDir,
    limits: { ...limits, ...overrides },
    ...how,
  });
  return { ...result, outDir, dir };
}

/** A test run for both ways of reading an entry, which must not differ in anything a caller sees. */
function bothWays(title: string, body: (t: Test, how: How) => Promise<void>): void {
  for (const [way, how] of [
    ['read whole', {}],
    ['streamed', { wholeEntryBytes: 0 }],
  ] as const) {
    t.test(`${title} (${way})`, (t) => body(t, how));
  }
}

const codesByName = (problems: Array<{ name: string; code: string }>) =>
  Object.fromEntries(problems.map((p) => [p.name, p.code]));

bothWays(
  'keeps folder names and writes entries under generated names inside outDir',
  async (t, how) => {
    const zip = await makeZip([
      { name: 'travel/ticket 1.pdf', data: '%PDF-1.4 one' },
      { name: 'travel/ticket 2.pdf', data: '%PDF-1.4 two' },
      { name: 'lunch 1.pdf', data: '%PDF-1.4 three' },
    ]);
    const { entries, problems, outDir } = await expand(t, zip, {}, 'upload.zip', how);
    t.same(problems, []);
    t.same(
      entries.map((e) => e.name),
      ['travel/ticket 1.pdf', 'travel/ticket 2.pdf', 'lunch 1.pdf'],
    );
    for (const entry of entries) {
      t.notOk(
        relative(outDir, entry.path).startsWith('..'),
        `${entry.name} is written inside outDir`,
      );
      t.notMatch(
        entry.path,
        /ticket|lunch/,
        'the name on disk is generated, not taken from the archive',
      );
    }
    t.equal(await readFile(entries[0]!.path, 'utf8'), '%PDF-1.4 one');
    t.equal(entries[2]!.size_bytes, 14);
    t.match(entries[0]!.sha256, /^[0-9a-f]{64}$/);
  },
);

t.test('equal names in two folders are two entries with distinct names and files', async (t) => {
  const zip = await makeZip([
    { name: 'march/bill.pdf', data: '%PDF-1.4 march' },
    { name: 'april/bill.pdf', data: '%PDF-1.4 april' },
  ]);
  const { entries } = await expand(t, zip);
  t.same(
    entries.map((e) => e.name),
    ['march/bill.pdf', 'april/bill.pdf'],
  );
  t.not(entries[0]!.path, entries[1]!.path);
  t.equal(await readFile(entries[1]!.path, 'utf8'), '%PDF-1.4 april');
});

t.test('zip-slip paths are reported as unsafe_path and nothing is written outside', async (t) => {
  let zip = await makeZip([
    { name: 'zz/evil.pdf', data: 'climb' },
    { name: 'Aetc/x.pdf', data: 'absolute' },
    { name: 'C_/win.pdf', data: 'drive' },
    { name: 'ok.pdf', data: '%PDF-1.4 fine' },
  ]);
  zip = renameEntry(zip, 'zz/evil.pdf', '../evil.pdf');
  zip = renameEntry(zip, 'Aetc/x.pdf', '/etc/x.pdf');
  zip = renameEntry(zip, 'C_/win.pdf', 'C:/win.pdf');
  const { entries, problems, dir } = await expand(t, zip);
  t.same(codesByName(problems), {
    '../evil.pdf': 'unsafe_path',
    '/etc/x.pdf': 'unsafe_path',
    'C:/win.pdf': 'unsafe_path',
  });
  t.same(
    entries.map((e) => e.name),
    ['ok.pdf'],
    'the safe entry after the unsafe ones is still read',
  );
  t.same((await readdir(dir)).sort(), ['out', 'upload.zip'], 'nothing escaped next to the archive');
});

t.test('encrypted entries are reported, the rest is read', async (t) => {
  const zip = markEncrypted(
    await makeZip([
      { name: 'secret.pdf', data: 'x'.repeat(100) },
      { name: 'open.pdf', data: '%PDF-1.4' },
    ]),
    'secret.pdf',
  );
  const { entries, problems } = await expand(t, zip);
  t.same(codesByName(problems), { 'secret.pdf': 'encrypted' });
  t.same(
    entries.map((e) => e.name),
    ['open.pdf'],
  );
});

t.test('symbolic links are reported, never written', async (t) => {
  const zip = await makeZip([
    { name: 'link.pdf', data: '/etc/passwd', mode: 0o120777 },
    { name: 'file.pdf', data: '%PDF-1.4', mode: 0o100644 },
  ]);
  const { entries, problems } = await expand(t, zip);
  t.same(codesByName(problems), { 'link.pdf': 'symlink' });
  t.same(
    entries.map((e) => e.name),
    ['file.pdf'],
  );
});

t.test('a zip bomb is refused from its declared ratio before inflating', async (t) => {
  const zip = await makeZip([
    { name: 'bomb.pdf', data: Buffer.alloc(8 * 1024 * 1024) },
    { name: 'fine.pdf', data: '%PDF-1.4' },
  ]);
  const { entries, problems, outDir } = await expand(t, zip, { maxCompressionRatio: 100 });
  t.same(codesByName(problems), { 'bomb.pdf': 'zip_bomb' });
  t.same(
    entries.map((e) => e.name),
    ['fine.pdf'],
  );
  t.same((await readdir(outDir)).length, 1, 'the bomb was never written');
});

t.test('the ratio check spares small entries that compress well', async (t) => {
  const { entries, problems } = await expand(
    t,
    await makeZip([{ name: 'blank.pdf', data: Buffer.alloc(64 * 1024) }]),
    { maxCompressionRatio: 10 },
  );
  t.same(problems, []);
  t.equal(entries[0]!.size_bytes, 64 * 1024);
});

bothWays('an entry larger than the per-entry limit is too_large', async (t, how) => {
  const { entries, problems } = await expand(
    t,
    await makeZip([
      { name: 'big.pdf', data: Buffer.alloc(5000, 7) },
      { name: 'small.pdf', data: 'ok' },
    ]),
    { maxEntryBytes: 4096 },
    'upload.zip',
    how,
  );
  t.same(codesByName(problems), { 'big.pdf': 'too_large' });
  t.same(
    entries.map((e) => e.name),
    ['small.pdf'],
  );
});

t.test('the total budget is shared by the archive and refuses entries beyond it', async (t) => {
  const zip = await makeZip(
    [1, 2, 3].map((n) => ({ name: `${n}.pdf`, data: Buffer.alloc(2000, n) })),
  );
  const { entries, problems } = await expand(t, zip, { maxTotalBytes: 4500 });
  t.same(
    entries.map((e) => e.name),
    ['1.pdf', '2.pdf'],
  );
  t.same(codesByName(problems), { '3.pdf': 'archive_limit' });
});

t.test(
  'an archive with more entries than allowed is refused as a whole from its entry count',
  async (t) => {
    const zip = await makeZip(
      Array.from({ length: 20_000 }, (_, i) => ({
        name: `r/${i}.pdf`,
        data: 'x',
        compress: false,
      })),
    );
    const { entries, problems, outDir } = await expand(t, zip, { maxEntries: 2000 }, 'many.zip');
    t.same(entries, []);
    t.equal(problems.length, 1);
    t.match(problems[0], { name: 'many.zip', code: 'archive_limit', message: /20000 entries/ });
    t.same(await readdir(outDir), [], 'no entry was written');
  },
);

bothWays('sizes that lie are caught while inflating', async (t, how) => {
  const honest = await makeZip([
    { name: 'liar.pdf', data: Buffer.alloc(50_000, 65) },
    { name: 'short.pdf', data: Buffer.alloc(1000, 66) },
    { name: 'after.pdf', data: 'ok' },
  ]);
  let zip = declareUncompressedSize(honest, 'liar.pdf', 100);
  zip = declareUncompressedSize(zip, 'short.pdf', 5000);
  const { entries, problems, outDir } = await expand(t, zip, {}, 'upload.zip', how);
  t.same(codesByName(problems), { 'liar.pdf': 'zip_bomb', 'short.pdf': 'corrupt_archive' });
  t.same(
    entries.map((e) => e.name),
    ['after.pdf'],
    'the archive is still read after a lying entry',
  );
  t.same(
    await readdir(outDir),
    [entries[0]!.path.split('/').pop()],
    'partial files of refused entries are removed',
  );
});

bothWays('a ZIP in the ZIP is read one level deep; deeper ones are reported', async (t, how) => {
  const deepest = await makeZip([{ name: 'deep.pdf', data: '%PDF-1.4 deep' }]);
  const inner = await makeZip([
    { name: 'inner.pdf', data: '%PDF-1.4 inner' },
    { name: 'deeper.zip', data: deepest },
  ]);
  const outer = await makeZip([
    { name: 'top.pdf', data: '%PDF-1.4 top' },
    { name: 'receipts/inner.zip', data: inner },
  ]);
  const { entries, problems } = await expand(t, outer, {}, 'upload.zip', how);
  t.same(entries.map((e) => e.name).sort(), ['receipts/inner.zip/inner.pdf', 'top.pdf']);
  t.same(codesByName(problems), { 'receipts/inner.zip/deeper.zip': 'nested_too_deep' });

  const flat = await expand(t, outer, { maxNestingDepth: 0 }, 'upload.zip', how);
  t.same(codesByName(flat.problems), { 'receipts/inner.zip': 'nested_too_deep' });
});

bothWays('corrupt archives are one problem, not a crash', async (t, how) => {
  const garbage = await expand(
    t,
    Buffer.from('this is not a zip file at all, just text'),
    {},
    'garbage.zip',
    how,
  );
  t.same(garbage.entries, []);
  t.match(garbage.problems, [{ name: 'garbage.zip', code: 'corrupt_archive' }]);

  // Random bytes do not compress, so a.pdf's data really spans the bytes damaged below.
  const whole = await makeZip([
    { name: 'a.pdf', data: randomBytes(3000) },
    { name: 'b.pdf', data: randomBytes(3000) },
  ]);
  const truncated = await expand(
    t,
    whole.subarray(0, Math.floor(whole.length / 2)),
    {},
    'truncated.zip',
    how,
  );
  t.match(truncated.problems, [{ name: 'truncated.zip', code: 'corrupt_archive' }]);

  const flipped = Buffer.from(whole);
  flipped.fill(0xff, 200, 400);
  const damaged = await expand(t, flipped, {}, 'damaged.zip', how);
  t.same(codesByName(damaged.problems), { 'a.pdf': 'corrupt_archive' });
  t.same(
    damaged.entries.map((e) => e.name),
    ['b.pdf'],
    'the undamaged entry is still read',
  );
});

bothWays('an empty archive and empty entries are reported', async (t, how) => {
  const empty = await expand(t, await makeZip([]), {}, 'empty.zip', how);
  t.same(empty.entries, []);
  t.match(empty.problems, [{ name: 'empty.zip', code: 'empty_file', message: /no documents/ }]);

  const withEmptyFile = await expand(
    t,
    await makeZip([
      { name: 'blank.pdf', data: '' },
      { name: 'full.pdf', data: '%PDF' },
    ]),
    {},
    'upload.zip',
    how,
  );
  t.same(codesByName(withEmptyFile.problems), { 'blank.pdf': 'empty_file' });
  t.same(
    withEmptyFile.entries.map((e) => e.name),
    ['full.pdf'],
  );
});

t.test('system and hidden files and folders are skipped silently', async (t) => {
  const zip = await makeZip([
    { name: '__MACOSX/._bill.pdf', data: 'resource fork' },
    { name: 'bills/.DS_Store', data: 'finder' },
    { name: 'bills/Thumbs.db', data: 'thumbs' },
    { name: 'desktop.ini', data: '[x]' },
    { name: '.git/config', data: 'x' },
    { name: 'bills/.hidden.pdf', data: 'x' },
    { name: 'bills/bill.pdf', data: '%PDF-1.4' },
  ]);
  const { entries, problems } = await expand(t, zip);
  t.same(problems, []);
  t.same(
    entries.map((e) => e.name),
    ['bills/bill.pdf'],
  );

  const dotted = await expand(
    t,
    renameEntry(
      await makeZip([{ name: 'xxbill.pdf', data: '%PDF-1.4' }]),
      'xxbill.pdf',
      './bill.pdf',
    ),
  );
  t.same(
    dotted.entries.map((e) => e.name),
    ['./bill.pdf'],
    'a "./" prefix is not a hidden folder',
  );

  const onlyJunk = await expand(
    t,
    await makeZip([{ name: '__MACOSX/._a.pdf', data: 'x' }]),
    {},
    'junk.zip',
  );
  t.match(
    onlyJunk.problems,
    [{ name: 'junk.zip', code: 'empty_file' }],
    'an archive of only skipped files is still reported',
  );
});

t.test(
  'entries written several at a time still come back in archive order, under numbered files',
  async (t) => {
    // Sizes around wholeEntryBytes mix both ways of reading; a nested ZIP and refused entries sit in between.
    const files = Array.from({ length: 40 }, (_, i) => ({
      name: `bills/${String(i).padStart(2, '0')}.pdf`,
      data: Buffer.concat([Buffer.from('%PDF-1.4 '), randomBytes(((i * 7919) % 6000) + 1)]),
    }));
    const nested = await makeZip([{ name: 'inner.pdf', data: '%PDF-1.4 inner' }]);
    const zip = renameEntry(
      await makeZip([
        ...files.slice(0, 20),
        { name: 'more.zip', data: nested },
        { name: 'zz/escape.pdf', data: 'x' },
        ...files.slice(20),
      ]),
      'zz/escape.pdf',
      '../escape.pdf',
    );
    const expected = [
      ...files.slice(0, 20).map((f) => f.name),
      'more.zip/inner.pdf',
      ...files.slice(20).map((f) => f.name),
    ];
    for (let round = 0; round < 3; round += 1) {
      const { entries, problems } = await expand(t, zip, {}, 'upload.zip', {
        wholeEntryBytes: 3000,
      });
      t.same(
        entries.map((e) => e.name),
        expected,
        `round ${round + 1}: archive order`,
      );
      t.same(codesByName(problems), { '../escape.pdf': 'unsafe_path' });
      const topLevel = entries
        .filter((e) => !e.name.startsWith('more.zip/'))
        .map((e) => e.path.split('/').pop());
      t.same(topLevel, [...topLevel].sort(), 'file numbers follow the archive order');
      for (const [index, file] of files.entries()) {
        const entry = entries.find((e) => e.name === file.name)!;
        t.same(await readFile(entry.path), file.data, `${file.name} written intact`);
        t.equal(entry.sha256, createHash('sha256').update(file.data).digest('hex'));
        if (index > 2) break;
      }
    }
  },
);

t.test('the sample ZIP expands to every invoice, folders kept in the names', async (t) => {
  const dir = await tempDir(t);
  const claim = await expandArchive(join(SAMPLES_DIR, SAMPLE_ZIP), {
    archiveName: SAMPLE_ZIP,
    outDir: join(dir, 'claim'),
    limits,
  });
  t.same(claim.problems, []);
  t.same(
    claim.entries.map((e) => e.name).sort(),
    sampleZipInvoices()
      .map((i) => i.file)
      .sort(),
  );
});
