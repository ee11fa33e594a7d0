import { Type } from '@fastify/type-provider-typebox'
import type { ConversionDetail, ConversionSummary } from '@draftsmith/db/conversions'
import type { Proposal } from '@draftsmith/db/schema'

const Timestamp = Type.String({ format: 'date-time' })
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])

/** What the workers' heartbeats say (see apps/worker/src/heartbeat.ts). */
export const WorkersBody = Type.Object({
  alive: Type.Integer({ description: 'workers that beat within the last minute and did not stop' }),
  lastBeatAt: Nullable(Timestamp),
  lastJobFinishedAt: Nullable(Timestamp),
  jobsCompleted: Type.Integer(),
  jobsFailed: Type.Integer(),
})

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })

/** `?limit=&cursor=` of every paginated list. */
export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Items per page.' })),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'The `next` of the previous page.' })),
})

export const Next = Nullable(
  Type.String({ description: 'Pass it as `cursor` for the next page; null on the last page.' }),
)

const ReportBody = Type.Object(
  {
    found: Type.Record(Type.String(), Type.Integer(), {
      description: 'What the document held: pages, headings, tables, images, equations, footnotes…',
    }),
    notKept: Type.Array(
      Type.Object({
        code: Type.String({ examples: ['image-format-unsupported-emf'] }),
        count: Type.Integer(),
        message: Type.String({ examples: ['2 EMF images kept as placeholders'] }),
      }),
    ),
    metadata: Type.Optional(
      Type.Object(
        {
          title: Type.Optional(Type.String()),
          authors: Type.Optional(Type.Array(Type.String())),
          subject: Type.Optional(Type.String()),
          description: Type.Optional(Type.String()),
          keywords: Type.Optional(Type.Array(Type.String())),
          created: Type.Optional(Type.String({ description: 'ISO 8601, as the document records it.' })),
          modified: Type.Optional(Type.String({ description: 'ISO 8601, as the document records it.' })),
          language: Type.Optional(Type.String({ examples: ['en-US'] })),
        },
        {
          description: 'What the document says about itself (core properties…); absent when it says nothing (ADR 073).',
        },
      ),
    ),
    ocr: Type.Optional(
      Type.Object(
        {
          pages: Type.Integer({ description: 'Pages (or pictures of pages) whose text was recognised.' }),
          meanConfidence: Type.Number({ description: "The pages' mean word confidence, 0–100." }),
          picturesOnly: Type.Integer({
            description: 'Pages that needed OCR and stayed pictures (over a bound, or unreadable); `notKept` says why.',
          }),
          languages: Type.Array(Type.String(), { examples: [['eng']] }),
        },
        { description: 'What OCR read, when the document had scanned pages or was a picture of one.' },
      ),
    ),
    engine: Type.Optional(
      Type.String({
        examples: ['@draftsmith/convert 0.1.0'],
        description: 'The engine that made the Markdown; absent on reports written before it said so.',
      }),
    ),
  },
  { description: 'What was found in the document and what could not be kept.' },
)

const AssetBody = Type.Object({
  name: Type.String({ examples: ['image-1.png'] }),
  contentType: Type.String(),
  size: Type.Integer(),
  url: Type.String({ description: 'Where the bytes are; the Markdown references the asset as `assets/<name>`.' }),
})

const exampleConversion = {
  id: '6f1c2b1e-4d7a-4c3e-9a51-2b8f0c7d9e10',
  proposalId: '0b7e3c52-1f0e-4a53-8f6d-3c2a1b0e9d87',
  status: 'succeeded',
  sourceName: 'Quarterly proposal.docx',
  sourceMime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  sourceSize: 48213,
  progress: 100,
  attempts: 1,
  error: null,
  stats: { words: 1834, headings: 12, tables: 3 },
  createdAt: '2026-12-01T09:30:00.000Z',
  startedAt: '2026-12-01T09:30:00.412Z',
  finishedAt: '2026-12-01T09:30:01.907Z',
  markdownUrl: '/api/conversions/6f1c2b1e-4d7a-4c3e-9a51-2b8f0c7d9e10/markdown',
  report: {
    found: { headings: 12, tables: 3, images: 2 },
    notKept: [{ code: 'image-format-unsupported-emf', count: 1, message: '1 EMF image kept as a placeholder' }],
    metadata: { title: 'Quarterly proposal', authors: ['Ada Lovelace'], created: '2026-11-30T16:02:00Z' },
  },
  assets: [
    {
      name: 'image-1.png',
      contentType: 'image/png',
      size: 22955,
      url: '/api/conversions/6f1c2b1e-4d7a-4c3e-9a51-2b8f0c7d9e10/assets/image-1.png',
    },
  ],
}

