/**
 * Schemas compiled once per process, not once per app. Compiling every route's response schema
 * (fast-json-stringify) and request schema (Ajv) is most of what building the app costs, about
 * 2 s of CPU on the documented machine; a process that builds the app more than once (the test
 * suites build hundreds; the CLI and a worker build their own) compiled the same schemas again.
 *
 * A compiled function depends only on its schema, the shared schemas and the options, so it is
 * reused when all three serialise to the same JSON. Both compilers are Fastify's defaults.
 */
import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>;
type Serialize = (data: unknown) => string;

/**
 * Ajv's factory keeps one compiler per set of shared schemas and options, and Ajv keeps what it
 * compiled by schema: one factory for the process shares both between apps.
 */
export const buildSharedValidator = AjvCompiler() as NonNullable<
  CompilersFactory['buildValidator']
>;

const compileFresh = SerializerSelector();
/** Shared schemas and options, as JSON → route schema, as JSON → serializer. */
const compiled = new Map<string, Map<string, Serialize>>();
/** Fastify asks once per plugin context, with the same shared-schema objects. */
const contextKeys = new WeakMap<object, string>();

function contextKey(externalSchemas: unknown, options: unknown): string {
  const schemas = (externalSchemas ?? {}) as object;
  let key = contextKeys.get(schemas);
  if (key === undefined) {
    key = JSON.stringify(schemas);
    contextKeys.set(schemas, key);
  }
  return key + JSON.stringify(options ?? null);
}

export const buildCachedSerializer: NonNullable<CompilersFactory['buildSerializer']> = (
  externalSchemas,
  options,
) => {
  const compile = compileFresh(externalSchemas, options);
  const context = contextKey(externalSchemas, options);
  let serializers = compiled.get(context);
  if (!serializers) {
    serializers = new Map();
    compiled.set(context, serializers);
  }
  const forContext = serializers;
  return (route) => {
    const key = JSON.stringify(route.schema);
    let serialize = forContext.get(key);
    if (!serialize) {
      serialize = compile(route) as Serialize;
      forContext.set(key, serialize);
    }
    return serialize;
  };
};
