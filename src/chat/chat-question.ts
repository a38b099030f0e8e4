/**
 * The checks a question passes before anything is read: a non-empty query of bounded length, and a
 * session id of a shape the history store can key on. Pure, so the refusals (plain 4xx answers,
 * sent before any stream event) are the same whichever path would have answered.
 */
import { BadRequestError } from '../errors.js';
import type { ChatQuestion } from './types.js';

const SESSION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A malformed id cannot name a stored session: callers answer it as "not found", never as 400. */
export function isSessionId(sessionId: string): boolean {
  return SESSION_ID.test(sessionId);
}

/** The trimmed query, refused when empty or longer than `maxLength` characters (code points). */
export function checkedQuery(question: ChatQuestion, maxLength: number): string {
  const query = typeof question.query === 'string' ? question.query.trim() : '';
  if (query === '')
    throw new BadRequestError(
      'empty_query',
      'The query is empty: ask a question about the invoices.',
      [{ pointer: '/query', message: 'must not be empty' }],
    );
  const length = [...query].length;
  if (length > maxLength) {
    const message = `The query has ${length} characters; at most ${maxLength} are allowed.`;
    throw new BadRequestError('query_too_long', message, [{ pointer: '/query', message }]);
  }
  return query;
}
