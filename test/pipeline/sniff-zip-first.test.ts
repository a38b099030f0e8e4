/**
 * A ZIP is recognised by its signature at offset 0 before the PDF header is searched for further
 * in: a stored (uncompressed) ZIP whose first entry is a PDF has "%PDF-" about 40 bytes in, and
 * used to be taken for a PDF (then failed as unreadable instead of being expanded).
 */
import t from 'tap';
import { DEFAULT_ARCHIVE_LIMITS } from '../../src/pipeline/ingest/archive.js';
import { readDocuments } from '../../src/pipeline/ingest/documents.js';
import { createPdfTextReader } from '../../src/pipeline/ingest/pdf-text.js';
import { MEDIA, mediaTypeOf, sniffMediaType } from '../../src/pipeline/ingest/sniff.js';
import { makePdf, makeZip, tempDir, writeFixture } from '../ingest/ingest-fixtures.js';

t.test('a stored ZIP whose first entry is a PDF is a ZIP, whatever it is called', async (t) => {
  const pdf = await makePdf([['Bill no 7', 'Total 120.00 INR']]);
  const stored = await makeZip([{ name: 'bill.pdf', data: pdf, compress: false }]);
  t.ok(stored.subarray(0, 1024).includes('%PDF-'), 'the PDF header is inside the sniffing window');
  t.equal(mediaTypeOf(stored, 'claim.zip'), MEDIA.zip);
  t.equal(mediaTypeOf(stored, 'invoice.pdf'), MEDIA.zip, 'a misleading extension changes nothing');
  t.equal(
    mediaTypeOf(await makeZip([{ name: 'bill.pdf', data: pdf }]), 'claim.zip'),
    MEDIA.zip,
    'compressed too',
  );
  t.equal(
    mediaTypeOf(Buffer.from([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]), 'empty.zip'),
    MEDIA.zip,
    'an empty ZIP',
  );
  t.equal(
    mediaTypeOf(
      await makeZip([{ name: 'word/document.xml', data: '<w/>', compress: false }]),
      'letter.docx',
    ),
    MEDIA.docx,
  );

  t.equal(mediaTypeOf(pdf, 'bill.pdf'), MEDIA.pdf);
  t.equal(
    mediaTypeOf(Buffer.concat([Buffer.from('junk before the header\n'), pdf]), 'bill.pdf'),
    MEDIA.pdf,
    'junk before %PDF- is still tolerated',
  );
  const jpegWithPdfText = Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe1]),
    Buffer.from(' exif comment: %PDF-1.7 '),
    Buffer.alloc(64),
  ]);
  t.equal(
    mediaTypeOf(jpegWithPdfText, 'photo.jpg'),
    MEDIA.jpeg,
    'a signature at offset 0 beats "%PDF-" further in',
  );
});

t.test('an uploaded stored ZIP is expanded and its PDF read', async (t) => {
  const pdfReader = createPdfTextReader({ poolSize: 1, timeoutMs: 60_000 });
  t.teardown(() => pdfReader.close());
  const workDir = await tempDir(t);
  const zip = await makeZip([
    {
      name: 'bills/first.pdf',
      data: await makePdf([['Bill no 7', 'Total 120.00 INR']]),
      compress: false,
    },
    {
      name: 'bills/second.pdf',
      data: await makePdf([['Bill no 8', 'Total 80.00 INR']]),
      compress: false,
    },
  ]);
  const path = await writeFixture(workDir, 'upload-claim.zip', zip);
  t.equal(await sniffMediaType(path, 'claim.zip'), MEDIA.zip);
  const { documents, problems } = await readDocuments(
    [{ path, file_name: 'claim.zip', media_type: 'application/zip', field: 'invoices_zip' }],
    {
      workDir,
      archiveLimits: DEFAULT_ARCHIVE_LIMITS,
      pdfReader,
      ocr: null,
      minTextCharsPerPage: 20,
    },
  );
  t.same(problems, []);
  t.same(
    documents.map((document) => document.name),
    ['bills/first.pdf', 'bills/second.pdf'],
  );
  t.match(documents[0]?.pages.join('\n'), /Total 120\.00/);
});
