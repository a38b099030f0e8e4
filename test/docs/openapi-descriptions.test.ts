/**
 * The checked-in OpenAPI document is good enough to integrate from without reading the code:
 * every operation, parameter and schema property is described, every request body and every JSON
 * success response carries an example a client generator and Swagger UI can show, and every
 * operation declares the problem responses it can answer with.
 *
 * test/http/openapi.test.ts checks that the file is current and valid; this test checks its quality.
 * A failure names the JSON path of what is missing: add a `description` or `examples: [...]` to the
 * TypeBox schema (src/schemas/**, the route's `schema` block), then `npm run openapi`.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import t from 'tap';
import { OPENAPI_PATH } from '../../scripts/openapi-document.js';

type Json = Record<string, any>;

// ajv-formats is CommonJS: its default export arrives wrapped under NodeNext.
const addFormats = ((addFormatsPlugin as unknown as { default?: unknown }).default ??
  addFormatsPlugin) as (ajv: Ajv) => Ajv;

const doc = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as Json;
const components = (doc.components?.schemas ?? {}) as Record<string, Json>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const COMPONENT_PREFIX = '#/components/schemas/';

interface Operation {
  where: string;
  path: string;
  method: string;
  op: Json;
}

function operations(): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
    for (const method of METHODS)
      if (item[method])
        out.push({ where: `${method.toUpperCase()} ${path}`, path, method, op: item[method] });
  }
  return out;
}

function component(ref: string): Json {
  if (!ref.startsWith(COMPONENT_PREFIX)) throw new Error(`unexpected $ref ${ref}`);
  const found = components[ref.slice(COMPONENT_PREFIX.length)];
  if (!found) throw new Error(`dangling $ref ${ref}`);
  return found;
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Every property of every schema under `schema` that has no description, as JSON paths. A property
 * that is only a `$ref` is described by its component (OpenAPI 3.0 ignores siblings of `$ref`), so
 * it counts as described when the component is. References are not followed: components are
 * walked on their own.
 */
function undescribed(schema: unknown, at: string, missing: string[] = []): string[] {
  if (!isObject(schema)) return missing;
  if (isObject(schema.properties)) {
    for (const [name, property] of Object.entries(schema.properties)) {
      const where = `${at}.properties.${name}`;
      if (!isObject(property)) continue;
      const described =
        typeof property.description === 'string' && property.description.trim().length > 0;
      const refDescribed =
        typeof property.$ref === 'string' &&
        typeof component(property.$ref).description === 'string';
      if (!described && !refDescribed) missing.push(where);
      undescribed(property, where, missing);
    }
  }
  if (isObject(schema.items)) undescribed(schema.items, `${at}.items`, missing);
  if (isObject(schema.additionalProperties))
    undescribed(schema.additionalProperties, `${at}.additionalProperties`, missing);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (Array.isArray(schema[key]))
      schema[key].forEach((member: unknown, i: number) => {
        undescribed(member, `${at}.${key}[${i}]`, missing);
      });
  }
  return missing;
}

/** Whether a media type object shows an example: its own `example`/`examples`, or its schema's (through a $ref). */
function hasExample(media: Json): boolean {
  if (
    media.example !== undefined ||
    (isObject(media.examples) && Object.keys(media.examples).length > 0)
  )
    return true;
  let schema = media.schema as Json | undefined;
  if (isObject(schema) && typeof schema.$ref === 'string') schema = component(schema.$ref);
  return isObject(schema) && schema.example !== undefined;
}

/** Examples in OpenAPI 3.0 are `example` (one value); a JSON Schema `examples` array is not 3.0. */
function examplesArrays(node: unknown, at: string, found: string[] = []): string[] {
  if (Array.isArray(node)) {
    node.forEach((v, i) => {
      examplesArrays(v, `${at}[${i}]`, found);
    });
  } else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      // A media type's `examples` is a map of Example Objects, which 3.0 allows; an array is not.
      if (key === 'examples' && Array.isArray(value)) found.push(`${at}.examples`);
      examplesArrays(value, `${at}.${key}`, found);
    }
  }
  return found;
}

t.test(
  'the document is OpenAPI 3.0.3 and uses 3.0 `example`, never JSON Schema `examples` arrays',
  async (t) => {
    t.equal(doc.openapi, '3.0.3');
    t.same(examplesArrays(doc, '$'), [], 'no `examples` array anywhere');
    t.ok(
      typeof doc.info?.description === 'string' && doc.info.description.length > 20,
      'info has a description',
    );
  },
);

