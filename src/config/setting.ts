/** One environment variable: how it is parsed, checked and documented. */

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

export const setting = <const S extends Setting>(s: S): S => s;
