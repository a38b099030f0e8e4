/**
 * One sentence through the grammar, clause by clause: notes that explain a clause claim it
 * first; then every reader takes what it understands (limits, refusals, lines, requirements,
 * settings, eligibility). What looks like a rule and was not taken — an amount no limit word
 * governs, a percentage without a base, a refusal of nothing known, "depending on the employee's
 * level" — is returned as a leftover, so the sentence is reported as not (fully) understood.
 */
import type { TravelClass } from '../../../domain/facts.js';
import { type BlockMemory, type Ctx, fallbackCats } from './context.js';
import type { ClauseOutput } from './findings.js';
import { emptyReading, type SentenceReading } from './findings.js';
import { isLex, type Tok } from './lexer.js';
import { readClassOnly, travelMode } from './read-classes.js';
import { readLimits } from './read-limits.js';
import { readEligible, readLines } from './read-lines.js';
import {
  firstNote,
  isExample,
  lastNote,
  readAlias,
  readBaseDefinition,
  readNotCounted,
  readSharedStatement,
} from './read-notes.js';
import { readPercentages } from './read-percentages.js';
import { readOnlyWithin, readRefusals } from './read-refusals.js';
import {
  readEvidence,
  readForeignCurrency,
  readMealHours,
  readSettings,
  readWindow,
} from './read-requirements.js';
import { type CatRef, categoriesIn, classesIn, hasLex, lexOf } from './tokens.js';

const RULE_LIKE = new Set([
  'limit',
  'neg',
  'negv',
  'decline',
  'selfpay',
  'must',
  'within',
  'ontop',
  'fx',
  'round',
]);

function ruleLike(tokens: readonly Tok[], labelled: boolean): boolean {
  // "must" or "only" alone ("… that meets the business need") is a rule only about something
  // claimable: "Rental cars: compact or mid-size only" is one.
  const aboutExpenses = labelled || hasLex(tokens, 'cat', 'kind', 'evid', 'who', 'class');
  return tokens.some(
    (token) =>
      token.t === 'money' ||
      token.t === 'pct' ||
      token.t === 'time' ||
      (token.t === 'lex' &&
        (RULE_LIKE.has(token.lex.k) || token.lex.k === 'only') &&
        ((token.lex.k !== 'must' && token.lex.k !== 'only') || aboutExpenses)),
  );
}

function reasonFor(tokens: readonly Tok[]): string {
  const at = tokens.findIndex((token) => token.t === 'money');
  const amount = tokens[at];
  if (amount && tokens.slice(at + 1, at + 4).some((next) => isLex(next, 'distance')))
    return `a rate per distance (${amount.text}) needs the distance, which invoices do not carry`;
  if (amount) return `${amount.text}: an amount without a limit word is not read as a cap`;
  if (hasLex(tokens, 'limit')) return 'a limit whose amount or category is not stated here';
  if (hasLex(tokens, 'neg', 'negv', 'decline', 'selfpay'))
    return 'a refusal of something the rules cannot name';
  if (hasLex(tokens, 'must', 'only')) return 'a requirement the rules cannot express';
  if (tokens.some((token) => token.t === 'time')) return 'a time condition not modelled';
  return 'not understood';
}

const BACK_REFERENCES = new Set(['it', 'they', 'them', 'these', 'otherwise', 'such']);
const isWordIn = (token: Tok, words: ReadonlySet<string>) =>
  token.t === 'word' && words.has(token.w);

const MEASURE =
  /\b\d+(?:[.,]\d+)?\s*(?:hours?|hrs?|km|kilometres?|kilometers?|miles?)\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+(?:hours?|kilometres?|kilometers?|miles?)\b/i;
const DEPENDS = /\b(?:depending on|dependent on|based on|according to|varies with|varies by)\b/i;

