/**
 * The multipart body of every analysis upload, for the OpenAPI document only: multipart bodies are
 * parsed and validated by the upload reader (src/pipeline/ingest/upload.ts), not by Ajv.
 */
export const claimUploadBody = {
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object',
        required: ['employee_name', 'policy_file'],
        properties: {
          employee_name: { type: 'string', description: 'Employee the claim is for. An employee may only claim under their own name.', example: 'Rani Sharma' },
          claim_date: { type: 'string', format: 'date', description: 'Submission date for the late-submission window; defaults to today.', example: '2024-12-30' },
          force: { type: 'boolean', description: 'Analyse files again even when the same file was analysed before for this uploader.', default: false },
          policy_file: { type: 'string', format: 'binary', description: 'The reimbursement policy: PDF, DOCX, TXT/Markdown, or rules as JSON/YAML.' },
          invoices_zip: { type: 'array', items: { type: 'string', format: 'binary' }, description: 'One or more ZIPs of invoice PDFs or receipt photos (folders kept in names).' },
          invoice_files: { type: 'array', items: { type: 'string', format: 'binary' }, description: 'Loose invoice files: PDF, JPEG or PNG.' },
        },
      },
    },
  },
};

export const idempotencyKeyHeader = {
  type: 'object',
  properties: {
    'idempotency-key': {
      type: 'string',
      minLength: 1,
      maxLength: 255,
      description: 'Makes retries safe: the same key and payload replay the first answer; another payload is 422; one still running is 409.',
    },
  },
} as const;
