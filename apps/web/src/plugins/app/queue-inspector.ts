import { errorMessage } from '@draftsmith/db/errors'
import {
  createRedisClient,
  openQueue,
  queueBackendFor,
  queueNames,
  ReopeningQueue,
  type AnyQueue,
  type QueueBackend,
} from '@draftsmith/jobs'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { closeWithin } from '../../close-step.js'

export interface QueueInspector {
  backend: QueueBackend['kind']
  /** Every queue, started; rejects with a 503 error while the backend is unreachable. */
  queues(): Promise<AnyQueue[]>
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Read-side access to every queue, for the dashboard and /api/ops/queues. */
    queueInspector: QueueInspector
  }
}

/**
 * Queues opened with a patient connection (an admin page may wait for Redis; a request that
 * enqueues may not — that is the producer's fail-fast client), on first use and afresh after a
 * failed start, so an outage when the first admin looked does not break the pages until restart.
 */
export default fp(
  async function queueInspector(fastify: FastifyInstance) {
    const backend = queueBackendFor(fastify.config)
    const clientName = 'draftsmith-web-inspector'
    const redis =
      backend.kind === 'redis'
        ? createRedisClient(backend.redisUrl, 'worker', { connectionName: clientName })
        : undefined
    const opened = [queueNames.conversions, queueNames.maintenance].map(
      (name) => new ReopeningQueue(() => openQueue(backend, name, { redis, clientName, poolSize: 2 }), 3000),
    )
    fastify.decorate('queueInspector', {
      backend: backend.kind,
      async queues() {
        try {
          return await Promise.all(opened.map((queue) => queue.get()))
        } catch (error) {
          throw Object.assign(
            new Error(`the ${backend.kind} queue is unreachable: ${errorMessage(error)}`, { cause: error }),
            { statusCode: 503 },
          )
        }
      },
    })
    fastify.addHook('onClose', async () => {
      await closeWithin(fastify, 'queue inspector', () => Promise.all(opened.map((queue) => queue.close())))
      // Whether or not the queues closed in time: one that did not still holds this client.
      redis?.disconnect()
    })
  },
  { name: 'queue-inspector', dependencies: ['config'] },
)
