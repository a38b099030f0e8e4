/**
 * The multipart body of every analysis upload, for the OpenAPI document only: multipart bodies are
 * parsed and validated by the upload reader (src/pipeline/ingest/upload.ts), not by Ajv.
 *
 * Fastify still compiles a body schema into a validator, and with @fastify/multipart the parsed
 * body is always empty (null to the validator): `nullable: true` lets that null through, so this
 * schema documents the form without validating it. Examples are `examples: [...]` (Ajv's strict
 * mode refuses `example`); @fastify/swagger writes them as OpenAPI 3.0 `example`.
 */
import { CLAIM_UPLOAD_EXAMPLE } from '../../../schemas/examples.js';

export const claimUploadBody = {
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object',
        nullable: true,
        description:
          'A claim: who it is for, the policy to judge it by (a policy_file, a managed policy_id, or nothing for the active policy), and the invoices (at least one invoices_zip or invoice_files).',
        required: ['employee_name'],
        properties: {
          employee_name: {
            type: 'string',
            maxLength: 200,
            description:
              'Employee the claim is for. An employee may only claim under their own name.',
            examples: ['Priya Nair'],
          },
          employee_id: {
            type: 'string',
            maxLength: 200,
            description:
              'Stable id of the employee the claim is for (their subject in the identity provider), when finance or an admin files for them: caps, prior spend and duplicate checks count per id, and that employee may then read the claim. An employee filing for themselves is always their own subject (another id is 403 employee_mismatch). Without it, finance claims are keyed by "name:" and the normalised employee_name, so one spelling is one person.',
            examples: ['u-priya'],
          },
          claim_date: {
            type: 'string',
            format: 'date',
            description:
              'Submission date (YYYY-MM-DD) the late-submission window counts to; defaults to today.',
            examples: ['2026-10-31'],
          },
          force: {
            type: 'boolean',
            description:
              'No effect; accepted for older clients. Every claim decides its own files: the same file in an earlier claim is decided again, flagged possible_duplicate (duplicate_of) and counted once in totals.',
            default: false,
          },
          policy_file: {
            type: 'string',
            format: 'binary',
            description:
              'The reimbursement policy: PDF, DOCX, TXT/Markdown, or rules as JSON/YAML. At most one; without it the claim is decided under policy_id, or the active policy (422 no_active_policy when none is active).',
          },
          policy_id: {
            type: 'string',
            maxLength: 100,
            description:
              'A managed policy (GET /policies) to decide the claim under instead of a policy_file: its active version, else the version it last had active. Not with policy_file.',
            examples: ['6f0e2c1a-4b7d-4e3a-9c58-2d1f0a9b7e64'],
          },
          policy_version: {
            type: 'integer',
            minimum: 1,
            description:
              'With policy_id: exactly this version, whatever its state (a draft included).',
            examples: [2],
          },
          invoices_zip: {
            type: 'array',
            items: { type: 'string', format: 'binary', description: 'A ZIP file.' },
            description:
              'One or more ZIPs of invoice PDFs or receipt photos (folders kept in names). Repeat the field for several ZIPs.',
          },
          invoice_files: {
            type: 'array',
            items: { type: 'string', format: 'binary', description: 'A PDF, JPEG or PNG file.' },
            description:
              'Loose invoice files: PDF, JPEG or PNG. Repeat the field for several files.',
          },
        },
        examples: [CLAIM_UPLOAD_EXAMPLE],
      },
    },
  },
};
