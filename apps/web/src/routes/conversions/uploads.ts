import fastifyMultipart from '@fastify/multipart'
import { deleteConversions, storeUploads, type UploadContext } from '@draftsmith/db/conversions'
import { findProposal } from '@draftsmith/db/proposals'
import { usageOf } from '@draftsmith/db/usage'
import { QueueUnavailableError } from '@draftsmith/jobs'
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { tooManyRequests } from '../../limits/too-many-requests.js'
import { HttpProblem, notFound, problemTypes } from '../../errors/problems.js'
import { ownerOf, quotaSubject } from '../../auth/owner.js'
import { queuedAhead } from '../../limits/quotas.js'
import { receiveUploads, type ReceivedUpload } from '../../uploads/receive-uploads.js'
import { UploadMemory } from '../../uploads/upload-memory.js'
import { ConversionBody, conversionJson, IdParams } from '../schemas.js'

/**
 * `POST /api/proposals/:id/conversions`: documents in, conversions queued. Every file is read
 * within the upload memory budget, sniffed and counted against the owner's quotas before any is
 * stored; stored ones whose jobs cannot be queued are taken back (all or nothing).
 */
const UploadQuery = Type.Object({
  pageMarkers: Type.Optional(
    Type.Boolean({
      description: 'PDF: put `<!-- page N -->` before each page, so people can cite pages. Default false.',
    }),
  ),
  frontMatter: Type.Optional(
    Type.Boolean({
      description:
        "The document's title, authors, dates and language as YAML front matter on top of the Markdown. Default false: they are in the report either way (ADR 073).",
    }),
  ),
})

const uploadsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db } = fastify
  const { maxBytes, maxFiles, memoryBytes } = fastify.config.uploads
  const memory = new UploadMemory(memoryBytes)
  await fastify.register(fastifyMultipart, {
    limits: { fileSize: maxBytes, files: maxFiles, fields: 10, fieldSize: 1024, parts: maxFiles + 10 },
    throwFileSizeLimit: true,
  })

  fastify.post(
    '/:id/conversions',
    {
      schema: {
        description: `Upload documents (multipart/form-data, field \`file\`, up to ${maxFiles} per request, ${maxBytes} bytes each). All are validated before any is stored; 202 when queued, 507 while the instance stores all it may (STORAGE_TOTAL_BYTES).`,
        tags: ['conversions'],
        params: IdParams,
        querystring: UploadQuery,
        consumes: ['multipart/form-data'],
        response: { 202: Type.Object({ conversions: Type.Array(ConversionBody) }) },
      },
    },
    async (request, reply) => {
      const owner = ownerOf(request)
      const proposal = await findProposal(db, owner, request.params.id)
      if (!proposal) throw notFound('this proposal')
      if (!request.isMultipart()) {
        throw new HttpProblem(415, 'upload documents as multipart/form-data with a `file` field', {
          type: problemTypes.unsupportedType,
        })
      }
      const { quotas, storage, uploadsInFlight } = fastify.limits
      const subject = quotaSubject(request, owner)
      const usage = await usageOf(db, owner, subject.address)
      let entered = false
      let held = 0
      let reserved = 0
      try {
        // What the owner already holds, or a full instance, can refuse an upload before a byte of
        // its body is read.
        quotas.beforeUpload(usage)
        await storage.reserve(0)
        if (!uploadsInFlight.enter(subject.address)) {
          throw tooManyRequests(
            `this address already has ${fastify.config.uploadsInFlightPerClient} uploads in progress, the most it may`,
            5,
          )
        }
        entered = true
        const uploads = await receiveUploads(request, memory, (bytes) => (held += bytes))
        // The instance's room first: a request it refuses spends nothing of the visitor's rates.
        const bytes = uploads.reduce((sum, u) => sum + u.bytes.length, 0)
        await storage.reserve(bytes)
        reserved = bytes
        await quotas.upload(
          subject,
          usage,
          uploads.map((u) => ({ size: u.bytes.length })),
        )
        const accepted = await queueUploads(
          request,
          proposal.id,
          uploads,
          {
            options: {
              pageMarkers: request.query.pageMarkers === true,
              frontMatter: request.query.frontMatter === true,
            },
            uploaderAddress: subject.address,
          },
          queuedAhead(usage),
          reply,
        )
        storage.stored(reserved)
        reserved = 0
        return accepted
      } catch (error) {
        // Refused before the body was read to its end: answer, then close the connection rather
        // than read (or leave unread on an open socket) the rest of what the client is sending.
        if (!request.raw.complete) reply.header('connection', 'close')
        throw error
      } finally {
        memory.release(held)
        storage.release(reserved)
        if (entered) uploadsInFlight.leave(subject.address)
      }
    },
  )

  async function queueUploads(
    request: FastifyRequest,
    proposalId: string,
    uploads: ReceivedUpload[],
    context: UploadContext,
    ahead: number,
    reply: FastifyReply,
  ) {
    const stored = await storeUploads(db, proposalId, uploads, context)
    try {
      await fastify.queue.enqueue(
        stored.map((conversion) => conversion.id),
        { ahead },
      )
    } catch (error) {
      if (!(error instanceof QueueUnavailableError)) throw error
      // All or nothing: a job already queued finds no conversion and ends quietly.
      await deleteConversions(
        db,
        stored.map((c) => c.id),
      )
      request.log.warn({ err: error }, 'enqueue failed; upload refused with 503')
      throw new HttpProblem(
        503,
        'the conversion queue is unavailable right now; nothing was stored, upload again in a moment',
        {
          type: problemTypes.queueUnavailable,
          headers: { 'retry-after': '10' },
          cause: error,
        },
      )
    }
    return reply.code(202).send({ conversions: stored.map(conversionJson) })
  }
}

export default uploadsRoutes
