import fastifySwagger from '@fastify/swagger'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/** OpenAPI generated from the route schemas, served as JSON at /docs/json. */
export default fp(
  async function openapi(fastify: FastifyInstance) {
    await fastify.register(fastifySwagger, {
      openapi: {
        info: { title: 'draftsmith', version: fastify.config.version, description: 'Documents to Markdown drafts. Errors are application/problem+json.' },
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'OPS_TOKEN, for /api/ops/*' } } },
      },
    })
    fastify.get('/docs/json', { schema: { hide: true } }, async () => fastify.swagger())
  },
  { name: 'openapi', dependencies: ['config'] },
)
