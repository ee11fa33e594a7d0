import { createBullBoard } from '@bull-board/api'
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter'
import { FastifyAdapter } from '@bull-board/fastify'
import type { FastifyInstance } from 'fastify'

const basePath = '/admin/queues'

/** bull-board at /admin/queues, for admins (or the ops token) only. */
export default async function queueDashboard(fastify: FastifyInstance): Promise<void> {
  fastify.addHook('onRequest', async (request) => {
    await fastify.requireOps(request)
  })
  const serverAdapter = new FastifyAdapter()
  serverAdapter.setBasePath(basePath)
  createBullBoard({ queues: fastify.queueInspector.queues.map((q) => new BullMQAdapter(q as never)), serverAdapter })
  await fastify.register(serverAdapter.registerPlugin(), { prefix: basePath })
}
