/**
 * Renders the configuration reference from the SETTINGS table in src/config.ts, so the README
 * and .env.production cannot drift from the code that parses the environment.
 */
import { SETTINGS, type Setting } from '../src/config.js';

export const settings = (): Setting[] => Object.values(SETTINGS) as Setting[];

/** What a value must look like, in words. */
export function describeKind(s: Setting): string {
  switch (s.kind) {
    case 'integer':
      if (s.min !== undefined && s.max !== undefined) return `integer ${s.min}–${s.max}`;
      return s.min === undefined ? 'integer' : `integer ≥ ${s.min}`;
    case 'boolean':
      return 'true or false';
    case 'url':
      return 'URL';
    case 'list':
      return s.values ? `comma-separated, of ${s.values.join(', ')}` : 'comma-separated list';
    case 'enum':
      return `one of ${(s.values ?? []).join(', ')}`;
    default:
      return 'text';
  }
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The Markdown table of every environment variable (the README embeds it). */
export function renderConfigTable(): string {
  const rows = settings().map((s) => {
    const fallback =
      s.default === undefined ? '—' : s.default === '' ? '(empty)' : `\`${s.default}\``;
    const description = s.secret ? `${s.description} Secret: never logged.` : s.description;
    return `| \`${s.env}\` | ${cell(describeKind(s))} | ${cell(fallback)} | ${cell(description)} |`;
  });
  return `${[
    '| Variable | Value | Default | Description |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n')}\n`;
}
