import { randomUUID } from 'node:crypto'
import fastifyMultipart from '@fastify/multipart'
import { QueueUnavailableError } from '@draftsmith/jobs'
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { ownerUsage } from '@draftsmith/db/usage'
import { tooManyRequests } from '../limits/too-many-requests.js'
import { HttpProblem, notFound, problemTypes } from '../problems.js'
import { ownerOf, quotaSubject, type Owner } from '../services/owner.js'
import { receiveUploads, type ReceivedUpload } from '../uploads/receive-uploads.js'
import { UploadMemory } from '../uploads/upload-memory.js'
import {
  conversionsOf,
  createProposal,
  deleteConversions,
  deleteProposal,
  findProposal,
  listProposals,
  renameProposal,
  storeUploads,
} from '../services/proposals.js'
import { clientOf } from '../sessions/plugin.js'
import { ConversionBody, conversionJson, IdParams, ProposalBody, proposalJson } from './schemas.js'

const Title = Type.Object({ title: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false })

/** An anonymous visitor gets a visitor id (and so a saved session) the first time it creates something. */
function ensureOwner(request: FastifyRequest): Exclude<Owner, { kind: 'nobody' }> {
  const owner = ownerOf(request)
  if (owner.kind !== 'nobody') return owner
  request.session.visitorId = randomUUID()
  request.session.client = clientOf(request)
  return { kind: 'visitor', visitorId: request.session.visitorId }
}

const proposalsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db } = fastify.db
  const { maxBytes, maxFiles, memoryBytes } = fastify.config.uploads
  const memory = new UploadMemory(memoryBytes)
  await fastify.register(fastifyMultipart, {
    limits: { fileSize: maxBytes, files: maxFiles, fields: 10, fieldSize: 1024, parts: maxFiles + 10 },
    throwFileSizeLimit: true,
  })

  fastify.post(
    '/',
    { schema: { tags: ['proposals'], body: Title, response: { 201: ProposalBody } } },
    async (request, reply) => {
      const owner = ensureOwner(request)
      await fastify.limits.quotas.proposal(quotaSubject(request, owner))
      return reply.code(201).send(proposalJson(await createProposal(db, owner, request.body.title)))
    },
  )

  fastify.get('/', { schema: { tags: ['proposals'], response: { 200: Type.Object({ proposals: Type.Array(ProposalBody) }) } } }, async (request) => ({
    proposals: (await listProposals(db, ownerOf(request))).map((p) => proposalJson(p, { conversionCount: p.conversionCount })),
  }))

  fastify.get('/:id', { schema: { tags: ['proposals'], params: IdParams, response: { 200: ProposalBody } } }, async (request) => {
    const proposal = await findProposal(db, ownerOf(request), request.params.id)
    if (!proposal) throw notFound('this proposal')
    return proposalJson(proposal, { conversions: await conversionsOf(db, proposal.id) })
  })

  fastify.patch('/:id', { schema: { tags: ['proposals'], params: IdParams, body: Title, response: { 200: ProposalBody } } }, async (request) => {
    const proposal = await renameProposal(db, ownerOf(request), request.params.id, request.body.title)
    if (!proposal) throw notFound('this proposal')
    return proposalJson(proposal)
  })

  fastify.delete('/:id', { schema: { tags: ['proposals'], params: IdParams, response: { 204: Type.Null() } } }, async (request, reply) => {
    if (!(await deleteProposal(db, ownerOf(request), request.params.id))) throw notFound('this proposal')
    return reply.code(204).send(null)
  })

  fastify.post(
    '/:id/conversions',
    {
      schema: {
        description: `Upload documents (multipart/form-data, field \`file\`, up to ${maxFiles} per request, ${maxBytes} bytes each). All are validated before any is stored; 202 when queued.`,
        tags: ['conversions'],
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { 202: Type.Object({ conversions: Type.Array(ConversionBody) }) },
      },
    },
    async (request, reply) => {
      const owner = ownerOf(request)
      const proposal = await findProposal(db, owner, request.params.id)
      if (!proposal) throw notFound('this proposal')
      if (!request.isMultipart()) {
        throw new HttpProblem(415, 'upload documents as multipart/form-data with a `file` field', { type: problemTypes.unsupportedType })
      }
      const { quotas, uploadsInFlight } = fastify.limits
      const subject = quotaSubject(request, owner)
      const usage = await ownerUsage(db, owner)
      let entered = false
      let held = 0
      try {
        // What the owner already holds can refuse an upload before a byte of its body is read.
        quotas.beforeUpload(usage)
        if (!uploadsInFlight.enter(subject.address)) {
          throw tooManyRequests(`this address already has ${fastify.config.uploadsInFlightPerClient} uploads in progress, the most it may`, 5)
        }
        entered = true
        const uploads = await receiveUploads(request, memory, (bytes) => (held += bytes))
        await quotas.upload(subject, usage, uploads.map((u) => ({ size: u.bytes.length })))
        return await queueUploads(request, proposal.id, uploads, usage.activeConversions, reply)
      } catch (error) {
        // Refused before the body was read to its end: answer, then close the connection rather
        // than read (or leave unread on an open socket) the rest of what the client is sending.
        if (!request.raw.complete) reply.header('connection', 'close')
        throw error
      } finally {
        memory.release(held)
        if (entered) uploadsInFlight.leave(subject.address)
      }
    },
  )

  async function queueUploads(request: FastifyRequest, proposalId: string, uploads: ReceivedUpload[], ahead: number, reply: FastifyReply) {
    const stored = await storeUploads(db, proposalId, uploads)
    try {
      await fastify.queue.enqueue(
        stored.map((conversion) => conversion.id),
        { ahead },
      )
    } catch (error) {
      if (!(error instanceof QueueUnavailableError)) throw error
      // All or nothing: a job already queued finds no conversion and ends quietly.
      await deleteConversions(db, stored.map((c) => c.id))
      request.log.warn({ err: error }, 'enqueue failed; upload refused with 503')
      throw new HttpProblem(503, 'the conversion queue is unavailable right now; nothing was stored, upload again in a moment', {
        type: problemTypes.queueUnavailable,
        headers: { 'retry-after': '10' },
        cause: error,
      })
    }
    return reply.code(202).send({ conversions: stored.map(conversionJson) })
  }
}

export default proposalsRoutes
