/**
 * Receiving a claim upload: the multipart fields and files of POST /analyze-invoices (and its
 * siblings), streamed to a fresh directory and checked before any job exists.
 *
 * Files go straight from the socket to disk (never whole in memory) and are hashed on the way,
 * so idempotency fingerprints and duplicate checks cost no second read. Any failure removes the
 * directory, so a rejected upload leaves nothing behind.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Multipart, MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import {
  AppError,
  BadRequestError,
  type FieldProblem,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
} from '../../errors.js';
import {
  boundaryOf,
  multipartProblem,
  type PartBeingRead,
  readPartsUntilDeadline,
  watchForDelimiter,
} from './multipart-errors.js';
import { displayFileName, hasControlCharacters, safeExtension } from './names.js';
import { MEDIA, sniffMediaType } from './sniff.js';

export interface UploadLimits {
  /** Largest single file (ZIP, invoice or policy), in bytes. */
  maxFileBytes: number;
  /** Most files in one upload. */
  maxFiles: number;
  /** Longest text field value, in bytes (default 4096). */
  maxFieldBytes?: number;
  /** Most bytes of every file of one request together; unlimited when absent. */
  maxRequestBytes?: number;
}

/** Bytes of one request's files received so far, against UploadLimits.maxRequestBytes. */
export interface RequestTally {
  bytes: number;
}

export interface ReceivedFile {
  /** Where the bytes are on disk (a generated name inside the upload's work_dir). */
  path: string;
  /** The client's file name without any folder part, for display and document names. */
  file_name: string;
  /** Sniffed from the bytes, not taken from the client. */
  media_type: string;
  sha256: string;
  size_bytes: number;
}

export type InvoiceUploadField = 'invoices_zip' | 'invoice_files';

/**
 * A received claim: JobInput's shape (src/domain/jobs.ts) plus hashes; claim_date null when not
 * sent. The policy is a file, or a managed policy named by `policy` (null: the active one).
 */
export interface ClaimUpload {
  employee_name: string;
  /** The employee's stable id, when the uploader names it (src/domain/access.ts claimEmployeeId). */
  employee_id: string | null;
  claim_date: string | null;
  force: boolean;
  work_dir: string;
  policy_file: ReceivedFile | null;
  /** The managed policy to decide under, when no policy_file was sent. */
  policy: { policy_id: string | null; version: number | null };
  files: Array<ReceivedFile & { field: InvoiceUploadField }>;
}

const TEXT_FIELDS = [
  'employee_name',
  'employee_id',
  'claim_date',
  'force',
  'policy_id',
  'policy_version',
] as const;
type TextField = (typeof TEXT_FIELDS)[number];
const FILE_FIELDS = ['policy_file', 'invoices_zip', 'invoice_files'] as const;
type FileField = (typeof FILE_FIELDS)[number];

const POLICY_MEDIA_TYPES: ReadonlySet<string> = new Set([
  MEDIA.pdf,
  MEDIA.docx,
  MEDIA.text,
  MEDIA.markdown,
  MEDIA.json,
  MEDIA.yaml,
]);
const DEFAULT_MAX_FIELD_BYTES = 4096;
const MAX_EMPLOYEE_NAME_LENGTH = 200;

const isTextField = (name: string): name is TextField =>
  (TEXT_FIELDS as readonly string[]).includes(name);
const isFileField = (name: string): name is FileField =>
  (FILE_FIELDS as readonly string[]).includes(name);

interface ReceivedParts {
  fields: Map<TextField, string>;
  files: Array<ReceivedFile & { field: FileField }>;
}

