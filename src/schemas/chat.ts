import { Type } from 'typebox';
import {
  CHAT_ANSWER_EXAMPLE,
  CHAT_SESSION_EXAMPLE,
  CHAT_SOURCE_EXAMPLE,
  CHAT_TURNS_EXAMPLE,
} from './examples.js';

const POLICY_CITATION_EXAMPLE = {
  policy_id: '5b0c2f7e-3f4a-4d52-9a53-0c1e8f1d2a11',
  policy_name: 'Travel and Expense Policy',
  version: 3,
  rule_id: 'lodging.cap',
  quote: 'Hotel stays are reimbursed up to £150 per night in London and £100 per night elsewhere.',
  page: 2,
};

/** An answer about the policy itself: the rule as a sentence, then the policy's own words. */
const POLICY_ANSWER_EXAMPLE = {
  session_id: '0d6e1c8e-7d0b-4f7e-9a43-8b2f0c6d5e21',
  answer:
    'Under the active policy **Travel and Expense Policy** (version 3):\n\n**Lodging** in London: up to **£150.00 per night**, including tax.\n> “Hotel stays are reimbursed up to £150 per night in London and £100 per night elsewhere.” (page 2)',
  sources: [],
  policy_citations: [POLICY_CITATION_EXAMPLE],
  filters_applied: {},
  mode: 'offline',
  retrieval: { mode: 'lexical', fallback_reason: null },
};

export const ChatQuestionSchema = Type.Object(
  {
    query: Type.String({
      // No minLength: an empty question is refused as a blank one is, with 400 empty_query.
      maxLength: 4000,
      description:
        'The question, in plain words. Empty or blank is refused (400 empty_query); longer than CHAT_MAX_QUERY_LENGTH is refused (400 query_too_long).',
    }),
    session_id: Type.Optional(
      Type.String({
        maxLength: 100,
        description: 'Continue this session (yours); omit to start one.',
      }),
    ),
    include_sources: Type.Optional(
      Type.Boolean({ default: true, description: 'Return the invoices the answer cites.' }),
    ),
  },
  {
    $id: 'ChatQuestion',
    additionalProperties: false,
    description: 'A question about the invoices, or about the active policy.',
    examples: [
      {
        query: 'Which meal invoices of Rani were partially reimbursed in December 2024?',
        include_sources: true,
      },
    ],
  },
);

export const ChatSourceSchema = Type.Object(
  {
    invoice_id: Type.String({ description: 'Invoice id (GET /invoices/{id}).' }),
    employee: Type.String({ description: 'Employee the invoice was claimed for.' }),
    file: Type.String({ description: 'Document name.' }),
    status: Type.String({ description: 'Status (after any override).' }),
    reimbursable: Type.Ref('Money'),
    score: Type.Number({
      description: 'Relevance within this answer; 1 for invoices matched by filters alone.',
    }),
  },
  {
    $id: 'ChatSource',
    description: 'An invoice the answer cites.',
    examples: [CHAT_SOURCE_EXAMPLE],
  },
);

export const PolicyCitationSchema = Type.Object(
  {
    policy_id: Type.String({ description: 'Policy id (GET /policies/{id}).' }),
    policy_name: Type.String({ description: 'The policy’s name.' }),
    version: Type.Integer({
      minimum: 1,
      description: 'Version the rule belongs to (the active one).',
    }),
    rule_id: Type.String({ description: 'The rule the sentence became.' }),
    quote: Type.String({ description: 'The policy’s sentence, verbatim.' }),
    page: Type.Unsafe<number | null>({
      type: 'integer',
      nullable: true,
      minimum: 1,
      description: '1-based page of the policy document; null when it has no pages.',
    }),
  },
  {
    $id: 'PolicyCitation',
    description: 'A sentence of the active policy an answer about the policy quotes.',
    examples: [POLICY_CITATION_EXAMPLE],
  },
);

export const RetrievalSchema = Type.Object(
  {
    mode: Type.Unsafe<string>({
      type: 'string',
      enum: ['hybrid', 'lexical'],
      description:
        'hybrid: ranked by meaning (Gemini embeddings) and words, fused by reciprocal rank; lexical: by words only (BM25).',
    }),
    fallback_reason: Type.Unsafe<string | null>({
      type: 'string',
      nullable: true,
      enum: ['query_embedding_failed', 'query_embedding_timeout', null],
      description:
        'Set when embeddings are configured but the question could not be embedded (model error or rate limit, or no answer within 3 s), so the search ran on words only; null otherwise.',
    }),
  },
  {
    $id: 'Retrieval',
    description: 'How a text search ranked the invoices it returned.',
    examples: [{ mode: 'hybrid', fallback_reason: null }],
  },
);

const filtersApplied = Type.Object(
  {},
  {
    additionalProperties: true,
    description:
      'The filters the question was read as (employee, status, category, dates, amounts, flags, text). Your access scope applies on top.',
  },
);

export const ChatAnswerSchema = Type.Object(
  {
    session_id: Type.String({ description: 'Session to continue with follow-up questions.' }),
    answer: Type.String({
      description:
        'Markdown. Invoices are cited as links `[file](invoice:<id>)`; every number comes from the store.',
    }),
    sources: Type.Array(Type.Ref('ChatSource'), {
      description: 'Invoices cited; empty when include_sources is false.',
    }),
    policy_citations: Type.Array(Type.Ref('PolicyCitation'), {
      description:
        'For questions about the policy itself ("what is the hotel limit in London?"): the active policy’s sentences the answer quotes, with their pages; empty otherwise and when include_sources is false.',
    }),
    filters_applied: filtersApplied,
    mode: Type.Unsafe<string>({
      type: 'string',
      enum: ['offline', 'gemini'],
      description: 'Who wrote the answer: the offline planner or Gemini with tools.',
    }),
    retrieval: Type.Ref('Retrieval'),
  },
  {
    $id: 'ChatAnswer',
    description: 'An answer with its cited sources.',
    examples: [{ ...CHAT_ANSWER_EXAMPLE, policy_citations: [] }, POLICY_ANSWER_EXAMPLE],
  },
);

export const ChatTurnSchema = Type.Object(
  {
    role: Type.Unsafe<string>({
      type: 'string',
      enum: ['user', 'assistant'],
      description: 'Who spoke.',
    }),
    content: Type.String({ description: 'The question or the Markdown answer.' }),
    at: Type.String({ format: 'date-time', description: 'When.' }),
    meta: Type.Optional(
      Type.Object(
        {},
        {
          additionalProperties: true,
          description: 'For answers: filters applied and invoices cited.',
        },
      ),
    ),
  },
  {
    $id: 'ChatTurn',
    description: 'One turn of a chat session.',
    examples: [CHAT_TURNS_EXAMPLE[1]],
  },
);

export const ChatSessionSchema = Type.Object(
  {
    session_id: Type.String({ description: 'Session id.' }),
    title: Type.String({ description: 'The first question, shortened.' }),
    created_at: Type.String({ format: 'date-time', description: 'When it started.' }),
    updated_at: Type.String({ format: 'date-time', description: 'Last turn.' }),
    turns: Type.Integer({ description: 'Turns kept.' }),
  },
  {
    $id: 'ChatSession',
    description: 'A chat session of the caller.',
    examples: [CHAT_SESSION_EXAMPLE],
  },
);

export const chatSchemas = [
  PolicyCitationSchema,
  RetrievalSchema,
  ChatQuestionSchema,
  ChatSourceSchema,
  ChatAnswerSchema,
  ChatTurnSchema,
  ChatSessionSchema,
];
