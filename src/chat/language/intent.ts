/**
 * What a question asks to be done, read from cue words: explain, aggregate, list, or a polite
 * refusal (greeting, off topic); and whether it continues the previous question of the session.
 */

import type { ChatIntent, ChatPlan, ChatSort } from './plan-types.js';
import { type Reading, slotCount } from './question-reading.js';

export const EXPLAIN =
  /\bwhy\b|\bexplain\w*|\breasons?\b|\bhow come\b|\b(?:what|which) rules?\b|\bjustif\w*/;
export const DOMAIN =
  /\b(?:invoices?|bills?|receipts?|claims?|claimed|claiming|expenses?|reimburs\w*|spen[dt]|spending|costs?|paid|amounts?|tickets?|polic(?:y|ies)|submitted|submissions?|uploaded|uploads?|flagged|flags?|refunds?|records?|documents?)\b/;
export const SORTS: ReadonlyArray<readonly [RegExp, ChatSort]> = [
  [/\b(?:largest|biggest|highest|most expensive|costliest|priciest|top)\b/, 'amount_desc'],
  [/\b(?:smallest|lowest|cheapest|least expensive)\b/, 'amount_asc'],
];
export const LIST_CUE = /\b(?:show|list|display)\b|\beverything\b/;
/** "the largest invoices", "top claims": a superlative over several; without one, it asks for one. */
export const PLURAL_NOUN = /\b(?:invoices|claims|bills|receipts|expenses|ones|items|documents)\b/;
export const CREATIVE =
  /\b(?:poems?|poetry|jokes?|songs?|lyrics|stor(?:y|ies)|essays?|haikus?|limericks?|recipes?|raps?)\b/;
export const OFF_TOPIC =
  /\b(?:weather|forecast|news|stocks?|shares?|crypto|bitcoin|football|cricket|sports?|movies?|films?|capital of|translate|president|prime minister|horoscope|celebrit(?:y|ies)|politics|elections?|temperature|raining)\b/;
const GREETING =
  /^\W*(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening)|thanks?|thank you|thx|cheers|help|what can you do|who are you|how does (?:this|it) work)\b/;
export const FOLLOW_UP_START =
  /^\W*(?:and|what about|how about|same for|same but|now|only|just|but|also|then|what of)\b/;
const BACK_REFERENCE = /\b(?:them|those|these|they|ones|it)\b/;

/** Says which invoices or how many: a filter, a limit ("top 3") or an order ("biggest"). */
function selectsInvoices(folded: string, reading: Reading): boolean {
  return (
    slotCount(reading) > 0 ||
    reading.limit !== undefined ||
    SORTS.some(([pattern]) => pattern.test(folded))
  );
}

/** The intent, once a follow-up has been told apart (it keeps the previous intent unless it lists). */
export function decideIntent(
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

/** Continues the previous invoice question: starts like one ("and for…"), or asks for something
 * (an order, a measure, "them") without naming invoices anew. */
export function isFollowUp(
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
