import { randomUUID } from 'node:crypto'
import fastifyMultipart from '@fastify/multipart'
import { QueueUnavailableError } from '@draftsmith/jobs'
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { HttpProblem, notFound, problemTypes } from '../problems.js'
import { detectDocument } from '../services/document-type.js'
import { ownerOf, type Owner } from '../services/owner.js'
import { UploadMemory } from '../services/upload-memory.js'
import {
  conversionsOf,
  createProposal,
  deleteConversions,
  deleteProposal,
  findProposal,
  listProposals,
  renameProposal,
  storeUploads,
  type NewUpload,
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
    async (request, reply) => reply.code(201).send(proposalJson(await createProposal(db, ensureOwner(request), request.body.title))),
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
      const proposal = await findProposal(db, ownerOf(request), request.params.id)
      if (!proposal) throw notFound('this proposal')
      if (!request.isMultipart()) {
        throw new HttpProblem(415, 'upload documents as multipart/form-data with a `file` field', { type: problemTypes.unsupportedType })
      }

      const uploads: NewUpload[] = []
      let held = 0
      try {
        for await (const part of request.files()) {
          if (part.fieldname !== 'file') {
            part.file.resume()
            throw new HttpProblem(400, `unexpected file field "${part.fieldname}"; send documents in the \`file\` field`, { type: problemTypes.validation })
          }
          const bytes = await part.toBuffer()
          if (!memory.take(bytes.length)) throw tooMuchInFlight(held + bytes.length > memory.limitBytes)
          held += bytes.length
          const name = part.filename || 'document'
          if (bytes.length === 0) throw new HttpProblem(400, `${name} is empty`, { type: problemTypes.emptyUpload })
          const detected = await detectDocument(bytes, name, part.mimetype)
          if (!detected.ok) throw new HttpProblem(415, detected.reason, { type: problemTypes.unsupportedType })
          uploads.push({ name, mime: detected.mime, bytes })
        }
        if (uploads.length === 0) throw new HttpProblem(400, 'no document in the `file` field', { type: problemTypes.emptyUpload })
        return await queueUploads(request, proposal.id, uploads, reply)
      } finally {
        memory.release(held)
      }
    },
  )

  function tooMuchInFlight(requestAlone: boolean): HttpProblem {
    return requestAlone
      ? new HttpProblem(413, `these documents together pass the ${memoryBytes} bytes one upload may hold; send fewer at once`, { type: problemTypes.uploadTooLarge })
      : new HttpProblem(503, 'the server is taking in other uploads right now; nothing was stored, upload again in a moment', {
          type: problemTypes.serviceUnavailable,
          headers: { 'retry-after': '5' },
        })
  }

  async function queueUploads(request: FastifyRequest, proposalId: string, uploads: NewUpload[], reply: FastifyReply) {
    const stored = await storeUploads(db, proposalId, uploads)
    try {
      await fastify.queue.enqueue(...stored.map((conversion) => conversion.id))
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
