/**
 * What the real Gemini API refuses, so the fake server refuses it too (it must never be more
 * lenient than the real service). Sources: Google's model, deprecation, structured-output,
 * thought-signature, file-input and rate-limit pages as of December 2026 (see README "Models").
 * Where Google leaves the behaviour open (unsupported schema keywords), the fake takes the strict
 * reading: a request it accepts is one the real API accepts.
 */

/** A model the fake serves: what it can do and which thinking levels it takes. */
export interface FakeModel {
  methods: ReadonlyArray<'generateContent' | 'streamGenerateContent' | 'batchEmbedContents'>;
  /** Accepted thinkingConfig.thinkingLevel values (upper case); empty for embedding models. */
  thinkingLevels: readonly string[];
  /** The level used when the request names none (for thoughtsTokenCount). */
  defaultLevel: string | null;
}

const GENERATE = ['generateContent', 'streamGenerateContent'] as const;
const EMBED = ['batchEmbedContents'] as const;
const LOW_TO_HIGH = ['LOW', 'MEDIUM', 'HIGH'];
const MINIMAL_TO_HIGH = ['MINIMAL', ...LOW_TO_HIGH];

/**
 * The models that answer today. Every other id (all of Gemini 2.0 and 2.5, gemini-3-pro-preview,
 * gemini-3.1-flash-lite-preview, text-embedding-004, aliases such as gemini-flash-latest, typos)
 * is 404 NOT_FOUND, as the real API answers a retired or unknown model.
 */
export const FAKE_MODELS: Readonly<Record<string, FakeModel>> = {
  // gemini-3.8-flash rejects MINIMAL ("Thinking level MINIMAL is not supported for this model.").
  'gemini-3.8-flash': { methods: GENERATE, thinkingLevels: LOW_TO_HIGH, defaultLevel: 'MEDIUM' },
  'gemini-3.7-flash': { methods: GENERATE, thinkingLevels: LOW_TO_HIGH, defaultLevel: 'MEDIUM' },
  'gemini-3.6-flash': { methods: GENERATE, thinkingLevels: LOW_TO_HIGH, defaultLevel: 'MEDIUM' },
  'gemini-3.5-flash': { methods: GENERATE, thinkingLevels: LOW_TO_HIGH, defaultLevel: 'MEDIUM' },
  'gemini-3.5-flash-lite': {
    methods: GENERATE,
    thinkingLevels: MINIMAL_TO_HIGH,
    defaultLevel: 'MINIMAL',
  },
  'gemini-3.1-flash-lite': {
    methods: GENERATE,
    thinkingLevels: MINIMAL_TO_HIGH,
    defaultLevel: 'MINIMAL',
  },
  'gemini-3.1-pro-preview': {
    methods: GENERATE,
    thinkingLevels: LOW_TO_HIGH,
    defaultLevel: 'HIGH',
  },
  'gemini-embedding-001': { methods: EMBED, thinkingLevels: [], defaultLevel: null },
  'gemini-embedding-2': { methods: EMBED, thinkingLevels: [], defaultLevel: null },
};

/** Thinking tokens the fake bills per level (thoughtsTokenCount), so tests see thinking cost. */
export const THOUGHT_TOKENS: Readonly<Record<string, number>> = {
  MINIMAL: 0,
  LOW: 64,
  MEDIUM: 256,
  HIGH: 1024,
};

export class Rejection extends Error {
  constructor(
    readonly httpStatus: number,
    readonly status: string,
    message: string,
  ) {
    super(message);
  }
}

const invalid = (message: string) => new Rejection(400, 'INVALID_ARGUMENT', message);

/** The 404 the API answers for a model id it does not serve, or a method the model lacks. */
export function modelRejection(model: string, method: string): Rejection | null {
  const known = FAKE_MODELS[model];
  const action = method === 'streamGenerateContent' ? 'generateContent' : method;
  if (known?.methods.includes(method as never)) return null;
  return new Rejection(
    404,
    'NOT_FOUND',
    `models/${model} is not found for API version v1beta, or is not supported for ${action === 'batchEmbedContents' ? 'embedContent' : action}. Call ListModels to see the list of available models and their supported methods.`,
  );
}

