import { createRedisClient, openQueue, queueBackendFor, queueNames, type AnyQueue, type QueueBackend } from '@draftsmith/jobs'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

export interface QueueInspector {
  backend: QueueBackend['kind']
  queues: AnyQueue[]
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Read-side access to every queue, for the dashboard and /api/ops/queues. */
    queueInspector: QueueInspector
  }
}

/**
 * Queues opened with a patient connection (an admin page may wait for Redis; a request that
 * enqueues may not — that is the producer's fail-fast client). Callers bound their calls.
 */
export default fp(
  async function queueInspector(fastify: FastifyInstance) {
    const backend = queueBackendFor(fastify.config)
    const redis = backend.kind === 'redis' ? createRedisClient(backend.redisUrl, 'worker', { connectionName: 'draftsmith-web-inspector' }) : undefined
    const queues = [queueNames.conversions, queueNames.maintenance].map((name) => {
      const queue = openQueue(backend, name, { redis, clientName: 'draftsmith-web-inspector', poolSize: 2 })
      queue.on('error', () => {})
      return queue
    })
    fastify.decorate('queueInspector', { backend: backend.kind, queues })
    fastify.addHook('onClose', async () => {
      await Promise.all(queues.map((q) => q.close().catch(() => {})))
      redis?.disconnect()
    })
  },
  { name: 'queue-inspector', dependencies: ['config'] },
)
