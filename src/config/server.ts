/** How the process listens, logs and sheds load. */

import { setting } from './setting.js';

export const SERVER_SETTINGS = {
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
    description:
      'Interface to listen on. Unset: `127.0.0.1` (loopback only) with AUTH_MODE=none, whose one user is an admin; `0.0.0.0` (every interface) with AUTH_MODE=jwt. Set `0.0.0.0` explicitly to serve AUTH_MODE=none beyond this machine.',
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
  metricsToken: setting({
    env: 'METRICS_TOKEN',
    kind: 'string',
    secret: true,
    description:
      'Bearer token for `GET /metrics` (Prometheus `authorization.credentials`). Unset, and without METRICS_PORT, /metrics needs an admin caller like the admin routes.',
  }),
  metricsPort: setting({
    env: 'METRICS_PORT',
    kind: 'integer',
    min: 1,
    description:
      'Serve `GET /metrics` on this port of HOST (only there, not on PORT), for a scrape network the API port is not published on; METRICS_TOKEN still applies when set.',
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
    default: '1536',
    description:
      'Answer 503 while the resident set size exceeds this many MiB; 0 disables. 1536 leaves a quarter of a 2 GiB machine or container (the size the README plans for) to finish the work already accepted.',
  }),
  pressureSampleIntervalMs: setting({
    env: 'PRESSURE_SAMPLE_INTERVAL_MS',
    kind: 'integer',
    min: 10,
    default: '1000',
    description: 'How often event-loop delay and memory are sampled for the overload check.',
  }),
} as const;
