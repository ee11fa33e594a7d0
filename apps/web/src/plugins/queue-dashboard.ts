import { createBullBoard } from '@bull-board/api'
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter'
import { FastifyAdapter } from '@bull-board/fastify'
import { createRedisClient, openQueue, queueBackendFromEnv, queueNames } from '@draftsmith/jobs'
import type { FastifyInstance } from 'fastify'

const basePath = '/admin/queues'

/**
 * bull-board at /admin/queues, for admins (or the ops token) only. It gets its own, patient
 * connection: an admin page may wait for Redis, a request that enqueues may not.
 */
export default async function queueDashboard(fastify: FastifyInstance): Promise<void> {
  fastify.addHook('onRequest', async (request) => {
    await fastify.requireOps(request)
  })
  const { redisUrl, databaseUrl, queuePrefix } = fastify.config
  const backend = queueBackendFromEnv({ REDIS_URL: redisUrl, DATABASE_URL: databaseUrl, QUEUE_PREFIX: queuePrefix })
  const redis = backend.kind === 'redis' ? createRedisClient(backend.redisUrl, 'worker', { connectionName: 'draftsmith-dashboard' }) : undefined
  const queues = [queueNames.conversions, queueNames.maintenance].map((name) => {
    const queue = openQueue(backend, name, { redis, clientName: 'draftsmith-dashboard', poolSize: 2 })
    queue.on('error', () => {})
    return queue
  })
  fastify.addHook('onClose', async () => {
    await Promise.all(queues.map((q) => q.close().catch(() => {})))
    redis?.disconnect()
  })
  const serverAdapter = new FastifyAdapter()
  serverAdapter.setBasePath(basePath)
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q as never)), serverAdapter })
  await fastify.register(serverAdapter.registerPlugin(), { prefix: basePath })
}
