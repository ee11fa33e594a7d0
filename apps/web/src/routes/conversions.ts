import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DOCUMENT_CSP } from '../plugins/security-headers.js'
import { HttpProblem, notFound, problemTypes } from '../problems.js'
import { ownerOf } from '../services/owner.js'
import { conversionMarkdown, findConversion } from '../services/proposals.js'
import { ConversionBody, conversionJson, IdParams } from './schemas.js'

function markdownFileName(sourceName: string): string {
  const base = sourceName.replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '_') || 'document'
  return `${base}.md`
}

const conversionsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { db } = fastify.db

  fastify.get('/:id', { schema: { tags: ['conversions'], params: IdParams, response: { 200: ConversionBody } } }, async (request) => {
    const conversion = await findConversion(db, ownerOf(request), request.params.id)
    if (!conversion) throw notFound('this conversion')
    return conversionJson(conversion)
  })

  fastify.get(
    '/:id/markdown',
    {
      schema: {
        description: 'The Markdown (text/markdown). `?download=true` serves it as an attachment. 409 until the conversion has succeeded.',
        tags: ['conversions'],
        params: IdParams,
        querystring: Type.Object({ download: Type.Optional(Type.Boolean()) }),
      },
    },
    async (request, reply) => {
      const conversion = await conversionMarkdown(db, ownerOf(request), request.params.id)
      if (!conversion) throw notFound('this conversion')
      if (conversion.status !== 'succeeded' || conversion.markdown === null) {
        throw new HttpProblem(409, `the conversion is ${conversion.status}; the Markdown exists once it has succeeded`, { type: problemTypes.notReady })
      }
      if (request.query.download) reply.header('content-disposition', `attachment; filename="${markdownFileName(conversion.sourceName)}"`)
      // Opened in a browser tab, a document's text is inert: no script, no fetches, its own origin.
      return reply.type('text/markdown; charset=utf-8').header('content-security-policy', DOCUMENT_CSP).send(conversion.markdown)
    },
  )
}

export default conversionsRoutes
