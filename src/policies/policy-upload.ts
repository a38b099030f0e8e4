/**
 * Receiving a policy upload (POST /policies and POST /policies/{id}/versions): one `policy_file`
 * and an optional `name`, streamed to a fresh directory and hashed on the way like a claim's files.
 * The caller removes the directory once the policy is compiled.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyRequest } from 'fastify';
import { BadRequestError, UnsupportedMediaTypeError } from '../errors.js';
import { type PartBeingRead, readPartsUntilDeadline } from '../pipeline/ingest/multipart-errors.js';
import { MEDIA } from '../pipeline/ingest/sniff.js';
import {
  asClientError,
  type ReceivedFile,
  saveFile,
  type UploadLimits,
} from '../pipeline/ingest/upload.js';

export interface PolicyUpload {
  work_dir: string;
  file: ReceivedFile;
  /** Trimmed; null when not sent. */
  name: string | null;
}

const POLICY_MEDIA_TYPES: ReadonlySet<string> = new Set([
  MEDIA.pdf,
  MEDIA.docx,
  MEDIA.text,
  MEDIA.markdown,
  MEDIA.json,
  MEDIA.yaml,
]);
export const MAX_POLICY_NAME_LENGTH = 200;

const problem = (code: string, field: string, message: string) =>
  new BadRequestError(code, message, [{ pointer: field, message }]);

export async function receivePolicyUpload(
  request: FastifyRequest,
  options: { workDir: string; limits: UploadLimits; allowName: boolean },
): Promise<PolicyUpload> {
  if (!request.isMultipart())
    throw new UnsupportedMediaTypeError(
      'not_multipart',
      'Send the policy as multipart/form-data with a policy_file.',
    );
  await mkdir(options.workDir, { recursive: true });
  const dir = await mkdtemp(join(options.workDir, 'policy-'));
  try {
    const { files, name } = await readPartsUntilDeadline(request, (reading) =>
      receiveParts(request, dir, options, reading),
    );
    return { work_dir: dir, file: validFile(files), name: validName(name) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw asClientError(error, options.limits);
  }
}

async function receiveParts(
  request: FastifyRequest,
  dir: string,
  options: { limits: UploadLimits; allowName: boolean },
  reading: PartBeingRead,
): Promise<{ files: ReceivedFile[]; name: string | null }> {
  const files: ReceivedFile[] = [];
  let name: string | null = null;
  let named = false;
  const parts = request.parts({
    // One more of each than allowed, so a second file or field is answered in our own words.
    limits: { fileSize: options.limits.maxFileBytes, files: 2, fields: 2, parts: 4 },
  });
  for await (const part of parts) {
    if (part.type === 'file') {
      if (part.fieldname !== 'policy_file') {
        part.file.destroy();
        throw problem(
          'unknown_field',
          part.fieldname,
          `${part.fieldname} is not a field of this upload; the policy goes in policy_file.`,
        );
      }
      reading.current = part;
      const { field: _field, ...file } = await saveFile(
        part,
        'policy_file',
        dir,
        files.length,
        options.limits,
      );
      reading.current = null;
      files.push(file);
      continue;
    }
    if (part.fieldname === 'policy_file')
      throw problem('file_expected', 'policy_file', 'policy_file must be a file.');
    if (part.fieldname !== 'name' || !options.allowName)
      throw problem(
        'unknown_field',
        part.fieldname,
        `${part.fieldname} is not a field of this upload.`,
      );
    if (named) throw problem('duplicate_field', 'name', 'name was sent more than once.');
    named = true;
    if (typeof part.value !== 'string' || part.valueTruncated)
      throw problem('invalid_field', 'name', 'name must be plain text.');
    name = part.value.replace(/\s+/g, ' ').trim() || null;
  }
  return { files, name };
}

function validFile(files: ReceivedFile[]): ReceivedFile {
  const [file] = files;
  if (files.length > 1)
    throw problem('invalid_upload', 'policy_file', 'Send exactly one policy_file.');
  if (!file)
    throw new BadRequestError(
      'invalid_upload',
      'policy_file is required: the policy (PDF, DOCX, TXT, Markdown) or its rules (JSON, YAML).',
      [{ pointer: 'policy_file', message: 'policy_file is required.' }],
    );
  if (!POLICY_MEDIA_TYPES.has(file.media_type)) {
    const message = `policy_file "${file.file_name}" is ${file.media_type}; send a PDF, DOCX, TXT, Markdown, JSON or YAML file.`;
    throw new BadRequestError('invalid_upload', message, [{ pointer: 'policy_file', message }]);
  }
  return file;
}

function validName(name: string | null): string | null {
  if (name !== null && name.length > MAX_POLICY_NAME_LENGTH)
    throw problem(
      'invalid_upload',
      'name',
      `name is longer than ${MAX_POLICY_NAME_LENGTH} characters.`,
    );
  return name;
}