/**
 * Keywords of the responseJsonSchema subset Google documents (December 2026). Written out here on
 * purpose rather than imported from src/ai/gemini/schema-subset.ts: the fake stands for Google's
 * documentation, so a keyword the client wrongly believes supported is refused here.
 */
export const SUPPORTED_SCHEMA_KEYWORDS: ReadonlySet<string> = new Set([
  '$id',
  '$defs',
  '$ref',
  '$anchor',
  'type',
  'format',
  'title',
  'description',
  'enum',
  'items',
  'prefixItems',
  'minItems',
  'maxItems',
  'minimum',
  'maximum',
  'anyOf',
  'oneOf',
  'properties',
  'additionalProperties',
  'required',
  'propertyOrdering',
]);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Every way `schema` leaves the documented subset, as "path: problem": unsupported keywords, an
 * enum without its type or with values other than strings and numbers, $ref with siblings.
 */
export function schemaProblems(schema: unknown, path = '$'): string[] {
  if (!isObject(schema)) return typeof schema === 'boolean' ? [] : [`${path}: not a schema`];
  const problems: string[] = [];
  for (const key of Object.keys(schema))
    if (!SUPPORTED_SCHEMA_KEYWORDS.has(key)) problems.push(`${path}: unsupported keyword "${key}"`);
  if ('$ref' in schema) {
    const siblings = Object.keys(schema).filter((key) => !key.startsWith('$'));
    if (siblings.length > 0) problems.push(`${path}: $ref beside ${siblings.join(', ')}`);
  }
  if ('enum' in schema) {
    const values = schema.enum;
    const type = schema.type;
    if (!Array.isArray(values) || values.length === 0) problems.push(`${path}: empty enum`);
    else if (!values.every((value) => typeof value === 'string' || typeof value === 'number'))
      problems.push(`${path}: enum values must be strings or numbers`);
    if (type === undefined) problems.push(`${path}: enum without type`);
  }
  const walk = (value: unknown, at: string) => {
    problems.push(...schemaProblems(value, at));
  };
  for (const key of ['properties', '$defs'] as const) {
    const map = schema[key];
    if (map === undefined) continue;
    if (!isObject(map)) problems.push(`${path}.${key}: not an object`);
    else for (const [name, sub] of Object.entries(map)) walk(sub, `${path}.${key}.${name}`);
  }
  if (schema.items !== undefined) walk(schema.items, `${path}.items`);
  if (isObject(schema.additionalProperties))
    walk(schema.additionalProperties, `${path}.additionalProperties`);
  for (const key of ['anyOf', 'oneOf', 'prefixItems'] as const) {
    const list = schema[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) problems.push(`${path}.${key}: not an array`);
    else for (const [index, sub] of list.entries()) walk(sub, `${path}.${key}[${index}]`);
  }
  return problems;
}

/** Types Gemini reads inline; "image/jpg", GIF and TIFF are refused. */
export const INLINE_MIME_TYPES: ReadonlySet<string> = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/heic',
  'image/heif',
  'text/plain',
]);

export interface FakeLimits {
  /** Largest request body (default 100 MB, the inline-data limit since January 2026). */
  requestBytes: number;
  /** Largest inline PDF, decoded (default 50 MB). */
  inlinePdfBytes: number;
}

export const REAL_LIMITS: FakeLimits = { requestBytes: 100_000_000, inlinePdfBytes: 50_000_000 };

interface Part {
  text?: string;
  thought?: boolean;
  thoughtSignature?: string;
  inlineData?: { mimeType?: string; data?: string };
  functionCall?: { name?: string };
  functionResponse?: { name?: string };
}
interface Content {
  role?: string;
  parts?: Part[];
}
export interface GenerateBody {
  contents?: Content[];
  tools?: Array<{
    functionDeclarations?: Array<{ name?: string; parametersJsonSchema?: unknown }>;
  }>;
  generationConfig?: {
    responseMimeType?: string;
    responseJsonSchema?: unknown;
    responseSchema?: unknown;
    thinkingConfig?: { thinkingLevel?: string; thinkingBudget?: number };
  };
}

/** The dummy Google documents for history it did not sign (injected or from another model). */
export const SKIP_SIGNATURE = 'skip_thought_signature_validator';

export function missingSignatureMessage(name: string, position: number): string {
  return `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${name}\` , position ${position}. please refer to https://ai.google.dev/gemini-api/docs/thought-signatures`;
}

