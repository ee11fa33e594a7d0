import { randomUUID } from 'node:crypto'
import type { Owner } from '@draftsmith/db/owners'
import type { ProposalOwner } from '@draftsmith/db/proposals'
import type { FastifyRequest } from 'fastify'
import { clientKey } from '../limits/client-address.js'
import type { QuotaSubject } from '../limits/quotas.js'
import { clientOf } from '../plugins/app/sessions.js'

export { ownedBy, type Owner } from '@draftsmith/db/owners'

export function ownerOf(request: FastifyRequest): Owner {
  const session = request.session
  if (session?.user) return { kind: 'user', userId: session.user.id }
  if (session?.visitorId) return { kind: 'visitor', visitorId: session.visitorId }
  return { kind: 'nobody' }
}

/** Whose quotas a request counts against: its owner, and the address it comes from. */
export function quotaSubject(request: FastifyRequest, owner: Owner): QuotaSubject {
  const key =
    owner.kind === 'user' ? `user:${owner.userId}` : owner.kind === 'visitor' ? `visitor:${owner.visitorId}` : undefined
  return { owner: key, address: clientKey(request) }
}

/** An anonymous visitor gets a visitor id (and so a saved session) the first time it creates something. */
export function ensureOwner(request: FastifyRequest): ProposalOwner {
  const owner = ownerOf(request)
  if (owner.kind !== 'nobody') return owner
  request.session.visitorId = randomUUID()
  request.session.client = clientOf(request)
  return { kind: 'visitor', visitorId: request.session.visitorId }
}
