import { ConversionProducer, queueBackendFor } from '@draftsmith/jobs'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyInstance {
    queue: ConversionProducer
  }
}

/** The conversions producer: BullMQ on Redis, or on Postgres without REDIS_URL. Fails fast (503). */
export default fp(
  async function queue(fastify: FastifyInstance) {
    const producer = new ConversionProducer(queueBackendFor(fastify.config))
    fastify.decorate('queue', producer)
    fastify.addHook('onClose', () => producer.close())
  },
  { name: 'queue', dependencies: ['config'] },
)
