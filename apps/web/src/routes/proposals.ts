import { listConversions } from '@draftsmith/db/conversions'
import { createProposal, deleteProposal, findProposal, listProposals, renameProposal } from '@draftsmith/db/proposals'
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { notFound } from '../errors/problems.js'
import { ensureOwner, ownerOf, quotaSubject } from '../auth/owner.js'
import { ConversionBody, conversionJson, IdParams, Next, PageQuery, ProposalBody, proposalJson } from './schemas.js'

const Title = Type.Object({ title: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false })

/** How many of a proposal's conversions `GET /api/proposals/:id` includes; the rest are paged. */
const FIRST_CONVERSIONS = 50

const proposalsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db } = fastify

  fastify.post(
    '/',
    { schema: { tags: ['proposals'], body: Title, response: { 201: ProposalBody } } },
    async (request, reply) => {
      const owner = ensureOwner(request)
      await fastify.limits.quotas.proposal(quotaSubject(request, owner))
      return reply.code(201).send(proposalJson(await createProposal(db, owner, request.body.title)))
    },
  )

  fastify.get(
    '/',
    {
      schema: {
        description:
          'Your proposals, newest first, a page at a time (keyset: a page costs the same whatever the total).',
        tags: ['proposals'],
        querystring: PageQuery,
        response: { 200: Type.Object({ proposals: Type.Array(ProposalBody), next: Next }) },
      },
    },
    async (request) => {
      const page = await listProposals(db, ownerOf(request), request.query)
      return {
        proposals: page.items.map((p) => proposalJson(p, { conversionCount: p.conversionCount })),
        next: page.next,
      }
    },
  )

  fastify.get(
    '/:id',
    {
      schema: {
        description: `The proposal with its newest ${FIRST_CONVERSIONS} conversions; \`conversionsNext\` pages on through /api/proposals/:id/conversions.`,
        tags: ['proposals'],
        params: IdParams,
        response: { 200: ProposalBody },
      },
    },
    async (request) => {
      const proposal = await findProposal(db, ownerOf(request), request.params.id)
      if (!proposal) throw notFound('this proposal')
      const first = await listConversions(db, proposal.id, { limit: FIRST_CONVERSIONS })
      return proposalJson(proposal, { conversions: first.items, conversionsNext: first.next })
    },
  )

  fastify.get(
    '/:id/conversions',
    {
      schema: {
        description: "A proposal's conversions, newest first, a page at a time.",
        tags: ['conversions'],
        params: IdParams,
        querystring: PageQuery,
        response: { 200: Type.Object({ conversions: Type.Array(ConversionBody), next: Next }) },
      },
    },
    async (request) => {
      const proposal = await findProposal(db, ownerOf(request), request.params.id)
      if (!proposal) throw notFound('this proposal')
      const page = await listConversions(db, proposal.id, request.query)
      return { conversions: page.items.map(conversionJson), next: page.next }
    },
  )

  fastify.patch(
    '/:id',
    { schema: { tags: ['proposals'], params: IdParams, body: Title, response: { 200: ProposalBody } } },
    async (request) => {
      const proposal = await renameProposal(db, ownerOf(request), request.params.id, request.body.title)
      if (!proposal) throw notFound('this proposal')
      return proposalJson(proposal)
    },
  )

  fastify.delete(
    '/:id',
    { schema: { tags: ['proposals'], params: IdParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      if (!(await deleteProposal(db, ownerOf(request), request.params.id))) throw notFound('this proposal')
      fastify.limits.storage.forget()
      return reply.code(204).send(null)
    },
  )
}

export default proposalsRoutes
