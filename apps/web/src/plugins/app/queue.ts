import { ConversionProducer, queueBackendFor } from '@draftsmith/jobs'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { onCloseWithin } from '../../close-step.js'

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
    onCloseWithin(fastify, 'queue producer', () => producer.close())
  },
  { name: 'queue', dependencies: ['config'] },
)
