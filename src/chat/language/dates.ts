/**
 * Dates in chat questions: "last month", "in December", "Dec 2024", "since 3 Dec", "last 30 days",
 * "from October to December", "in 2024", "Q4 2024", read against the day the question is asked. A month
 * without a year is the latest such month not after today ("December" asked in January 2025 is
 * December 2024).
 */

import { findDates, isIsoDate } from '../../domain/text.js';
import type { QuestionScanner } from './scanner.js';

export interface DateBounds {
  date_from?: string;
  date_to?: string;
}

interface Span {
  start: string;
  end: string;
  /** The word before the date ("since", "before"), which turns the span into an open bound. */
  modifier: string | undefined;
}

const MONTH_PREFIXES = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
];
const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const MODIFIER =
  '(?:\\b(since|from|after|before|until|till|up to|through|to|on|in|during|for|of)\\s+(?:the\\s+)?)?';
const MODIFIER_BEFORE =
  /\b(since|from|after|before|until|till|up to|through|to|on|in|during|for|of)\s+(?:the\s+)?$/;

const RELATIVE_COUNT = new RegExp(
  `${MODIFIER}\\b(?:last|past|previous)\\s+(\\d{1,3})\\s+(day|week|month|year)s?\\b`,
);
const RELATIVE_NAMED = new RegExp(
  `${MODIFIER}\\b(today|yesterday|(?:this|last|previous|past) (?:week|month|quarter|year))\\b`,
);
const DAY_MONTH = new RegExp(
  `${MODIFIER}\\b(\\d{1,2})(?:st|nd|rd|th)?(?:\\s+of)?\\s+${MONTH}(?![a-z])`,
);
const MONTH_DAY = new RegExp(`${MODIFIER}\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?!\\s*\\d)`);
const ISO_MONTH = new RegExp(`${MODIFIER}\\b(\\d{4})-(\\d{2})\\b(?!-\\d)`);
const MONTH_YEAR = new RegExp(
  `${MODIFIER}\\b${MONTH}(?![a-z])(?:,?\\s+(?:of\\s+|in\\s+)?(\\d{4})\\b)?`,
);
const YEAR = new RegExp(`${MODIFIER}\\b((?:19|20)\\d{2})\\b`);
const QUARTER = new RegExp(
  `${MODIFIER}\\b(?:q([1-4])|(first|second|third|fourth|1st|2nd|3rd|4th) quarter)(?:,?\\s+(?:of\\s+|in\\s+)?((?:19|20)\\d{2}))?\\b`,
);
const QUARTER_ORDINALS: Readonly<Record<string, number>> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  '1st': 1,
  '2nd': 2,
  '3rd': 3,
  '4th': 4,
};

export function isoOf(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function lastDayOf(year: number, month: number): string {
  return isoOf(year, month + 1, 0);
}

function monthNumber(name: string): number {
  return MONTH_PREFIXES.indexOf(name.slice(0, 3)) + 1;
}

/** Whether the day exists in that month in some year (29 February included). */
function isDayOfMonth(day: number, month: number): boolean {
  return day >= 1 && day <= new Date(Date.UTC(2024, month, 0)).getUTCDate();
}

/** The same calendar day `months` earlier, clamped to the end of a shorter month. */
function monthsBefore(iso: string, months: number): string {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 - months, 1));
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  return isoOf(target.getUTCFullYear(), target.getUTCMonth() + 1, Math.min(day, lastDay));
}

function relativeSpan(phrase: string, today: string): { start: string; end: string } {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday is 0
  const quarterStart = Math.floor((month - 1) / 3) * 3 + 1;
  switch (phrase) {
    case 'today':
      return { start: today, end: today };
    case 'yesterday':
      return { start: addDays(today, -1), end: addDays(today, -1) };
    case 'this week':
      return { start: addDays(today, -weekday), end: today };
    case 'this month':
      return { start: isoOf(year, month, 1), end: today };
    case 'this quarter':
      return { start: isoOf(year, quarterStart, 1), end: today };
    case 'this year':
      return { start: isoOf(year, 1, 1), end: today };
  }
  const unit = phrase.split(' ')[1];
  if (unit === 'week')
    return { start: addDays(today, -weekday - 7), end: addDays(today, -weekday - 1) };
  if (unit === 'month')
    return { start: isoOf(year, month - 1, 1), end: lastDayOf(year, month - 1) };
  if (unit === 'quarter')
    return { start: isoOf(year, quarterStart - 3, 1), end: lastDayOf(year, quarterStart - 1) };
  return { start: isoOf(year - 1, 1, 1), end: isoOf(year - 1, 12, 31) };
}

function countSpan(count: number, unit: string, today: string): { start: string; end: string } {
  if (unit === 'day') return { start: addDays(today, -count), end: today };
  if (unit === 'week') return { start: addDays(today, -7 * count), end: today };
  return { start: monthsBefore(today, unit === 'month' ? count : 12 * count), end: today };
}

/** The year of a month named without one: this year unless that month is still to come. */
function inferYear(month: number, day: number | null, today: string): number {
  const [year, currentMonth, currentDay] = today.split('-').map(Number) as [number, number, number];
  const inFuture =
    month > currentMonth || (month === currentMonth && day !== null && day > currentDay);
  return inFuture ? year - 1 : year;
}

