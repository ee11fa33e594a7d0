import {
  assetsOf,
  checkRetry,
  conversionMarkdown,
  markdownBytesOf,
  failConversion,
  findAsset,
  findConversion,
  retryConversion,
  type RetryRefusal,
} from '@draftsmith/db/conversions'
import { isDisplayableImage } from '@draftsmith/convert/formats'
import { usageOf } from '@draftsmith/db/usage'
import { QueueUnavailableError } from '@draftsmith/jobs'
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Readable } from 'node:stream'
import { DOCUMENT_CSP } from '../../plugins/external/security-headers.js'
import { HttpProblem, notFound, problemTypes } from '../../errors/problems.js'
import { ownerOf, quotaSubject } from '../../auth/owner.js'
import { assetChunks, INLINE_ASSET_BYTES, STREAM_FOOTPRINT_BYTES } from '../../downloads/asset-chunks.js'
import { INLINE_MARKDOWN_BYTES, markdownFootprint } from '../../downloads/markdown-footprint.js'
import { attachment, downloadBase } from '../../downloads/download-name.js'
import { zipStream } from '../../downloads/zip-stream.js'
import { clientKey } from '../../limits/client-address.js'
import { queuedAhead } from '../../limits/quotas.js'
import { ConversionBody, conversionJson, IdParams } from '../schemas.js'

const AssetParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  // The names the worker gives (`image-12.png`): nothing else can name a stored asset.
  name: Type.String({ pattern: '^image-[0-9]{1,6}\\.[a-z0-9]{1,5}$' }),
})

function retryRefused(refusal: RetryRefusal): HttpProblem {
  switch (refusal.kind) {
    case 'missing':
      return notFound('this conversion')
    case 'not-failed':
      return new HttpProblem(409, `the conversion is ${refusal.status}; only a failed conversion can be retried`, {
        type: problemTypes.notReady,
      })
    case 'source-removed':
      return new HttpProblem(
        410,
        'the uploaded file was removed by the retention policy; upload it again to convert it',
      )
  }
}

const conversionsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db } = fastify

  /** A succeeded conversion's Markdown, with its text when it is small enough to send in one piece. */
  async function succeeded(request: FastifyRequest, id: string) {
    const conversion = await conversionMarkdown(db, ownerOf(request), id, { bytesUpTo: INLINE_MARKDOWN_BYTES })
    if (!conversion) throw notFound('this conversion')
    if (conversion.status !== 'succeeded' || conversion.markdownBytes === null) {
      throw new HttpProblem(409, `the conversion is ${conversion.status}; the Markdown exists once it has succeeded`, {
        type: problemTypes.notReady,
      })
    }
    return { ...conversion, markdownBytes: conversion.markdownBytes }
  }

  /**
   * The Markdown's bytes, `extra` more reserved beside them when it is large: the heavy-download
   * budget is taken before the text is read, so a burst of requests for a long document is
   * refused (429) instead of each reading it into memory first.
   */
  async function markdownFor(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    conversion: { markdown: string | null; markdownBytes: number },
    extra: number,
  ): Promise<Buffer> {
    if (conversion.markdown !== null && extra === 0) return Buffer.from(conversion.markdown)
    fastify.limits.downloads.hold(reply, clientKey(request), extra + markdownFootprint(conversion.markdownBytes))
    if (conversion.markdown !== null) return Buffer.from(conversion.markdown)
    const bytes = await markdownBytesOf(db, id)
    // Deleted between the two reads (its proposal removed): gone, as it would be a moment later.
    if (bytes === undefined) throw notFound('this conversion')
    return bytes
  }

  fastify.get(
    '/:id',
    {
      schema: {
        description:
          'Status and progress; once succeeded, the report (what was found, what could not be kept) and the assets.',
        tags: ['conversions'],
        params: IdParams,
        response: { 200: ConversionBody },
      },
    },
    async (request) => {
      const conversion = await findConversion(db, ownerOf(request), request.params.id)
      if (!conversion) throw notFound('this conversion')
      return conversionJson(conversion)
    },
  )

  fastify.get(
    '/:id/markdown',
    {
      schema: {
        description:
          'The Markdown (text/markdown). Pictures are referenced as `assets/<name>`, relative to /api/conversions/:id/. `?download=true` serves it as an attachment. 409 until the conversion has succeeded; a Markdown over 256 KiB is sent within the heavy-download budget (429 with Retry-After past it).',
        tags: ['conversions'],
        params: IdParams,
        querystring: Type.Object({ download: Type.Optional(Type.Boolean()) }),
      },
    },
    async (request, reply) => {
      const conversion = await succeeded(request, request.params.id)
      const markdown = await markdownFor(request, reply, request.params.id, conversion, 0)
      if (request.query.download)
        reply.header('content-disposition', attachment(`${downloadBase(conversion.sourceName)}.md`))
      // Opened in a browser tab, a document's text is inert: no script, no fetches, its own origin.
      return reply.type('text/markdown; charset=utf-8').header('content-security-policy', DOCUMENT_CSP).send(markdown)
    },
  )

  fastify.get(
    '/:id/assets/:name',
    {
      schema: {
        description:
          'A picture extracted from the document, with its own content type. Same ownership rule as the Markdown. `ETag` and `If-None-Match` (304); a large picture streams within the heavy-download budget (429 with Retry-After past it).',
        tags: ['conversions'],
        params: AssetParams,
      },
    },
    async (request, reply) => {
      const { id, name } = request.params
      const asset = await findAsset(db, ownerOf(request), id, name, { bytesUpTo: INLINE_ASSET_BYTES })
      if (!asset) throw notFound('this asset')
      const etag = `"${asset.sha256}"`
      if (!isDisplayableImage(asset.contentType)) reply.header('content-disposition', attachment(name))
      // An SVG opened on its own is a document: the same inert policy as the Markdown.
      reply
        .type(asset.contentType)
        .header('content-security-policy', DOCUMENT_CSP)
        .header('cache-control', 'private, max-age=31536000, immutable')
        .header('etag', etag)
      if (request.headers['if-none-match'] === etag) return reply.code(304).send()
      if (asset.bytes !== null) return reply.send(asset.bytes)
      // A large picture streams a slice at a time, within the heavy-download budget.
      fastify.limits.downloads.hold(reply, clientKey(request), STREAM_FOOTPRINT_BYTES)
      return reply
        .header('content-length', asset.size)
        .send(Readable.from(assetChunks(db, id, name, asset.size), { objectMode: false }))
    },
  )

  fastify.get(
    '/:id/bundle',
    {
      schema: {
        description:
          'A zip of the Markdown and its assets (`<name>.md` beside `assets/`), whose relative links work offline. Streamed; 429 with Retry-After while the server is sending as many large downloads as it may.',
        tags: ['conversions'],
        params: IdParams,
      },
    },
    async (request, reply) => {
      const { id } = request.params
      const conversion = await succeeded(request, id)
      // The Markdown is held whole while it is deflated; pictures a slice at a time.
      const markdown = await markdownFor(request, reply, id, conversion, STREAM_FOOTPRINT_BYTES)
      const base = downloadBase(conversion.sourceName)
      const assets = await assetsOf(db, id)
      const entries = [
        {
          name: `${base}.md`,
          deflate: true,
          chunks: async function* () {
            yield markdown
          },
        },
        ...assets.map((asset) => ({
          name: `assets/${asset.name}`,
          deflate: false,
          chunks: () => assetChunks(db, id, asset.name, asset.size),
        })),
      ]
      return reply
        .type('application/zip')
        .header('content-disposition', attachment(`${base}.zip`))
        .send(zipStream(entries, conversion.finishedAt ?? new Date()))
    },
  )

  fastify.post(
    '/:id/retry',
    {
      schema: {
        description:
          'Queues a failed conversion again (202). 409 unless it failed; 410 once its upload has been removed by retention; 429 past the queue or upload-rate quotas (a retry counts as a document uploaded); 507 while the instance is full.',
        tags: ['conversions'],
        params: IdParams,
        response: { 202: ConversionBody },
      },
    },
    async (request, reply) => {
      const owner = ownerOf(request)
      const subject = quotaSubject(request, owner)
      const check = await checkRetry(db, owner, request.params.id)
      if (check.kind !== 'retryable') throw retryRefused(check)
      const usage = await usageOf(db, owner, subject.address)
      // A retry stores no new upload, but writes Markdown and pictures: not into a full instance.
      await fastify.limits.storage.reserve(0)
      await fastify.limits.quotas.retry(subject, usage)
      const result = await retryConversion(db, owner, request.params.id)
      if (result.kind !== 'queued') throw retryRefused(result)
      try {
        await fastify.queue.retry(request.params.id, { ahead: queuedAhead(usage) })
      } catch (error) {
        if (!(error instanceof QueueUnavailableError)) throw error
        await failConversion(db, request.params.id, result.previousError ?? 'the conversion failed')
        request.log.warn({ err: error }, 'retry could not be queued; answered 503')
        throw new HttpProblem(503, 'the conversion queue is unavailable right now; retry in a moment', {
          type: problemTypes.queueUnavailable,
          headers: { 'retry-after': '10' },
          cause: error,
        })
      }
      return reply.code(202).send(conversionJson(result.conversion))
    },
  )
}

export default conversionsRoutes