t.test('every operation has a summary and a description', async (t) => {
  const ops = operations();
  t.ok(ops.length >= 19, `${ops.length} operations`);
  for (const { where, op } of ops) {
    t.ok(typeof op.summary === 'string' && op.summary.length > 3, `${where}: summary`);
    t.ok(typeof op.description === 'string' && op.description.length > 20, `${where}: description`);
  }
});

t.test('every parameter is described, and so is every property of its schema', async (t) => {
  for (const { where, op } of operations()) {
    for (const parameter of (op.parameters ?? []) as Json[]) {
      t.ok(
        typeof parameter.description === 'string' && parameter.description.length > 3,
        `${where}: ${parameter.in} parameter ${parameter.name} has a description`,
      );
      t.same(
        undescribed(parameter.schema, `${where} ${parameter.name}`),
        [],
        `${where}: ${parameter.name} schema properties are described`,
      );
    }
  }
});

t.test('every component schema and every property in it is described', async (t) => {
  for (const [name, schema] of Object.entries(components)) {
    t.ok(
      typeof schema.description === 'string' && schema.description.length > 3,
      `component ${name} has a description`,
    );
    t.same(
      undescribed(schema, `components.schemas.${name}`),
      [],
      `component ${name}: every property is described`,
    );
  }
});

t.test('every inline request and response schema property is described', async (t) => {
  for (const { where, op } of operations()) {
    for (const [type, media] of Object.entries(
      (op.requestBody?.content ?? {}) as Record<string, Json>,
    )) {
      t.same(
        undescribed(media.schema, `${where} requestBody ${type}`),
        [],
        `${where}: request body (${type}) properties are described`,
      );
    }
    for (const [status, response] of Object.entries(op.responses as Record<string, Json>)) {
      t.ok(
        typeof response.description === 'string' && response.description.length > 3,
        `${where} ${status}: response has a description`,
      );
      for (const [type, media] of Object.entries(
        (response.content ?? {}) as Record<string, Json>,
      )) {
        t.same(
          undescribed(media.schema, `${where} ${status} ${type}`),
          [],
          `${where} ${status} (${type}): properties are described`,
        );
      }
    }
  }
});

t.test(
  'every request body and every success response has an example, whatever its media type',
  async (t) => {
    for (const { where, op } of operations()) {
      for (const [type, media] of Object.entries(
        (op.requestBody?.content ?? {}) as Record<string, Json>,
      )) {
        t.ok(hasExample(media), `${where}: request body (${type}) has an example`);
      }
      for (const [status, response] of Object.entries(op.responses as Record<string, Json>)) {
        if (!/^2\d\d$/.test(status)) continue;
        for (const [type, media] of Object.entries(
          (response.content ?? {}) as Record<string, Json>,
        )) {
          t.ok(hasExample(media), `${where} ${status}: ${type} response has an example`);
        }
      }
    }
  },
);

t.test('the multipart uploads document their form fields', async (t) => {
  const uploads = operations().filter(({ op }) =>
    ['createJob', 'analyzeInvoices', 'analyzeInvoicesStream'].includes(op.operationId),
  );
  t.equal(uploads.length, 3);
  for (const { where, op } of uploads) {
    const form = op.requestBody?.content?.['multipart/form-data']?.schema as Json | undefined;
    t.ok(form, `${where}: has a multipart/form-data request body`);
    if (!form) continue;
    t.same(
      [...(form.required ?? [])].sort(),
      ['employee_name'],
      `${where}: required fields (the policy may be a managed one)`,
    );
    for (const field of [
      'employee_name',
      'claim_date',
      'force',
      'policy_file',
      'policy_id',
      'policy_version',
      'invoices_zip',
      'invoice_files',
    ]) {
      t.ok(form.properties?.[field], `${where}: field ${field}`);
    }
    t.match(
      form.properties?.policy_file,
      { type: 'string', format: 'binary' },
      `${where}: policy_file is a file`,
    );
    t.match(
      form.properties?.invoices_zip,
      { type: 'array', items: { type: 'string', format: 'binary' } },
      `${where}: invoices_zip is a list of files`,
    );
  }
});

