/**
 * Hostile documents, generated: image headers that declare more pixels than they hold, images
 * that really are that big once decoded, and PDFs whose streams inflate far beyond their size.
 * Shared by the ingestion tests and bench/hostile.ts.
 */
import { Readable } from 'node:stream';
import { constants, crc32, createDeflate, deflateSync } from 'node:zlib';

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function ihdr(width: number, height: number): Buffer {
  const data = Buffer.alloc(13);
  data.writeUInt32BE(width, 0);
  data.writeUInt32BE(height, 4);
  data[8] = 8; // bit depth
  data[9] = 0; // greyscale
  return pngChunk('IHDR', data);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG that is only a header (and an empty end): it declares `width` × `height` and holds nothing. */
export function headerOnlyPng(width: number, height: number): Buffer {
  return Buffer.concat([PNG_SIGNATURE, ihdr(width, height), pngChunk('IEND', Buffer.alloc(0))]);
}

/**
 * A real greyscale PNG of `width` × `height` white pixels; its compressed data is tiny (20000²
 * is about 400 KB) and its decoded size is width × height bytes or more. Streamed through zlib
 * row by row, so making it costs no more memory than one row.
 */
export async function blankPng(width: number, height: number): Promise<Buffer> {
  const row = Buffer.alloc(width + 1, 0xff);
  row[0] = 0; // filter type: none
  const idat = await deflateRepeated(row, height);
  return Buffer.concat([
    PNG_SIGNATURE,
    ihdr(width, height),
    pngChunk('IDAT', idat),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A JPEG that is only SOI, an APP0 segment and a baseline frame header declaring the size. */
export function headerOnlyJpeg(width: number, height: number): Buffer {
  const app0 = Buffer.from([
    0xff,
    0xe0,
    0x00,
    0x10,
    ...Buffer.from('JFIF\0'),
    1,
    1,
    0,
    0,
    1,
    0,
    1,
    0,
    0,
  ]);
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x0b, 8, 0, 0, 0, 0, 1, 1, 0x11, 0]);
  sof.writeUInt16BE(height, 5);
  sof.writeUInt16BE(width, 7);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.from([0xff, 0xd9])]);
}

/** `chunk` repeated `times` times, deflated (zlib format, as PDF and PNG use it). */
export async function deflateRepeated(chunk: Buffer, times: number): Promise<Buffer> {
  const deflate = createDeflate({ level: constants.Z_BEST_COMPRESSION });
  const parts: Buffer[] = [];
  deflate.on('data', (part: Buffer) => parts.push(part));
  const ended = new Promise((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  Readable.from(
    (function* () {
      for (let index = 0; index < times; index += 1) yield chunk;
    })(),
  ).pipe(deflate);
  await ended;
  return Buffer.concat(parts);
}

export interface RawPdfStream {
  /** Dictionary entries without << >> and without /Length (added). */
  dictionary: string;
  data: Buffer;
}

/**
 * A one-page PDF whose page content is the first stream; further streams are extra objects
 * (forms, images) the page does not need to use. xref offsets are real, so pdf.js opens it
 * without repairing it.
 */
export function pdfWithStreams(streams: RawPdfStream[]): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let length = parts[0]?.length ?? 0;
  const add = (body: Buffer): void => {
    offsets.push(length);
    const header = Buffer.from(`${offsets.length} 0 obj\n`);
    const footer = Buffer.from('\nendobj\n');
    parts.push(header, body, footer);
    length += header.length + body.length + footer.length;
  };
  const contentRef = 4;
  add(Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'));
  add(Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'));
  add(
    Buffer.from(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${contentRef} 0 R /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>`,
    ),
  );
  for (const stream of streams) {
    add(
      Buffer.concat([
        Buffer.from(`<< ${stream.dictionary} /Length ${stream.data.length} >>\nstream\n`),
        stream.data,
        Buffer.from('\nendstream'),
      ]),
    );
  }
  const xrefAt = length;
  const xref = [
    'xref',
    `0 ${offsets.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${offsets.length + 1} /Root 1 0 R >>`,
    'startxref',
    String(xrefAt),
    '%%EOF',
    '',
  ].join('\n');
  parts.push(Buffer.from(xref));
  return Buffer.concat(parts);
}

/** Page content that draws nothing, `bytes` long once inflated, deflated into a few hundred KB. */
export async function contentBomb(bytes: number): Promise<RawPdfStream> {
  const line = Buffer.from('0 0 m\n'.repeat(10_000)); // 60,000 bytes of harmless operators
  const data = await deflateRepeated(line, Math.ceil(bytes / line.length));
  return { dictionary: '/Filter /FlateDecode', data };
}

/** A small text page content, deflated. */
export function textContent(text: string): RawPdfStream {
  const content = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  return { dictionary: '/Filter /FlateDecode', data: deflateSync(content) };
}
