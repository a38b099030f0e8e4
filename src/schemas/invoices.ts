import { Type } from 'typebox';
import { CATEGORIES, FLAGS, STATUSES } from '../domain/types.js';
import {
  APPLIED_RULE_EXAMPLE,
  DECISION_EXAMPLE,
  DECISION_OVERRIDE_EXAMPLE,
  INVOICE_EXAMPLE,
  INVOICE_FIELDS_EXAMPLE,
} from './examples.js';

/** Enumerations as string unions (no oneOf in responses: dart-dio generators handle enums best). */
const literalUnion = (values: readonly string[], description: string) =>
  Type.Unsafe<string>({ type: 'string', enum: [...values], description });

export const StatusSchema = literalUnion(
  STATUSES,
  'Decision: fully_reimbursed, partially_reimbursed or declined.',
);
export const CategorySchema = literalUnion(CATEGORIES, 'Expense category.');
export const FlagSchema = literalUnion(FLAGS, 'Review hint; never changes the amount by itself.');

const nullable = <T extends object>(schema: T, description: string) =>
  Type.Unsafe<unknown>({ ...schema, nullable: true, description });

const field = (valueSchema: object, description: string) =>
  Type.Object(
    {
      value: nullable(valueSchema, 'The value read, or null when it could not be read.'),
      confidence: Type.Number({
        minimum: 0,
        maximum: 1,
        description: 'How sure the reader is (0..1).',
      }),
      page: nullable({ type: 'integer' }, '1-based page the value was read from.'),
    },
    { description },
  );

export const LineItemSchema = Type.Object(
  {
    description: Type.String({ description: 'Line text as printed.' }),
    amount_minor: Type.Integer({ description: 'Line total before tax, in minor units.' }),
    quantity: nullable({ type: 'number' }, 'Quantity, when printed.'),
    alcohol: Type.Boolean({ description: 'Whether the line is an alcoholic drink.' }),
    tobacco: Type.Boolean({ description: 'Whether the line is tobacco.' }),
  },
  {
    $id: 'LineItem',
    description: 'One line of an invoice.',
    examples: [INVOICE_FIELDS_EXAMPLE.line_items[3]],
  },
);

export const InvoiceFieldsSchema = Type.Object(
  {
    vendor: field({ type: 'string' }, 'Seller, restaurant, operator or hotel.'),
    invoice_number: field({ type: 'string' }, 'Invoice, bill or ticket number.'),
    booking_reference: Type.Optional(
      field(
        { type: 'string' },
        'The booking the document belongs to (booking or reservation reference, PNR, dossier), printed beside its own number: the ticket and the invoice of one purchase both print it, and two documents sharing it and their total are flagged possible_duplicate. Absent when the document prints none, and on invoices stored before the field existed.',
      ),
    ),
    date: field({ type: 'string', format: 'date' }, 'Invoice date (YYYY-MM-DD).'),
    currency: field({ type: 'string' }, 'ISO 4217 currency of the amounts.'),
    category: field({ type: 'string', enum: [...CATEGORIES] }, 'Expense category.'),
    person_name: field(
      { type: 'string' },
      'Person named on the invoice (passenger, guest, customer).',
    ),
    line_items: Type.Array(Type.Ref('LineItem'), {
      description: 'Lines of the invoice, when printed.',
    }),
    subtotal_minor: field({ type: 'integer' }, 'Amount before tax, in minor units.'),
    tax_minor: field({ type: 'integer' }, 'Tax, in minor units.'),
    total_minor: field({ type: 'integer' }, 'Total claimed, in minor units.'),
    extracted_by: Type.Unsafe<string>({
      type: 'string',
      enum: ['offline', 'gemini'],
      description: 'Which reader extracted the fields.',
    }),
    reading_notes: Type.Optional(
      Type.Array(
        Type.Object(
          {
            flag: literalUnion(
              ['currency_inferred', 'amount_inconsistent', 'low_confidence'],
              'The flag the decision carries for it.',
            ),
            note: Type.String({ description: 'Why, with the evidence and the amounts.' }),
          },
          { description: 'A doubt the reader raised itself.' },
        ),
        {
          description:
            'Doubts only the reader could see, for review: a currency the document does not print (inferred from its country), an e-invoice whose XML and page print different totals, an embedded e-invoice file that was not read, a doubt the model reported (a part it could not read). Absent when there are none.',
        },
      ),
    ),
  },
  {
    $id: 'InvoiceFields',
    description: 'What was read from the invoice, with a confidence and page per field.',
    examples: [INVOICE_FIELDS_EXAMPLE],
  },
);

export const AppliedRuleSchema = Type.Object(
  {
    rule_id: Type.String({ description: 'Id of the policy rule.' }),
    quote: Type.String({ description: 'The words of the policy the rule comes from.' }),
    page: nullable({ type: 'integer' }, 'Page of the policy the quote is on.'),
    effect: Type.String({ description: 'What the rule did to this invoice, with exact amounts.' }),
  },
  {
    $id: 'AppliedRule',
    description: 'A policy rule the decision applied, cited.',
    examples: [APPLIED_RULE_EXAMPLE],
  },
);

