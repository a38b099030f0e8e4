/**
 * Reads every slot a question fills (person, status, category, dates, amounts, flags, groups,
 * measure, limit, search words, the invoice it names) by letting each recogniser consume its words
 * from the scanner, so what one recogniser took is not read again by the next.
 */

import type { AggregateGroup } from '../../domain/types.js';
import { takeAmountBounds } from './amount-bounds.js';
import { takeDateBounds } from './dates.js';
import { NOT_A_NAME, takeEmployee } from './employee-names.js';
import { takeCapitalisedNames, takeInvoiceReferences } from './invoice-references.js';
import {
  type AggregateMeasure,
  takeCategories,
  takeFlags,
  takeGroups,
  takeLimit,
  takeMeasure,
  takeStatuses,
} from './lexicon.js';
import type { ChatFilter, PlanContext } from './plan-types.js';
import type { QuestionScanner } from './scanner.js';
import { takeSearchText } from './search-text.js';

/** Words of an explain question that never describe which invoice: question words, verbs, fillers. */
const SUBJECTLESS = new Set([
  ...NOT_A_NAME,
  ...'why explain explained reason reasons how come rule rules justify justified justification only just so not no yes of for by about and to in on at from with into than then there here one ones got get gets getting been be being has have had am partly partially fully completely entirely reimbursed reimbursement reimburse paid approved accepted rejected declined refused capped cut reduced lower less more invoice invoices bill bills receipt receipts claim claims ticket tickets expense expenses amount amounts me tell apply applied applies used made'.split(
    ' ',
  ),
]);

export interface Reading {
  subject: string | undefined;
  filter: ChatFilter;
  group_by: AggregateGroup[];
  measure: AggregateMeasure | undefined;
  text: string | undefined;
  invoice_ref: string | undefined;
  limit: number | undefined;
}

/** Every slot the question fills, in an order where longer phrases are read before their parts. */
export function readQuestion(
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

/** How many invoice-selecting slots the question filled: filters, search words, a named invoice. */
export function slotCount(reading: Reading): number {
  return (
    Object.keys(reading.filter).length + (reading.text ? 1 : 0) + (reading.invoice_ref ? 1 : 0)
  );
}
