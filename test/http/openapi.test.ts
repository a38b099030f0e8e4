import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import t from 'tap';
import { OPENAPI_PATH, renderOpenApi } from '../../scripts/openapi-document.js';
import { BEARER_SCHEME, OPENAPI_TAGS } from '../../src/plugins/openapi.js';
import { buildTestApp } from '../helpers/app.js';

type Json = Record<string, any>;

/** Error statuses that deliberately answer with a body other than a Problem (by operationId). */
const NON_PROBLEM_ERRORS: Record<string, string[]> = {
  health: ['503'], // the same Health body, with the dependency that is down
  healthReady: ['503'],
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

function operations(doc: Json): Array<{ where: string; op: Json }> {
  const out: Array<{ where: string; op: Json }> = [];
  for (const [path, item] of Object.entries(doc.paths as Json)) {
    for (const method of METHODS)
      if (item[method]) out.push({ where: `${method.toUpperCase()} ${path}`, op: item[method] });
  }
  return out;
}

/** Every value of `key` anywhere under `node`. */
function valuesOf(node: unknown, key: string, found: unknown[] = []): unknown[] {
  if (Array.isArray(node)) {
    for (const v of node) valuesOf(v, key, found);
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === key) found.push(v);
      valuesOf(v, key, found);
    }
  }
  return found;
}

t.test('openapi/openapi.json is the document the code generates', async (t) => {
  const current = await renderOpenApi();
  let checkedIn = '';
  try {
    checkedIn = readFileSync(OPENAPI_PATH, 'utf8');
  } catch {
    // missing: reported below
  }
  t.ok(
    checkedIn === current,
    'openapi/openapi.json is out of date: run `npm run openapi` and commit the result',
  );
});

t.test('the served document', async (t) => {
  const app = await buildTestApp(t);
  const served = await app.inject({ method: 'GET', url: '/docs/json' });
  t.equal(served.statusCode, 200);
  const doc = served.json() as Json;
  t.same(
    doc,
    JSON.parse(JSON.stringify(app.swagger())),
    '/docs/json serves the generated document',
  );

  t.test('is valid OpenAPI 3.0.3 for a standard validator', async (t) => {
    t.equal(doc.openapi, '3.0.3');
    await t.resolves(SwaggerParser.validate(structuredClone(doc) as never));
  });

  t.test('names every component after its $id and declares the bearer scheme', async (t) => {
    const names = Object.keys(doc.components.schemas);
    t.ok(names.includes('Problem') && names.includes('Money'));
    t.same(
      names.filter((n) => /^def-\d+$/.test(n)),
      [],
      'no def-N component',
    );
    t.same(
      valuesOf(doc, '$ref').filter((ref) => /def-\d+$/.test(String(ref))),
      [],
      'no reference to a def-N component',
    );
    t.match(doc.components.securitySchemes[BEARER_SCHEME], { type: 'http', scheme: 'bearer' });
  });

  t.test('has no oneOf (dart-dio generates unusable code for it)', async (t) => {
    t.same(valuesOf(doc, 'oneOf'), []);
  });

  t.test(
    'every operation has an operationId, a declared tag, a description and problem responses',
    async (t) => {
      const ops = operations(doc);
      t.ok(ops.length > 0);
      const declared = new Set<string>(OPENAPI_TAGS.map((tag) => tag.name));
      const ids = new Set<string>();
      for (const { where, op } of ops) {
        t.match(op.operationId, /^[a-z][A-Za-z0-9]+$/, `${where}: camelCase operationId`);
        t.notOk(ids.has(op.operationId), `${where}: operationId ${op.operationId} is unique`);
        ids.add(op.operationId);
        t.ok(Array.isArray(op.tags) && op.tags.length > 0, `${where}: has a tag`);
        for (const tag of op.tags ?? [])
          t.ok(
            declared.has(tag),
            `${where}: tag "${tag}" is declared in OPENAPI_TAGS (src/plugins/openapi.ts)`,
          );
        t.ok(
          typeof op.description === 'string' && op.description.length > 10,
          `${where}: has a description`,
        );
        const errors = Object.keys(op.responses).filter((status) => /^[45]\d\d$/.test(status));
        t.ok(
          errors.some((s) => s.startsWith('5')),
          `${where}: declares 5xx responses`,
        );
        // Health checks take no input and are exempt from auth and the rate limit: no 4xx is theirs.
        if (!where.includes('/api/v1/health'))
          t.ok(
            errors.some((s) => s.startsWith('4')),
            `${where}: declares 4xx responses`,
          );
        for (const status of errors) {
          if (NON_PROBLEM_ERRORS[op.operationId]?.includes(status)) continue;
          const content = op.responses[status].content ?? {};
          t.same(
            Object.keys(content),
            ['application/problem+json'],
            `${where} ${status}: application/problem+json`,
          );
          t.equal(
            content['application/problem+json']?.schema?.$ref,
            '#/components/schemas/Problem',
            `${where} ${status}: references Problem`,
          );
          const headers = Object.keys(op.responses[status].headers ?? {});
          t.ok(headers.includes('X-Request-ID'), `${where} ${status}: declares X-Request-ID`);
          if (status === '429' || status === '503')
            t.ok(headers.includes('Retry-After'), `${where} ${status}: declares Retry-After`);
        }
      }
    },
  );

  t.test('lists only the tags in use, each with a description', async (t) => {
    for (const tag of doc.tags) t.ok(tag.description, `tag ${tag.name} has a description`);
    const used = new Set(operations(doc).flatMap(({ op }) => op.tags as string[]));
    t.same(doc.tags.map((tag: Json) => tag.name).sort(), [...used].sort());
  });

  t.test('unions of string literals are plain enums', async (t) => {
    t.match(doc.components.schemas.Health.properties.status, {
      type: 'string',
      enum: ['ok', 'degraded', 'down'],
    });
    t.notOk(doc.components.schemas.Health.properties.status.anyOf);
  });
});

t.test('Swagger UI is served at /docs with a CSP that lets it load', async (t) => {
  const app = await buildTestApp(t);
  const page = await app.inject({ method: 'GET', url: '/docs/' });
  t.equal(page.statusCode, 200);
  t.match(page.headers['content-type'], /text\/html/);
  t.match(page.body, /swagger-ui-bundle\.js/);
  const csp = String(page.headers['content-security-policy']);
  t.match(csp, /script-src 'self'/);
  t.match(csp, /connect-src 'self'/, 'the UI may fetch the document');
  t.notMatch(csp, /unsafe-eval/);
  const bundle = await app.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js' });
  t.equal(bundle.statusCode, 200);
  t.notOk(
    operations(app.swagger() as Json).some(
      ({ where }) => where.includes('/docs') || where.includes('/metrics'),
    ),
    'docs and metrics routes are not API operations',
  );
});
