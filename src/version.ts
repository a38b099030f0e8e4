import { readFileSync } from 'node:fs';

/** The package version, read once: the same in source (tsx) and compiled (dist/src) layouts. */
function readVersion(): string {
  for (const relative of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'invoice-reimbursement-api' && pkg.version) return pkg.version;
    } catch {
      // try the next layout
    }
  }
  return '0.0.0';
}

export const VERSION = readVersion();
