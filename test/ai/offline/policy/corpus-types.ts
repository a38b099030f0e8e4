/**
 * The shape of the policy-sentence corpus: each entry is one sentence as a policy might print
 * it (with the heading, list lead-in or table header it sits under, when that matters) and what
 * a careful reader takes from it. Lists of rules an entry does not name must come out empty, so
 * an entry fails when the compiler reads more than the sentence says.
 */
import type { LineKind, MealType, TravelClass } from '../../../../src/domain/facts.js';
import type {
  CapBasis,
  CapPeriod,
  Conditions,
  EvidenceKind,
  LocationLimit,
  RoundingMode,
} from '../../../../src/domain/rules/types.js';

export interface CapX {
  categories: string[];
  amount_minor: number | null;
  locations: LocationLimit[];
  basis: CapBasis;
  period: CapPeriod;
  when: Conditions | null;
}

export interface Expect {
  /** How the sentence under test is read; default "rules". */
  reading?: 'rules' | 'partly' | 'not_understood' | 'note' | 'example' | 'text';
  currency?: string;
  /** [category, eligible] pairs that must be among the category rules. */
  categories?: Array<[string, boolean]>;
  caps?: CapX[];
  exclusions?: Array<{ categories: string[] | null; line_kinds: LineKind[]; terms: string[] }>;
  declines?: Array<{ categories: string[] | null; when: Conditions }>;
  evidence?: Array<{
    categories: string[] | null;
    requires: EvidenceKind;
    above_minor: number | null;
    when: Conditions | null;
    action: 'decline' | 'flag';
  }>;
  shares?: Array<{ categories: string[]; percent_bp: number; when: Conditions | null }>;
  relative_limits?: Array<{
    categories: string[];
    line_kinds: LineKind[];
    percent_bp: number;
    of_line_kinds: LineKind[];
    of_basis: 'net' | 'gross';
  }>;
  on_top?: Array<{ categories: string[]; line_kinds: LineKind[] }>;
  line_categories?: Array<{ categories: string[]; line_kinds: LineKind[]; treat_as: string }>;
  meal_hours?: Array<{ meal: MealType; from: string; to: string }>;
  submission_window?: number;
  foreign_currency?: 'printed_rate' | 'review';
  rounding?: RoundingMode;
}

export interface CorpusEntry {
  /** The sentence under test, verbatim. */
  text: string;
  heading?: string;
  /** Written as a bullet under this sentence ("The following are not reimbursed:"). */
  lead_in?: string;
  /** Written as a bullet of its own (under the heading, when there is one). */
  item?: boolean;
  /** Written as a row under this table header line. */
  table?: string;
  /** Other sentences of the same policy, before and after it. */
  before?: string[];
  after?: string[];
  expect: Expect;
}

export const cap = (
  categories: string | string[],
  amount_minor: number | null,
  period: CapPeriod,
  extra: Partial<Pick<CapX, 'basis' | 'when' | 'locations'>> = {},
): CapX => ({
  categories: typeof categories === 'string' ? [categories] : categories,
  amount_minor,
  locations: extra.locations ?? [],
  basis: extra.basis ?? 'gross',
  period,
  when: extra.when ?? null,
});

export const exclude = (
  categories: string[] | null,
  line_kinds: LineKind[],
  terms: string[] = [],
) => ({ categories, line_kinds, terms });

export const declineClasses = (category: string, classes: TravelClass[]) => ({
  categories: [category],
  when: { travel_class: classes },
});

export const evidence = (
  requires: EvidenceKind,
  extra: Partial<{
    categories: string[] | null;
    above_minor: number | null;
    when: Conditions | null;
    action: 'decline' | 'flag';
  }> = {},
) => ({
  categories: extra.categories ?? null,
  requires,
  above_minor: extra.above_minor ?? null,
  when: extra.when ?? null,
  action: extra.action ?? 'flag',
});

export const city = (
  name: string,
  country: string | null,
  amount_minor: number,
): LocationLimit => ({
  city: name,
  country,
  amount_minor,
});

export const country = (code: string, amount_minor: number): LocationLimit => ({
  city: null,
  country: code,
  amount_minor,
});
