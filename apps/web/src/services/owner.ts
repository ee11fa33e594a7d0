import { proposals } from '@draftsmith/db/schema'
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm'
import type { FastifyRequest } from 'fastify'

/** Who owns what a request touches: the signed-in account, or the anonymous visitor of this session. */
export type Owner = { kind: 'user'; userId: string } | { kind: 'visitor'; visitorId: string } | { kind: 'nobody' }

export function ownerOf(request: FastifyRequest): Owner {
  const session = request.session
  if (session?.user) return { kind: 'user', userId: session.user.id }
  if (session?.visitorId) return { kind: 'visitor', visitorId: session.visitorId }
  return { kind: 'nobody' }
}

/** The proposals this owner may see; for anyone else a proposal does not exist (404, not 403). */
export function ownedBy(owner: Owner): SQL {
  switch (owner.kind) {
    case 'user':
      return eq(proposals.ownerUserId, owner.userId)
    case 'visitor':
      return and(isNull(proposals.ownerUserId), eq(proposals.visitorSessionId, owner.visitorId)) as SQL
    case 'nobody':
      return sql`false`
  }
}
