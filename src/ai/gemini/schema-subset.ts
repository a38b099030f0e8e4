/**
 * Gemini reads only part of JSON Schema. GenerationConfig.responseJsonSchema documents the subset
 * (and function declarations' parametersJsonSchema are assumed to share it): anything else is at
 * best ignored, so a constraint we rely on would silently not hold. Every schema we send passes
 * through forGemini(): unsupported keywords are dropped (the constraints they carried are said in
 * the description instead, and enforced on our side after the answer), and enums get their type,
 * which TypeBox's Type.Enum leaves out.
 */

/** The keywords Google documents for responseJsonSchema (December 2026), plus propertyOrdering. */
export const GEMINI_SCHEMA_KEYWORDS: ReadonlySet<string> = new Set([
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

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What a dropped constraint meant, said to the model in words. */
function constraintWords(schema: Json): string[] {
  const words: string[] = [];
  if (typeof schema.minLength === 'number' && schema.minLength > 0)
    words.push(
      schema.minLength === 1 ? 'Never empty.' : `At least ${schema.minLength} characters.`,
    );
  if (typeof schema.maxLength === 'number') words.push(`At most ${schema.maxLength} characters.`);
  if (typeof schema.pattern === 'string') words.push(`Matches the pattern ${schema.pattern}.`);
  if (typeof schema.exclusiveMinimum === 'number')
    words.push(`Greater than ${schema.exclusiveMinimum}.`);
  if (typeof schema.exclusiveMaximum === 'number')
    words.push(`Less than ${schema.exclusiveMaximum}.`);
  if (typeof schema.multipleOf === 'number') words.push(`A multiple of ${schema.multipleOf}.`);
  if (schema.uniqueItems === true) words.push('No value twice.');
  return words;
}

/** The JSON type of an enum's values: "string", "integer" or "number" (Gemini takes no others). */
function enumType(values: unknown[]): string | null {
  if (values.every((value) => typeof value === 'string')) return 'string';
  if (values.every((value) => Number.isInteger(value))) return 'integer';
  if (values.every((value) => typeof value === 'number')) return 'number';
  return null;
}

function convert(schema: unknown): unknown {
  if (!isObject(schema)) return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' || key === '$defs') {
      if (isObject(value))
        out[key] = Object.fromEntries(
          Object.entries(value).map(([name, sub]) => [name, convert(sub)]),
        );
    } else if (key === 'items' || key === 'additionalProperties') {
      out[key] = convert(value);
    } else if (key === 'anyOf' || key === 'oneOf' || key === 'prefixItems') {
      if (Array.isArray(value)) out[key] = value.map(convert);
    } else if (key === 'const') {
      out.enum = [value];
    } else if (GEMINI_SCHEMA_KEYWORDS.has(key)) {
      out[key] = value;
    }
  }
  if (Array.isArray(out.enum) && out.type === undefined) {
    const type = enumType(out.enum);
    if (type) out.type = type;
  }
  const words = constraintWords(schema);
  if (words.length > 0)
    out.description = [out.description, ...words]
      .filter((part) => typeof part === 'string')
      .join(' ');
  return out;
}

/** `schema` in the subset Gemini documents, meaning kept in words where a keyword had to go. */
export function forGemini(schema: Record<string, unknown>): Record<string, unknown> {
  return convert(schema) as Record<string, unknown>;
}
