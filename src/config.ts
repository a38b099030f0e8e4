/**
 * Every environment variable the service reads, typed and validated at start.
 * One declarative table drives parsing, the README configuration table and .env.production, so
 * documentation cannot drift from the code.
 */

import {
  DEFAULT_EMBEDDING_MODEL,
  DEFAULT_GEMINI_MODEL,
  type GeminiModels,
  LIGHT_GEMINI_MODEL,
} from './ai/gemini/models.js';

export type Kind = 'string' | 'integer' | 'boolean' | 'url' | 'list' | 'enum';

export interface Setting {
  env: string;
  kind: Kind;
  description: string;
  default?: string;
  /** For enum settings. */
  values?: readonly string[];
  /** Minimum for integers. */
  min?: number;
  /** Maximum for integers. */
  max?: number;
  /** Why the range is what it is, for the message of a value outside it. */
  rangeReason?: string;
  /** Never logged or echoed. */
  secret?: boolean;
  /** An empty value is kept (it means "off") instead of falling back to the default. */
  emptyDisables?: boolean;
}

const setting = <const S extends Setting>(s: S): S => s;

export const SETTINGS = {
  nodeEnv: setting({
    env: 'NODE_ENV',
    kind: 'enum',
    values: ['development', 'production', 'test'],
    default: 'development',
    description: 'Runtime environment; `production` refuses unsafe settings.',
  }),
  host: setting({
    env: 'HOST',
    kind: 'string',
    default: '0.0.0.0',
    description: 'Interface to listen on.',
  }),
  port: setting({
    env: 'PORT',
    kind: 'integer',
    min: 0,
    default: '8000',
    description: 'Port to listen on.',
  }),
  dataDir: setting({
    env: 'DATA_DIR',
    kind: 'string',
    default: './data',
    description: 'Directory of the embedded SQLite database and temporary uploads.',
  }),
  logLevel: setting({
    env: 'LOG_LEVEL',
    kind: 'enum',
    values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    default: 'info',
    description: 'Minimum log level.',
  }),
  logDir: setting({
    env: 'LOG_DIR',
    kind: 'string',
    default: './logs',
    emptyDisables: true,
    description: 'Directory of the daily JSON log files; empty disables file logging.',
  }),
  trustProxy: setting({
    env: 'TRUST_PROXY',
    kind: 'boolean',
    default: 'false',
    description: 'Trust X-Forwarded-* headers (set behind nginx or a load balancer).',
  }),
  allowedOrigins: setting({
    env: 'ALLOWED_ORIGINS',
    kind: 'list',
    default: '',
    description:
      'Comma-separated origins allowed by CORS; empty allows none, `*` any (refused in production).',
  }),
  rateLimitMax: setting({
    env: 'RATE_LIMIT_MAX',
    kind: 'integer',
    min: 1,
    default: '300',
    description: 'Requests per client per window.',
  }),
  rateLimitWindowMs: setting({
    env: 'RATE_LIMIT_WINDOW_MS',
    kind: 'integer',
    min: 1000,
    default: '60000',
    description: 'Rate-limit window in milliseconds.',
  }),
  pressureMaxEventLoopDelayMs: setting({
    env: 'PRESSURE_MAX_EVENT_LOOP_DELAY_MS',
    kind: 'integer',
    min: 0,
    default: '1000',
    description:
      'Answer 503 while the mean event-loop delay exceeds this many milliseconds; 0 disables.',
  }),
  pressureMaxHeapUsedMb: setting({
    env: 'PRESSURE_MAX_HEAP_USED_MB',
    kind: 'integer',
    min: 0,
    default: '0',
    description: 'Answer 503 while the V8 heap in use exceeds this many MiB; 0 disables.',
  }),
  pressureMaxRssMb: setting({
    env: 'PRESSURE_MAX_RSS_MB',
    kind: 'integer',
    min: 0,
    default: '0',
    description: 'Answer 503 while the resident set size exceeds this many MiB; 0 disables.',
  }),
  pressureSampleIntervalMs: setting({
    env: 'PRESSURE_SAMPLE_INTERVAL_MS',
    kind: 'integer',
    min: 10,
    default: '1000',
    description: 'How often event-loop delay and memory are sampled for the overload check.',
  }),
  bodyLimitBytes: setting({
    env: 'BODY_LIMIT_BYTES',
    kind: 'integer',
    min: 1024,
    default: '1048576',
    description: 'Maximum JSON body size.',
  }),
  maxUploadBytes: setting({
    env: 'MAX_UPLOAD_BYTES',
    kind: 'integer',
    min: 1024,
    default: '268435456',
    description:
      'Maximum size of one uploaded file (ZIP, invoice or policy); 256 MiB holds a 200 MB ZIP of invoices.',
  }),
  maxUploadFiles: setting({
    env: 'MAX_UPLOAD_FILES',
    kind: 'integer',
    min: 1,
    default: '50',
    description: 'Maximum number of files in one upload.',
  }),
  zipMaxEntries: setting({
    env: 'ZIP_MAX_ENTRIES',
    kind: 'integer',
    min: 1,
    default: '2000',
    description: 'Maximum entries in one ZIP.',
  }),
  zipMaxEntryBytes: setting({
    env: 'ZIP_MAX_ENTRY_BYTES',
    kind: 'integer',
    min: 1024,
    default: '52428800',
    description: 'Maximum uncompressed size of one ZIP entry.',
  }),
  zipMaxTotalBytes: setting({
    env: 'ZIP_MAX_TOTAL_BYTES',
    kind: 'integer',
    min: 1024,
    default: '524288000',
    description: 'Maximum uncompressed size of all entries of one upload.',
  }),
  zipMaxRatio: setting({
    env: 'ZIP_MAX_RATIO',
    kind: 'integer',
    min: 1,
    default: '100',
    description: 'Maximum compression ratio of an entry (zip-bomb guard).',
  }),
  zipMaxDepth: setting({
    env: 'ZIP_MAX_DEPTH',
    kind: 'integer',
    min: 0,
    default: '1',
    description: 'How many levels of ZIPs inside ZIPs are read.',
  }),
  pdfTimeoutMs: setting({
    env: 'PDF_TIMEOUT_MS',
    kind: 'integer',
    min: 100,
    default: '20000',
    description: 'Time limit to read one PDF.',
  }),
  ocrMinCharsPerPage: setting({
    env: 'OCR_MIN_CHARS_PER_PAGE',
    kind: 'integer',
    min: 0,
    default: '20',
    description: 'A PDF page with fewer text characters is treated as scanned and sent to OCR.',
  }),
  requestTimeoutMs: setting({
    env: 'ANALYZE_WAIT_MS',
    kind: 'integer',
    min: 1000,
    default: '120000',
    description:
      'How long POST /analyze-invoices waits for its job before answering 202 with the job link.',
  }),
  ssePingMs: setting({
    env: 'SSE_PING_MS',
    kind: 'integer',
    min: 100,
    default: '15000',
    description: 'Interval of the named `ping` event on idle SSE streams.',
  }),
  jobConcurrency: setting({
    env: 'JOB_CONCURRENCY',
    kind: 'integer',
    min: 1,
    default: '2',
    description: 'Jobs worked at once per process.',
  }),
  documentConcurrency: setting({
    env: 'DOCUMENT_CONCURRENCY',
    kind: 'integer',
    min: 1,
    default: '16',
    description: 'Documents of one job read and extracted at once.',
  }),
  lowConfidenceBelow: setting({
    env: 'LOW_CONFIDENCE_BELOW',
    kind: 'string',
    default: '0.6',
    description: 'Field confidence under which an invoice is flagged `low_confidence`.',
  }),
  idempotencyTtlHours: setting({
    env: 'IDEMPOTENCY_TTL_HOURS',
    kind: 'integer',
    min: 1,
    default: '24',
    description: 'How long Idempotency-Key answers are kept.',
  }),
  chatMaxTurns: setting({
    env: 'CHAT_MAX_TURNS',
    kind: 'integer',
    min: 2,
    default: '20',
    description: 'Chat turns kept per session.',
  }),
  chatMaxQueryLength: setting({
    env: 'CHAT_MAX_QUERY_LENGTH',
    kind: 'integer',
    min: 10,
    default: '1000',
    description: 'Maximum characters of one chat question.',
  }),
  authMode: setting({
    env: 'AUTH_MODE',
    kind: 'enum',
    values: ['jwt', 'none'],
    default: 'none',
    description:
      '`jwt` requires a bearer token; `none` serves one local user (refused in production).',
  }),
  localUserName: setting({
    env: 'LOCAL_USER_NAME',
    kind: 'string',
    default: 'Local User',
    description: 'Name of the single local user (role admin, subject `local`) when AUTH_MODE=none.',
  }),
  jwtSecret: setting({
    env: 'JWT_SECRET',
    kind: 'string',
    secret: true,
    description: 'HS256 secret for bearer tokens (at least 32 characters).',
  }),
  jwksUrl: setting({
    env: 'JWKS_URL',
    kind: 'url',
    description: 'JWKS endpoint of the identity provider (RS256/ES256 tokens).',
  }),
  jwtIssuer: setting({
    env: 'JWT_ISSUER',
    kind: 'string',
    description: 'Expected `iss` claim, when set.',
  }),
  jwtAudience: setting({
    env: 'JWT_AUDIENCE',
    kind: 'string',
    description: 'Expected `aud` claim, when set.',
  }),
  geminiApiKey: setting({
    env: 'GEMINI_API_KEY',
    kind: 'string',
    secret: true,
    description: 'Enables Gemini for policies, extraction, embeddings and chat.',
  }),
  geminiBaseUrl: setting({
    env: 'GEMINI_BASE_URL',
    kind: 'url',
    description: 'Override of the Gemini endpoint (tests use a fake server).',
  }),
  geminiModel: setting({
    env: 'GEMINI_MODEL',
    kind: 'string',
    default: DEFAULT_GEMINI_MODEL,
    description: `Model of every task (policies, invoices, chat) unless the task's own setting names one. \`${LIGHT_GEMINI_MODEL}\` costs less per token for high volume. Checked at start and by GET /health.`,
  }),
  geminiPolicyModel: setting({
    env: 'GEMINI_POLICY_MODEL',
    kind: 'string',
    description:
      'Model that compiles policies into rules (thinking level high); default GEMINI_MODEL.',
  }),
  geminiInvoiceModel: setting({
    env: 'GEMINI_INVOICE_MODEL',
    kind: 'string',
    description: 'Model that reads invoices (thinking level low); default GEMINI_MODEL.',
  }),
  geminiChatModel: setting({
    env: 'GEMINI_CHAT_MODEL',
    kind: 'string',
    description: 'Model that answers chat questions (thinking level medium); default GEMINI_MODEL.',
  }),
  geminiEmbeddingModel: setting({
    env: 'GEMINI_EMBEDDING_MODEL',
    kind: 'string',
    default: DEFAULT_EMBEDDING_MODEL,
    description: 'Embedding model (changing it means re-embedding every stored invoice).',
  }),
  embeddingDimensions: setting({
    env: 'EMBEDDING_DIMENSIONS',
    kind: 'integer',
    min: 128,
    max: 3072,
    rangeReason: 'the sizes Gemini embedding models produce',
    default: '768',
    description: 'Dimensions of stored embeddings (128 to 3072; 768, 1536 or 3072 recommended).',
  }),
  geminiConcurrency: setting({
    env: 'GEMINI_CONCURRENCY',
    kind: 'integer',
    min: 1,
    default: '16',
    description:
      'Model calls in flight at once per process. At 1 s or more per call, 16 stay under 1,000 requests a minute (quotas are per project and model: divide among processes); 429s lower it for a while on their own.',
  }),
  geminiTimeoutMs: setting({
    env: 'GEMINI_TIMEOUT_MS',
    kind: 'integer',
    min: 100,
    default: '60000',
    description: 'Time limit of one model call.',
  }),
  geminiMaxRetries: setting({
    env: 'GEMINI_MAX_RETRIES',
    kind: 'integer',
    min: 0,
    default: '4',
    description:
      'Retries of a model call after 5xx, timeouts and network errors (429s do not count: see GEMINI_RATE_LIMIT_WAIT_MS).',
  }),
  geminiRateLimitWaitMs: setting({
    env: 'GEMINI_RATE_LIMIT_WAIT_MS',
    kind: 'integer',
    min: 0,
    default: '120000',
    description:
      'A 429 pauses every model call of the process for the delay Gemini asks for (RetryInfo, typically 20 to 60 s) and lowers the concurrency for a while; a call fails (`llm_unavailable`) once it has waited this long on rate limits, or no call has succeeded for this long, and is still refused, and at once when Gemini asks for a longer wait or names a per-day quota.',
  }),
  qdrantUrl: setting({
    env: 'QDRANT_URL',
    kind: 'url',
    description: 'Stores invoices in Qdrant instead of SQLite.',
  }),
  qdrantApiKey: setting({
    env: 'QDRANT_API_KEY',
    kind: 'string',
    secret: true,
    description: 'Qdrant API key.',
  }),
  qdrantCollection: setting({
    env: 'QDRANT_COLLECTION',
    kind: 'string',
    default: 'invoices',
    description: 'Qdrant collection name.',
  }),
  redisUrl: setting({
    env: 'REDIS_URL',
    kind: 'url',
    description: 'Moves jobs, events, chat history, idempotency keys and rate limits to Redis.',
  }),
  runWorker: setting({
    env: 'RUN_WORKER',
    kind: 'boolean',
    default: 'true',
    description:
      'Work jobs in the API process (set false when separate `npm run worker` processes do).',
  }),
} as const;

