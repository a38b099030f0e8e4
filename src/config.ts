/**
 * Every environment variable the service reads, typed and validated at start.
 * One declarative table drives parsing, the README configuration table and .env.production, so
 * documentation cannot drift from the code.
 */

import type { GeminiModels } from './ai/gemini/models.js';
import { AUTH_SETTINGS } from './config/auth.js';
import { DOCUMENT_SETTINGS } from './config/documents.js';
import { GEMINI_SETTINGS } from './config/gemini.js';
import { LIMIT_SETTINGS } from './config/limits.js';
import { SERVER_SETTINGS } from './config/server.js';
import { SERVICE_SETTINGS } from './config/services.js';
import type { Setting } from './config/setting.js';
import { WEBHOOK_SETTINGS } from './config/webhooks.js';
import { WORK_SETTINGS } from './config/work.js';

export type { Kind, Setting } from './config/setting.js';

/** In README order: the generated configuration table and .env template follow it. */
export const SETTINGS = {
  ...SERVER_SETTINGS,
  ...LIMIT_SETTINGS,
  ...WORK_SETTINGS,
  ...AUTH_SETTINGS,
  ...GEMINI_SETTINGS,
  ...SERVICE_SETTINGS,
  ...WEBHOOK_SETTINGS,
  ...DOCUMENT_SETTINGS,
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
    case 'list': {
      const items = raw
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
      const unknown = s.values ? items.filter((item) => !s.values?.includes(item)) : [];
      if (unknown.length > 0)
        return {
          problem: `${s.env} takes ${s.values?.join(', ')} (comma-separated), got ${unknown.join(', ')}`,
        };
      return { value: items };
    }
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
