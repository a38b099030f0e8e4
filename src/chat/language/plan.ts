/**
 * The offline reading of a chat question: which invoices it is about (a store filter), and what to
 * do with them (list, aggregate, explain). Deterministic and pure, so the same question always gets
 * the same answer and every answer can show the filters it applied. The Gemini path reaches the
 * same filters through tool calls; both end in the same store calls.
 */

import { NAME_MATCH_THRESHOLD, nameSimilarity, normalizeEmployeeKey } from '../../domain/text.js';
import type { AggregateGroup, InvoiceFilter } from '../../domain/types.js';
import { takeDateBounds } from './dates.js';
import {
  type AggregateMeasure,
  capitalisedRun,
  takeAmountBounds,
  takeCapitalisedNames,
  takeCategories,
  takeFlags,
  takeGroups,
  takeInvoiceReferences,
  takeLimit,
  takeMeasure,
  takeSearchText,
  takeStatuses,
} from './lexicon.js';
import { asksAboutPolicy, type PolicyTopic, takePolicyTopic } from './policy-question.js';
import { QuestionScanner, type ScannedWord } from './scanner.js';

export type { AggregateMeasure } from './lexicon.js';

export type ChatSort = 'amount_desc' | 'amount_asc';

export type ChatIntent = 'list' | 'aggregate' | 'explain' | 'policy' | 'out_of_scope' | 'greeting';

/** A store filter as a question can state it: access scope is added below, never by the question. */
export type ChatFilter = Omit<InvoiceFilter, 'owner_sub' | 'job_id' | 'file_sha256' | 'text'>;

export interface ChatPlan {
  intent: ChatIntent;
  filter: ChatFilter;
  /** Aggregate only: the grouping keys; empty for one overall total. */
  group_by: AggregateGroup[];
  /** Aggregate only: what the question asks for first (the answer shows count and sums anyway). */
  measure?: AggregateMeasure;
  /** Words to find with the full-text index ("mentioning pulao", "at Lotus"). */
  text?: string;
  /** Explain: the invoice as the question names it ("Ticket 2", "invoice #4102", a file name). */
  invoice_ref?: string;
  /** Explain, when nothing names the invoice: the other words that describe it ("coastal kitchen"). */
  subject?: string;
  /** How many invoices to show. */
  limit: number;
  /** "the 5 biggest": invoices by claimed amount instead of newest first. */
  sort?: ChatSort;
  /** Policy: what the question asks of the active policy's rules. */
  policy?: PolicyTopic;
}

export interface PlanContext {
  /** Display names of the employees the caller may see, as stored. */
  employees: readonly string[];
  /** YYYY-MM-DD: relative dates ("last month") are read against it. */
  today: string;
  /** The plan of the previous turn of the session, for follow-ups ("and for Hardik?"). */
  previous?: ChatPlan;
  /** Currency of amounts typed without one ("over 500"); INR by default. */
  currency?: string;
}

export const DEFAULT_LIMITS: Readonly<Record<ChatIntent, number>> = {
  list: 20,
  aggregate: 20,
  explain: 5,
  policy: 0,
  out_of_scope: 0,
  greeting: 0,
};
export const MAX_LIMIT = 100;

const EXPLAIN =
  /\bwhy\b|\bexplain\w*|\breasons?\b|\bhow come\b|\b(?:what|which) rules?\b|\bjustif\w*/;
const DOMAIN =
  /\b(?:invoices?|bills?|receipts?|claims?|claimed|claiming|expenses?|reimburs\w*|spen[dt]|spending|costs?|paid|amounts?|tickets?|polic(?:y|ies)|submitted|submissions?|uploaded|uploads?|flagged|flags?|refunds?|records?|documents?)\b/;
const SORTS: ReadonlyArray<readonly [RegExp, ChatSort]> = [
  [/\b(?:largest|biggest|highest|most expensive|costliest|priciest|top)\b/, 'amount_desc'],
  [/\b(?:smallest|lowest|cheapest|least expensive)\b/, 'amount_asc'],
];
const LIST_CUE = /\b(?:show|list|display)\b|\beverything\b/;
/** "the largest invoices", "top claims": a superlative over several; without one, it asks for one. */
const PLURAL_NOUN = /\b(?:invoices|claims|bills|receipts|expenses|ones|items|documents)\b/;
const CREATIVE =
  /\b(?:poems?|poetry|jokes?|songs?|lyrics|stor(?:y|ies)|essays?|haikus?|limericks?|recipes?|raps?)\b/;
