/**
 * Schemas of the policy resources (routes under /policies) and of the policy a decision names.
 * Each has an $id so the OpenAPI document names it; the rules themselves are PolicyRulesV2
 * (src/schemas/rules-v2.ts).
 */
import { Type } from 'typebox';
import { POLICY_VERSION_STATES } from '../domain/policy-versions.js';
import { CLAIM_UPLOAD_EXAMPLE } from './examples.js';
import {
  ACTIVE_POLICY_EXAMPLE,
  NOT_UNDERSTOOD_EXAMPLE,
  POLICY_ACTIVATION_EXAMPLE,
  POLICY_DETAIL_EXAMPLE,
  POLICY_EXAMPLE,
  POLICY_PAGE_EXAMPLE,
  POLICY_PREVIEW_EXAMPLE,
  POLICY_RULES_V2_EXAMPLE,
  POLICY_VERSION_EXAMPLE,
  POLICY_VERSION_REF_EXAMPLE,
  SAMPLE_CLAIM_EXAMPLE,
} from './policy-examples.js';
import { PolicyRulesV2Schema } from './rules-v2.js';

const nullable = (schema: object, description: string) =>
  Type.Unsafe<unknown>({ ...schema, nullable: true, description });
/** "This component, or null" (OpenAPI 3.0 ignores `nullable` beside a bare $ref). */
const nullableRef = (component: string, description: string) =>
  Type.Unsafe<unknown>({ allOf: [{ $ref: component }], nullable: true, description });

const Actor = (description: string) =>
  Type.Object(
    {
      sub: Type.String({ description: 'Subject (user id) from the token.' }),
      name: Type.String({ description: 'Name from the token at the time.' }),
    },
    { description },
  );

const Timestamp = (description: string) => Type.String({ format: 'date-time', description });
const ContentHash = Type.String({
  description:
    'SHA-256 of the rules (canonical JSON, policy_hash left out); equal to rules.policy_hash. Changes with every correction.',
});

export const PolicyVersionRefSchema = Type.Object(
  {
    policy_id: Type.String({ description: 'Id of the managed policy.' }),
    version: Type.Integer({ minimum: 1, description: 'Number of the version.' }),
    content_hash: ContentHash,
  },
  {
    $id: 'PolicyVersionRef',
    description:
      'The managed policy version a decision was made under: its id, version and content hash.',
    examples: [POLICY_VERSION_REF_EXAMPLE],
  },
);

export const NotUnderstoodSchema = Type.Object(
  {
    sentence: Type.String({ description: 'The sentence of the policy, verbatim.' }),
    page: nullable(
      { type: 'integer', minimum: 1 },
      '1-based page; null for documents without pages (TXT, Markdown, DOCX).',
    ),
    reason: Type.String({ description: 'Why it did not become a rule.' }),
  },
  {
    $id: 'NotUnderstood',
    description:
      'A sentence that looks like a rule but was not turned into one: check it, and add the rule by correcting the draft when it is one.',
    examples: [NOT_UNDERSTOOD_EXAMPLE],
  },
);

export const PolicyVersionSchema = Type.Object(
  {
    policy_id: Type.String({ description: 'Id of the policy.' }),
    number: Type.Integer({ minimum: 1, description: 'Version number: 1, 2, 3… in order.' }),
    state: Type.Unsafe<string>({
      type: 'string',
      enum: [...POLICY_VERSION_STATES],
      description:
        'draft: being reviewed, its rules may be corrected; active: the company policy claims are decided under (one at a time); retired: was active, replaced. Active and retired versions never change.',
    }),
    content_hash: ContentHash,
    revision: Type.Integer({
      minimum: 1,
      description: 'Changes of this version so far (1 when created).',
    }),
    etag: Type.String({
      description:
        'Entity tag of the version (also the ETag header): send it as If-Match to correct the rules.',
    }),
    source: Type.Object(
      {
        kind: Type.Unsafe<string>({
          type: 'string',
          enum: ['document', 'rules'],
          description: 'document: compiled from a policy document; rules: sent as JSON/YAML.',
        }),
        file_name: Type.String({ description: 'Name of the uploaded file.' }),
        media_type: Type.String({ description: 'Media type sniffed from its bytes.' }),
        sha256: Type.String({ description: 'SHA-256 of the uploaded file.' }),
      },
      { description: 'What the version was made from.' },
    ),
    rules: Type.Ref('PolicyRulesV2'),
    not_understood: Type.Array(Type.Ref('NotUnderstood'), {
      description:
        'Sentences the compiler did not turn into rules; empty for rules sent as JSON/YAML.',
    }),
    created_by: Actor('Who created the version.'),
    created_at: Timestamp('When it was created.'),
    updated_by: Actor('Who changed it last (a correction, an activation, a retirement).'),
    updated_at: Timestamp('When it last changed.'),
    activated_at: nullable(
      { type: 'string', format: 'date-time' },
      'When it last became active; null if never.',
    ),
    retired_at: nullable(
      { type: 'string', format: 'date-time' },
      'When another version replaced it; null unless retired.',
    ),
  },
  {
    $id: 'PolicyVersion',
    description: 'One version of a policy: its compiled rules and what could not be compiled.',
    examples: [POLICY_VERSION_EXAMPLE],
  },
);

