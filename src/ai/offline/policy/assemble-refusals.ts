/**
 * Refusals and requirements merged across a policy: one exclusion per scope (an "except …"
 * narrows the same kinds refused everywhere, taking their words with it), one decline per
 * category with every class it names, one evidence rule per requirement (declining wins over
 * flagging; a requirement on entertainment also binds the meals that count as entertainment).
 */
import type { LineKind } from '../../../domain/facts.js';
import type {
  DeclineRule,
  EvidenceRule,
  LineExclusionRule,
  RuleSource,
} from '../../../domain/rules/types.js';
import { minorIn } from './assemble-caps.js';
import type { Finding, Sourced } from './findings.js';

export type Of<K extends Finding['f']> = Sourced<Extract<Finding, { f: K }>>;

export const pick = <K extends Finding['f']>(all: readonly Sourced<Finding>[], f: K): Of<K>[] =>
  all.filter((finding): finding is Of<K> => finding.f === f);

export const sameList = (a: readonly string[] | null, b: readonly string[] | null) =>
  JSON.stringify(a === null ? null : [...a].sort()) ===
  JSON.stringify(b === null ? null : [...b].sort());

/** Readable ids, unique within a policy ("lodging.cap", then "lodging.cap_2"). */
export class Ids {
  readonly #taken = new Set<string>();
  take(preferred: string): string {
    let id = preferred;
    for (let n = 2; this.#taken.has(id); n += 1) id = `${preferred}_${n}`;
    this.#taken.add(id);
    return id;
  }
}

export function assembleExclusions(excluded: Of<'exclusion'>[], ids: Ids): LineExclusionRule[] {
  const narrowed = new Set(
    excluded.filter((entry) => entry.except).flatMap((entry) => entry.kinds),
  );
  const firstSeen = new Map<RuleSource, number>(
    excluded.map((entry) => [entry.source, entry.order]),
  );
  const order = (source: RuleSource) => firstSeen.get(source) ?? 0;
  const merged: Array<Omit<LineExclusionRule, 'id'>> = [];
  const add = (
    categories: string[] | null,
    kinds: LineKind[],
    terms: string[],
    source: RuleSource,
  ) => {
    if (kinds.length === 0 && terms.length === 0) return;
    const same = merged.find((rule) => sameList(rule.categories, categories));
    if (same) {
      same.line_kinds = [...new Set([...same.line_kinds, ...kinds])];
      same.terms = [...new Set([...same.terms, ...terms])];
    } else merged.push({ categories, line_kinds: [...kinds], terms: [...terms], source });
  };
  // Narrowed kinds ("alcohol, except as part of entertainment") take their words with them.
  for (const entry of excluded.filter((e) => e.except))
    add(entry.categories, entry.kinds, entry.terms, entry.source);
  for (const entry of excluded.filter((e) => !e.except)) {
    if (
      entry.categories === null &&
      entry.kinds.length > 0 &&
      entry.kinds.every((kind) => narrowed.has(kind))
    ) {
      const scoped = merged.find((rule) =>
        rule.line_kinds.some((kind) => entry.kinds.includes(kind)),
      );
      if (scoped) scoped.terms = [...new Set([...scoped.terms, ...entry.terms])];
      continue;
    }
    add(entry.categories, entry.kinds, entry.terms, entry.source);
  }
  merged.sort((a, b) => order(a.source) - order(b.source));
  return merged.map((rule) => {
    const named =
      rule.categories === null
        ? rule.line_kinds.length === 1 && rule.terms.length === 0
          ? rule.line_kinds[0]
          : 'any'
        : rule.categories.length === 1
          ? rule.categories[0]
          : 'scoped';
    return { id: ids.take(`exclusion.${named}`), ...rule };
  });
}

export function assembleDeclines(found: Of<'decline'>[], ids: Ids): DeclineRule[] {
  const declines: DeclineRule[] = [];
  for (const entry of found) {
    const same = declines.find(
      (rule) =>
        sameList(rule.categories, entry.categories) &&
        rule.when.travel_class &&
        entry.when.travel_class,
    );
    if (same?.when.travel_class && entry.when.travel_class) {
      same.when.travel_class = [
        ...new Set([...same.when.travel_class, ...entry.when.travel_class]),
      ];
      continue;
    }
    declines.push({
      id: ids.take(`decline.${entry.categories?.join('+') ?? 'any'}`),
      categories: entry.categories,
      when: { ...entry.when },
      source: entry.source,
    });
  }

  return declines;
}

export function assembleEvidence(
  found: Of<'evidence'>[],
  alias: Of<'alias'>[],
  ids: Ids,
  policy: {
    currency: string;
    sameDigits: (code: string) => boolean;
    reject: (source: RuleSource, reason: string) => void;
  },
): EvidenceRule[] {
  const evidence: EvidenceRule[] = [];
  for (const entry of found) {
    const above = entry.above ? minorIn(entry.above, policy.currency, policy.sameDigits) : null;
    if (entry.above && above === null) {
      policy.reject(
        entry.source,
        `${entry.above.currency} threshold in a policy whose currency is ${policy.currency}`,
      );
      continue;
    }
    const same = evidence.find(
      (rule) =>
        sameList(rule.categories, entry.categories) &&
        rule.requires === entry.requires &&
        rule.above_minor === above &&
        JSON.stringify(rule.when) === JSON.stringify(entry.when),
    );
    if (same) {
      if (entry.action === 'decline' && same.action === 'flag')
        Object.assign(same, { action: 'decline', source: entry.source });
      continue;
    }
    evidence.push({
      id: ids.take(`evidence.${entry.requires}`),
      categories: entry.categories,
      requires: entry.requires,
      above_minor: above,
      when: entry.when,
      action: entry.action,
      source: entry.source,
    });
  }
  for (const entry of alias) {
    for (const rule of [...evidence])
      if (rule.categories?.includes(entry.to))
        evidence.push({
          ...rule,
          id: ids.take(`${rule.id}.${entry.from}`),
          categories: [entry.from],
          when: { ...rule.when, persons_min: entry.persons_min },
          source: entry.source,
        });
  }

  return evidence;
}
