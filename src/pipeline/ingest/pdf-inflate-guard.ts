/**
 * How much a PDF's streams inflate to, measured before pdf.js sees the file. pdf.js decodes a
 * content stream into one growing buffer with no upper bound (there is no option for it), so a
 * 510 KB file whose page content inflates to 500 MB costs 500 MB and more. Here every stream that
 * pdf.js would decode to read text (page contents, forms, fonts, object streams) is inflated
 * through zlib with its output counted and thrown away, stopping as soon as a limit is passed:
 * memory stays at a few zlib buffers and the CPU spent is bounded by the limit itself.
 *
 * Images are left out: pdf.js decodes an image only to render it, only up to the bytes its
 * declared width and height need, and refuses images above `maxImageSize` pixels before that.
 * Streams of an encrypted PDF cannot be measured here (they are ciphertext); the memory cap of the
 * process that reads PDFs (pdf-text.ts) is what bounds those.
 */
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createInflate } from 'node:zlib';

export interface InflateLimits {
  /** Most bytes one stream (one page's content, a form, a font) may inflate to. */
  maxStreamBytes: number;
  /** Most bytes all measured streams of one PDF may inflate to together. */
  maxDocumentBytes: number;
}

export type InflateVerdict =
  | { ok: true; inflatedBytes: number; streams: number }
  | { ok: false; reason: string };

class LimitReached extends Error {}

/**
 * Inflated chunks are garbage as soon as they are counted, but V8 collects Buffers only once
 * tens of MB of them pile up: a process started with --expose-gc collects every few MB instead,
 * so measuring a 32 MiB stream does not cost 32 MiB. (A minor collection takes about a millisecond.)
 */
const COLLECT_EVERY_BYTES = 4 * 1024 * 1024;
const collect = (globalThis as { gc?: (options?: { type: 'minor' | 'major' }) => void }).gc;

/** How far before "stream" the object's dictionary is looked for. */
const DICTIONARY_WINDOW = 64 * 1024;

export async function checkPdfInflation(
  pdf: Buffer,
  limits: InflateLimits,
): Promise<InflateVerdict> {
  let total = 0;
  let streams = 0;
  for (const stream of pdfStreams(pdf)) {
    if (/\/Subtype\s*\/Image\b/.test(stream.dictionary)) continue;
    const filters = filtersOf(stream.dictionary);
    if (filters.length === 0) continue; // stored as is: already counted in the file's size
    streams += 1;
    const budget = Math.min(limits.maxStreamBytes, limits.maxDocumentBytes - total);
    const inflated = await measure(stream.data, filters, budget);
    if (inflated > limits.maxStreamBytes) {
      return {
        ok: false,
        reason: `A stream of the PDF inflates to more than ${mib(limits.maxStreamBytes)} (PDF_MAX_STREAM_BYTES); the PDF is not read.`,
      };
    }
    total += inflated;
    if (total > limits.maxDocumentBytes) {
      return {
        ok: false,
        reason: `The PDF's contents inflate to more than ${mib(limits.maxDocumentBytes)} (PDF_MAX_INFLATED_BYTES); the PDF is not read.`,
      };
    }
  }
  return { ok: true, inflatedBytes: total, streams };
}

function mib(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
}

interface RawStream {
  dictionary: string;
  data: Buffer;
}

/** Every `<< … >> stream … endstream` in the file, by its bytes (no object graph needed). */
function* pdfStreams(pdf: Buffer): Generator<RawStream> {
  let from = 0;
  for (;;) {
    const keyword = pdf.indexOf('stream', from, 'latin1');
    if (keyword < 0) return;
    from = keyword + 6;
    if (pdf.toString('latin1', keyword - 3, keyword) === 'end') continue;
    let start = keyword + 6;
    if (pdf[start] === 0x0d) start += 1;
    if (pdf[start] === 0x0a) start += 1;
    if (start === keyword + 6) continue; // "stream" must end its line
    const before = pdf.toString('latin1', Math.max(0, keyword - DICTIONARY_WINDOW), keyword);
    if (!before.trimEnd().endsWith('>>')) continue;
    const objectStart = before.lastIndexOf(' obj');
    const dictionary = objectStart >= 0 ? before.slice(objectStart) : before;
    const end = streamEnd(pdf, start, dictionary);
    yield { dictionary, data: pdf.subarray(start, end) };
    from = end;
  }
}

function streamEnd(pdf: Buffer, start: number, dictionary: string): number {
  const direct = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dictionary);
  if (direct) {
    const end = start + Number(direct[1]);
    const after = pdf.toString('latin1', end, end + 12).trimStart();
    if (end <= pdf.length && after.startsWith('endstream')) return end;
  }
  const found = pdf.indexOf('endstream', start, 'latin1');
  return found < 0 ? pdf.length : found;
}

const FILTER_NAMES: Record<string, string> = {
  Fl: 'FlateDecode',
  LZW: 'LZWDecode',
  AHx: 'ASCIIHexDecode',
  A85: 'ASCII85Decode',
  RL: 'RunLengthDecode',
};

function filtersOf(dictionary: string): string[] {
  const match = /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+)/.exec(dictionary);
  if (!match?.[1]) return [];
  return [...match[1].matchAll(/\/([A-Za-z0-9]+)/g)].map(
    (name) => FILTER_NAMES[name[1] as string] ?? (name[1] as string),
  );
}

/**
 * Bytes the filter chain produces from `data`, summed over every stage (pdf.js buffers each
 * stage's output); stops counting once more than `budget` is reached and returns budget + 1.
 */
