import { createBullBoard } from '@bull-board/api'
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter'
import { FastifyAdapter } from '@bull-board/fastify'
import type { FastifyInstance } from 'fastify'

const basePath = '/admin/queues'

/** bull-board at /admin/queues, for admins (or the ops token) only. */
export default async function queueDashboard(fastify: FastifyInstance): Promise<void> {
  fastify.addHook('onRequest', async (request) => {
    // onRequest runs before route schemas; the session is already loaded by then.
    await fastify.requireOps(request)
  })
  const serverAdapter = new FastifyAdapter()
  serverAdapter.setBasePath(basePath)
  createBullBoard({ queues: [new BullMQAdapter(fastify.queue.queue as never, { readOnlyMode: false })], serverAdapter })
  await fastify.register(serverAdapter.registerPlugin(), { prefix: basePath })
}
