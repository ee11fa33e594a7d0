import { Type } from '@fastify/type-provider-typebox'
import type { ConversionDetail, ConversionSummary } from '@draftsmith/db/conversions'
import { InvalidCursorError, type PageRequest } from '@draftsmith/db/pagination'
import type { Proposal } from '@draftsmith/db/schema'
import { HttpProblem, problemTypes } from '../errors/problems.js'

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

export const Next = Nullable(Type.String({ description: 'Pass it as `cursor` for the next page; null on the last page.' }))

/** Runs a paginated query; a cursor the API never handed out is the client's mistake (400). */
export async function paged<T>(query: PageRequest, run: (request: PageRequest) => Promise<T>): Promise<T> {
  try {
    return await run(query)
  } catch (error) {
    if (error instanceof InvalidCursorError) throw new HttpProblem(400, error.message, { type: problemTypes.validation })
    throw error
  }
}

const ReportBody = Type.Object(
  {
    found: Type.Record(Type.String(), Type.Integer(), { description: 'What the document held: pages, headings, tables, images, equations, footnotes…' }),
    notKept: Type.Array(
      Type.Object({
        code: Type.String({ examples: ['image-format-unsupported-emf'] }),
        count: Type.Integer(),
        message: Type.String({ examples: ['2 EMF images kept as placeholders'] }),
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

export const ConversionBody = Type.Object({
  id: Type.String(),
  proposalId: Type.String(),
  status: Type.Union([Type.Literal('queued'), Type.Literal('processing'), Type.Literal('succeeded'), Type.Literal('failed')]),
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
  report: Type.Optional(Nullable(ReportBody)),
  assets: Type.Optional(Type.Array(AssetBody)),
})

export const ProposalBody = Type.Object({
  id: Type.String(),
  title: Type.String(),
  owner: Type.Union([Type.Literal('account'), Type.Literal('visitor')]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  conversionCount: Type.Optional(Type.Integer()),
  conversions: Type.Optional(Type.Array(ConversionBody)),
  conversionsNext: Type.Optional(Next),
})

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
    report: c.report,
    ...('assets' in c ? { assets: c.assets.map((a) => ({ ...a, url: `/api/conversions/${c.id}/assets/${a.name}` })) } : {}),
  }
}

export function proposalJson(p: Proposal, extra: { conversionCount?: number; conversions?: ConversionSummary[]; conversionsNext?: string | null } = {}) {
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
