/**
 * Offline policy compiler: turns policy sentences into explicit rules without a model. It reads
 * the phrasings real policies use ("₹200 per meal", "daily office cabs is ₹150", "Up to ₹50 per
 * night, excluding taxes", "Alcoholic beverages are not reimbursable", "within 30 days") and keeps
 * every rule's sentence and page so decisions can cite them.
 */
import { parseAmount } from '../../domain/money.js';
import { parsePolicyRules } from '../../domain/policy-rules.js';
import type {
  Cap,
  CapPer,
  Category,
  CategoryRule,
  ExclusionRule,
  PolicyRules,
  SubmissionWindowRule,
} from '../../domain/types.js';
import { categoryNamedIn, type PolicySentence, policySentences } from './policy-text.js';
import { POLICY_CATEGORY_WORDS } from './vocabulary.js';

export interface CompilePolicyOptions {
  policy_hash: string;
  /** Currency when the policy prints amounts without one. */
  default_currency?: string;
}

const MONEY =
  /(?:₹|Rs\.?|INR|US\$|USD|\$|€|EUR|£|GBP)\s?\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s?(?:INR|USD|EUR|GBP|rupees|dollars|euros)\b/gi;
const NOT_PAID =
  /\b(?:(?:is|are)\s+not\s+(?:eligible|reimbursable|reimbursed|covered|allowed|permitted)|(?:will|shall)\s+not\s+be\s+(?:reimbursed|covered|paid)|ineligible|excluded)\b/i;
const CONDITIONAL = /\b(?:unless|except|if|when|without|incurred|beyond|above|exceeding)\b/i;
/** "Personal travel is not reimbursable" refuses a kind of trip, not the Travel category. */
const PRIVATE_USE = /\b(?:personal|private|leisure|family)\b/i;
const NUMBER_WORDS: Readonly<Record<string, number>> = {
  seven: 7,
  ten: 10,
  fourteen: 14,
  fifteen: 15,
  thirty: 30,
  'forty-five': 45,
  sixty: 60,
  ninety: 90,
};

/** The unit of a cap stated without one: per invoice, in the words of its category. */
const NATURAL_UNIT: Readonly<Record<Category, CapPer>> = {
  meal: 'meal',
  travel: 'trip',
  cab: 'trip',
  accommodation: 'night',
  other: 'claim',
};
const UNIT_WORDS: ReadonlyArray<readonly [RegExp, CapPer | 'natural']> = [
  [/^(?:meals?)\b/i, 'meal'],
  [/^(?:trips?|journeys?|tickets?)\b/i, 'trip'],
  [/^(?:nights?)\b/i, 'night'],
  [/^(?:days?)\b/i, 'day'],
  [/^(?:months?)\b/i, 'month'],
  [/^(?:items?)\b/i, 'item'],
  [/^(?:claims?)\b/i, 'claim'],
  [/^(?:receipts?|invoices?|bills?)\b/i, 'natural'],
];

export function compilePolicyText(
  pages: readonly string[],
  opts: CompilePolicyOptions,
): PolicyRules {
  const sentences = policySentences(pages);
  const currency = policyCurrency(sentences, opts.default_currency ?? 'INR');
  const categories = categoryRules(sentences, currency);
  const rules = {
    schema_version: 1,
    policy_hash: opts.policy_hash,
    name: policyName(sentences),
    currency,
    categories,
    exclusions: exclusionRules(sentences, new Set(categories.map((rule) => rule.category))),
    submission_window: submissionWindow(sentences),
    compiled_by: 'offline',
  };
  return parsePolicyRules(rules);
}

function source(sentence: PolicySentence) {
  return { quote: sentence.text, page: sentence.page };
}

