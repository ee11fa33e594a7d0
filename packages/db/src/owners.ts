import { and, eq, isNull, sql, type SQL } from 'drizzle-orm'
import { proposals } from './schema/proposals.js'

/** Who owns what a request touches: a signed-in account, the anonymous visitor of a session, or nobody yet. */
export type Owner = { kind: 'user'; userId: string } | { kind: 'visitor'; visitorId: string } | { kind: 'nobody' }

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