export async function receiveClaimUpload(
  request: FastifyRequest,
  options: { workDir: string; limits: UploadLimits },
): Promise<ClaimUpload> {
  if (!request.isMultipart()) {
    throw new UnsupportedMediaTypeError('not_multipart', 'Send the claim as multipart/form-data.');
  }
  const { maxRequestBytes } = options.limits;
  // Refused unread: the client said how much it is about to send.
  if (maxRequestBytes !== undefined && Number(request.headers['content-length']) > maxRequestBytes)
    throw requestTooLarge(maxRequestBytes);
  await mkdir(options.workDir, { recursive: true });
  const uploadDir = await mkdtemp(join(options.workDir, 'upload-'));
  try {
    const received = await readPartsUntilDeadline(request, (reading) =>
      receiveParts(request, uploadDir, options.limits, reading),
    );
    return validateClaim(received, uploadDir);
  } catch (error) {
    await rm(uploadDir, { recursive: true, force: true });
    throw asClientError(error, options.limits);
  }
}

async function receiveParts(
  request: FastifyRequest,
  uploadDir: string,
  limits: UploadLimits,
  reading: PartBeingRead,
): Promise<ReceivedParts> {
  const received: ReceivedParts = { fields: new Map(), files: [] };
  const maxFieldBytes = limits.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES;
  const tally: RequestTally = { bytes: 0 };
  let partsSeen = 0;
  let delimiterSeen = (): boolean => false;
  try {
    const parts = request.parts({
      limits: {
        fileSize: limits.maxFileBytes,
        files: limits.maxFiles,
        fieldSize: maxFieldBytes,
        fields: TEXT_FIELDS.length * 2,
        parts: limits.maxFiles + TEXT_FIELDS.length * 2,
      },
    });
    delimiterSeen = watchForDelimiter(request.raw, boundaryOf(request.headers['content-type']));
    for await (const part of parts) {
      partsSeen += 1;
      await receivePart(part, received, uploadDir, limits, tally, reading);
    }
  } catch (error) {
    throw multipartProblem(error, partsSeen > 0 || delimiterSeen()) ?? error;
  }
  return received;
}

async function receivePart(
  part: Multipart,
  received: ReceivedParts,
  uploadDir: string,
  limits: UploadLimits,
  tally: RequestTally,
  reading: PartBeingRead,
): Promise<void> {
  const maxFieldBytes = limits.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES;
  // Busboy hands over a part whose Content-Disposition has no name with the name undefined.
  if (typeof part.fieldname !== 'string' || part.fieldname === '') {
    if (part.type === 'file') part.file.destroy();
    throw unnamedPart();
  }
  if (part.type === 'file') {
    if (!isFileField(part.fieldname)) {
      part.file.destroy();
      throw fieldError(
        'unknown_field',
        part.fieldname,
        `${part.fieldname} is not a field of this upload; files go in policy_file, invoices_zip or invoice_files.`,
      );
    }
    reading.current = part;
    received.files.push(
      await saveFile(part, part.fieldname, uploadDir, received.files.length, limits, tally),
    );
    reading.current = null;
    return;
  }
  const name = part.fieldname;
  if (isFileField(name)) throw fieldError('file_expected', name, `${name} must be a file.`);
  if (!isTextField(name))
    throw fieldError('unknown_field', name, `${name} is not a field of this upload.`);
  if (received.fields.has(name))
    throw fieldError('duplicate_field', name, `${name} was sent more than once.`);
  if (part.valueTruncated)
    throw fieldError('field_too_long', name, `${name} is longer than ${maxFieldBytes} bytes.`);
  if (typeof part.value !== 'string')
    throw fieldError('invalid_field', name, `${name} must be plain text.`);
  received.fields.set(name, part.value);
}

/** Streams one file part to `uploadDir`, hashing it on the way; refuses empty and truncated files. */
export async function saveFile<F extends string>(
  part: MultipartFile,
  field: F,
  uploadDir: string,
  index: number,
  limits: UploadLimits,
  tally: RequestTally = { bytes: 0 },
): Promise<ReceivedFile & { field: F }> {
  const fileName = displayFileName(part.filename, `${field}-${index + 1}`);
  const path = join(
    uploadDir,
    `${String(index + 1).padStart(3, '0')}-${field}${safeExtension(fileName)}`,
  );
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      tally.bytes += chunk.length;
      if (limits.maxRequestBytes !== undefined && tally.bytes > limits.maxRequestBytes)
        return callback(requestTooLarge(limits.maxRequestBytes));
      callback(null, chunk);
    },
  });
  await pipeline(part.file, meter, createWriteStream(path, { flags: 'wx' }));
  // Busboy ends a stream that hits the size limit as if it were complete: only this flag tells.
  if (part.file.truncated) throw tooLarge(limits);
  if (size === 0) throw fieldError('empty_file', field, `${field} "${fileName}" is empty.`);
  return {
    field,
    path,
    file_name: fileName,
    media_type: await sniffMediaType(path, fileName),
    sha256: hash.digest('hex'),
    size_bytes: size,
  };
}

