/**
 * Reading the reimbursement policy a claim is judged by. A policy document (PDF, DOCX, TXT,
 * Markdown) becomes text per page, so compiled rules can cite their page; a rules file (JSON or
 * YAML) is parsed and returned raw for parsePolicyRules (src/domain/policy-rules.ts) to validate.
 *
 * DOCX gives one page: mammoth's raw-text conversion drops page breaks (they surface only in its
 * HTML conversion), and Word's rendered page boundaries are not stored in the file reliably.
 */
import { readFile, stat } from 'node:fs/promises';
import mammoth from 'mammoth';
import { parse as parseYaml } from 'yaml';
import type { PolicyText } from '../../ai/provider.js';
import { BadRequestError } from '../../errors.js';
import type { PolicyInput } from '../types.js';
import { countTextCharacters, PdfReadError, type PdfTextReader } from './pdf-text.js';
import { MEDIA, sha256OfFile, sniffMediaType } from './sniff.js';

export interface PolicyFile {
  path: string;
  file_name: string;
}

export interface ReadPolicyOptions {
  pdfReader: PdfTextReader;
  signal?: AbortSignal;
}

export async function readPolicy(
  file: PolicyFile,
  options: ReadPolicyOptions,
): Promise<PolicyInput> {
  if ((await stat(file.path)).size === 0) throw invalidPolicy(`${file.file_name} is empty.`);
  const sha256 = await sha256OfFile(file.path);
  const mediaType = await sniffMediaType(file.path, file.file_name);
  switch (mediaType) {
    case MEDIA.pdf:
      return textPolicy(file, sha256, await pdfPages(file, options));
    case MEDIA.docx:
      return textPolicy(file, sha256, [await docxText(file)]);
    case MEDIA.text:
    case MEDIA.markdown:
      // A form feed is the plain-text page break (as written by pdftotext and printers).
      return textPolicy(file, sha256, (await readText(file)).split('\f'));
    case MEDIA.json:
    case MEDIA.yaml:
      return { kind: 'rules', raw: parseRules(await readText(file), file), sha256 };
    default:
      throw invalidPolicy(
        `${file.file_name} is ${mediaType}; a policy is a PDF, DOCX, TXT, Markdown, JSON or YAML file.`,
      );
  }
}

function textPolicy(file: PolicyFile, sha256: string, pages: string[]): PolicyInput {
  const trimmed = pages.map((page) => page.replace(/\r\n?/g, '\n').trim());
  if (trimmed.every((page) => countTextCharacters(page) === 0)) {
    throw invalidPolicy(
      `${file.file_name} contains no text (a scanned policy cannot be read; send one with a text layer).`,
    );
  }
  const policy: PolicyText = { file_name: file.file_name, sha256, pages: trimmed };
  return { kind: 'text', policy };
}

async function pdfPages(file: PolicyFile, options: ReadPolicyOptions): Promise<string[]> {
  try {
    const { pages } = await options.pdfReader.read(file.path, { signal: options.signal });
    return pages;
  } catch (error) {
    if (error instanceof PdfReadError) throw invalidPolicy(`${file.file_name}: ${error.message}`);
    throw error;
  }
}

async function docxText(file: PolicyFile): Promise<string> {
  try {
    const { value } = await mammoth.extractRawText({ path: file.path });
    return value;
  } catch (error) {
    throw invalidPolicy(
      `${file.file_name} is not a readable DOCX document: ${(error as Error).message}`,
    );
  }
}

async function readText(file: PolicyFile): Promise<string> {
  const bytes = await readFile(file.path);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw invalidPolicy(`${file.file_name} is not UTF-8 text.`);
  }
}

function parseRules(text: string, file: PolicyFile): unknown {
  let raw: unknown;
  try {
    // YAML 1.2 is a superset of JSON: one parser reads both. Aliases are capped against "billion laughs".
    raw = parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    throw invalidPolicy(`${file.file_name} is not valid JSON or YAML: ${(error as Error).message}`);
  }
  if (raw === null || typeof raw !== 'object')
    throw invalidPolicy(`${file.file_name} does not hold a rules object.`);
  return raw;
}

function invalidPolicy(message: string): BadRequestError {
  return new BadRequestError('invalid_policy_file', message, [{ pointer: 'policy_file', message }]);
}