async function measure(data: Buffer, filters: string[], budget: number): Promise<number> {
  let input = data;
  let counted = 0;
  const stages: string[] = [];
  // The ASCII encodings shrink their input: decode them in memory, then stream what follows.
  for (const filter of filters) {
    if (stages.length === 0 && filter === 'ASCIIHexDecode') input = asciiHex(input);
    else if (stages.length === 0 && filter === 'ASCII85Decode') input = ascii85(input);
    else stages.push(filter);
  }
  counted += input === data ? 0 : input.length;
  const flate: Transform[] = [];
  for (const stage of stages) {
    if (stage === 'FlateDecode') flate.push(createInflate({ finishFlush: constants.Z_SYNC_FLUSH }));
    else break; // LZW, run length, image codecs: measured below without a stream
  }
  const rest = stages[flate.length];
  if (flate.length === 0) {
    return (
      counted +
      (rest === 'LZWDecode'
        ? lzwLength(input, budget)
        : rest === 'RunLengthDecode'
          ? runLength(input)
          : 0)
    );
  }
  let lastOutput: Buffer[] = [];
  const keepLast = rest === 'LZWDecode' || rest === 'RunLengthDecode';
  let sinceCollect = 0;
  const counters = flate.map(
    (_, index) =>
      new Transform({
        transform(chunk: Buffer, _encoding, done) {
          counted += chunk.length;
          sinceCollect += chunk.length;
          if (collect && sinceCollect > COLLECT_EVERY_BYTES) {
            sinceCollect = 0;
            collect({ type: 'minor' });
          }
          if (counted > budget) return done(new LimitReached());
          if (index === flate.length - 1 && keepLast) lastOutput.push(chunk);
          done(null, chunk);
        },
      }),
  );
  const chain = flate.flatMap((inflate, index) => [inflate, counters[index] as Transform]);
  try {
    await pipeline(
      Readable.from([input]),
      ...(chain as [Transform, ...Transform[]]),
      new Writable({ write: (_chunk, _encoding, done) => done() }),
    );
  } catch (error) {
    if (error instanceof LimitReached) return budget + 1;
    // A damaged stream: pdf.js reads what inflated before the damage, and so was counted.
  }
  if (keepLast) {
    const tail = Buffer.concat(lastOutput);
    lastOutput = [];
    counted += rest === 'LZWDecode' ? lzwLength(tail, budget - counted) : runLength(tail);
  }
  return counted > budget ? budget + 1 : counted;
}

/** Output length of LZW data (PDF flavour, early change), from code lengths alone. */
function lzwLength(data: Buffer, budget: number): number {
  // Entries 0-255 are single bytes; every later entry is an earlier one plus one byte.
  const lengths = new Uint16Array(4097).fill(1, 0, 256);
  let size = 258;
  let codeBits = 9;
  let previous = -1;
  let total = 0;
  let bitBuffer = 0;
  let bitCount = 0;
  for (const byte of data) {
    bitBuffer = ((bitBuffer << 8) | byte) >>> 0;
    bitCount += 8;
    while (bitCount >= codeBits) {
      const code = (bitBuffer >>> (bitCount - codeBits)) & ((1 << codeBits) - 1);
      bitCount -= codeBits;
      if (code === 256) {
        size = 258;
        codeBits = 9;
        previous = -1;
        continue;
      }
      if (code === 257) return total;
      const known = code < size;
      const length = known
        ? (lengths[code] as number)
        : previous >= 0
          ? (lengths[previous] as number) + 1
          : 1;
      total += length;
      if (total > budget) return budget + 1;
      if (previous >= 0 && size < 4096) {
        lengths[size] = (lengths[previous] as number) + 1;
        size += 1;
      }
      previous = code;
      if (size + 1 >= 1 << codeBits && codeBits < 12) codeBits += 1;
    }
  }
  return total;
}

function runLength(data: Buffer): number {
  let total = 0;
  for (let at = 0; at < data.length; ) {
    const length = data[at] as number;
    if (length === 128) break;
    if (length < 128) {
      total += length + 1;
      at += length + 2;
    } else {
      total += 257 - length;
      at += 2;
    }
  }
  return total;
}

function asciiHex(data: Buffer): Buffer {
  const text = data.toString('latin1');
  const end = text.indexOf('>');
  const digits = (end >= 0 ? text.slice(0, end) : text).replace(/[^0-9a-fA-F]/g, '');
  return Buffer.from(digits.length % 2 ? `${digits}0` : digits, 'hex');
}

function ascii85(data: Buffer): Buffer {
  const text = data.toString('latin1').replace(/\s+/g, '');
  const end = text.indexOf('~>');
  const body = end >= 0 ? text.slice(0, end) : text;
  const out: number[] = [];
  let group: number[] = [];
  const flush = (count: number): void => {
    while (group.length < 5) group.push(84);
    let value = 0;
    for (const digit of group) value = value * 85 + digit;
    for (let index = 0; index < count; index += 1) out.push((value >>> (24 - 8 * index)) & 0xff);
    group = [];
  };
  for (const char of body) {
    if (char === 'z' && group.length === 0) {
      out.push(0, 0, 0, 0);
      continue;
    }
    const digit = char.charCodeAt(0) - 33;
    if (digit < 0 || digit > 84) continue;
    group.push(digit);
    if (group.length === 5) flush(4);
  }
  if (group.length > 1) flush(group.length - 1);
  return Buffer.from(out);
}
