/**
 * The per-request logger (request.log, reply.log), created on first use.
 *
 * Fastify gives every request a child of the app's logger that binds the request id, and pino
 * builds that child eagerly: with the redact paths of logger.ts (`*.apiKey` and the like) it runs
 * the redactor over the bindings, about 2.5 µs per request. At LOG_LEVEL=warn and above most requests write no line at all, so this
 * logger creates the real pino child only when a line is written at an enabled level, or when
 * child() or the level setter is used. (At info every request writes Fastify's two request lines
 * and gets its child, as before.) Every line goes through pino's own child with the same
 * bindings: the same request id, redaction and output.
 */
import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';
import type { Bindings, ChildLoggerOptions } from 'pino';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

interface LevelAware {
  isLevelEnabled?(level: string): boolean;
}

export class LazyRequestLogger implements FastifyBaseLogger {
  #real: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly childBindings: Bindings,
  ) {}

  /** The pino child; created once, on first need. */
  get real(): FastifyBaseLogger {
    this.#real ??= this.parent.child(this.childBindings);
    return this.#real;
  }

  /** Whether a line at `level` would be written: the parent decides until the child exists. */
  private writes(level: Level): boolean {
    if (this.#real !== undefined) return true;
    const check = (this.parent as LevelAware).isLevelEnabled;
    return check === undefined || check.call(this.parent, level);
  }

  get level(): string {
    return (this.#real ?? this.parent).level;
  }

  set level(level: string) {
    this.real.level = level;
  }

  // Methods on the prototype, not arrow-function fields: nothing but the object itself is
  // allocated per request.
  fatal(...args: unknown[]): void {
    this.write('fatal', args);
  }

  error(...args: unknown[]): void {
    this.write('error', args);
  }

  warn(...args: unknown[]): void {
    this.write('warn', args);
  }

  info(...args: unknown[]): void {
    this.write('info', args);
  }

  debug(...args: unknown[]): void {
    this.write('debug', args);
  }

  trace(...args: unknown[]): void {
    this.write('trace', args);
  }

  silent(): void {}

  private write(level: Level, args: unknown[]): void {
    if (!this.writes(level)) return;
    const real = this.real;
    (real[level] as (...a: unknown[]) => void).apply(real, args);
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.real.child(bindings, options);
  }
}

/**
 * Fastify's `childLoggerFactory`. A route with its own log level or serializers gets pino's child
 * at once, as Fastify would create it.
 */
export const lazyChildLoggerFactory: NonNullable<FastifyServerOptions['childLoggerFactory']> = (
  logger,
  bindings,
  childOptions,
) => {
  if (childOptions.level !== undefined || childOptions.serializers !== undefined)
    return logger.child(bindings, childOptions);
  return new LazyRequestLogger(logger, bindings);
};