const OFF_TOPIC =
  /\b(?:weather|forecast|news|stocks?|shares?|crypto|bitcoin|football|cricket|sports?|movies?|films?|capital of|translate|president|prime minister|horoscope|celebrit(?:y|ies)|politics|elections?|temperature|raining)\b/;
const GREETING =
  /^\W*(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening)|thanks?|thank you|thx|cheers|help|what can you do|who are you|how does (?:this|it) work)\b/;
const FOLLOW_UP_START =
  /^\W*(?:and|what about|how about|same for|same but|now|only|just|but|also|then|what of)\b/;
const BACK_REFERENCE = /\b(?:them|those|these|they|ones|it)\b/;
/** Capitalised words that are not names: sentence openers, pronouns, audience words. */
const NOT_A_NAME = new Set(
  'i me my we us our you your he she him her his they them their it this that these those the a an all any each every everyone everybody both some none show list what which who why how when where give tell please can could would should is are was were do does did finance company team employees employee staff people someone anyone others other admin'.split(
    ' ',
  ),
);
/** Words after which a capitalised word names a person: "invoices of X", "what did X claim". */
const NAME_CONTEXT = new Set([
  'of',
  'for',
  'by',
  'about',
  'and',
  'to',
  'does',
  'did',
  'has',
  'had',
]);
/** Words of an explain question that never describe which invoice: question words, verbs, fillers. */
const SUBJECTLESS = new Set([
  ...NOT_A_NAME,
  ...'why explain explained reason reasons how come rule rules justify justified justification only just so not no yes of for by about and to in on at from with into than then there here one ones got get gets getting been be being has have had am partly partially fully completely entirely reimbursed reimbursement reimburse paid approved accepted rejected declined refused capped cut reduced lower less more invoice invoices bill bills receipt receipts claim claims ticket tickets expense expenses amount amounts me tell apply applied applies used made'.split(
    ' ',
  ),
]);

interface EmployeeMatch {
  name: string;
  words: ScannedWord[];
}

/** The known employee whose name's words the question uses most (ties: the first listed). */
function matchKnownEmployee(
  words: readonly ScannedWord[],
  employees: readonly string[],
): EmployeeMatch | null {
  let best: EmployeeMatch | null = null;
  let bestScore = 0;
  const keyed = words.map((word) => ({ word, key: normalizeEmployeeKey(word.folded) }));
  for (const name of employees) {
    const tokens = new Set(
      normalizeEmployeeKey(name)
        .split(' ')
        .filter((token) => token.length >= 2),
    );
    const matched = keyed.filter(({ key }) => tokens.has(key));
    const score = new Set(matched.map(({ key }) => key)).size;
    if (score > bestScore)
      [best, bestScore] = [{ name, words: matched.map(({ word }) => word) }, score];
  }
  return best;
}

/** A typo of a known name ("Hardick"): only among words no recogniser took. */
function matchMisspelledEmployee(
  words: readonly ScannedWord[],
  employees: readonly string[],
): EmployeeMatch | null {
  let best: EmployeeMatch | null = null;
  let bestScore = NAME_MATCH_THRESHOLD;
  for (const word of words) {
    if (word.folded.length < 4 || NOT_A_NAME.has(word.folded)) continue;
    for (const name of employees) {
      const score = nameSimilarity(word.folded, name);
      if (score >= bestScore && (best === null || score > bestScore))
        [best, bestScore] = [{ name, words: [word] }, score];
    }
  }
  return best;
}

/** A capitalised name the store does not know ("invoices of Priya", "Priya's bills"): matches nothing. */
function matchUnknownName(scanner: QuestionScanner): EmployeeMatch | null {
  const words = scanner.words();
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index];
    if (!word || NOT_A_NAME.has(word.folded) || /^\d/.test(word.folded)) continue;
    const previous = scanner.before(word.start).trimEnd().split(/\s+/).pop() ?? '';
    const run = capitalisedRun(words, index, scanner.original).filter(
      (part) => !NOT_A_NAME.has(part.folded),
    );
    const last = run[run.length - 1];
    if (last && (last.possessive || NAME_CONTEXT.has(previous)))
      return { name: run.map((part) => part.original).join(' '), words: run };
  }
  return null;
}

/** The known employee a typed name means ("rani" or "Hardick" → the stored name); the name itself when none. */
export function resolveEmployeeName(name: string, employees: readonly string[]): string {
  const words = new QuestionScanner(name).words();
  return (
    (matchKnownEmployee(words, employees) ?? matchMisspelledEmployee(words, employees))?.name ??
    name.trim()
  );
}

