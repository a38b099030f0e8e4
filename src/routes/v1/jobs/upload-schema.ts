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
          'A claim: who it is for, the policy to judge it by, and the invoices (at least one invoices_zip or invoice_files).',
        required: ['employee_name', 'policy_file'],
        properties: {
          employee_name: {
            type: 'string',
            maxLength: 200,
            description:
              'Employee the claim is for. An employee may only claim under their own name.',
            examples: ['Priya Nair'],
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
              'Analyse files again even when the same file was analysed before for this uploader (otherwise the stored result is returned with reused=true).',
            default: false,
          },
          policy_file: {
            type: 'string',
            format: 'binary',
            description:
              'The reimbursement policy: PDF, DOCX, TXT/Markdown, or rules as JSON/YAML. Exactly one.',
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