/** Combines the spans: a modifier opens one side ("since" has no end); otherwise spans are joined. */
function boundsOf(spans: Span[]): DateBounds {
  const froms: string[] = [];
  const tos: string[] = [];
  // A bare "to" closes a range ("from October to December") but alone is a preposition: "rules
  // applied to Rani's December meals" is about December.
  const closing = new Set([
    'until',
    'till',
    'up to',
    'through',
    ...(spans.length > 1 ? ['to'] : []),
  ]);
  // "from Dec 2024" means in December; only "from October to December" makes "from" a bound.
  const range = spans.some((span) => span.modifier !== undefined && closing.has(span.modifier));
  for (const { start, end, modifier } of spans) {
    if (modifier === 'since' || (modifier === 'from' && range)) froms.push(start);
    else if (modifier === 'after') froms.push(addDays(end, 1));
    else if (modifier === 'before') tos.push(addDays(start, -1));
    else if (modifier !== undefined && closing.has(modifier)) tos.push(end);
    else {
      froms.push(start);
      tos.push(end);
    }
  }
  const bounds: DateBounds = {};
  if (froms.length > 0) bounds.date_from = froms.sort()[0];
  if (tos.length > 0) bounds.date_to = tos.sort()[tos.length - 1];
  return bounds;
}

/** Takes every date phrase of the question; null when it names no date. */
export function takeDateBounds(scanner: QuestionScanner, today: string): DateBounds | null {
  if (!isIsoDate(today)) throw new RangeError(`today must be YYYY-MM-DD, got "${today}"`);
  const spans: Span[] = [];
  for (const match of scanner.take(RELATIVE_COUNT))
    spans.push({ ...countSpan(Number(match[2]), match[3] ?? 'day', today), modifier: match[1] });
  for (const match of scanner.take(RELATIVE_NAMED))
    spans.push({
      ...relativeSpan((match[2] ?? '').replace('previous', 'last').replace('past', 'last'), today),
      modifier: match[1],
    });

  // "Q4 2026", "the third quarter of 2024"; a quarter without a year is the latest one begun.
  for (const match of scanner.take(QUARTER)) {
    const quarter = match[2] ? Number(match[2]) : (QUARTER_ORDINALS[match[3] ?? ''] ?? 1);
    const firstMonth = quarter * 3 - 2;
    const year = match[4] ? Number(match[4]) : inferYear(firstMonth, null, today);
    spans.push({
      start: isoOf(year, firstMonth, 1),
      end: lastDayOf(year, firstMonth + 2),
      modifier: match[1],
    });
  }

  // Full dates with a year, in every format invoices use (text.ts), read on the untaken text.
  for (const found of findDates(scanner.remainingText())) {
    scanner.consume(found.index, found.index + found.raw.length);
    spans.push({
      start: found.iso,
      end: found.iso,
      modifier: MODIFIER_BEFORE.exec(scanner.before(found.index))?.[1],
    });
  }

  const yearless: Array<{ month: number; day: number | null; modifier: string | undefined }> = [];
  for (const match of scanner.take(DAY_MONTH, (found) =>
    isDayOfMonth(Number(found[2]), monthNumber(found[3] ?? '')),
  ))
    yearless.push({
      month: monthNumber(match[3] ?? ''),
      day: Number(match[2]),
      modifier: match[1],
    });
  for (const match of scanner.take(MONTH_DAY, (found) =>
    isDayOfMonth(Number(found[3]), monthNumber(found[2] ?? '')),
  ))
    yearless.push({
      month: monthNumber(match[2] ?? ''),
      day: Number(match[3]),
      modifier: match[1],
    });
  for (const match of scanner.take(
    ISO_MONTH,
    (found) => Number(found[3]) >= 1 && Number(found[3]) <= 12,
  )) {
    const year = Number(match[2]);
    const month = Number(match[3]);
    spans.push({ start: isoOf(year, month, 1), end: lastDayOf(year, month), modifier: match[1] });
  }
  // "may" is a month only when something marks it as one ("in May", "May 2024").
  const monthYears = scanner.take(
    MONTH_YEAR,
    (match) => match[2] !== 'may' || match[1] !== undefined || match[3] !== undefined,
  );
  for (const match of monthYears) {
    const month = monthNumber(match[2] ?? '');
    if (match[3] === undefined) yearless.push({ month, day: null, modifier: match[1] });
    else
      spans.push({
        start: isoOf(Number(match[3]), month, 1),
        end: lastDayOf(Number(match[3]), month),
        modifier: match[1],
      });
  }

  const years = scanner.take(YEAR);
  // A lone year names the year of the months named without one ("December … in 2024").
  const yearHint = yearless.length > 0 && years.length === 1 ? Number(years[0]?.[2]) : null;
  for (const { month, day, modifier } of yearless) {
    const year = yearHint ?? inferYear(month, day, today);
    spans.push(
      day === null
        ? { start: isoOf(year, month, 1), end: lastDayOf(year, month), modifier }
        : { start: isoOf(year, month, day), end: isoOf(year, month, day), modifier },
    );
  }
  if (yearHint === null) {
    for (const match of years)
      spans.push({
        start: isoOf(Number(match[2]), 1, 1),
        end: isoOf(Number(match[2]), 12, 31),
        modifier: match[1],
      });
  }
  return spans.length > 0 ? boundsOf(spans) : null;
}
