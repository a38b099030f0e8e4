/**
 * Typed errors. Everything a client can see goes through one error handler
 * (src/plugins/error-handler.ts) that turns these into RFC 9457 problem+json.
 */

export interface FieldProblem {
  /** JSON pointer or field name, e.g. "/employee_name" or "policy_file". */
  pointer: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    /** Stable snake_case code clients can switch on. */
    readonly code: string,
    message: string,
    readonly details: {
      errors?: FieldProblem[];
      headers?: Record<string, string>;
      extra?: Record<string, unknown>;
    } = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends AppError {
  constructor(code: string, message: string, errors?: FieldProblem[]) {
    super(400, code, message, errors ? { errors } : {});
  }
}

export class UnauthorizedError extends AppError {
  constructor(code: string, message: string) {
    super(401, code, message, { headers: { 'www-authenticate': 'Bearer' } });
  }
}

export class ForbiddenError extends AppError {
  constructor(code: string, message: string) {
    super(403, code, message);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id?: string) {
    super(404, 'not_found', id ? `${what} ${id} was not found.` : `${what} was not found.`);
  }
}

export class ConflictError extends AppError {
  constructor(code: string, message: string) {
    super(409, code, message);
  }
}

/** 409: a job's claim report exists once the job has ended (succeeded or failed). */
export class JobNotFinishedError extends ConflictError {
  constructor(job: { id: string; state: string }) {
    super(
      'job_not_finished',
      `Job ${job.id} is ${job.state}: its report exists once it ends. Follow GET /api/v1/jobs/${job.id}/events and ask again after the done event.`,
    );
  }
}

/** 412: the If-Match the client sent names a version that is no longer the current one. */
export class PreconditionFailedError extends AppError {
  constructor(code: string, message: string, currentEtag: string) {
    super(412, code, message, { headers: { etag: currentEtag } });
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message: string, extra?: Record<string, unknown>) {
    super(413, 'payload_too_large', message, extra ? { extra } : {});
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(code: string, message: string) {
    super(415, code, message);
  }
}

export class UnprocessableError extends AppError {
  constructor(code: string, message: string, errors?: FieldProblem[]) {
    super(422, code, message, errors ? { errors } : {});
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(code: string, message: string, retryAfterSeconds?: number) {
    super(
      503,
      code,
      message,
      retryAfterSeconds ? { headers: { 'retry-after': String(retryAfterSeconds) } } : {},
    );
  }
}

/**
 * 408: the request body did not arrive in time (too slow, or stalled). The connection is closed
 * after the answer: the rest of the body is never read.
 */
export class RequestTimeoutError extends AppError {
  constructor(message: string, extra?: Record<string, unknown>) {
    super(408, 'body_timeout', message, {
      headers: { connection: 'close' },
      ...(extra ? { extra } : {}),
    });
  }
}
