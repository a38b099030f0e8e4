import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import { AppError, type FieldProblem } from '../errors.js';
import { REQUEST_ID_HEADER } from './request-id.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  request_id: string;
  errors?: FieldProblem[];
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Problem types are URIs that identify the code; the README lists every code. */
export const problemType = (code: string) => `tag:invoice-reimbursement-api,2026:problem:${code}`;

/** A problem for whatever has a request id and names the occurrence: a request, or a bare socket. */
export function problemOf(
  at: { instance: string; requestId: string },
  status: number,
  code: string,
  detail: string,
  errors?: FieldProblem[],
  extra?: Record<string, unknown>,
): Problem {
  return {
    ...extra,
    type: problemType(code),
    title: TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error'),
    status,
    detail,
    instance: at.instance,
    code,
    request_id: at.requestId,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

export function buildProblem(
  request: FastifyRequest,
  status: number,
  code: string,
  detail: string,
  errors?: FieldProblem[],
  extra?: Record<string, unknown>,
): Problem {
  return problemOf(
    { instance: request.url.split('?')[0] ?? request.url, requestId: request.id },
    status,
    code,
    detail,
    errors,
    extra,
  );
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

/** Fastify/Ajv validation errors → field pointers clients can map to form fields. */
function validationProblems(error: FastifyError): FieldProblem[] {
  return (error.validation ?? []).map((v) => {
    const params = v.params as
      | { missingProperty?: string; additionalProperty?: string }
      | undefined;
    // The name Ajv reports beside the path: a required one missing, or one the schema lacks.
    const named = params?.missingProperty ?? params?.additionalProperty;
    const base = v.instancePath || '';
    const pointer = named ? `${base}/${named}` : base || '/';
    const where =
      error.validationContext && error.validationContext !== 'body'
        ? `${error.validationContext}`
        : '';
    const message = params?.additionalProperty
      ? unknownName(error.validationContext, base)
      : (v.message ?? 'is invalid');
    return { pointer: where ? `${where}:${pointer}` : pointer, message };
  });
}

/** What a name the schema does not have is, in the words of where it was sent. */
function unknownName(context: string | undefined, base: string): string {
  if (context === 'querystring' && base === '') return 'is not a query parameter of this endpoint';
  if (context === 'headers') return 'is not a header this endpoint takes';
  return 'is not a field this object has';
}

/** Maps Fastify's and plugins' own error codes to ours. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_REQ_FILE_TOO_LARGE: 'payload_too_large',
  FST_FILES_LIMIT: 'too_many_files',
  FST_PARTS_LIMIT: 'too_many_parts',
  FST_FIELDS_LIMIT: 'too_many_fields',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_body',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_BAD_URL: 'bad_url',
  FST_ERR_MAX_PARAM_LENGTH: 'parameter_too_long',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'not_multipart',
};

export function problemFromError(
  error: FastifyError | AppError | Error,
  request: FastifyRequest,
): { problem: Problem; headers: Record<string, string> } {
  if (error instanceof AppError) {
    return {
      problem: buildProblem(
        request,
        error.statusCode,
        error.code,
        error.message,
        error.details.errors,
        error.details.extra,
      ),
      headers: error.details.headers ?? {},
    };
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const problems = validationProblems(fastifyError);
    const unknown = (fastifyError.validation ?? []).flatMap((v) => {
      const name = (v.params as { additionalProperty?: string } | undefined)?.additionalProperty;
      return name === undefined ? [] : [name];
    });
    // Names sent that the endpoint lacks are the likeliest typo: say them in the detail too.
    const detail =
      unknown.length > 0
        ? `The request is not valid: unknown ${unknown.join(', ')}; see errors.`
        : 'The request is not valid: see errors.';
    return {
      problem: buildProblem(request, 400, 'validation_failed', detail, problems),
      headers: {},
    };
  }
  const status = fastifyError.statusCode ?? 500;
  if (status >= 500) {
    // Never leak internals: the log (with the same request id) has the stack.
    return {
      problem: buildProblem(
        request,
        status,
        'internal_error',
        'Something went wrong on our side. Quote the request id when reporting it.',
      ),
      headers: {},
    };
  }
  const code =
    (fastifyError.code && FASTIFY_CODES[fastifyError.code]) ??
    (status === 429 ? 'rate_limited' : 'bad_request');
  return { problem: buildProblem(request, status, code, fastifyError.message), headers: {} };
}

/** Errors a request's own streams raise when the peer resets or abandons the connection. */
const CONNECTION_GONE = new Set([
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ERR_STREAM_DESTROYED',
]);

/**
 * True when the error is the client leaving: the socket is gone and the error is what a stream
 * (or work aborted with it) raises then. A real failure that happens to follow a drop still has
 * another code and is logged as an error.
 */
function clientWentAway(error: Error, request: FastifyRequest): boolean {
  const socketGone = request.raw.destroyed || request.raw.socket?.destroyed === true;
  if (!socketGone) return false;
  const code = (error as NodeJS.ErrnoException).code;
  return (
    (code !== undefined && CONNECTION_GONE.has(code)) ||
    error.name === 'AbortError' ||
    error.message === 'aborted'
  );
}

/** Logs and answers an error as a problem: the error handler's answer, shared with frameworkErrors. */
function answerError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const { problem, headers } = problemFromError(error, request);
  if (clientWentAway(error, request))
    // Nothing is wrong on our side, and anyone can drop connections: at error level they would
    // flood the log that operators are paged from.
    request.log.info(
      { code: (error as NodeJS.ErrnoException).code ?? error.name },
      'the client closed the connection before the answer',
    );
  else if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: problem.code, status: problem.status }, problem.detail);
  reply.headers(headers);
  return sendProblem(reply, problem);
}

