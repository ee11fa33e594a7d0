import { Type } from '@fastify/type-provider-typebox'
import type { Proposal } from '@draftsmith/db/schema'
import type { ConversionSummary } from '../services/proposals.js'

const Timestamp = Type.String({ format: 'date-time' })
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })

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
})

export const ProposalBody = Type.Object({
  id: Type.String(),
  title: Type.String(),
  owner: Type.Union([Type.Literal('account'), Type.Literal('visitor')]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  conversionCount: Type.Optional(Type.Integer()),
  conversions: Type.Optional(Type.Array(ConversionBody)),
})

const iso = (d: Date | null) => (d === null ? null : d.toISOString())

export function conversionJson(c: ConversionSummary) {
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
  }
}

export function proposalJson(p: Proposal, extra: { conversionCount?: number; conversions?: ConversionSummary[] } = {}) {
  return {
    id: p.id,
    title: p.title,
    owner: p.ownerUserId ? ('account' as const) : ('visitor' as const),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    ...(extra.conversionCount !== undefined ? { conversionCount: Number(extra.conversionCount) } : {}),
    ...(extra.conversions ? { conversions: extra.conversions.map(conversionJson) } : {}),
  }
}
