import { Type } from 'typebox';
import { DOCUMENT_RESULT_EXAMPLE, JOB_EXAMPLE, JOB_SUMMARY_EXAMPLE } from './examples.js';
import { CategorySchema, FlagSchema, StatusSchema } from './invoices.js';

const nullable = (schema: object, description: string) =>
  Type.Unsafe<unknown>({ ...schema, nullable: true, description });
/**
 * A nullable reference. OpenAPI 3.0 ignores every sibling of a `$ref` (and @fastify/swagger drops
 * them), so `{ $ref, nullable }` would document a field that is never null; wrapped in `allOf` the
 * document says "this component, or null", which client generators (dart-dio) read as nullable.
 * Serialization is the same either way.
 */
const nullableRef = (component: string, description: string) =>
  Type.Unsafe<unknown>({ allOf: [{ $ref: component }], nullable: true, description });

export const JobStateSchema = Type.Unsafe<string>({
  type: 'string',
  enum: ['queued', 'running', 'succeeded', 'failed'],
  description:
    'queued → running → succeeded (every document has a result) or failed (the job itself could not run, e.g. an unreadable policy).',
});

export const DocumentResultSchema = Type.Object(
  {
    name: Type.String({
      description: 'Document name in the upload, folders kept ("Bus Tickets/Ticket 1.pdf").',
    }),
    outcome: Type.Unsafe<string>({
      type: 'string',
      enum: ['analysed', 'failed'],
      description: 'analysed: it has a decision; failed: see error.',
    }),
    sha256: nullable({ type: 'string' }, 'SHA-256 of the document, when it could be read.'),
    invoice_id: nullable(
      { type: 'string' },
      'Id of the stored invoice (GET /invoices/{id}); null when the document failed.',
    ),
    status: nullable(
      { type: 'string', enum: ['fully_reimbursed', 'partially_reimbursed', 'declined'] },
      'Decision; null when the document failed.',
    ),
    category: nullable({ type: 'string' }, 'Expense category; null when the document failed.'),
    claimed: nullableRef('Money', 'Total claimed; null when the document failed.'),
    reimbursable: nullableRef('Money', 'Amount reimbursed; null when the document failed.'),
    reason: nullable({ type: 'string' }, 'Reason of the decision; null when the document failed.'),
    flags: Type.Array(FlagSchema, { description: 'Review hints.' }),
    reused: Type.Boolean({
      description:
        'Always false: every claim decides its own files, the same file in an earlier claim included (see duplicate_of). Kept for clients that read it.',
    }),
    duplicate_of: Type.Optional(
      nullable(
        { type: 'string', format: 'uuid' },
        'The invoice this file is a byte-for-byte copy of: of an earlier claim, or the first copy of the same file in this claim. The result keeps its own decision, flagged possible_duplicate, and is left out of the summary totals (summary.copies). Null otherwise.',
      ),
    ),
    fields: nullableRef(
      'InvoiceFields',
      'What was read from the document; null when the document failed.',
    ),
    decision: nullableRef(
      'Decision',
      'The decision with the rules it applied; null when the document failed.',
    ),
    error: nullable(
      {
        type: 'object',
        properties: {
          code: {
            type: 'string',
            description:
              'Why the document failed, e.g. unreadable_pdf, encrypted, not_an_invoice, llm_unavailable.',
          },
          message: { type: 'string', description: 'Explanation in plain words.' },
        },
        required: ['code', 'message'],
      },
      'Why the document failed; null when analysed.',
    ),
    policy_version: Type.Optional(
      nullableRef(
        'PolicyVersionRef',
        'The managed policy version it was decided under; null when it failed or the claim sent a policy_file.',
      ),
    ),
  },
  {
    $id: 'DocumentResult',
    description: 'The result of one document of a job.',
    examples: [DOCUMENT_RESULT_EXAMPLE],
  },
);

export const SummaryLineSchema = Type.Object(
  {
    status: StatusSchema,
    category: CategorySchema,
    count: Type.Integer({ description: 'Invoices in this group.' }),
    claimed_minor: Type.Integer({ description: 'Total claimed, minor units.' }),
    reimbursable_minor: Type.Integer({ description: 'Total reimbursed, minor units.' }),
  },
  {
    $id: 'SummaryLine',
    description: 'Totals of one status and category.',
    examples: [JOB_SUMMARY_EXAMPLE.by_status_and_category[0]],
  },
);