function takeEmployee(
  scanner: QuestionScanner,
  employees: readonly string[],
  stage: 'known' | 'leftover',
): string | undefined {
  const match =
    stage === 'known'
      ? matchKnownEmployee(scanner.words(), employees)
      : (matchMisspelledEmployee(scanner.words(), employees) ?? matchUnknownName(scanner));
  for (const word of match?.words ?? []) scanner.consume(word.start, word.end);
  return match?.name;
}

interface Reading {
  subject: string | undefined;
  filter: ChatFilter;
  group_by: AggregateGroup[];
  measure: AggregateMeasure | undefined;
  text: string | undefined;
  invoice_ref: string | undefined;
  limit: number | undefined;
}

/** Every slot the question fills, in an order where longer phrases are read before their parts. */
function readQuestion(
  scanner: QuestionScanner,
  context: PlanContext,
  explaining: boolean,
): Reading {
  const { quoted, references } = takeInvoiceReferences(scanner);
  const filter: ChatFilter = {};
  let employee = takeEmployee(scanner, context.employees, 'known');
  const flags = takeFlags(scanner);
  const status = takeStatuses(scanner);
  const group_by = takeGroups(scanner);
  const measure = takeMeasure(scanner);
  const amounts = takeAmountBounds(scanner, context.currency ?? 'INR');
  const dates = takeDateBounds(scanner, context.today);
  const limit = takeLimit(scanner);
  references.push(...takeCapitalisedNames(scanner));
  const category = takeCategories(scanner);
  const texts = [...(explaining ? [] : quoted), ...takeSearchText(scanner)];
  employee ??= takeEmployee(scanner, context.employees, 'leftover');

  if (employee) filter.employee = employee;
  if (status.length > 0) filter.status = status;
  if (category.length > 0) filter.category = category;
  Object.assign(filter, dates, amounts);
  if (flags.length > 0) filter.flags = flags;
  const invoice_ref = (explaining ? [...quoted, ...references] : references)[0];
  const subject = explaining && !invoice_ref ? takeSubject(scanner) : undefined;
  return {
    filter,
    group_by,
    measure,
    text: texts.length > 0 ? texts.join(' ') : undefined,
    invoice_ref,
    subject,
    limit,
  };
}

/** The words an explain question has left once every recogniser ran, minus those that carry no subject. */
function takeSubject(scanner: QuestionScanner): string | undefined {
  const words = scanner
    .words()
    .filter((word) => !SUBJECTLESS.has(word.folded) && !/^\d+$/.test(word.folded));
  return words.length > 0 ? words.map((word) => word.original).join(' ') : undefined;
}

function slotCount(reading: Reading): number {
  return (
    Object.keys(reading.filter).length + (reading.text ? 1 : 0) + (reading.invoice_ref ? 1 : 0)
  );
}

/** Says which invoices or how many: a filter, a limit ("top 3") or an order ("biggest"). */
function selectsInvoices(folded: string, reading: Reading): boolean {
  return (
    slotCount(reading) > 0 ||
    reading.limit !== undefined ||
    SORTS.some(([pattern]) => pattern.test(folded))
  );
}

function decideIntent(
  folded: string,
  reading: Reading,
  followUpOf: ChatPlan | undefined,
): ChatIntent {
  if (EXPLAIN.test(folded)) return 'explain';
  if (reading.measure || reading.group_by.length > 0) return 'aggregate';
  if (followUpOf) return LIST_CUE.test(folded) ? 'list' : followUpOf.intent;
  if (selectsInvoices(folded, reading) || DOMAIN.test(folded) || LIST_CUE.test(folded))
    return 'list';
  return GREETING.test(folded) ? 'greeting' : 'out_of_scope';
}

function isFollowUp(
  folded: string,
  reading: Reading,
  previous: ChatPlan | undefined,
): previous is ChatPlan {
  if (!previous || !['list', 'aggregate', 'explain'].includes(previous.intent)) return false;
  if (FOLLOW_UP_START.test(folded)) return true;
  const asksSomething =
    selectsInvoices(folded, reading) ||
    BACK_REFERENCE.test(folded) ||
    EXPLAIN.test(folded) ||
    reading.measure !== undefined ||
    reading.group_by.length > 0;
  return !DOMAIN.test(folded) && asksSomething;
}

/**
 * A question about the policy itself: shaped like one ("limit", "is … reimbursed?", or a follow-up
 * of one) and naming no invoice once its policy words are read (no person, status, date, amount,
 * flag, invoice name or order).
 */
