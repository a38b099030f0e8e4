/**
 * The offline policy compiler v2: policy text (one string per page) → rules v2, plus every
 * sentence that looks like a rule but was not (fully) understood, with its page and why. Pure
 * and deterministic: no model, no I/O. Each sentence is read in its context (heading, list,
 * table); findings are assembled into one rule set, validated by the same gate as every other
 * rule set (parseRulesV2).
 */
import { Compile } from 'typebox/compile';
import { minorDigits } from '../../../domain/money.js';
import type { PolicyRulesV2 } from '../../../domain/rules/types.js';
import { PolicyRulesV2Schema } from '../../../schemas/rules-v2.js';
import { parseRulesV2 } from '../../../schemas/rules-v2-parse.js';
import { assemble } from './assemble.js';
import { type BlockMemory, type Ctx, contextOf, surroundings } from './context.js';
import type { Finding, SentenceReading, Sourced } from './findings.js';
import { CURRENCY_COUNTRY } from './places.js';
import { readSentence, remember } from './read.js';
import { type PolicySentence, policySentences } from './sentences.js';
import { lexOf } from './tokens.js';

export interface CompilePolicyV2Options {
  policy_hash: string;
  /** Currency of a policy that prints no currency at all. */
  default_currency?: string;
}

export interface NotUnderstood {
  sentence: string;
  page: number;
  reason: string;
}

export type SentenceReadingKind =
  | 'rules'
  | 'partly'
  | 'not_understood'
  | 'note'
  | 'example'
  | 'heading'
  | 'text';

/** How each sentence was read: for tests, `npm run eval` and finance checking a policy. */
export interface SentenceTrace {
  sentence: string;
  page: number;
  reading: SentenceReadingKind;
  /** Ids of the rules that cite this sentence. */
  rule_ids: string[];
  notes: string[];
}

export interface PolicyCompilationV2 {
  rules: PolicyRulesV2;
  not_understood: NotUnderstood[];
  sentences: SentenceTrace[];
}

const RULES_CHECK = Compile(PolicyRulesV2Schema);

/** A company name ends with its legal form ("… Ltd", "… K.K.", "… W.L.L."); a sentence does not. */
const COMPANY_END =
  /\b(?:ltd|limited|llc|llp|inc|plc|gmbh|ag|sas|sarl|s\.a|s\.p\.a|s\.r\.l|k\.k|b\.?v|n\.v|pvt|pty|pte|corp|corporation|co|w\.l\.l|sdn bhd|oy|ab)\.?$/i;
const TITLE =
  /\b(?:policy|policies|regulations|rules|guidelines|handbook|procedure|allowances|expenses)\b/i;