export const JobSummarySchema = Type.Object(
  {
    currency: Type.String({ description: 'Currency of the totals (the policy currency).' }),
    documents: Type.Integer({ description: 'Documents in the upload.' }),
    analysed: Type.Integer({ description: 'Documents with a decision.' }),
    failed: Type.Integer({ description: 'Documents that could not be analysed.' }),
    claimed_minor: Type.Integer({ description: 'Total claimed, minor units.' }),
    reimbursable_minor: Type.Integer({ description: 'Total reimbursed, minor units.' }),
    by_status_and_category: Type.Array(Type.Ref('SummaryLine'), {
      description: 'Totals per status and category.',
    }),
    copies: Type.Optional(
      Type.Object(
        {
          count: Type.Integer({
            description:
              'Results that copy an earlier invoice, or a file filed earlier in this claim.',
          }),
          claimed_minor: Type.Integer({ description: 'What they claim, minor units.' }),
          reimbursable_minor: Type.Integer({
            description: 'What they would reimburse, minor units.',
          }),
        },
        {
          description:
            'Exact copies (results with duplicate_of) of invoices claimed earlier or of a file filed twice in this claim: decided and flagged possible_duplicate, but not added to claimed_minor, reimbursable_minor or by_status_and_category, so a file counts once however often it is claimed.',
        },
      ),
    ),
  },
  {
    $id: 'JobSummary',
    description: 'Totals claimed and reimbursable of a finished job.',
    examples: [JOB_SUMMARY_EXAMPLE],
  },
);

const LinksSchema = Type.Object(
  {
    self: Type.String({ description: 'GET this job.' }),
    events: Type.String({ description: 'GET its events as SSE.' }),
  },
  { description: 'Where to follow the job.' },
);

export const JobSchema = Type.Object(
  {
    id: Type.String({ description: 'Job id.' }),
    state: JobStateSchema,
    employee_name: Type.String({ description: 'Employee the claim is for (a label).' }),
    employee_id: Type.Optional(
      Type.String({
        description:
          'Stable id of the employee the claim is for: the uploader\'s subject when employees file for themselves; the upload\'s employee_id, else "name:" and the normalised name, when finance files. Absent on jobs accepted before ids.',
      }),
    ),
    claim_date: Type.String({
      format: 'date',
      description: 'Submission date the late-submission window counts to.',
    }),
    created_at: Type.String({ format: 'date-time', description: 'When the job was accepted.' }),
    updated_at: Type.String({ format: 'date-time', description: 'When the job last changed.' }),
    counts: Type.Object(
      {
        total: Type.Integer({ description: 'Documents found so far.' }),
        done: Type.Integer({ description: 'Documents finished.' }),
        analysed: Type.Integer({ description: 'Documents with a decision.' }),
        failed: Type.Integer({ description: 'Documents that failed.' }),
      },
      { description: 'Progress counts.' },
    ),
    results: Type.Array(Type.Ref('DocumentResult'), {
      description: 'One result per document, by name; complete when the job succeeded.',
    }),
    summary: nullableRef('JobSummary', 'Totals; null until the job ends.'),
    policy: nullable(
      { type: 'object', additionalProperties: true },
      'The policy rules the job applied, with quotes and pages: compiled from its policy_file (schema_version 1), or the rules v2 of its managed policy version.',
    ),
    policy_version: nullableRef(
      'PolicyVersionRef',
      'The managed policy version the claim is decided under (policy_id, or the active policy); null when it sent a policy_file.',
    ),
    error: nullable(
      {
        type: 'object',
        properties: {
          code: { type: 'string', description: 'Error code.' },
          message: { type: 'string', description: 'Explanation.' },
        },
        required: ['code', 'message'],
      },
      'Why the job failed; null unless state is failed.',
    ),
    usage: Type.Object(
      {
        model_calls: Type.Integer({ description: 'Language-model calls made.' }),
        prompt_tokens: Type.Integer({ description: 'Prompt tokens used.' }),
        output_tokens: Type.Integer({ description: 'Output tokens used.' }),
      },
      { description: 'Model usage of the job (zero offline).' },
    ),
    links: LinksSchema,
  },
  {
    $id: 'Job',
    description: 'An analysis job: its state, progress, per-document results and summary.',
    examples: [JOB_EXAMPLE],
  },
);

export const jobSchemas = [DocumentResultSchema, SummaryLineSchema, JobSummarySchema, JobSchema];