type SettingsTable = typeof SETTINGS;
type ValueOf<S> = S extends { kind: 'integer' }
  ? number
  : S extends { kind: 'boolean' }
    ? boolean
    : S extends { kind: 'list' }
      ? string[]
      : string;
type Resolved<S> = S extends { default: string } ? ValueOf<S> : ValueOf<S> | undefined;

export type Config = { [K in keyof SettingsTable]: Resolved<SettingsTable[K]> } & {
  lowConfidence: number;
  /** The generation model of each task: its own setting, else GEMINI_MODEL. */
  geminiModels: GeminiModels;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

function parseValue(s: Setting, raw: string): { value?: unknown; problem?: string } {
  switch (s.kind) {
    case 'integer': {
      if (!/^-?\d+$/.test(raw)) return { problem: `${s.env} must be a whole number, got "${raw}"` };
      const n = Number(raw);
      if (s.min !== undefined && s.max !== undefined && (n < s.min || n > s.max))
        return {
          problem: `${s.env} must be from ${s.min} to ${s.max}${s.rangeReason ? ` (${s.rangeReason})` : ''}, got ${n}`,
        };
      if (s.min !== undefined && n < s.min)
        return { problem: `${s.env} must be at least ${s.min}, got ${n}` };
      return { value: n };
    }
    case 'boolean': {
      const v = raw.toLowerCase();
      if (['true', '1', 'yes'].includes(v)) return { value: true };
      if (['false', '0', 'no'].includes(v)) return { value: false };
      return { problem: `${s.env} must be true or false, got "${raw}"` };
    }
    case 'url':
      try {
        const url = new URL(raw);
        if (!/^(https?|rediss?):$/.test(url.protocol))
          return { problem: `${s.env} must be an http(s) or redis URL, got "${raw}"` };
        return { value: raw };
      } catch {
        return { problem: `${s.env} must be a URL, got "${raw}"` };
      }
    case 'list':
      return {
        value: raw
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean),
      };
    case 'enum':
      if (!s.values?.includes(raw))
        return { problem: `${s.env} must be one of ${s.values?.join(', ')}, got "${raw}"` };
      return { value: raw };
    default:
      return { value: raw };
  }
}