/** The 400 the real API answers for this generate request, or null when it would accept it. */
export function generateRejection(
  model: FakeModel,
  body: GenerateBody,
  options: { limits: FakeLimits; rawBytes: number; signatures: ReadonlySet<string> },
): Rejection | null {
  if (options.rawBytes > options.limits.requestBytes)
    return invalid(`Request payload size exceeds the limit: ${options.limits.requestBytes} bytes.`);
  const config = body.generationConfig ?? {};
  const thinking = config.thinkingConfig;
  if (thinking?.thinkingLevel !== undefined && thinking.thinkingBudget !== undefined)
    return invalid('thinking_budget and thinking_level are not supported together.');
  const level = thinking?.thinkingLevel?.toUpperCase();
  if (level !== undefined && !model.thinkingLevels.includes(level))
    return invalid(`Thinking level ${level} is not supported for this model.`);
  if (config.responseJsonSchema !== undefined) {
    if (config.responseSchema !== undefined)
      return invalid('responseSchema and responseJsonSchema cannot both be set.');
    if (config.responseMimeType !== 'application/json')
      return invalid('responseJsonSchema requires responseMimeType "application/json".');
    const problems = schemaProblems(config.responseJsonSchema);
    if (problems.length > 0)
      return invalid(`Invalid generation_config.response_json_schema: ${problems.join('; ')}`);
  }
  for (const [toolIndex, tool] of (body.tools ?? []).entries()) {
    for (const [index, declaration] of (tool.functionDeclarations ?? []).entries()) {
      const schema = declaration.parametersJsonSchema;
      if (schema === undefined) continue;
      const where = `tools[${toolIndex}].function_declarations[${index}].parameters_json_schema`;
      const problems = schemaProblems(schema);
      if (!isObject(schema) || schema.type !== 'object')
        problems.push('$: the parameters must be described by an object schema');
      if (problems.length > 0) return invalid(`Invalid ${where}: ${problems.join('; ')}`);
    }
  }
  const contents = body.contents ?? [];
  for (const content of contents) {
    for (const part of content.parts ?? []) {
      if (!part.inlineData) continue;
      const mime = part.inlineData.mimeType ?? '';
      if (!INLINE_MIME_TYPES.has(mime)) return invalid(`Unsupported MIME type: ${mime}`);
      const bytes = Buffer.byteLength(part.inlineData.data ?? '', 'base64');
      if (mime === 'application/pdf' && bytes > options.limits.inlinePdfBytes)
        return invalid(
          `The document has ${bytes} bytes; inline PDFs are limited to ${options.limits.inlinePdfBytes} bytes.`,
        );
    }
  }
  return functionTurnRejection(contents) ?? signatureRejection(contents, options.signatures);
}

/** Each model turn of function calls is answered by exactly as many function responses. */
function functionTurnRejection(contents: readonly Content[]): Rejection | null {
  for (const [index, content] of contents.entries()) {
    const calls = (content.parts ?? []).filter((part) => part.functionCall).length;
    if (content.role !== 'model' || calls === 0) continue;
    const next = contents[index + 1];
    if (next === undefined) continue;
    const responses = (next.parts ?? []).filter((part) => part.functionResponse).length;
    if (responses !== calls)
      return invalid(
        'Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.',
      );
  }
  return null;
}

/**
 * The current turn starts at the last user message with ordinary content (not only function
 * responses); in it, the first functionCall part of every model step must carry the signature
 * the API sent with it. Earlier turns are not checked.
 */
function signatureRejection(
  contents: readonly Content[],
  issued: ReadonlySet<string>,
): Rejection | null {
  let start = 0;
  contents.forEach((content, index) => {
    const parts = content.parts ?? [];
    if (content.role === 'user' && parts.some((part) => !part.functionResponse)) start = index;
  });
  for (let index = start; index < contents.length; index += 1) {
    const content = contents[index];
    if (content?.role !== 'model') continue;
    const first = (content.parts ?? []).find((part) => part.functionCall);
    if (!first) continue;
    const signature = first.thoughtSignature;
    if (signature === undefined)
      return invalid(missingSignatureMessage(first.functionCall?.name ?? '', index + 1));
    if (signature !== SKIP_SIGNATURE && !issued.has(signature))
      return invalid('Corrupted thought signature.');
  }
  return null;
}
