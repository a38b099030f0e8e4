/**
 * The vocabulary of the product (see ARCHITECTURE.md, "Words used everywhere").
 *
 * Records keep the snake_case field names of the public JSON so that one shape travels from the
 * decision engine to the store to the HTTP reply without a mapping layer that could drift.
 * This module is pure: no I/O, no imports from the rest of src/.
 */
import type { PolicyVersionRef } from './policy-versions.js';

export type Status = 'fully_reimbursed' | 'partially_reimbursed' | 'declined';
export const STATUSES: readonly Status[] = ['fully_reimbursed', 'partially_reimbursed', 'declined'];

export type Outcome = 'analysed' | 'failed';

export type Flag =
  | 'possible_duplicate'
  | 'alcohol'
  | 'late_submission'
  | 'name_mismatch'
  | 'amount_inconsistent'
  | 'currency_inferred'
  | 'low_confidence'
  | 'ocr';
export const FLAGS: readonly Flag[] = [
  'possible_duplicate',
  'alcohol',
  'late_submission',
  'name_mismatch',
  'amount_inconsistent',
  'currency_inferred',
  'low_confidence',
  'ocr',
];

/** Canonical expense categories. A policy says which are eligible and how they are capped. */
export type Category = 'meal' | 'travel' | 'cab' | 'accommodation' | 'other';
export const CATEGORIES: readonly Category[] = ['meal', 'travel', 'cab', 'accommodation', 'other'];

/** Integer minor units plus an ISO 4217 code: never a float. */
export interface Money {
  amount_minor: number;
  currency: string;
}

/** Codes a document can fail with. Each is documented in the README. */
export type DocumentErrorCode =
  | 'unreadable_pdf'
  | 'encrypted'
  | 'not_an_invoice'
  | 'unsupported_type'
  | 'empty_file'
  | 'too_large'
  | 'timeout'
  | 'ocr_failed'
  | 'extraction_failed'
  | 'llm_unavailable'
  | 'unsafe_path'
  | 'symlink'
  | 'nested_too_deep'
  | 'corrupt_archive'
  | 'archive_limit'
  | 'zip_bomb'
  /**
   * No longer given: a second copy of a file in one claim is decided as its first (duplicate_of).
   * Kept for the results of jobs stored before.
   */
  | 'duplicate_file';

/** Who is calling. Every service receives it, so access control is a rule, not a retrofit. */
export type Role = 'employee' | 'finance' | 'admin';
export interface Caller {
  /** Stable subject id from the token (or the single local user when AUTH_MODE=none). */
  sub: string;
  name: string;
  role: Role;
}

// ---------------------------------------------------------------------------------------------
// Policy rules
// ---------------------------------------------------------------------------------------------

export type CapPer = 'item' | 'meal' | 'trip' | 'night' | 'day' | 'month' | 'claim';

/** Where in the policy a rule comes from, so every decision can cite it. */
export interface PolicySource {
  quote: string;
  /** 1-based page of the policy document; null when the policy has no pages (JSON rules, TXT). */
  page: number | null;
}

export interface Cap {
  amount_minor: number;
  per: CapPer;
  /** true: the cap applies to the amount including tax; false: to the amount before tax. */
  includes_tax: boolean;
}

export interface CategoryRule {
  /** Unique within the policy, e.g. "meal.cap". Decisions cite it. */
  id: string;
  category: Category;
  /** The policy's own name for the category, e.g. "Food and Beverages". */
  label: string;
  eligible: boolean;
  cap: Cap | null;
  source: PolicySource;
}

export interface ExclusionRule {
  id: string;
  kind: 'alcohol' | 'tobacco' | 'terms';
  /** Extra words that mark a line as excluded (always used for kind "terms"). */
  terms: string[];
  /** Categories the exclusion applies to; null means every category. */
  categories: Category[] | null;
  source: PolicySource;
}

export interface SubmissionWindowRule {
  id: string;
  days: number;
  source: PolicySource;
}

export interface PolicyRules {
  schema_version: 1;
  /** SHA-256 of the policy document (or of the canonical JSON for client-sent rules). */
  policy_hash: string;
  name: string;
  currency: string;
  categories: CategoryRule[];
  exclusions: ExclusionRule[];
  submission_window: SubmissionWindowRule | null;
  compiled_by: 'offline' | 'gemini' | 'client';
}

// ---------------------------------------------------------------------------------------------
// Documents and invoice fields
// ---------------------------------------------------------------------------------------------

/** One document read from an upload (a ZIP entry or a loose file), before extraction. */
export interface DocumentText {
  /** Name inside the upload, folders kept: "Bus Tickets/Ticket 1.pdf". */
  name: string;
  media_type: string;
  sha256: string;
  size_bytes: number;
  page_count: number;
  /** Text of each page, in order. */
  pages: string[];
  ocr: boolean;
}

export interface ExtractedField<T> {
  value: T | null;
  /** 0..1: how sure the reader is. Below the configured threshold the invoice is flagged. */
  confidence: number;
  /** 1-based page the value was read from; null when unknown. */
  page: number | null;
}

export interface LineItem {
  description: string;
  /** Line total in minor units, before tax. */
  amount_minor: number;
  quantity: number | null;
  alcohol: boolean;
  tobacco: boolean;
}