t.test('every operation declares the problems it can answer with', async (t) => {
  for (const { where, op } of operations()) {
    const statuses = Object.keys(op.responses);
    const problems = statuses.filter(
      (s) => /^[45]\d\d$/.test(s) && op.responses[s].content?.['application/problem+json'],
    );
    t.ok(problems.includes('500'), `${where}: 500 (any route can fail)`);
    // Health checks are exempt from the rate limit (probes must never be refused); every other route is not.
    const rateLimited = !where.includes('/api/v1/health');
    t.equal(
      problems.includes('429'),
      rateLimited,
      `${where}: ${rateLimited ? '429 (rate-limited)' : 'no 429 (exempt from the rate limit)'}`,
    );
    if (op.security?.length)
      t.ok(
        problems.includes('401') && problems.includes('403'),
        `${where}: 401 and 403 (a protected route)`,
      );
    const validated =
      (op.parameters ?? []).some((p: Json) => p.in === 'query') || op.requestBody !== undefined;
    if (validated) t.ok(problems.includes('400'), `${where}: 400 (it validates a query or a body)`);
    if (/\{[a-z_]+\}/.test(where))
      t.ok(problems.includes('404'), `${where}: 404 (it reads something by id)`);
    if (op.requestBody)
      t.ok(
        problems.includes('413') && problems.includes('415'),
        `${where}: 413 and 415 (it reads a body)`,
      );
    // Overload shedding (src/plugins/under-pressure.ts) spares only the health routes and /metrics.
    if (!op.tags?.includes('health'))
      t.ok(
        statuses.includes('503'),
        `${where}: 503 (overloaded, shutting down or identity provider down)`,
      );
  }
});

/** OpenAPI 3.0 `nullable: true` as JSON Schema: the schema, or null. */
function jsonSchemaOf(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(jsonSchemaOf);
  if (!isObject(node)) return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) out[key] = jsonSchemaOf(value);
  if (out.nullable !== true) return out;
  const { nullable: _nullable, description, ...rest } = out;
  return { ...(description === undefined ? {} : { description }), anyOf: [rest, { type: 'null' }] };
}

t.test('every example is valid against the schema it illustrates', async (t) => {
  // OpenAPI 3.0 schema objects are JSON Schema plus `nullable` ("a true value adds null to the
  // allowed values", also beside `enum` and `allOf`), written here as JSON Schema for Ajv.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema(jsonSchemaOf(doc) as object, 'openapi.json');
  const rebase = (schema: unknown): unknown =>
    JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/components/'));
  const check = (schema: unknown, example: unknown, where: string) => {
    const validate = ajv.compile(rebase(jsonSchemaOf(schema)) as object);
    t.ok(
      validate(example),
      `${where}: the example is valid${validate.errors ? ` (${ajv.errorsText(validate.errors)})` : ''}`,
    );
  };
  let checked = 0;
  const walk = (schema: unknown, where: string) => {
    if (Array.isArray(schema)) {
      schema.forEach((s, i) => {
        walk(s, `${where}[${i}]`);
      });
      return;
    }
    if (!isObject(schema)) return;
    if (
      schema.example !== undefined &&
      (schema.type !== undefined || schema.properties !== undefined)
    ) {
      const { example, ...rest } = schema;
      check(rest, example, where);
      checked += 1;
    }
    for (const [key, value] of Object.entries(schema))
      if (key !== 'example') walk(value, `${where}.${key}`);
  };
  for (const [name, schema] of Object.entries(components))
    walk(schema, `components.schemas.${name}`);
  for (const { where, op } of operations()) {
    const media = [
      ...Object.entries((op.requestBody?.content ?? {}) as Record<string, Json>).map(
        ([type, m]) => [`${where} requestBody ${type}`, m] as const,
      ),
      ...Object.entries(op.responses as Record<string, Json>).flatMap(([status, r]) =>
        Object.entries((r.content ?? {}) as Record<string, Json>).map(
          ([type, m]) => [`${where} ${status} ${type}`, m] as const,
        ),
      ),
    ];
    for (const [at, m] of media) {
      walk(m.schema, `${at} schema`);
      if (m.example !== undefined) {
        check(m.schema, m.example, at);
        checked += 1;
      }
    }
  }
  t.ok(checked >= 20, `${checked} examples checked`);
});