/** The currency most amounts are printed in. */
function policyCurrency(sentences: readonly PolicySentence[], fallback: string): string {
  const counts = new Map<string, number>();
  for (const sentence of sentences) {
    for (const match of sentence.text.matchAll(MONEY)) {
      const code = parseAmount(match[0])?.currency;
      if (code) counts.set(code, (counts.get(code) ?? 0) + 1);
    }
  }
  return (
    [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? fallback
  );
}

function policyName(sentences: readonly PolicySentence[]): string {
  const field = (label: RegExp) =>
    sentences.map((s) => label.exec(s.text)?.[1]?.trim()).find(Boolean);
  const title =
    field(/Policy (?:Title|Name):\s*(.+?)(?:\s+Version:.*)?$/i) ??
    sentences.find((s) => /polic(y|ies)/i.test(s.text) && s.text.length <= 80)?.text ??
    'Reimbursement policy';
  const company = field(/Company(?: Name)?:\s*(.+)$/i);
  const version = field(/Version:\s*([\w.]+)/i);
  return [company, title, version && `v${version}`].filter(Boolean).join(' ');
}

/** The category a sentence's amount is about: the nearest category word before it, else the section. */
function categoryOfAmount(sentence: PolicySentence, amountIndex: number): Category | null {
  let best: { category: Category; distance: number } | null = null;
  for (const [category, words] of POLICY_CATEGORY_WORDS) {
    for (const match of sentence.text.matchAll(new RegExp(words.source, 'gi'))) {
      if (match.index > amountIndex) continue;
      const distance = amountIndex - match.index;
      if (!best || distance < best.distance) best = { category, distance };
    }
  }
  return best?.category ?? sentence.section?.category ?? null;
}

function capPer(sentence: string, afterAmount: string, category: Category): CapPer {
  const unit = /^\s*(?:\/|per|a|an|each|every)\s*([a-z]+)/i.exec(afterAmount)?.[1] ?? '';
  for (const [pattern, per] of UNIT_WORDS)
    if (pattern.test(unit)) return per === 'natural' ? NATURAL_UNIT[category] : per;
  if (/\b(?:daily|per day|a day|each day)\b/i.test(sentence)) return 'day';
  if (/\b(?:monthly|per month|a month)\b/i.test(sentence)) return 'month';
  if (/\b(?:nightly|per night)\b/i.test(sentence)) return 'night';
  return NATURAL_UNIT[category];
}

function capLabel(sentence: PolicySentence, category: Category): string {
  if (sentence.section?.category === category) return sentence.section.title;
  const words = POLICY_CATEGORY_WORDS.find(([named]) => named === category)?.[1];
  const phrase =
    words && new RegExp(`(?:\\b[a-z]+\\s+){0,2}${words.source}`, 'i').exec(sentence.text)?.[0];
  const cleaned = (phrase ?? category).replace(/^(?:(?:the|for|of|on|and|is|are|a|an)\s+)+/i, '');
  return cleaned.charAt(0).toUpperCase() + cleaned.slice(1);
}

function categoryRules(sentences: readonly PolicySentence[], currency: string): CategoryRule[] {
  const rules: CategoryRule[] = [];
  // "meal.cap" for the first cap of a category, then "meal.cap_day", "meal.cap_day_2"…: decisions cite these.
  const idFor = (preferred: string, fallback: string) => {
    const taken = new Set(rules.map((rule) => rule.id));
    if (!taken.has(preferred)) return preferred;
    let id = fallback;
    for (let n = 2; taken.has(id); n += 1) id = `${fallback}_${n}`;
    return id;
  };
  for (const sentence of sentences) {
    if (sentence.title) continue;
    const ineligible = ineligibleCategory(sentence);
    if (ineligible) {
      rules.push({
        id: idFor(`${ineligible}.ineligible`, `${ineligible}.ineligible`),
        category: ineligible,
        label: capLabel(sentence, ineligible),
        eligible: false,
        cap: null,
        source: source(sentence),
      });
      continue;
    }
    for (const match of sentence.text.matchAll(MONEY)) {
      const amount = parseAmount(match[0], currency);
      const category = categoryOfAmount(sentence, match.index);
      if (
        !amount ||
        amount.amount_minor <= 0 ||
        !category ||
        (amount.currency && amount.currency !== currency)
      )
        continue;
      const after = sentence.text.slice(match.index + match[0].length);
      const per = capPer(sentence.text, after, category);
      const cap: Cap = {
        amount_minor: amount.amount_minor,
        per,
        includes_tax:
          !/\b(?:excluding|exclusive of|excl\.?|before|plus|pre-?)\s*(?:all\s+)?(?:tax|taxes|gst|vat)/i.test(
            sentence.text,
          ),
      };
      rules.push({
        id: idFor(`${category}.cap`, `${category}.cap_${per}`),
        category,
        label: capLabel(sentence, category),
        eligible: true,
        cap,
        source: source(sentence),
      });
    }
  }
  // Categories a policy lists or heads a section with, but never caps, are eligible without a limit.
  const eligibleOnly = new Map<Category, PolicySentence>();
  for (const sentence of sentences) {
    const category = sentence.title ? categoryNamedIn(sentence.text) : null;
    if (category && !eligibleOnly.has(category)) eligibleOnly.set(category, sentence);
  }
  for (const [category, sentence] of eligibleOnly) {
    if (rules.some((rule) => rule.category === category)) continue;
    rules.push({
      id: `${category}.eligible`,
      category,
      label: sentence.text,
      eligible: true,
      cap: null,
      source: source(sentence),
    });
  }
  // A category the policy says it does not pay for is not paid, whatever limit it also mentions.
  const refused = new Set(rules.filter((rule) => !rule.eligible).map((rule) => rule.category));
  return rules.filter((rule) => !refused.has(rule.category) || !rule.eligible);
}

/** "Taxi rides are not reimbursable": a category named right before the refusal, with no conditions. */
function ineligibleCategory(sentence: PolicySentence): Category | null {
  const refusal = NOT_PAID.exec(sentence.text);
  if (
    !refusal ||
    CONDITIONAL.test(sentence.text) ||
    PRIVATE_USE.test(sentence.text) ||
    /alcohol|liquor|tobacco|cigar/i.test(sentence.text)
  )
    return null;
  const subject = sentence.text.slice(0, refusal.index).replace(/^[A-Za-z ]+:\s*/, '');
  if (subject.split(/\s+/).length > 5) return null;
  return categoryNamedIn(subject);
}

function exclusionRules(
  sentences: readonly PolicySentence[],
  knownCategories: ReadonlySet<Category>,
): ExclusionRule[] {
  const rules: ExclusionRule[] = [];
  for (const sentence of sentences) {
    const refusal =
      NOT_PAID.exec(sentence.text) ?? /\bno reimbursement (?:for|of)\b/i.exec(sentence.text);
    if (!refusal || sentence.title) continue;
    // Alcohol and tobacco are refused on any bill, even when the sentence sits under Food.
    if (/\balcohol(?:ic)?\b|\bliquor\b/i.test(sentence.text)) {
      rules.push({
        id: 'exclusion.alcohol',
        kind: 'alcohol',
        terms: [],
        categories: null,
        source: source(sentence),
      });
    } else if (/\btobacco\b|\bcigar(?:ette)?s?\b/i.test(sentence.text)) {
      rules.push({
        id: 'exclusion.tobacco',
        kind: 'tobacco',
        terms: [],
        categories: null,
        source: source(sentence),
      });
    } else if (!CONDITIONAL.test(sentence.text)) {
      const subject = refusal[0].toLowerCase().startsWith('no reimbursement')
        ? sentence.text.slice(refusal.index + refusal[0].length)
        : sentence.text.slice(0, refusal.index);
      const terms = subject
        .replace(/^[A-Za-z ]+:\s*/, '')
        .split(/,|\band\b|\bor\b|;/i)
        .map((term) =>
          term
            .replace(/^\s*(?:the|any|all|expenses? (?:for|on)|costs? of)\s+/i, '')
            .replace(/[.\s]+$/, '')
            .trim()
            .toLowerCase(),
        )
        .filter((term) => term.length > 1 && term.split(' ').length <= 4 && !categoryNamedIn(term));
      if (terms.length > 0 && !knownCategories.has(categoryNamedIn(subject) ?? 'other')) {
        rules.push({
          id: `exclusion.terms_${rules.filter((rule) => rule.kind === 'terms').length + 1}`,
          kind: 'terms',
          terms,
          categories: null,
          source: source(sentence),
        });
      }
    }
  }
  // One rule per kind for alcohol and tobacco: the first sentence that says so is cited.
  return rules.filter(
    (rule, index) =>
      rule.kind === 'terms' || rules.findIndex((other) => other.id === rule.id) === index,
  );
}

function submissionWindow(sentences: readonly PolicySentence[]): SubmissionWindowRule | null {
  const numberWords = Object.keys(NUMBER_WORDS).join('|');
  const pattern = new RegExp(
    `(?:submit\\w*[^.]{0,40}?\\bwithin|within\\s+(?=(?:\\d+|${numberWords})\\s+(?:calendar\\s+)?days\\s+of\\s+(?:the\\s+)?(?:expense|purchase|invoice|transaction|date|travel))|older than)\\s+(\\d+|${numberWords})\\s+(?:calendar\\s+)?days`,
    'i',
  );
  for (const sentence of sentences) {
    const match = pattern.exec(sentence.text);
    if (!match?.[1]) continue;
    const days = /^\d+$/.test(match[1]) ? Number(match[1]) : NUMBER_WORDS[match[1].toLowerCase()];
    if (days) return { id: 'submission.window', days, source: source(sentence) };
  }
  return null;
}
