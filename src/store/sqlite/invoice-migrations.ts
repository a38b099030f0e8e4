import type { Migration } from './database.js';

/** Invoices, their flags, their full-text index, their vectors (invoices:2) and employee ids (invoices:3). */
export const invoiceMigrations: Migration[] = [
  {
    id: 'invoices:1',
    up(db) {
      // The record travels as JSON; the columns repeat what filters, ordering and aggregates read,
      // with status and reimbursable_minor as they stand after a finance override. Status (3 values)
      // and category (5) have no index of their own: one could only lose to the created_at order or
      // to a selective index, and without statistics SQLite would sometimes pick it anyway.
      db.exec(`
        CREATE TABLE invoices (
          seq INTEGER PRIMARY KEY,
          id TEXT NOT NULL UNIQUE,
          owner_sub TEXT NOT NULL,
          employee_key TEXT NOT NULL,
          status TEXT NOT NULL,
          category TEXT NOT NULL,
          invoice_date TEXT,
          currency TEXT NOT NULL,
          total_minor INTEGER NOT NULL,
          reimbursable_minor INTEGER NOT NULL,
          job_id TEXT NOT NULL,
          file_sha256 TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          record TEXT NOT NULL
        );
        CREATE INDEX invoices_by_created ON invoices (created_at DESC, id DESC);
        CREATE INDEX invoices_by_owner ON invoices (owner_sub, created_at DESC, id DESC);
        CREATE INDEX invoices_by_employee ON invoices (employee_key, created_at DESC, id DESC);
        CREATE INDEX invoices_by_invoice_date ON invoices (invoice_date);
        CREATE INDEX invoices_by_total ON invoices (total_minor);
        CREATE INDEX invoices_by_job ON invoices (job_id);
        CREATE INDEX invoices_by_file ON invoices (file_sha256);

        -- One row per flag, so "carries every one of these flags" is an indexed lookup per flag.
        CREATE TABLE invoice_flags (
          flag TEXT NOT NULL,
          seq INTEGER NOT NULL REFERENCES invoices (seq) ON DELETE CASCADE,
          PRIMARY KEY (flag, seq)
        ) WITHOUT ROWID;
        CREATE INDEX invoice_flags_by_seq ON invoice_flags (seq);

        -- Contentless: the words are indexed, the text itself lives once, in invoices.record.
        -- Rows hold words already normalised by textTokens, so queries and index agree exactly;
        -- facets holds the filter values as words (invoice-facets.ts).
        CREATE VIRTUAL TABLE invoices_fts USING fts5 (
          file_name, vendor, employee, invoice_number, status, category, reason, text, facets,
          content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
        );
      `);
    },
  },
  {
    id: 'invoices:2',
    up(db) {
      // Until this version, the i-th invoice of every job was embedded from its first i characters
      // (embedding-text.ts), so the stored vectors said next to nothing: the vec0 table holding them
      // goes, and the vector backfill (vector-backfill.ts) embeds every invoice again from its whole
      // text when embeddings are configured. Vectors now live in plain tables searched with
      // sqlite-vec's functions (invoice-vectors.ts explains why); their dimension is configuration,
      // recorded on first use in invoice_embedding_settings.
      db.exec(`
        DROP TABLE IF EXISTS invoice_vectors;
        CREATE TABLE invoice_embeddings (
          seq INTEGER PRIMARY KEY REFERENCES invoices (seq) ON DELETE CASCADE,
          embedding BLOB NOT NULL
        );
        CREATE TABLE invoice_embedding_bits (
          seq INTEGER PRIMARY KEY REFERENCES invoices (seq) ON DELETE CASCADE,
          bits BLOB NOT NULL
        );
        CREATE TABLE invoice_embedding_settings (dimensions INTEGER NOT NULL);
      `);
    },
  },
  {
    id: 'invoices:3',
    up(db) {
      // Employees were keyed by the spelling of their name; they now have a stable id. Records
      // written before get the id a claim filed by name alone gets ("name:" + the normalised name,
      // filters.ts employeeIdOf), in the column and in the record, so caps and duplicate checks
      // still find them. duplicate_of marks exact copies of earlier invoices, which aggregates
      // count once: none before, since the same file was never stored twice until now.
      db.exec(`
        ALTER TABLE invoices ADD COLUMN employee_id TEXT NOT NULL DEFAULT '';
        ALTER TABLE invoices ADD COLUMN duplicate_of TEXT;
        UPDATE invoices SET employee_id = 'name:' || employee_key,
                            record = json_set(record, '$.employee_id', 'name:' || employee_key);
        CREATE INDEX invoices_by_employee_id ON invoices (employee_id, created_at DESC, id DESC);
      `);
    },
  },
];
