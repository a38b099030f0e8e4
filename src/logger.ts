import { join } from 'node:path';
import type { LoggerOptions, TransportTargetOptions } from 'pino';
import type { Config } from './config.js';

/** Paths pino blanks in every log line: credentials never reach stdout or the log files. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-goog-api-key"]',
  'res.headers["set-cookie"]',
  '*.apiKey',
  '*.api_key',
  '*.password',
  '*.secret',
  '*.token',
  '*.jwtSecret',
  '*.geminiApiKey',
  '*.qdrantApiKey',
  'config.GEMINI_API_KEY',
  'config.JWT_SECRET',
  'config.QDRANT_API_KEY',
];

/** pino-pretty is a development dependency: an image run with a terminal logs JSON instead. */
function canPrettyPrint(): boolean {
  try {
    import.meta.resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

/**
 * JSON to stdout (pretty only on a terminal) and to a daily file under LOG_DIR.
 * Tests pass `LOG_LEVEL=silent` or their own stream instead.
 */
export function loggerOptions(
  config: Config,
  stdoutIsTerminal = process.stdout.isTTY === true,
): LoggerOptions {
  const targets: TransportTargetOptions[] = [
    stdoutIsTerminal && canPrettyPrint()
      ? {
          target: 'pino-pretty',
          level: config.logLevel,
          options: { destination: 1, translateTime: 'SYS:standard' },
        }
      : { target: 'pino/file', level: config.logLevel, options: { destination: 1 } },
  ];
  if (config.logDir) {
    targets.push({
      target: 'pino-roll',
      level: config.logLevel,
      options: {
        file: join(config.logDir, 'api'),
        frequency: 'daily',
        dateFormat: 'yyyy-MM-dd',
        extension: '.log',
        mkdir: true,
        limit: { count: 14 },
      },
    });
  }
  return {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    transport: config.logLevel === 'silent' ? undefined : { targets },
  };
}