export const DecisionSchema = Type.Object(
  {
    status: StatusSchema,
    claimed: Type.Ref('Money'),
    eligible: Type.Ref('Money'),
    reimbursable: Type.Ref('Money'),
    reason: Type.String({ description: 'Short reason in plain words.' }),
    rules_applied: Type.Array(Type.Ref('AppliedRule'), {
      description: 'Every rule applied, in order.',
    }),
    flags: Type.Array(FlagSchema, { description: 'Review hints.' }),
    category: Type.Optional(
      Type.String({
        description:
          'The category of the rules v2 it was decided under ("meal.dinner" for a meal read at 20:30); absent for decisions under a policy file.',
      }),
    ),
  },
  {
    $id: 'Decision',
    description: 'The decision of the engine: amounts, cited rules and flags.',
    examples: [DECISION_EXAMPLE],
  },
);

export const OverrideSchema = Type.Object(
  {
    status: StatusSchema,
    reimbursable: Type.Ref('Money'),
    reason: Type.String({ description: 'Why finance changed the decision.' }),
    by: Type.Object(
      {
        sub: Type.String({ description: 'Subject of the reviewer.' }),
        name: Type.String({ description: 'Name of the reviewer.' }),
      },
      { description: 'Who changed it.' },
    ),
    at: Type.String({ format: 'date-time', description: 'When it was changed.' }),
  },
  {
    $id: 'DecisionOverride',
    description: "A finance reviewer's change of a decision; the original decision is kept.",
    examples: [DECISION_OVERRIDE_EXAMPLE],
  },
);

const { $id: _overrideId, ...overrideInline } = OverrideSchema as typeof OverrideSchema & {
  $id: string;
};

export const InvoiceSchema = Type.Object(
  {
    id: Type.String({
      format: 'uuid',
      description:
        'Invoice id (stable for the same file in the same claim: a retried claim finds it again; another claim gets its own, and so does a second copy of the file in one claim).',
    }),
    job_id: Type.String({ description: 'Job that analysed it.' }),
    owner_sub: Type.String({ description: 'Subject of the uploader.' }),
    employee_id: Type.Optional(
      Type.String({
        description:
          'Stable id of the employee the claim is for (caps and duplicate checks count per id; the employee with this subject may read the invoice). "name:" and the normalised name when the claim named no id.',
      }),
    ),
    employee_name: Type.String({ description: 'Employee the claim is for (a label).' }),
    duplicate_of: Type.Optional(
      nullable(
        { type: 'string', format: 'uuid' },
        'The invoice this one is a byte-for-byte copy of (of an earlier claim, or the first copy of the same file in its claim): flagged possible_duplicate, and counted once (as that one) in totals. Null otherwise.',
      ),
    ),
    file_name: Type.String({ description: 'Document name in the upload, folders kept.' }),
    file_sha256: Type.String({ description: 'SHA-256 of the document.' }),
    page_count: Type.Optional(
      Type.Integer({
        minimum: 1,
        description:
          'Pages of the document (a photo is one); absent on invoices stored before December 2026.',
      }),
    ),
    document: Type.Optional(
      Type.Object(
        {
          purged_at: Type.String({
            format: 'date-time',
            description: 'When DOCUMENT_RETENTION_DAYS deleted the original.',
          }),
        },
        {
          description:
            'Absent while the original is kept (GET /invoices/{id}/document); once it was purged, when.',
        },
      ),
    ),
    policy_hash: Type.String({ description: 'SHA-256 of the policy it was decided under.' }),
    policy_version: Type.Optional(
      Type.Unsafe<unknown>({
        allOf: [{ $ref: 'PolicyVersionRef' }],
        nullable: true,
        description:
          'The managed policy version it was decided under (id, version, content hash); null when the claim sent a policy_file (absent on invoices stored before policies were managed).',
      }),
    ),
    category: CategorySchema,
    vendor: nullable({ type: 'string' }, 'Seller, as read.'),
    invoice_number: nullable({ type: 'string' }, 'Invoice or ticket number, as read.'),
    invoice_date: nullable({ type: 'string', format: 'date' }, 'Invoice date, as read.'),
    currency: Type.String({ description: 'Currency of the invoice.' }),
    total_minor: Type.Integer({ description: 'Total claimed, minor units.' }),
    reimbursable_minor: Type.Integer({
      description: 'Amount reimbursed, minor units (after any override).',
    }),
    status: StatusSchema,
    flags: Type.Array(FlagSchema, { description: 'Review hints.' }),
    reason: Type.String({ description: 'Reason of the decision.' }),
    fields: Type.Ref('InvoiceFields'),
    decision: Type.Ref('Decision'),
    // Inlined rather than a $ref: OpenAPI 3.0 ignores `nullable` beside a $ref.
    override: nullable(overrideInline, 'Finance override, when any (null when none).'),
    created_at: Type.String({ format: 'date-time', description: 'When it was first stored.' }),
    updated_at: Type.String({ format: 'date-time', description: 'When it last changed.' }),
  },
  {
    $id: 'Invoice',
    description: 'An analysed invoice with its decision.',
    examples: [INVOICE_EXAMPLE],
  },
);

export const invoiceSchemas = [
  LineItemSchema,
  InvoiceFieldsSchema,
  AppliedRuleSchema,
  DecisionSchema,
  OverrideSchema,
  InvoiceSchema,
];