const policyProperties = {
  id: Type.String({ description: 'Policy id.' }),
  name: Type.String({ description: 'Name of the policy.' }),
  created_by: Actor('Who created the policy.'),
  created_at: Timestamp('When it was created.'),
  updated_at: Timestamp('When one of its versions last changed.'),
  active_version: nullable(
    { type: 'integer', minimum: 1 },
    'Number of its version that is the active policy; null when none of its versions is.',
  ),
  latest_version: Type.Integer({ minimum: 1, description: 'Number of its newest version.' }),
};

export const PolicySchema = Type.Object(policyProperties, {
  $id: 'Policy',
  description: 'A managed reimbursement policy (its versions are listed by GET /policies/{id}).',
  examples: [POLICY_EXAMPLE],
});

export const PolicyDetailSchema = Type.Object(
  {
    ...policyProperties,
    versions: Type.Array(Type.Ref('PolicyVersion'), {
      description: 'Every version, oldest first.',
    }),
  },
  {
    $id: 'PolicyDetail',
    description: 'A policy with every version.',
    examples: [POLICY_DETAIL_EXAMPLE],
  },
);

export const PolicyPageSchema = Type.Object(
  {
    items: Type.Array(Type.Ref('Policy'), { description: 'Policies, newest first.' }),
    next_cursor: nullable(
      { type: 'string' },
      'Pass as `cursor` for the next page; null on the last page.',
    ),
  },
  { $id: 'PolicyPage', description: 'A page of policies.', examples: [POLICY_PAGE_EXAMPLE] },
);

export const ActivePolicySchema = Type.Object(
  {
    policy: Type.Ref('Policy'),
    version: Type.Ref('PolicyVersion'),
  },
  {
    $id: 'ActivePolicy',
    description: 'The company policy claims are decided under when they send no policy.',
    examples: [ACTIVE_POLICY_EXAMPLE],
  },
);

export const PolicyActivationSchema = Type.Object(
  {
    version: Type.Ref('PolicyVersion'),
    retired: nullableRef(
      'PolicyVersionRef',
      'The version that was active until now and is retired; null when none was (or this one already was).',
    ),
  },
  {
    $id: 'PolicyActivation',
    description: 'The version now active, and the one it replaced.',
    examples: [POLICY_ACTIVATION_EXAMPLE],
  },
);

const factValue = (schema: object, description: string) =>
  Type.Optional(Type.Unsafe<unknown>({ ...schema, description }));

