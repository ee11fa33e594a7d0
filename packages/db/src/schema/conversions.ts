import {
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core'
import { bytea } from './bytea.js'
import { proposals } from './proposals.js'

export const conversionStatus = pgEnum('conversion_status', ['queued', 'processing', 'succeeded', 'failed'])

/** What the worker learned about the document; shown beside the Markdown. */
export interface ConversionStats {
  words: number
  headings: number
  tables: number
  [key: string]: number
}

/** How the uploader asked for a document to be converted (per upload). */
export interface ConversionOptions {
  /** PDF: `<!-- page N -->` before each page, so people can cite pages (ADR 031). */
  pageMarkers?: boolean
}

/** What a conversion counted in the document (only what its format can have). */
export type ReportCounts = Partial<
  Record<
    | 'pages'
    | 'headings'
    | 'paragraphs'
    | 'lists'
    | 'tables'
    | 'images'
    | 'equations'
    | 'footnotes'
    | 'links'
    | 'comments'
    | 'trackedChanges'
    | 'codeBlocks',
    number
  >
>

/** One thing a conversion could not keep as the document had it. */
export interface ReportNote {
  /** Stable, kebab-case: `image-format-unsupported`, `tracked-deletion-dropped`, … */
  code: string
  count: number
  /** A sentence for the person who uploaded: "2 EMF images kept as placeholders". */
  message: string
}

/**
 * What was found in a document and what could not be kept: shown beside the Markdown, so that
 * nothing is dropped silently.
 */
export interface ConversionReport {
  found: ReportCounts
  notKept: ReportNote[]
}

export const conversions = pgTable(
  'conversions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => proposals.id, { onDelete: 'cascade' }),
    status: conversionStatus('status').notNull().default('queued'),
    sourceName: text('source_name').notNull(),
    sourceMime: text('source_mime').notNull(),
    sourceSize: integer('source_size').notNull(),
    /**
     * Where the upload came from, as per-address limits key it (an IPv4 address, or an IPv6 /64):
     * what the address holds is counted from here. Null for uploads made before it was recorded.
     */
    uploaderAddress: text('uploader_address'),
    /** Null once the retention job has removed the upload. */
    sourceBytes: bytea('source_bytes'),
    markdown: text('markdown'),
    /** A message a person can act on; never a stack trace. */
    error: text('error'),
    /** 0–100. */
    progress: smallint('progress').notNull().default(0),
    attempts: integer('attempts').notNull().default(0),
    stats: jsonb('stats').$type<ConversionStats>(),
    options: jsonb('options').$type<ConversionOptions>().notNull().default({}),
    /** What the document held and what could not be kept; null until the conversion succeeds. */
    report: jsonb('report').$type<ConversionReport>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('conversions_proposal_id_idx').on(t.proposalId),
    index('conversions_created_at_idx').on(t.createdAt),
    index('conversions_uploader_address_idx').on(t.uploaderAddress),
    // A proposal's conversions, newest first, a page at a time (keyset on created_at, id).
    index('conversions_proposal_page_idx').on(t.proposalId, t.createdAt.desc(), t.id.desc()),
  ],
)

/**
 * The pictures a conversion extracted, referenced from its Markdown as `assets/<name>`. Kept in
 * Postgres beside the Markdown (same ownership, same backups, deleted with the conversion).
 */
export const conversionAssets = pgTable(
  'conversion_assets',
  {
    conversionId: uuid('conversion_id')
      .notNull()
      .references(() => conversions.id, { onDelete: 'cascade' }),
    /** `image-1.png`: unique within the conversion, safe as a file name. */
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    /** SHA-256 of the bytes, hex. */
    sha256: text('sha256').notNull(),
    bytes: bytea('bytes').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.conversionId, t.name] })],
)

export type ConversionAssetRow = typeof conversionAssets.$inferSelect

export type Conversion = typeof conversions.$inferSelect
export type NewConversion = typeof conversions.$inferInsert