export function readSentence(ctx: Ctx): SentenceReading {
  const reading = emptyReading();
  if (ctx.sentence.kind === 'heading' || ctx.sentence.kind === 'header') return reading;
  if (isExample(ctx)) {
    reading.example = true;
    return reading;
  }
  const out: ClauseOutput = {
    findings: [],
    leftovers: [],
    consumed: new Set(),
    blocked: new Set(),
  };
  const sentenceCats: CatRef[] = categoriesIn(ctx.body);
  const hours = readMealHours(ctx.tokens, out);
  ctx.clauses.forEach((clause, index) => {
    const amounts = clause.some(
      (token, at) =>
        token.t === 'money' || (token.t === 'pct' && !isLex(clause[at + 1], 'vat', 'gross', 'net')),
    );
    const first = amounts ? null : firstNote(clause, ctx);
    if (first) {
      reading.notes.push(first);
      return;
    }
    const before = out.findings.length;
    const notCounted = readNotCounted(clause, ctx);
    if (typeof notCounted === 'string') reading.notes.push(notCounted);
    else if (notCounted) out.findings.push(notCounted);
    for (const finding of [
      readAlias(clause),
      readSharedStatement(clause),
      readBaseDefinition(clause),
    ])
      if (finding) out.findings.push(finding);
    let understood = typeof notCounted === 'string' || hours;
    understood = readWindow(clause, out) || understood;
    understood = readForeignCurrency(clause, out) || understood;
    understood = readEvidence(ctx, clause, ctx.tokens, out) || understood;
    understood = readSettings(ctx, clause, out) || understood;
    readLimits(ctx, clause, sentenceCats, out);
    readPercentages(ctx, clause, sentenceCats, out);
    const neighbours = { next: ctx.clauses[index + 1], previous: ctx.clauses[index - 1] };
    understood = readRefusals(ctx, clause, neighbours, sentenceCats, out) || understood;
    understood = readLines(ctx, clause, out) || understood;
    const paid = readEligible(ctx, clause, out);
    const category = (paid[0] ?? sentenceCats[0] ?? fallbackCats(ctx)[0])?.category;
    const only = readClassOnly(clause, category, ctx.label !== null || ctx.row !== null);
    if (only) out.findings.push(only);
    const within = readOnlyWithin(clause);
    if (within) out.findings.push(within);
    if (out.findings.length > before || clause.some((token) => out.consumed.has(token)))
      understood = true;
    if (understood) return;
    // "…; otherwise it is refused": the consequence of the rule just read from this sentence.
    const pronoun = clause.some((token) => isWordIn(token, BACK_REFERENCES));
    if (pronoun && out.findings.length > 0 && hasLex(clause, 'decline', 'neg', 'flag')) return;
    const last = lastNote(clause, ctx);
    if (last) reading.notes.push(last);
    else if (index === ctx.clauses.length - 1 && /:\s*$/.test(ctx.sentence.text))
      reading.notes.push('introduces the list that follows');
    else if (ruleLike(clause, (ctx.labelInfo?.cats.length ?? 0) > 0))
      out.leftovers.push(reasonFor(clause));
  });
  // Amounts and percentages no reader took are reported, even beside rules that were read.
  const stray = ctx.tokens.filter(
    (token) => (token.t === 'money' && token.minor !== null) || token.t === 'pct',
  );
  for (const token of stray) {
    if (out.consumed.has(token) || token.t !== 'money') continue;
    const at = ctx.tokens.indexOf(token);
    const perDistance = ctx.tokens.slice(at + 1, at + 4).some((next) => isLex(next, 'distance'));
    const reason = perDistance
      ? `a rate per distance (${token.text}) needs the distance, which invoices do not carry`
      : `${token.text}: an amount without a limit word is not read as a cap`;
    if (
      !out.leftovers.some(
        (left) => left.startsWith('a rate per distance') || left.includes('an amount without'),
      )
    )
      out.leftovers.push(reason);
  }
  const measured = MEASURE.exec(ctx.sentence.text);
  if (measured && !reading.example)
    out.leftovers.push(`a condition on ${measured[0]} cannot be checked on an invoice`);
  const depends = DEPENDS.exec(ctx.sentence.text);
  if (depends && out.findings.length > 0) {
    const rest = ctx.sentence.text.slice(depends.index).replace(/[.;]\s*$/, '');
    out.leftovers.push(`"${rest}" is not understood`);
  }
  reading.findings = out.findings.filter(
    (finding) => finding.f !== 'cap' || finding.categories.length > 0,
  );
  reading.leftovers = [...new Set(out.leftovers)];
  return reading;
}

/** What a sentence leaves for the next ones of its clause to lean on. */
export function remember(memory: BlockMemory, ctx: Ctx, reading: SentenceReading): void {
  const body = categoriesIn(ctx.body);
  const cats = ctx.row?.cats.length
    ? ctx.row.cats
    : body.length > 0
      ? body
      : (ctx.labelInfo?.cats ?? []);
  if (cats.length > 0) memory.cats = cats;
  const paid =
    (hasLex(ctx.body, 'pay', 'only') || ctx.label !== null) &&
    !hasLex(ctx.body, 'neg', 'negv', 'decline', 'selfpay');
  if (paid) {
    const allowed = classesIn(ctx.body, travelMode(cats[0]?.category)).classes;
    if (allowed.length > 0) memory.allowed = allowed as TravelClass[];
  }
  memory.topic = reading.notes.some((note) => note.startsWith('duplicates'))
    ? 'dup'
    : lexOf(ctx.tokens, 'notdoc').length > 0
      ? 'notdoc'
      : isLex(ctx.tokens[0], 'flag')
        ? memory.topic
        : null;
}