/** Sample facts as plain values (each read with full confidence); lines and taxes as printed. */
const SampleFactsSchema = Type.Object(
  {
    document_kind: factValue(
      {
        type: 'string',
        enum: [
          'invoice',
          'receipt',
          'hotel_folio',
          'ticket',
          'card_slip',
          'statement',
          'credit_note',
          'other',
        ],
      },
      'Kind of document.',
    ),
    vendor: factValue({ type: 'string' }, 'Seller.'),
    seller_tax_id: factValue({ type: 'string' }, 'Tax id of the seller.'),
    invoice_number: factValue({ type: 'string' }, 'Invoice, bill or ticket number.'),
    date: factValue({ type: 'string', format: 'date' }, 'Invoice date.'),
    currency: factValue({ type: 'string', pattern: '^[A-Z]{3}$' }, 'ISO 4217 code.'),
    category: factValue({ type: 'string' }, 'Expense category id, e.g. "meal" or "travel.rail".'),
    person_name: factValue({ type: 'string' }, 'Person named on the document.'),
    net_minor: factValue({ type: 'integer' }, 'Total before tax, minor units.'),
    tax_minor: factValue({ type: 'integer' }, 'Tax, minor units.'),
    total_minor: factValue({ type: 'integer' }, 'Total charged, minor units.'),
    amount_due_minor: factValue({ type: 'integer' }, 'Amount still due, minor units.'),
    nights: factValue({ type: 'integer', minimum: 0 }, 'Nights of a hotel stay.'),
    room_rate_minor: factValue({ type: 'integer' }, 'Price of one night, minor units.'),
    check_in: factValue({ type: 'string', format: 'date' }, 'Check-in date.'),
    check_out: factValue({ type: 'string', format: 'date' }, 'Check-out date.'),
    travel_class: factValue(
      {
        type: 'string',
        enum: ['economy', 'premium_economy', 'business', 'first', 'rail_first', 'rail_second'],
      },
      'Class of travel.',
    ),
    route: factValue(
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          origin: { type: 'string', description: 'From.' },
          destination: { type: 'string', description: 'To.' },
          mode: {
            type: 'string',
            enum: ['air', 'rail', 'bus', 'taxi', 'ferry', 'car', 'other'],
            description: 'Means of transport.',
          },
        },
      },
      'Route of a ticket.',
    ),
    persons: factValue({ type: 'integer', minimum: 1 }, 'Persons or covers served.'),
    printed_time: factValue({ type: 'string', pattern: '^\\d{2}:\\d{2}$' }, 'Time printed, HH:MM.'),
    meal_type: factValue({ type: 'string', enum: ['breakfast', 'lunch', 'dinner'] }, 'Meal.'),
    city: factValue({ type: 'string' }, 'City.'),
    country: factValue({ type: 'string', pattern: '^[A-Z]{2}$' }, 'ISO 3166-1 alpha-2 country.'),
    billing_period: factValue(
      {
        type: 'object',
        required: ['start', 'end'],
        properties: {
          start: { type: 'string', format: 'date', description: 'First day.' },
          end: { type: 'string', format: 'date', description: 'Last day.' },
        },
      },
      'Billing period of a statement.',
    ),
    exchange_rate: factValue(
      {
        type: 'object',
        required: ['from', 'to', 'rate'],
        properties: {
          from: { type: 'string', description: 'Currency converted from.' },
          to: { type: 'string', description: 'Currency converted to.' },
          rate: { type: 'string', description: 'One `from` in `to`, as printed: "0.8543".' },
        },
      },
      'Exchange rate printed on the document.',
    ),
    converted_total: factValue(
      { $ref: 'Money' },
      'Amount converted on the document itself (card slip).',
    ),
    attendees: factValue(
      { type: 'array', items: { type: 'string', description: 'A name.' } },
      'Names of the attendees listed.',
    ),
    lines: Type.Optional(
      Type.Array(
        Type.Object(
          {
            description: Type.String({ description: 'Text of the line.' }),
            kind: Type.String({ description: 'Kind of line: food, alcohol, tip, room, fare…' }),
            quantity: Type.Optional(Type.Number({ description: 'Units as printed.' })),
            unit_price_minor: Type.Optional(Type.Integer({ description: 'Unit price.' })),
            net_minor: Type.Optional(Type.Integer({ description: 'Amount before tax.' })),
            tax_minor: Type.Optional(Type.Integer({ description: 'Tax of the line.' })),
            gross_minor: Type.Optional(Type.Integer({ description: 'Amount with tax.' })),
            tax_rate_bp: Type.Optional(
              Type.Integer({ description: 'Tax rate in basis points (20% is 2000).' }),
            ),
            date: Type.Optional(Type.String({ format: 'date', description: 'Date on the line.' })),
          },
          { additionalProperties: false, description: 'One printed line.' },
        ),
        { description: 'Lines of the bill.' },
      ),
    ),
    taxes: Type.Optional(
      Type.Array(
        Type.Object(
          {
            rate_bp: Type.Optional(Type.Integer({ description: 'Rate in basis points.' })),
            net_minor: Type.Optional(Type.Integer({ description: 'Net at this rate.' })),
            tax_minor: Type.Integer({ description: 'Tax at this rate.' }),
            gross_minor: Type.Optional(Type.Integer({ description: 'Gross at this rate.' })),
          },
          { additionalProperties: false, description: 'One row of the tax summary.' },
        ),
        { description: 'Tax summary by rate.' },
      ),
    ),
  },
  {
    additionalProperties: false,
    description:
      'Invoice facts as printed, as plain values (each counts as read with full confidence); leave out what the document does not print.',
  },
);

export const SampleClaimSchema = Type.Object(
  {
    employee_name: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'Employee of the sample claim (checked against names on the invoices).',
      }),
    ),
    claim_date: Type.Optional(
      Type.String({ format: 'date', description: 'Submission date; defaults to today.' }),
    ),
    invoices: Type.Array(
      Type.Object(
        {
          name: Type.String({
            minLength: 1,
            maxLength: 300,
            description: 'A name for the invoice.',
          }),
          facts: SampleFactsSchema,
        },
        { additionalProperties: false, description: 'One sample invoice.' },
      ),
      { minItems: 1, maxItems: 100, description: 'The invoices of the sample claim.' },
    ),
  },
  {
    $id: 'SampleClaim',
    additionalProperties: false,
    description: 'A sample claim given as invoice facts, decided without reading any document.',
    examples: [SAMPLE_CLAIM_EXAMPLE],
  },
);