/** Parses and validates the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [key, s] of Object.entries(SETTINGS) as Array<[string, Setting]>) {
    const given = env[s.env];
    const raw = given === undefined || (given === '' && !s.emptyDisables) ? s.default : given;
    if (raw === undefined) continue;
    const { value, problem } = parseValue(s, raw);
    if (problem) problems.push(problem);
    else config[key] = value;
  }
  const lowConfidence = Number(config.lowConfidenceBelow);
  if (!(lowConfidence >= 0 && lowConfidence <= 1))
    problems.push(
      `LOW_CONFIDENCE_BELOW must be a number from 0 to 1, got "${String(config.lowConfidenceBelow)}"`,
    );
  config.lowConfidence = lowConfidence;
  const model = String(config.geminiModel);
  config.geminiModels = {
    policy: (config.geminiPolicyModel as string | undefined) ?? model,
    invoice: (config.geminiInvoiceModel as string | undefined) ?? model,
    chat: (config.geminiChatModel as string | undefined) ?? model,
  } satisfies GeminiModels;
  problems.push(...unsafeSettings(config as Config));
  if (problems.length > 0) throw new ConfigError(problems);
  return config as Config;
}

function unsafeSettings(config: Config): string[] {
  const problems: string[] = [];
  if (config.authMode === 'jwt' && !config.jwtSecret && !config.jwksUrl) {
    problems.push('AUTH_MODE=jwt needs JWT_SECRET or JWKS_URL');
  }
  if (config.jwtSecret !== undefined && config.jwtSecret.length < 32) {
    problems.push('JWT_SECRET must be at least 32 characters');
  }
  if (config.nodeEnv !== 'production') return problems;
  if (config.authMode === 'none')
    problems.push(
      'AUTH_MODE=none is refused when NODE_ENV=production: set AUTH_MODE=jwt with JWT_SECRET or JWKS_URL',
    );
  if (config.allowedOrigins.includes('*'))
    problems.push('ALLOWED_ORIGINS=* (wildcard CORS) is refused when NODE_ENV=production');
  return problems;
}

/**
 * For entry points (server, worker, command line): the configuration, or a message naming every
 * bad variable and exit code 78 (EX_CONFIG), so a misconfigured start never half-runs.
 */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(78);
  }
}

/** The configuration with secrets masked, for logs and diagnostics. */
export function describeConfig(config: Config): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, s] of Object.entries(SETTINGS) as Array<[keyof Config & string, Setting]>) {
    const value = config[key];
    out[s.env] =
      s.secret && value !== undefined
        ? '[set]'
        : s.kind === 'url' && typeof value === 'string'
          ? withoutCredentials(value)
          : value;
  }
  return out;
}

/** A URL as it may be logged: a password or user in it (redis://:secret@host) becomes "redacted". */
export function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return url;
    parsed.username = parsed.username && 'redacted';
    parsed.password = parsed.password && 'redacted';
    return parsed.toString();
  } catch {
    return url;
  }
}
