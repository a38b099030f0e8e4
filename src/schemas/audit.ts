import { type Static, Type } from 'typebox';
import { AUDIT_ACTIONS } from '../access/audit-recorder.js';
import { AUDIT_ENTRY_EXAMPLE, AUDIT_PAGE_EXAMPLE } from './examples.js';

export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 100;

export const AuditEntrySchema = Type.Object(
  {
    id: Type.String({ description: 'Id of the entry.' }),
    at: Type.String({
      format: 'date-time',
      description: 'When the change was recorded (UTC, ISO 8601).',
    }),
    actor_sub: Type.String({ description: 'Subject (user id) of who made the change.' }),
    actor_name: Type.String({
      description: 'Name of who made the change, as their token gave it at the time.',
    }),
    actor_role: Type.String({
      description:
        'Role of who made the change at the time: employee, finance or admin; system for the analysis worker (job.finish).',
    }),
    action: Type.String({
      description: `What happened: one of ${AUDIT_ACTIONS.join(', ')}.`,
      examples: ['invoice.override'],
    }),
    target_type: Type.String({
      description:
        'Kind of thing changed: job, invoice, invoices (a set, e.g. an export) or chat_session.',
    }),
    target_id: Type.Union([Type.String(), Type.Null()], {
      description: 'Id of the thing changed; null for actions on a set.',
    }),
    request_id: Type.String({
      description:
        'Id of the request that made the change; matches the logs and the X-Request-Id header. For job.finish, the request that created the job (the job id for jobs run from the command line).',
    }),
    client_ip: Type.String({
      description:
        'Address of the client (the forwarded address when TRUST_PROXY is on); empty for jobs run from the command line.',
    }),
    details: Type.Record(Type.String(), Type.Unknown(), {
      description: 'What changed, e.g. the old and new status and the reason of an override.',
    }),
  },
  {
    $id: 'AuditEntry',
    description: 'One change: who made it, what, to which target, when, from where.',
    examples: [AUDIT_ENTRY_EXAMPLE],
  },
);
export type AuditEntryBody = Static<typeof AuditEntrySchema>;

export const AuditPageSchema = Type.Object(
  {
    items: Type.Array(Type.Ref('AuditEntry'), { description: 'Entries, newest first.' }),
    next_cursor: Type.Union([Type.String(), Type.Null()], {
      description: 'Pass as `cursor` to get the next page; null on the last page.',
    }),
  },
  { $id: 'AuditPage', description: 'One page of the audit log.', examples: [AUDIT_PAGE_EXAMPLE] },
);

/** Query of GET /audit. Unknown parameters are refused so a misspelt filter cannot silently list everything. */
export const AuditQuerySchema = Type.Object(
  {
    actor_sub: Type.Optional(
      Type.String({ minLength: 1, description: 'Only changes made by this subject.' }),
    ),
    action: Type.Optional(
      Type.Enum([...AUDIT_ACTIONS], { type: 'string', description: 'Only this kind of change.' }),
    ),
    target_id: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'Only changes to this job, invoice, chat session, policy or webhook id.',
      }),
    ),
    from: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'Only changes at or after this instant (inclusive).',
      }),
    ),
    to: Type.Optional(
      Type.String({
        format: 'date-time',
        description: 'Only changes before this instant (exclusive).',
      }),
    ),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: AUDIT_PAGE_MAX,
        default: AUDIT_PAGE_DEFAULT,
        description: 'Entries per page.',
      }),
    ),
    cursor: Type.Optional(
      Type.String({ minLength: 1, description: 'The `next_cursor` of the previous page.' }),
    ),
  },
  {
    additionalProperties: false,
    description: 'Filters and paging of the audit log; filters combine with AND.',
  },
);