function readPolicyQuestion(
  question: string,
  folded: string,
  context: PlanContext,
): PolicyTopic | undefined {
  const previous = context.previous?.intent === 'policy' ? context.previous.policy : undefined;
  const followUp = previous !== undefined && FOLLOW_UP_START.test(folded);
  if (EXPLAIN.test(folded) || !(followUp || asksAboutPolicy(folded))) return undefined;
  const scanner = new QuestionScanner(question);
  const isEmployee = (name: string) =>
    matchKnownEmployee(new QuestionScanner(name).words(), context.employees) !== null;
  const topic = takePolicyTopic(scanner, isEmployee);
  const rest = readQuestion(scanner, context, false);
  const { category: _leftover, ...named } = rest.filter;
  if (
    Object.keys(named).length > 0 ||
    rest.text ||
    rest.invoice_ref ||
    rest.limit !== undefined ||
    rest.group_by.length > 0 ||
    SORTS.some(([pattern]) => pattern.test(folded))
  )
    return undefined;
  if (!followUp || !previous) return topic;
  // "and in Paris?" keeps the subject of the previous question and changes what it names.
  const pick = <K extends keyof PolicyTopic>(key: K) =>
    (Array.isArray(topic[key]) ? (topic[key] as unknown[]).length > 0 : topic[key] !== undefined)
      ? topic[key]
      : previous[key];
  const merged: PolicyTopic = {
    categories: pick('categories') ?? [],
    travel_class: pick('travel_class') ?? [],
    meal_type: pick('meal_type') ?? [],
    line_kinds: pick('line_kinds') ?? [],
    aspects: pick('aspects') ?? [],
  };
  const place = pick('place');
  if (place) merged.place = place;
  return merged;
}

export function planQuestion(question: string, context: PlanContext): ChatPlan {
  const scanner = new QuestionScanner(question);
  const folded = scanner.folded;
  const policy = readPolicyQuestion(question, folded, context);
  if (policy) return { intent: 'policy', filter: {}, group_by: [], limit: 0, policy };
  const reading = readQuestion(scanner, context, EXPLAIN.test(folded));
  const declined = (intent: ChatIntent): ChatPlan => ({
    intent,
    filter: {},
    group_by: [],
    limit: DEFAULT_LIMITS[intent],
  });
  if (CREATIVE.test(folded) || (OFF_TOPIC.test(folded) && !DOMAIN.test(folded)))
    return declined('out_of_scope');

  const previous = isFollowUp(folded, reading, context.previous) ? context.previous : undefined;
  const intent = decideIntent(folded, reading, previous);
  if (intent === 'greeting' || intent === 'out_of_scope') return declined(intent);

  // A named invoice is found by its name alone: the previous turn's filters would only hide it.
  const inherited = previous && !reading.invoice_ref ? previous.filter : {};
  const filter: ChatFilter = { ...inherited, ...reading.filter };
  // The status in "why was Ticket 2 declined?" is the asker's guess, not a condition on Ticket 2.
  if (intent === 'explain' && reading.invoice_ref) delete filter.status;
  const plan: ChatPlan = {
    intent,
    filter,
    group_by:
      intent !== 'aggregate'
        ? []
        : reading.group_by.length > 0 || !previous
          ? reading.group_by
          : previous.group_by,
    limit: Math.min(reading.limit ?? DEFAULT_LIMITS[intent], MAX_LIMIT),
  };
  const sort =
    SORTS.find(([pattern]) => pattern.test(folded))?.[1] ??
    (previous?.intent === intent ? previous.sort : undefined);
  if (sort && intent === 'list') {
    plan.sort = sort;
    // "what is the largest single claim?" asks for one invoice, not a sorted list.
    if (reading.limit === undefined && !PLURAL_NOUN.test(folded)) plan.limit = 1;
  }
  if (intent === 'aggregate') plan.measure = reading.measure ?? previous?.measure ?? 'sum';
  const text = reading.text ?? previous?.text;
  if (text) plan.text = text;
  // "show it" after "why was Ticket 2 capped?" is still about Ticket 2.
  const invoiceRef =
    reading.invoice_ref ??
    (previous && Object.keys(reading.filter).length === 0 ? previous.invoice_ref : undefined);
  if (intent !== 'aggregate' && invoiceRef) plan.invoice_ref = invoiceRef;
  if (intent === 'explain' && !plan.invoice_ref && reading.subject) plan.subject = reading.subject;
  return plan;
}