function validateClaim(received: ReceivedParts, uploadDir: string): ClaimUpload {
  const problems: FieldProblem[] = [];
  const employeeName = (received.fields.get('employee_name') ?? '').replace(/\s+/g, ' ').trim();
  if (employeeName === '')
    problems.push({
      pointer: 'employee_name',
      message: 'employee_name is required and must not be empty.',
    });
  else if (employeeName.length > MAX_EMPLOYEE_NAME_LENGTH)
    problems.push({
      pointer: 'employee_name',
      message: `employee_name is longer than ${MAX_EMPLOYEE_NAME_LENGTH} characters.`,
    });
  // Names are shown, stored and exported (CSV, reports): an ESC or a right-to-left override in
  // one rewrites what a reader's terminal or screen shows. A name never needs them.
  else if (hasControlCharacters(employeeName))
    problems.push({
      pointer: 'employee_name',
      message:
        'employee_name contains control or bidirectional formatting characters (such as NUL, ESC or U+202E); send the name as plain text.',
    });

  const employeeId = parseEmployeeId(received.fields.get('employee_id'), problems);
  const claimDate = parseClaimDate(received.fields.get('claim_date'), problems);
  const force = parseForce(received.fields.get('force'), problems);

  const policies = received.files.filter((file) => file.field === 'policy_file');
  const [policy] = policies;
  // Without a file the claim is decided under a managed policy: policy_id, or the active one.
  const managed = parsePolicyChoice(received.fields, policy !== undefined, problems);
  if (policies.length > 1)
    problems.push({ pointer: 'policy_file', message: 'Send exactly one policy_file.' });
  else if (policy && !POLICY_MEDIA_TYPES.has(policy.media_type)) {
    problems.push({
      pointer: 'policy_file',
      message: `policy_file "${policy.file_name}" is ${policy.media_type}; send a PDF, DOCX, TXT, Markdown, JSON or YAML file.`,
    });
  }

  const files = received.files.filter(
    (file): file is ReceivedFile & { field: InvoiceUploadField } => file.field !== 'policy_file',
  );
  if (files.length === 0)
    problems.push({
      pointer: 'invoices_zip',
      message: 'Send at least one invoices_zip or invoice_files.',
    });

  if (problems.length > 0) {
    const first = problems[0]?.message ?? 'The upload is not valid.';
    const message =
      problems.length > 1 ? `The upload has ${problems.length} problems: see errors.` : first;
    throw new BadRequestError('invalid_upload', message, problems);
  }
  return {
    employee_name: employeeName,
    employee_id: employeeId,
    claim_date: claimDate,
    force,
    work_dir: uploadDir,
    policy_file: policy ? withoutField(policy) : null,
    policy: managed,
    files,
  };
}

function withoutField({
  field: _field,
  ...file
}: ReceivedFile & { field: FileField }): ReceivedFile {
  return file;
}

const POLICY_ID = /^[A-Za-z0-9-]{1,100}$/;

