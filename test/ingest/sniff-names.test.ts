import t from 'tap';
import { displayFileName, safeExtension, UniqueNames } from '../../src/pipeline/ingest/names.js';
import { mediaTypeOf } from '../../src/pipeline/ingest/sniff.js';

const bytes = (...values: number[]) => Buffer.from(values);

t.test('media types come from the bytes, not the name', async (t) => {
  t.equal(mediaTypeOf(Buffer.from('%PDF-1.7\n...'), 'photo.jpg'), 'application/pdf');
  t.equal(
    mediaTypeOf(Buffer.concat([Buffer.alloc(300, 0x20), Buffer.from('%PDF-1.4')]), 'x'),
    'application/pdf',
    'junk before the header is tolerated',
  );
  t.equal(mediaTypeOf(bytes(0xff, 0xd8, 0xff, 0xe1, 0, 0), 'receipt.pdf'), 'image/jpeg');
  t.equal(
    mediaTypeOf(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0), 'scan.pdf'),
    'image/png',
  );
  t.equal(mediaTypeOf(bytes(0x50, 0x4b, 0x03, 0x04, 0), 'bills'), 'application/zip');
  t.equal(
    mediaTypeOf(bytes(0x50, 0x4b, 0x05, 0x06, 0), 'empty.zip'),
    'application/zip',
    'an empty ZIP has only its end record',
  );
  t.equal(
    mediaTypeOf(bytes(0x50, 0x4b, 0x03, 0x04, 0), 'Policy.DOCX'),
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  );
  t.equal(
    mediaTypeOf(Buffer.concat([bytes(0, 0, 0, 0x18), Buffer.from('ftypheic')]), 'IMG_0001.jpg'),
    'image/heic',
  );
  t.equal(mediaTypeOf(Buffer.from('RIFF\0\0\0\0WEBPVP8 '), 'a.png'), 'image/webp');
  t.equal(mediaTypeOf(Buffer.from('GIF89a'), 'a.png'), 'image/gif');
  t.equal(mediaTypeOf(bytes(0x1f, 0x8b, 8), 'a.pdf'), 'application/gzip');
});

t.test('text formats are told apart by extension, binary junk is octet-stream', async (t) => {
  t.equal(mediaTypeOf(Buffer.from('rules: []'), 'policy.yml'), 'application/yaml');
  t.equal(mediaTypeOf(Buffer.from('{"a":1}'), 'policy.JSON'), 'application/json');
  t.equal(mediaTypeOf(Buffer.from('# Policy'), 'policy.md'), 'text/markdown');
  t.equal(mediaTypeOf(Buffer.from('Reisekosten: 200 €'), 'notes'), 'text/plain');
  t.equal(mediaTypeOf(bytes(0x00, 0x01, 0x02, 0xfe), 'data.txt'), 'application/octet-stream');
  t.equal(mediaTypeOf(Buffer.alloc(0), 'empty.pdf'), 'application/octet-stream');
});

t.test('client file names lose folders and control characters', async (t) => {
  t.equal(displayFileName('C:\\fakepath\\Bill 1.pdf', 'x'), 'Bill 1.pdf');
  t.equal(displayFileName('../../etc/passwd', 'x'), 'passwd');
  t.equal(displayFileName('bad\u0000\u0007name.pdf', 'x'), 'badname.pdf');
  // A right-to-left override would show "billfdp.exe" as "billexe.pdf".
  t.equal(displayFileName('bill\u202Efdp.exe', 'x'), 'billfdp.exe');
  t.equal(displayFileName('..', 'fallback'), 'fallback');
  t.equal(displayFileName(undefined, 'fallback'), 'fallback');
  t.equal(displayFileName('a'.repeat(400), 'x').length, 255);
  t.equal(safeExtension('Bill.PDF'), '.pdf');
  t.equal(safeExtension('evil.p/../x'), '');
  t.equal(safeExtension('noext'), '');
});

t.test(
  'unique names: first keeps, later ones are prefixed by their source, then numbered',
  async (t) => {
    const names = new UniqueNames();
    t.equal(names.claim('bill.pdf', 'march.zip'), 'bill.pdf');
    t.equal(names.claim('bill.pdf', 'april.zip'), 'april.zip/bill.pdf');
    t.equal(
      names.claim('Bill.pdf', 'april.zip'),
      'april.zip/Bill (2).pdf',
      'names differing only in case collide too',
    );
    t.equal(names.claim('bill.pdf', null), 'bill (2).pdf');
    t.equal(names.claim('bill.pdf', null), 'bill (3).pdf');
    t.equal(names.claim('travel/ticket 1.pdf', 'travel.zip'), 'travel/ticket 1.pdf');
  },
);
