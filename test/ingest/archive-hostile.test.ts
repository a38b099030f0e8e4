/**
 * Hostile archives that stay within every per-archive limit and still try to take the machine:
 * ZIPs of ZIPs multiplying the entry limit, bombs built of many entries each too small for the
 * per-entry ratio check, and names built to mislead. Limits are set low so the files stay small.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import {
  type ArchiveLimits,
  DEFAULT_ARCHIVE_LIMITS,
  type ExpansionBudget,
  expandArchive,
} from '../../src/pipeline/ingest/archive.js';
import { hasControlCharacters } from '../../src/pipeline/ingest/names.js';
import { makeZip, tempDir, writeFixture } from './ingest-fixtures.js';

async function expandAll(
  t: Test,
  zips: Array<[string, Buffer]>,
  overrides: Partial<ArchiveLimits>,
): Promise<{
  entries: Array<{ name: string; size_bytes: number }>;
  problems: Array<{ name: string; code: string; message: string }>;
  budget: ExpansionBudget;
}> {
  const dir = await tempDir(t);
  const budget: ExpansionBudget = { claimedBytes: 0 };
  const entries: Array<{ name: string; size_bytes: number }> = [];
  const problems: Array<{ name: string; code: string; message: string }> = [];
  for (const [index, [name, zip]] of zips.entries()) {
    const result = await expandArchive(await writeFixture(dir, `${index}.zip`, zip), {
      archiveName: name,
      outDir: join(dir, `out-${index}`),
      limits: { ...DEFAULT_ARCHIVE_LIMITS, ...overrides },
      budget,
    });
    entries.push(...result.entries);
    problems.push(...result.problems);
  }
  return { entries, problems, budget };
}

/** A ZIP of `count` tiny stored files, as a ZIP-of-ZIPs attack packs them. */
function tinyFiles(prefix: string, count: number): Promise<Buffer> {
  return makeZip(
    Array.from({ length: count }, (_, i) => ({
      name: `${prefix}-${i}.txt`,
      data: `${prefix}-${i}`,
      compress: false,
    })),
  );
}

t.test('ZIPs inside a ZIP share one document limit for the whole claim', async (t) => {
  const inner = await Promise.all(
    Array.from({ length: 6 }, (_, j) =>
      tinyFiles(`n${j}`, 20).then((data) => ({ name: `i${j}.zip`, data })),
    ),
  );
  // Each inner ZIP (20 entries) and the outer one (6) is well within 50 entries per archive.
  const outer = await makeZip(inner);
  const second = await tinyFiles('later', 5);
  const { entries, problems } = await expandAll(
    t,
    [
      ['nested.zip', outer],
      ['second.zip', second],
    ],
    { maxEntries: 50, maxDocuments: 30 },
  );
  t.equal(entries.length + problems.length, 31, '30 documents and the one problem saying why');
  t.equal(entries.length, 30);
  t.same(
    problems.map((p) => [p.name, p.code]),
    [['i1.zip/n1-10.txt', 'archive_limit']],
    'reported once, at the first entry left unread',
  );
  t.match(problems[0]?.message, /more than 30 documents/);
  t.notOk(
    entries.some((e) => e.name.startsWith('later')),
    'a later archive of the same claim is not read either',
  );
});

t.test('a refused entry counts as a document: refusals cannot flood the job', async (t) => {
  const unsafe = await makeZip(
    Array.from({ length: 40 }, (_, i) => ({
      name: `abc${String(i).padStart(2, '0')}.pdf`,
      data: 'x',
    })),
  );
  // The names stay the same length, so the archive stays valid: each one climbs out of its folder.
  const patched = Buffer.from(
    unsafe.toString('latin1').replace(/abc(\d\d)\.pdf/g, '../$1.pdf'),
    'latin1',
  );
  const { entries, problems } = await expandAll(t, [['up.zip', patched]], { maxDocuments: 10 });
  t.equal(entries.length, 0);
  t.equal(problems.length, 11);
  t.equal(problems.filter((p) => p.code === 'unsafe_path').length, 10);
});

