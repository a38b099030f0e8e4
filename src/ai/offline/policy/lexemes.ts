/**
 * What a phrase of a policy means to the grammar (lexicon.ts lists the phrases). A lexeme is a
 * word class with its value: "per night" is a period, "capped at" a limit word, "minibar" a kind
 * of invoice line, "business class" a class of travel, "London" a place.
 */
import type { LineKind, TravelClass } from '../../../domain/facts.js';
import type { CapPeriod, EvidenceKind, RoundingMode } from '../../../domain/rules/types.js';

/** Cap periods, plus the ones a policy may say that rules v2 cannot hold (read, then reported). */
export type Period = CapPeriod | 'week' | 'stay' | 'mile';

export type Place =
  | { kind: 'city'; name: string; country: string | null }
  | { kind: 'country'; code: string }
  | { kind: 'home' }
  | { kind: 'abroad' }
  | { kind: 'elsewhere' }
  /** "metro cities", "tier-1 cities": places the rules cannot list. */
  | { kind: 'group'; name: string };

export type TimeRelation = 'before' | 'after' | 'from' | 'until' | 'between' | 'and' | 'to';

export type Lexeme =
  /** An expense category of the taxonomy ("subsistence" → meal). */
  | { k: 'cat'; category: string }
  /** Kinds of invoice lines ("minibar", "tips", "tourist tax"). */
  | { k: 'kind'; kinds: LineKind[] }
  /** A class of travel; `rail` is the same words said of a train ("first class" → rail_first). */
  | { k: 'class'; air: TravelClass[]; rail: TravelClass[]; others?: boolean }
  | { k: 'per'; period: Period }
  /** "including", "plus": what follows is part of the amount, not its subject. */
  | { k: 'incl' }
  /** "up to", "capped at", "a maximum of", "allowance". */
  | { k: 'limit' }
  /** "the limit in Schedule 1", "the per-journey limit": a limit stated elsewhere. */
  | { k: 'limitref' }
  /** "is not reimbursed", "are excluded", "never reimbursable": the subject is refused. */
  | { k: 'neg' }
  /** "does not pay for", "no reimbursement for": what follows is refused. */
  | { k: 'negv' }
  /** "declined", "rejected": the whole document is refused. */
  | { k: 'decline' }
  /** "in full", "at all", "entirely". */
  | { k: 'full' }
  /** "reimbursed", "reimbursable", "paid", "covered", "may claim". */
  | { k: 'pay' }
  /** "actual cost", "at cost", "full amount". */
  | { k: 'actual' }
  /** "on top", "in addition to the limit", "over and above". */
  | { k: 'ontop' }
  /** "excluding VAT", "net of tax", "before taxes". */
  | { k: 'net' }
  /** "including VAT", "VAT included", "TTC". */
  | { k: 'gross' }
  /** "VAT", "tax", "consumption tax": a tax named without its side. */
  | { k: 'vat' }
  | { k: 'evid'; requires: EvidenceKind }
  /** "must", "required", "need", "shall". */
  | { k: 'must' }
  | { k: 'within' }
  | { k: 'unit'; unit: 'day' | 'week' | 'month' | 'year' }
  | { k: 'example' }
  | { k: 'except' }
  | { k: 'only' }
  | { k: 'place'; place: Place }
  /** "together", "combined", "in total", "shared". */
  | { k: 'shared' }
  /** "each", "respectively", "per category". */
  | { k: 'each' }
  /** "for work", "on company business", "for personal reasons". */
  | { k: 'purpose' }
  /** Forms, approvals, departments: how claims move, not what is paid. */
  | { k: 'proc' }
  | { k: 'flag' }
  | { k: 'dup' }
  | { k: 'round'; mode: RoundingMode }
  | { k: 'fx' }
  /** "printed on", "shown on", "stated on". */
  | { k: 'printed' }
  | { k: 'slip' }
  | { k: 'xrate' }
  /** Persons at a meal: "persons", "covers", "attendees", "guests". */
  | { k: 'who' }
  /** "own meals", "alone", "the employee only". */
  | { k: 'alone' }
  /** Documents that are not invoices: quotes, estimates, pro-forma invoices. */
  | { k: 'notdoc' }
  /** "on a hotel bill", "charged to the room". */
  | { k: 'onbill' }
  /** "treated as", "counts as", "falls under". */
  | { k: 'treat' }
  | { k: 'equiv' }
  | { k: 'mult' }
  /** "a personal cost", "at the employee's own expense": refused, paid by the employee. */
  | { k: 'selfpay' }
  | { k: 'time'; rel: TimeRelation }
  /** "or later", "onwards" / "or earlier". */
  | { k: 'open'; side: 'later' | 'earlier' }
  /** "above", "over", "more than", "exceeding" / "below", "under". */
  | { k: 'more'; dir: 'above' | 'below' }
  /** "or more", "and over". */
  | { k: 'ormore' }
  | { k: 'half' }
  | { k: 'currency'; code: string }
  /** "per mile", "per kilometre": a rate on a distance invoices do not carry. */
  | { k: 'distance' }
  /** "the food bill", "the bill", "the total": what a percentage is taken of. */
  | { k: 'bill' }
  /** "meal", "night", "journey" as units after "each" or "per". */
  | { k: 'late' }
  | { k: 'condition' };

export type LexemeKind = Lexeme['k'];