function policyName(sentences: readonly PolicySentence[]): string {
  const field = (label: RegExp) =>
    sentences.map((s) => label.exec(s.text)?.[1]?.trim()).find(Boolean);
  const top = sentences.filter((s) => s.page === 1).slice(0, 8);
  const title =
    field(/^Policy (?:Title|Name):\s*(.+?)(?:\s+Version:.*)?$/i) ??
    top.find((s) => s.kind === 'heading' && TITLE.test(s.text))?.text ??
    top.find((s) => TITLE.test(s.text) && s.text.length <= 80)?.text ??
    'Reimbursement policy';
  const company =
    field(/^Company(?: Name)?:\s*(.+)$/i) ??
    top
      // "Cedar Point Software, Inc." keeps its comma; "Acme Ltd · 1 High Street" loses the address.
      .flatMap((s) => [
        s.text.trim(),
        s.text.split(/\s[·|]\s|\s\(/)[0]?.trim() ?? '',
        s.text.split(/,\s/)[0]?.trim() ?? '',
      ])
      // A company name ends with its legal form ("… Ltd", "… K.K."); a sentence does not.
      .find((text) => COMPANY_END.test(text) && text.length <= 60 && !TITLE.test(text));
  const version =
    field(/^Version:\s*([\w.]+)/i) ??
    top.map((s) => /\b(?:Version|Revision|Rev\.?)\s*(\d[\w.]*)/i.exec(s.text)?.[1]).find(Boolean);
  const versioned = version && !title.includes(version) ? `v${version}` : null;
  return [company, title, versioned].filter(Boolean).join(' ');
}

function policyCurrency(
  findings: readonly Sourced<Finding>[],
  contexts: readonly Ctx[],
  fallback: string,
): string {
  const stated = findings.find((finding) => finding.f === 'currency');
  if (stated?.f === 'currency') return stated.code;
  // Signs several currencies share ("$", "¥") count only when nothing else names one.
  const counts = new Map<string, number>();
  const shared = new Map<string, number>();
  for (const ctx of contexts)
    for (const token of ctx.tokens)
      if (token.t === 'money') {
        const tally = token.ambiguous ? shared : counts;
        tally.set(token.currency, (tally.get(token.currency) ?? 0) + 1);
      }
  const rank = (tally: Map<string, number>) =>
    [...tally.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  return rank(counts) ?? rank(shared) ?? fallback;
}

function homeCountry(contexts: readonly Ctx[], currency: string): string | null {
  const votes = new Map<string, number>();
  for (const ctx of contexts.slice(0, 40)) {
    for (const token of lexOf(ctx.tokens, 'place')) {
      const place = token.lex.place;
      const code =
        place.kind === 'country' ? place.code : place.kind === 'city' ? place.country : null;
      if (code) votes.set(code, (votes.get(code) ?? 0) + 1);
    }
  }
  const own = CURRENCY_COUNTRY[currency];
  if (own && (votes.has(own) || votes.size === 0)) return own;
  const ranked = [...votes.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return ranked[0]?.[0] ?? own ?? null;
}

function headingLabels(sentences: readonly PolicySentence[]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const sentence of sentences) {
    if (sentence.kind !== 'heading') continue;
    const info = surroundings(sentence.text);
    const cats = [...new Set(info.cats.map((ref) => ref.category))];
    if (cats.length !== 1 || info.exclusion || info.example || info.limits) continue;
    const inner = /\(([^)]+)\)\s*$/.exec(info.text)?.[1];
    const label = (
      inner && /^(?:article|section|part|chapter)\b/i.test(info.text) ? inner : info.text
    ).trim();
    if (!labels.has(cats[0] as string) && label.length <= 60) labels.set(cats[0] as string, label);
  }
  return labels;
}

export function compilePolicyV2(
  pages: readonly string[],
  opts: CompilePolicyV2Options,
): PolicyCompilationV2 {
  const sentences = policySentences(pages);
  const contexts: Ctx[] = [];
  const readings: SentenceReading[] = [];
  const findings: Sourced<Finding>[] = [];
  let memory: BlockMemory = { block: -1, cats: [], allowed: [], topic: null };
  sentences.forEach((sentence, order) => {
    // A numbered clause, a heading or a new list item starts afresh; an unnumbered paragraph
    // right after a clause continues it.
    if (
      sentence.block !== memory.block &&
      (sentence.marker !== null || sentence.kind === 'heading' || sentence.kind === 'row')
    )
      // Classes a section allowed ("Airfare: coach class.") hold for its later items.
      memory = {
        block: sentence.block,
        cats: [],
        allowed: sentence.kind === 'heading' ? [] : memory.allowed,
        topic: memory.topic,
      };
    memory.block = sentence.block;
    const ctx = contextOf(sentence, memory);
    const reading = readSentence(ctx);
    remember(memory, ctx, reading);
    contexts.push(ctx);
    readings.push(reading);
    const source = { quote: sentence.text, page: sentence.page };
    for (const finding of reading.findings) findings.push({ ...finding, source, order });
  });
  const currency = policyCurrency(
    findings,
    contexts.filter((_, i) => !readings[i]?.example),
    opts.default_currency ?? 'INR',
  );
  const { rules: assembled, rejected } = assemble(
    findings,
    {
      policy_hash: opts.policy_hash,
      name: policyName(sentences),
      currency,
      home_country: homeCountry(contexts, currency),
      heading_labels: headingLabels(sentences),
    },
    (code) => minorDigits(code) === minorDigits(currency),
  );
  // Built to be valid; the compiled schema check is the cheap proof, and anything it refuses
  // goes through the full gate to throw with every problem named.
  const rules = RULES_CHECK.Check(assembled)
    ? assembled
    : parseRulesV2(assembled, { policy_hash: opts.policy_hash, compiled_by: 'offline' });
  const citing = new Map<string, string[]>();
  for (const list of [
    rules.categories,
    rules.reclassify ?? [],
    rules.caps,
    rules.exclusions,
    rules.line_categories,
    rules.on_top,
    rules.shares,
    rules.relative_limits,
    rules.declines,
    rules.evidence,
    [rules.foreign_currency, rules.submission_window].filter((rule) => rule !== null),
  ]) {
    for (const rule of list as Array<{
      id: string;
      source: { quote: string; page: number | null };
    }>) {
      const key = `${rule.source.page}\u0000${rule.source.quote}`;
      citing.set(key, [...(citing.get(key) ?? []), rule.id]);
    }
  }
  if (rules.meal_hours) {
    const key = `${rules.meal_hours.source.page}\u0000${rules.meal_hours.source.quote}`;
    citing.set(key, [...(citing.get(key) ?? []), 'meal_hours']);
  }
  const notUnderstood: NotUnderstood[] = [];
  const trace: SentenceTrace[] = sentences.map((sentence, index) => {
    const reading = readings[index] as SentenceReading;
    const ruleIds = citing.get(`${sentence.page}\u0000${sentence.text}`) ?? [];
    const kind: SentenceReadingKind =
      sentence.kind === 'heading' || sentence.kind === 'header'
        ? 'heading'
        : reading.example
          ? 'example'
          : reading.leftovers.length > 0
            ? reading.findings.length > 0
              ? 'partly'
              : 'not_understood'
            : reading.findings.length > 0
              ? 'rules'
              : reading.notes.length > 0
                ? 'note'
                : 'text';
    if (kind === 'partly' || kind === 'not_understood') {
      notUnderstood.push({
        sentence: sentence.text,
        page: sentence.page,
        reason: `${kind === 'partly' ? 'partly understood: ' : ''}${reading.leftovers.join('; ')}`,
      });
    }
    return {
      sentence: sentence.text,
      page: sentence.page,
      reading: kind,
      rule_ids: ruleIds,
      notes: reading.notes,
    };
  });
  for (const entry of rejected)
    notUnderstood.push({
      sentence: entry.source.quote,
      page: entry.source.page ?? 1,
      reason: entry.reason,
    });
  return { rules, not_understood: notUnderstood, sentences: trace };
}