export const ConversionBody = Type.Object(
  {
    id: Type.String(),
    proposalId: Type.String(),
    status: Type.Union([
      Type.Literal('queued'),
      Type.Literal('processing'),
      Type.Literal('succeeded'),
      Type.Literal('failed'),
    ]),
    sourceName: Type.String(),
    sourceMime: Type.String(),
    sourceSize: Type.Integer(),
    progress: Type.Integer({ minimum: 0, maximum: 100 }),
    attempts: Type.Integer(),
    error: Nullable(Type.String()),
    stats: Nullable(Type.Record(Type.String(), Type.Number())),
    createdAt: Timestamp,
    startedAt: Nullable(Timestamp),
    finishedAt: Nullable(Timestamp),
    markdownUrl: Nullable(Type.String()),
    options: Type.Optional(
      Type.Object(
        { pageMarkers: Type.Optional(Type.Boolean()), frontMatter: Type.Optional(Type.Boolean()) },
        { description: 'How the upload asked for it to be converted.' },
      ),
    ),
    report: Type.Optional(Nullable(ReportBody)),
    assets: Type.Optional(Type.Array(AssetBody)),
  },
  { examples: [exampleConversion] },
)

export const ProposalBody = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    owner: Type.Union([Type.Literal('account'), Type.Literal('visitor')]),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    conversionCount: Type.Optional(Type.Integer()),
    conversions: Type.Optional(Type.Array(ConversionBody)),
    conversionsNext: Type.Optional(Next),
  },
  {
    examples: [
      {
        id: '0b7e3c52-1f0e-4a53-8f6d-3c2a1b0e9d87',
        title: 'Quarterly proposal',
        owner: 'account',
        createdAt: '2026-12-01T09:29:58.000Z',
        updatedAt: '2026-12-01T09:29:58.000Z',
        conversionCount: 1,
      },
    ],
  },
)

/**
 * An RFC 9457 problem, as every /api error is sent (`application/problem+json`). `detail` is a
 * sentence for the person who made the request; `requestId` is what to quote to the operators.
 */
export const ProblemBody = Type.Object(
  {
    type: Type.String({ description: 'a `urn:draftsmith:problem:…` name, or `about:blank`' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String({ description: 'what went wrong and what to do, for a person' }),
    requestId: Type.String(),
    errors: Type.Optional(
      Type.Array(Type.Object({ field: Type.String(), message: Type.String() }), {
        description: 'validation problems only: each invalid field',
      }),
    ),
  },
  { additionalProperties: true },
)

/** An example problem of `status`, for the API reference. */
export function problemExample(status: number, title: string, detail: string, type = 'about:blank') {
  return { type, title, status, detail, requestId: '3c1e2a9f-5b7d-4e61-a0c2-8f4d9b6e1a27' }
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString())

export function conversionJson(c: ConversionSummary | ConversionDetail) {
  return {
    id: c.id,
    proposalId: c.proposalId,
    status: c.status,
    sourceName: c.sourceName,
    sourceMime: c.sourceMime,
    sourceSize: c.sourceSize,
    progress: c.progress,
    attempts: c.attempts,
    error: c.error,
    stats: c.stats,
    createdAt: c.createdAt.toISOString(),
    startedAt: iso(c.startedAt),
    finishedAt: iso(c.finishedAt),
    markdownUrl: c.status === 'succeeded' ? `/api/conversions/${c.id}/markdown` : null,
    options: c.options,
    report: c.report,
    ...('assets' in c
      ? { assets: c.assets.map((a) => ({ ...a, url: `/api/conversions/${c.id}/assets/${a.name}` })) }
      : {}),
  }
}

export function proposalJson(
  p: Proposal,
  extra: { conversionCount?: number; conversions?: ConversionSummary[]; conversionsNext?: string | null } = {},
) {
  return {
    id: p.id,
    title: p.title,
    owner: p.ownerUserId ? ('account' as const) : ('visitor' as const),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    ...(extra.conversionCount !== undefined ? { conversionCount: Number(extra.conversionCount) } : {}),
    ...(extra.conversions ? { conversions: extra.conversions.map(conversionJson) } : {}),
    ...(extra.conversionsNext !== undefined ? { conversionsNext: extra.conversionsNext } : {}),
  }
}