export interface InvoiceFields {
  vendor: ExtractedField<string>;
  /** Invoice, bill or ticket number / PNR. */
  invoice_number: ExtractedField<string>;
  /**
   * The booking the document belongs to (PNR, dossier, booking reference) when it prints one
   * beside its own number: the ticket and the invoice of one purchase share it. Absent when the
   * document prints none, from e-invoices (their XML has no such field) and on records stored
   * before it existed.
   */
  booking_reference?: ExtractedField<string>;
  /** ISO date, YYYY-MM-DD. */
  date: ExtractedField<string>;
  currency: ExtractedField<string>;
  category: ExtractedField<Category>;
  /** Person named on the invoice (passenger, guest, customer). */
  person_name: ExtractedField<string>;
  line_items: LineItem[];
  subtotal_minor: ExtractedField<number>;
  tax_minor: ExtractedField<number>;
  total_minor: ExtractedField<number>;
  extracted_by: 'offline' | 'gemini';
  /**
   * Doubts only the reader can see, for review: a currency the document does not print, an
   * e-invoice whose XML and page disagree. Absent when there are none, and on records stored
   * before it existed.
   */
  reading_notes?: ReadingNote[];
}

/**
 * The flags a reader raises itself; the engine adds the rest from the fields. low_confidence is
 * for doubts about the reading as a whole (a part the model could not read, an embedded e-invoice
 * that was not read), which no field's confidence carries.
 */
export type ReadingFlag = Extract<
  Flag,
  'currency_inferred' | 'amount_inconsistent' | 'low_confidence'
>;

export interface ReadingNote {
  flag: ReadingFlag;
  /** Why, with the evidence: "no currency is printed; EUR is inferred from a German VAT id". */
  note: string;
}

// ---------------------------------------------------------------------------------------------
// Decisions
// ---------------------------------------------------------------------------------------------

export interface AppliedRule {
  rule_id: string;
  quote: string;
  page: number | null;
  /** What the rule did to this invoice, in plain words with exact amounts. */
  effect: string;
}

export interface Decision {
  status: Status;
  /** The invoice total as claimed. */
  claimed: Money;
  /** What remains after exclusions (alcohol etc.), before caps. */
  eligible: Money;
  reimbursable: Money;
  reason: string;
  rules_applied: AppliedRule[];
  flags: Flag[];
}

export interface DecisionOverride {
  status: Status;
  reimbursable: Money;
  reason: string;
  by: { sub: string; name: string };
  at: string;
}

/** An analysed invoice as stored and searched. Failed documents are job results, not invoices. */
export interface InvoiceRecord {
  /**
   * UUIDv5 of the invoice key (claim + file hash): stable across retries of one claim, new for
   * every claim, so the same file in another claim is decided for that claim (src/store/invoice-key.ts).
   */
  id: string;
  job_id: string;
  /** Subject of the uploader; access is checked against it (and against employee_id). */
  owner_sub: string;
  /**
   * Stable id of the employee the claim is for: caps, prior spend and duplicates are counted per
   * id, and the employee with this subject may read the record. The token's subject when employees
   * file for themselves; the upload's employee_id, else `name:<employee_key>`, when finance files.
   * Absent only on records written before it existed (stores read them as `name:<employee_key>`).
   */
  employee_id?: string;
  /** A label: the name as filed. */
  employee_name: string;
  /** employee_name lower-cased, accents and extra spaces removed: the filter key. */
  employee_key: string;
  file_name: string;
  file_sha256: string;
  policy_hash: string;
  /** The managed policy version it was decided under; null or absent for a policy file. */
  policy_version?: PolicyVersionRef | null;
  category: Category;
  vendor: string | null;
  invoice_number: string | null;
  /** YYYY-MM-DD or null when the date could not be read. */
  invoice_date: string | null;
  currency: string;
  total_minor: number;
  reimbursable_minor: number;
  status: Status;
  flags: Flag[];
  reason: string;
  fields: InvoiceFields;
  decision: Decision;
  override: DecisionOverride | null;
  /**
   * The earlier invoice (of another claim) this one is a byte-for-byte copy of: it keeps its own
   * decision, flagged possible_duplicate, but totals across invoices count the copy once (the
   * earlier one). Null or absent when it is no copy.
   */
  duplicate_of?: string | null;
  /** Text of the document, for full-text search and chat context. */
  text: string;
  /** Text of each page as read (OCR'd pages included); absent on records stored before 2026-12. */
  pages?: string[];
  page_count?: number;
  /** The original: absent while it is kept; purged_at once DOCUMENT_RETENTION_DAYS deleted it. */
  document?: { purged_at: string };
  created_at: string;
  updated_at: string;
}

// ---------------------------------------------------------------------------------------------
// Filters (one model: routes, chat planner and every store adapter translate from it)
// ---------------------------------------------------------------------------------------------

export interface InvoiceFilter {
  /**
   * Access scope: when set, only records of this subject: uploaded by them, or filed for them
   * (employee_id equal to it).
   */
  owner_sub?: string;
  /** Only records of this employee id (caps, prior spend and duplicate checks). */
  employee_id?: string;
  /** Matched case- and accent-insensitively against employee_key. */
  employee?: string;
  status?: Status[];
  category?: Category[];
  /** Inclusive YYYY-MM-DD bounds on invoice_date. */
  date_from?: string;
  date_to?: string;
  /** Inclusive bounds on total_minor. */
  amount_min_minor?: number;
  amount_max_minor?: number;
  /** Records carrying every one of these flags. */
  flags?: Flag[];
  job_id?: string;
  file_sha256?: string;
  /** Records whose invoice or ticket number is one of these, exactly as read (duplicate checks). */
  invoice_numbers?: string[];
  /** Free text, matched by the store's full-text index. */
  text?: string;
}

export type AggregateGroup = 'employee' | 'status' | 'category' | 'month';

export interface AggregateRow {
  /** Values of the grouping keys, e.g. { status: 'declined', month: '2024-12' }. */
  group: Partial<Record<AggregateGroup, string>>;
  count: number;
  currency: string;
  total_minor: number;
  reimbursable_minor: number;
}
