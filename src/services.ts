import type { Config } from './config.js';

/** One dependency the service needs or may use, as reported by GET /health. */
export interface DependencyCheck {
  name: string;
  /** A required dependency that is down makes /health and /health/ready answer 503. */
  required: boolean;
  /** Extra facts shown in /health, e.g. the adapter kind. */
  info?: Record<string, string>;
  check(): Promise<void>;
}

/** Everything routes need, built once from the configuration (the composition root). */
export interface Services {
  config: Config;
  dependencies: DependencyCheck[];
  close(): Promise<void>;
}

export async function createServices(config: Config): Promise<Services> {
  return {
    config,
    dependencies: [],
    async close() {},
  };
}
