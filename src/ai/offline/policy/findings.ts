/**
 * What one sentence says, before the policy is put together: partial rules ("a cap of £40 per
 * journey on taxis"), statements that change other rules ("hotel limits are compared before VAT"),
 * and sentences acknowledged as describing what the engine already does. assemble.ts merges them
 * into rules v2; nothing here is final (ids, currency, basis and periods are settled there).
 */
import type { LineKind, MealType } from '../../../domain/facts.js';
import type {
  Conditions,
  EvidenceKind,
  RoundingMode,
  RuleSource,
} from '../../../domain/rules/types.js';
import type { Period, Place } from './lexemes.js';
import type { Tok } from './tok.js';

export type BasisHint = 'gross' | 'net' | null;
export type BasisStatement = 'gross' | 'net' | 'eligible_tax' | 'all_tax';

export interface Amount {
  minor: number;
  currency: string;
  /** "$" or "¥": the policy's own currency of that sign when it has one. */
  ambiguous: boolean;
}

export interface CapFinding {
  f: 'cap';
  categories: string[];
  /** Where the cap's words came from, for the category label. */
  labels: string[];
  amount: Amount | null;
  locations: Array<{ place: Place; amount: Amount }>;
  period: Period | null;
  basis: BasisHint;
  /** A statement inside the same sentence: "VAT paid on the eligible part only". */
  basis_statement: BasisStatement | null;
  when: Conditions;
  /** "together", "in total", "+": one allowance for all its categories. */
  shared: boolean;
  /** Read from a limits table or list (restatements of a clause are merged). */
  from_table: boolean;
}

export type Finding =
  | CapFinding
  | { f: 'eligible'; category: string; label: string }
  | { f: 'ineligible'; category: string; label: string }
  | {
      f: 'exclusion';
      categories: string[] | null;
      kinds: LineKind[];
      terms: string[];
      /** Scoped by "except …": the same kinds refused everywhere elsewhere are narrowed to it. */
      except: boolean;
    }
  | { f: 'decline'; categories: string[] | null; when: Conditions }
  | { f: 'ontop'; categories: string[]; kinds: LineKind[] }
  | { f: 'linecat'; categories: string[]; kinds: LineKind[]; treat_as: string }
  | { f: 'share'; categories: string[]; bp: number; when: Conditions | null }
  | {
      f: 'relative';
      categories: string[];
      kinds: LineKind[];
      bp: number;
      of: LineKind[];
      basis: 'net' | 'gross' | null;
    }
  | {
      f: 'evidence';
      categories: string[] | null;
      requires: EvidenceKind;
      above: Amount | null;
      when: Conditions | null;
      action: 'decline' | 'flag';
    }
  | { f: 'hours'; windows: Array<{ meal: MealType; from: string | null; to: string | null }> }
  | { f: 'fx'; accept: 'printed_rate' | 'review' }
  | { f: 'window'; days: number }
  | { f: 'basis'; categories: string[] | null; basis: BasisStatement }
  | { f: 'rounding'; mode: RoundingMode }
  | { f: 'currency'; code: string }
  /** "The allowance covers the mobile and the broadband bill together." */
  | { f: 'shared'; categories: string[] }
  /** "The food bill is … including VAT": how relative limits measure their base. */
  | { f: 'relbasis'; basis: 'net' | 'gross' }
  /** "A restaurant receipt for two or more persons is entertainment": rules follow the persons. */
  | { f: 'alias'; from: string; to: string; persons_min: number }
  /** "… is not included in the daily limit": the shared cap counts one-person receipts only. */
  | { f: 'alone'; categories: string[]; period: Period | null };

export type Sourced<T> = T & { source: RuleSource; order: number };

export interface SentenceReading {
  findings: Finding[];
  /** Why the sentence needs no rule: what the engine or the reader already does. */
  notes: string[];
  /** Parts that look like rules and were not understood, with the reason. */
  leftovers: string[];
  example: boolean;
}

export const emptyReading = (): SentenceReading => ({
  findings: [],
  notes: [],
  leftovers: [],
  example: false,
});

/** What the readers of one sentence gather, clause by clause. */
export interface ClauseOutput {
  findings: Finding[];
  leftovers: string[];
  consumed: Set<Tok>;
  /** Caps of this sentence left out (keyed by categories) because a place could not be named. */
  blocked: Set<string>;
}