/**
 * Fastify's `frameworkErrors`: a URL it cannot decode or a path parameter over its length limit
 * is answered before any hook runs, so the request id header is set here.
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  reply.header(REQUEST_ID_HEADER, request.id);
  return answerError(error, request, reply);
}

/** One error handler for the whole API: every 4xx/5xx is RFC 9457 problem+json with the request id. */
export default fp(
  async (app: FastifyInstance) => {
    // A router of our own that knows every route, so an unknown method on a known path is a 405.
    const routes = FindMyWay();
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) {
        if (method === 'HEAD' || method === 'OPTIONS') continue;
        try {
          routes.on(method as HTTPMethod, route.url, () => undefined);
        } catch {
          // Already known (HEAD/GET twins and prefix-trailing-slash duplicates).
        }
      }
    });

    app.setErrorHandler(answerError);

    // Unknown paths count against the caller's rate limit too, or a scanner probes for free. The
    // limiter registers after this plugin (its 429s go through the handler above), so the first
    // miss looks it up; an app without it (some tests) answers unlimited.
    let limitMisses:
      | ((request: FastifyRequest, reply: FastifyReply) => Promise<unknown>)
      | null
      | undefined;
    const countMiss = async (request: FastifyRequest, reply: FastifyReply) => {
      limitMisses ??= app.hasDecorator('rateLimit') ? app.rateLimit() : null;
      if (limitMisses) await limitMisses(request, reply);
    };

    app.setNotFoundHandler({ preValidation: countMiss }, (request, reply) => {
      const path = request.url.split('?')[0] ?? '/';
      const allowed = (['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const).filter(
        (m) => routes.find(m, path) !== null,
      );
      // A wildcard route (the Swagger UI's static files) matches any path under it: when it takes
      // this very method, the file is simply missing.
      const method = request.method === 'HEAD' ? 'GET' : request.method;
      if (allowed.length > 0 && !allowed.some((m) => m === method)) {
        reply.header('allow', allowed.join(', '));
        return sendProblem(
          reply,
          buildProblem(
            request,
            405,
            'method_not_allowed',
            `${request.method} is not allowed on ${path}; use ${allowed.join(', ')}.`,
          ),
        );
      }
      return sendProblem(
        reply,
        buildProblem(request, 404, 'route_not_found', `No route ${request.method} ${path}.`),
      );
    });
  },
  { name: 'error-handler' },
);