/** policy_id and policy_version: a managed policy, instead of a policy_file, never beside one. */
function parsePolicyChoice(
  fields: Map<TextField, string>,
  hasFile: boolean,
  problems: FieldProblem[],
): ClaimUpload['policy'] {
  const id = fields.get('policy_id')?.trim() ?? '';
  const version = fields.get('policy_version')?.trim() ?? '';
  const choice: ClaimUpload['policy'] = { policy_id: null, version: null };
  if (hasFile && (id !== '' || version !== '')) {
    problems.push({
      pointer: id !== '' ? 'policy_id' : 'policy_version',
      message: 'Send either policy_file or policy_id (with policy_version), not both.',
    });
    return choice;
  }
  if (id !== '') {
    if (POLICY_ID.test(id)) choice.policy_id = id;
    else problems.push({ pointer: 'policy_id', message: 'policy_id is not a policy id.' });
  }
  if (version !== '') {
    if (id === '')
      problems.push({ pointer: 'policy_version', message: 'policy_version needs a policy_id.' });
    else if (/^[1-9]\d{0,8}$/.test(version)) choice.version = Number(version);
    else
      problems.push({
        pointer: 'policy_version',
        message: 'policy_version must be a version number (1, 2, …).',
      });
  }
  return choice;
}

const MAX_EMPLOYEE_ID_LENGTH = 200;

/** An id as the identity provider spells it: kept exactly (no case folding), blank is absent. */
function parseEmployeeId(raw: string | undefined, problems: FieldProblem[]): string | null {
  const value = raw?.trim() ?? '';
  if (value === '') return null;
  if (value.length > MAX_EMPLOYEE_ID_LENGTH || hasControlCharacters(value) || /\s/.test(value)) {
    problems.push({
      pointer: 'employee_id',
      message: `employee_id must be at most ${MAX_EMPLOYEE_ID_LENGTH} characters without spaces or control characters (the employee's subject in the identity provider).`,
    });
    return null;
  }
  return value;
}

function parseClaimDate(raw: string | undefined, problems: FieldProblem[]): string | null {
  const value = raw?.trim() ?? '';
  if (value === '') return null;
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null;
  // The round trip rejects dates JavaScript would roll over, such as 2024-02-30.
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    problems.push({
      pointer: 'claim_date',
      message: 'claim_date must be a calendar date as YYYY-MM-DD.',
    });
    return null;
  }
  return value;
}

function parseForce(raw: string | undefined, problems: FieldProblem[]): boolean {
  const value = raw?.trim().toLowerCase() ?? '';
  if (value === '' || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  problems.push({ pointer: 'force', message: 'force must be true or false.' });
  return false;
}

function fieldError(code: string, field: string, message: string): BadRequestError {
  return new BadRequestError(code, message, [{ pointer: field, message }]);
}

function tooLarge(limits: UploadLimits): PayloadTooLargeError {
  return new PayloadTooLargeError(
    `A file is larger than the limit of ${limits.maxFileBytes} bytes.`,
    { limit_bytes: limits.maxFileBytes },
  );
}

function requestTooLarge(limit: number): AppError {
  return new AppError(
    413,
    'request_too_large',
    `The upload is larger than the limit of ${limit} bytes for all its files together.`,
    // The rest of the body is never read.
    { headers: { connection: 'close' }, extra: { limit_bytes: limit } },
  );
}

function unnamedPart(): BadRequestError {
  return new BadRequestError(
    'multipart_unnamed_part',
    'A part of the multipart body has no name in its Content-Disposition header.',
  );
}

/** The multipart plugin's own limit errors, as the problems our clients know. */
export function asClientError(error: unknown, limits: UploadLimits): unknown {
  // A field problem without a field is a part that had no name (callers name the part's field).
  if (
    error instanceof AppError &&
    error.details.errors?.some((problem) => typeof problem.pointer !== 'string')
  )
    return unnamedPart();
  if (error instanceof AppError) return error;
  const malformed = multipartProblem(error, true);
  if (malformed) return malformed;
  switch ((error as { code?: string } | null)?.code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return tooLarge(limits);
    case 'FST_FILES_LIMIT':
      return new AppError(
        413,
        'too_many_files',
        `An upload may hold at most ${limits.maxFiles} files.`,
        { extra: { limit_files: limits.maxFiles } },
      );
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new AppError(413, 'too_many_parts', 'The upload has more parts than a claim needs.');
    default:
      return error;
  }
}