t.test('the ratio is judged over the whole archive as it expands', async (t) => {
  // Each block of zeros is under the per-entry check's 64 KiB but the archive expands ~1000 times.
  const zip = await makeZip(
    Array.from({ length: 40 }, (_, i) => ({ name: `z${i}.pdf`, data: Buffer.alloc(60 * 1024) })),
  );
  const { entries, problems, budget } = await expandAll(t, [['ms.zip', zip]], {
    ratioCheckMinBytes: 64 * 1024,
    maxCompressionRatio: 100,
  });
  t.ok(entries.length <= 1, `at most one block is written (${entries.length})`);
  t.same(
    problems.map((p) => [p.name, p.code]),
    [['ms.zip', 'zip_bomb']],
  );
  t.match(problems[0]?.message, /expand \d+ times together/);
  t.ok(budget.claimedBytes < 64 * 1024, 'the claim holds less than the check threshold');
});

t.test('an archive that compresses ordinarily is read whole', async (t) => {
  // Text-like content compresses a few times, far from the ratio: every entry is read.
  const text = (i: number) => Buffer.from(`%PDF-1.4 invoice ${i} `.repeat(4000));
  const zip = await makeZip(
    Array.from({ length: 10 }, (_, i) => ({ name: `${i}.pdf`, data: text(i) })),
  );
  const { entries, problems } = await expandAll(t, [['fine.zip', zip]], {
    ratioCheckMinBytes: 64 * 1024,
    maxCompressionRatio: 1000,
  });
  t.same(problems, []);
  t.equal(entries.length, 10);
});

t.test("the claim's expanded bytes are capped relative to the bytes uploaded", async (t) => {
  const zip = await makeZip(
    Array.from({ length: 12 }, (_, i) => ({ name: `p${i}.pdf`, data: Buffer.alloc(8 * 1024, i) })),
  );
  const dir = await tempDir(t);
  const uploaded = (await stat(await writeFixture(dir, 'size.zip', zip))).size;
  const { entries, problems } = await expandAll(t, [['claim.zip', zip]], {
    // Neither the per-entry nor the per-archive ratio stops these: only the claim's cap does.
    maxCompressionRatio: 10_000,
    maxExpansionFactor: 10,
    expansionAllowanceBytes: 1024,
  });
  const written = entries.reduce((sum, e) => sum + e.size_bytes, 0);
  t.ok(entries.length > 0 && entries.length < 12, `some entries fit (${entries.length})`);
  t.ok(written <= 10 * uploaded, `${written} bytes written for ${uploaded} uploaded`);
  t.ok(problems.length > 0);
  t.ok(problems.every((p) => p.code === 'archive_limit'));
  t.match(problems[0]?.message, new RegExp(`10 times the ${uploaded} bytes uploaded`));
});

t.test('entry names are labels: control and bidi characters dropped, length capped', async (t) => {
  const long = `${'a'.repeat(60_000)}.pdf`;
  const zip = await makeZip([
    { name: long, data: '%PDF-1.4 long' },
    { name: 'bill\u202Efdp.png', data: '%PDF-1.4 bidi' },
    { name: 'ring\u0007\u001b[31m.pdf', data: '%PDF-1.4 bell' },
  ]);
  const { entries, problems } = await expandAll(t, [['names.zip', zip]], {});
  t.same(problems, []);
  const names = entries.map((e) => e.name);
  t.equal(names.length, 3);
  t.equal(Array.from(names[0] ?? '').length, 255);
  t.match(names[0], /…\.pdf$/, 'the cut keeps the extension visible');
  t.equal(names[1], 'billfdp.png', 'no right-to-left override is kept');
  t.equal(names[2], 'ring[31m.pdf');
  for (const name of names) t.notOk(hasControlCharacters(name), `${name.slice(0, 20)} is clean`);
});

t.test('nested archives are expanded in archive order, whatever the write timing', async (t) => {
  const inner = await Promise.all(
    [0, 1, 2, 3, 4].map(async (j) => ({ name: `i${j}.zip`, data: await tinyFiles(`k${j}`, 4) })),
  );
  const outer = await makeZip(inner);
  const runs = await Promise.all(
    [0, 1, 2].map(() => expandAll(t, [['o.zip', outer]], { maxDocuments: 11 })),
  );
  const lists = runs.map((run) => run.entries.map((e) => e.name).join(','));
  t.equal(new Set(lists).size, 1, 'the same entries every time');
  t.equal(runs[0]?.entries.length, 11);
  t.match(runs[0]?.entries.at(-1)?.name, /^i2\.zip\/k2-2\.txt$/);
});
