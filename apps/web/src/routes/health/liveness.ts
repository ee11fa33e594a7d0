import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

/** Liveness, for the platform's health check: no I/O, so a Redis or database outage never restarts the web. */
const liveness: FastifyPluginAsyncTypebox = async (fastify) => {
  const started = Date.now()

  fastify.get(
    '/health',
    {
      schema: {
        description: 'Liveness: no I/O.',
        tags: ['ops'],
        response: {
          200: Type.Object({
            status: Type.Literal('ok'),
            version: Type.String(),
            commit: Type.Union([Type.String(), Type.Null()]),
            uptimeSeconds: Type.Integer(),
          }),
        },
      },
    },
    async () => ({
      status: 'ok' as const,
      version: fastify.config.version,
      commit: fastify.config.commit ?? null,
      uptimeSeconds: Math.floor((Date.now() - started) / 1000),
    }),
  )
}

export default liveness
