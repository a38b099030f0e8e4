/** What one request, upload or document may cost. */

import { OCR_LANGUAGES } from '../pipeline/ingest/ocr-languages.js';
import { setting } from './setting.js';

export const LIMIT_SETTINGS = {
  bodyLimitBytes: setting({
    env: 'BODY_LIMIT_BYTES',
    kind: 'integer',
    min: 1024,
    default: '1048576',
    description: 'Maximum JSON body size.',
  }),
  maxUploadBytes: setting({
    env: 'MAX_UPLOAD_BYTES',
    kind: 'integer',
    min: 1024,
    default: '268435456',
    description:
      'Maximum size of one uploaded file (ZIP, invoice or policy); 256 MiB holds a 200 MB ZIP of invoices.',
  }),
  maxUploadFiles: setting({
    env: 'MAX_UPLOAD_FILES',
    kind: 'integer',
    min: 1,
    default: '50',
    description: 'Maximum number of files in one upload.',
  }),
  maxRequestBytes: setting({
    env: 'MAX_REQUEST_BYTES',
    kind: 'integer',
    min: 1024,
    default: '314572800',
    description:
      'Maximum size of one upload request, every file together (the claim as uploaded); refused from `Content-Length` before reading when it says more. 300 MiB holds a 256 MiB ZIP and its policy.',
  }),
  bodyTimeoutMs: setting({
    env: 'BODY_TIMEOUT_MS',
    kind: 'integer',
    min: 100,
    default: '30000',
    description:
      'A request body that sends nothing for this long, or falls this far behind `BODY_MIN_BYTES_PER_SECOND`, is answered 408 `body_timeout` and its connection closed.',
  }),
  bodyMinBytesPerSecond: setting({
    env: 'BODY_MIN_BYTES_PER_SECOND',
    kind: 'integer',
    min: 1,
    default: '32768',
    description:
      'Slowest average rate a request body may arrive at, after the `BODY_TIMEOUT_MS` allowance (32 KiB/s: a 200 MB upload may take 100 minutes).',
  }),
  claimMaxDocuments: setting({
    env: 'CLAIM_MAX_DOCUMENTS',
    kind: 'integer',
    min: 1,
    default: '1000',
    description:
      'Maximum documents read from the ZIPs of one claim, every ZIP and ZIPs inside ZIPs together (refused entries count); the rest is reported once as `archive_limit`.',
  }),
  zipMaxEntries: setting({
    env: 'ZIP_MAX_ENTRIES',
    kind: 'integer',
    min: 1,
    default: '2000',
    description: 'Maximum entries in one ZIP.',
  }),
  zipMaxEntryBytes: setting({
    env: 'ZIP_MAX_ENTRY_BYTES',
    kind: 'integer',
    min: 1024,
    default: '52428800',
    description: 'Maximum uncompressed size of one ZIP entry.',
  }),
  zipMaxTotalBytes: setting({
    env: 'ZIP_MAX_TOTAL_BYTES',
    kind: 'integer',
    min: 1024,
    default: '524288000',
    description: 'Maximum uncompressed size of all entries of one claim (all its ZIPs).',
  }),
  zipMaxExpansion: setting({
    env: 'ZIP_MAX_EXPANSION',
    kind: 'integer',
    min: 1,
    default: '20',
    description:
      "A claim's ZIPs may expand to at most this many times the bytes uploaded (or 16 MiB, whichever is more), within `ZIP_MAX_TOTAL_BYTES`.",
  }),
  zipMaxRatio: setting({
    env: 'ZIP_MAX_RATIO',
    kind: 'integer',
    min: 1,
    default: '100',
    description:
      'Maximum compression ratio of an entry over 1 MiB, and of the entries of one ZIP together once they pass 1 MiB (zip-bomb guard).',
  }),
  zipMaxDepth: setting({
    env: 'ZIP_MAX_DEPTH',
    kind: 'integer',
    min: 0,
    default: '1',
    description: 'How many levels of ZIPs inside ZIPs are read.',
  }),
  pdfTimeoutMs: setting({
    env: 'PDF_TIMEOUT_MS',
    kind: 'integer',
    min: 100,
    default: '20000',
    description: 'Time limit to read one PDF.',
  }),
  imageMaxPixels: setting({
    env: 'IMAGE_MAX_PIXELS',
    kind: 'integer',
    min: 10000,
    default: '40000000',
    description:
      'Largest image decoded, in pixels (width × height, read from its header first): larger photos are refused as `too_large`; PDF images above it are not drawn and scanned pages are rendered under it.',
  }),
  pdfMaxStreamBytes: setting({
    env: 'PDF_MAX_STREAM_BYTES',
    kind: 'integer',
    min: 65536,
    default: '33554432',
    description:
      "Most bytes one compressed stream of a PDF (a page's content, a form, a font) may inflate to; beyond it the PDF is `too_large`.",
  }),
  pdfMaxInflatedBytes: setting({
    env: 'PDF_MAX_INFLATED_BYTES',
    kind: 'integer',
    min: 65536,
    default: '134217728',
    description:
      'Most bytes all compressed streams of one PDF (images aside) may inflate to together; beyond it the PDF is `too_large`.',
  }),
  documentProcessMaxMb: setting({
    env: 'DOCUMENT_PROCESS_MAX_MB',
    kind: 'integer',
    min: 64,
    default: '384',
    description:
      'Memory cap (resident MiB) of each process that reads PDFs or runs OCR: one over it is killed and its document is `too_large`.',
  }),
  ocrMinCharsPerPage: setting({
    env: 'OCR_MIN_CHARS_PER_PAGE',
    kind: 'integer',
    min: 0,
    default: '20',
    description: 'A PDF page with fewer text characters is treated as scanned and sent to OCR.',
  }),
  ocrLanguages: setting({
    env: 'OCR_LANGUAGES',
    kind: 'list',
    values: OCR_LANGUAGES,
    default: 'eng',
    description:
      'Languages offline OCR reads photos and scans in (tesseract codes), the first leading: `deu,eng` for German receipts; each one added makes every read slower.',
  }),
  requestTimeoutMs: setting({
    env: 'ANALYZE_WAIT_MS',
    kind: 'integer',
    min: 1000,
    default: '120000',
    description:
      'How long POST /analyze-invoices waits for its job before answering 202 with the job link.',
  }),
  ssePingMs: setting({
    env: 'SSE_PING_MS',
    kind: 'integer',
    min: 100,
    default: '15000',
    description: 'Interval of the named `ping` event on idle SSE streams.',
  }),
} as const;