export const PolicyPreviewSchema = Type.Object(
  {
    policy_id: Type.String({ description: 'Id of the policy.' }),
    version: Type.Integer({ minimum: 1, description: 'Version the sample was decided under.' }),
    content_hash: ContentHash,
    state: Type.Unsafe<string>({
      type: 'string',
      enum: [...POLICY_VERSION_STATES],
      description: 'State of that version.',
    }),
    employee_name: nullable({ type: 'string' }, 'Employee of the sample claim, when given.'),
    claim_date: Type.String({ format: 'date', description: 'Submission date used.' }),
    results: Type.Array(Type.Ref('DocumentResult'), {
      description: 'One result per document or sample invoice, by name; nothing is stored.',
    }),
    summary: Type.Ref('JobSummary'),
  },
  {
    $id: 'PolicyPreview',
    description:
      'What the version decides for a sample claim. Nothing is stored and earlier claims are not counted.',
    examples: [POLICY_PREVIEW_EXAMPLE],
  },
);

/** Multipart bodies (documented only: parsed by src/policies/policy-upload.ts). */
export function policyUploadBody(withName: boolean) {
  return {
    content: {
      'multipart/form-data': {
        schema: {
          type: 'object',
          nullable: true,
          description: withName
            ? 'A policy document (or its rules) and an optional name.'
            : 'A new policy document (or its rules) for the policy.',
          required: ['policy_file'],
          properties: {
            policy_file: {
              type: 'string',
              format: 'binary',
              description:
                'The policy: PDF, DOCX, TXT or Markdown (compiled into rules), or rules v2 as JSON/YAML (schema_version 1 rules are migrated).',
            },
            ...(withName
              ? {
                  name: {
                    type: 'string',
                    maxLength: 200,
                    description:
                      'Name of the policy; defaults to the name in the rules, else the file name.',
                    examples: ['Travel and Expenses Policy 2026'],
                  },
                }
              : {}),
          },
          examples: [
            withName
              ? { policy_file: 'expenses-policy-2026.pdf', name: 'Travel and Expenses Policy 2026' }
              : { policy_file: 'expenses-policy-2026-rev2.pdf' },
          ],
        },
      },
    },
  };
}

/** A preview: the same multipart as a claim (without a policy), or sample facts as JSON. */
export const previewBody = {
  content: {
    'application/json': { schema: { $ref: 'SampleClaim' } },
    'multipart/form-data': {
      schema: {
        type: 'object',
        nullable: true,
        description:
          'A sample claim as the app uploads one (the policy is the version in the path, so no policy_file or policy_id).',
        required: ['employee_name'],
        properties: {
          employee_name: {
            type: 'string',
            maxLength: 200,
            description: 'Employee of the sample claim.',
            examples: ['Priya Nair'],
          },
          claim_date: {
            type: 'string',
            format: 'date',
            description: 'Submission date; defaults to today.',
            examples: ['2026-03-10'],
          },
          invoices_zip: {
            type: 'array',
            items: { type: 'string', format: 'binary', description: 'A ZIP file.' },
            description: 'ZIPs of invoice PDFs or receipt photos.',
          },
          invoice_files: {
            type: 'array',
            items: { type: 'string', format: 'binary', description: 'A PDF, JPEG or PNG file.' },
            description: 'Loose invoice files.',
          },
        },
        examples: [
          {
            employee_name: CLAIM_UPLOAD_EXAMPLE.employee_name,
            claim_date: '2026-03-10',
            invoice_files: ['dinner-london.pdf'],
          },
        ],
      },
    },
  },
};

/** The rules component as documented: the schema of rules-v2.ts with an example policy. */
const DocumentedRulesV2Schema = { ...PolicyRulesV2Schema, examples: [POLICY_RULES_V2_EXAMPLE] };

export const policySchemas = [
  DocumentedRulesV2Schema,
  PolicyVersionRefSchema,
  NotUnderstoodSchema,
  PolicyVersionSchema,
  PolicySchema,
  PolicyDetailSchema,
  PolicyPageSchema,
  ActivePolicySchema,
  PolicyActivationSchema,
  SampleClaimSchema,
  PolicyPreviewSchema,
];
